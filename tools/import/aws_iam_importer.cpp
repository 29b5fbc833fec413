// `ward import aws-iam`: the output of `aws iam get-account-authorization-details`
// (GAAD): UserDetailList, GroupDetailList, RoleDetailList and Policies.
//
// Users and roles become identities, groups become roles of kind group, and
// every policy (managed: its default version; inline: `<principal>/inline/<name>`)
// becomes a role of kind role that its principals are member_of and that
// grants one entitlement per action of its Allow statements. The mapping is
// described in docs/importers.md ("aws-iam").
//
// Codes: M0702..M0710 see json_source.hpp; M0711 a policy document held as a
// string is not JSON; M0101 an unreadable file, M0102 not exactly one input
// file (shared by all importers).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "import/importer.hpp"
#include "import/json_source.hpp"

namespace ward::import {

namespace {

using Kind = JsonNode::Kind;

constexpr std::string_view kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

// Actions that let their holder raise their own privileges (Rhino Security
// Labs' IAM privilege-escalation methods, BishopFox iam-vulnerable), lower
// case. A granted action or wildcard that matches one is privileged.
// clang-format off
constexpr const char* kEscalation[] = {
    "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:passrole", "iam:attachuserpolicy",
    "iam:attachgrouppolicy", "iam:attachrolepolicy", "iam:putuserpolicy", "iam:putgrouppolicy", "iam:putrolepolicy",
    "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile", "iam:updateassumerolepolicy",
    "iam:addusertogroup", "iam:putuserpermissionsboundary", "iam:putrolepermissionsboundary",
    "iam:deleteuserpermissionsboundary", "iam:deleterolepermissionsboundary", "lambda:updatefunctioncode",
    "glue:updatedevendpoint", "ssm:sendcommand", "ssm:startsession", "ec2-instance-connect:sendsshpublickey",
    "sagemaker:createpresignednotebookinstanceurl"};
// clang-format on

// IAM wildcards: `*` any run of characters, `?` one character; case-insensitive.
bool glob(std::string_view pat, std::string_view s) {
  std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (i < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || eq(pat[p], s[i])))
      ++p, ++i;
    else if (p < pat.size() && pat[p] == '*')
      star = p++, mark = i;
    else if (star != std::string_view::npos)
      p = star + 1, i = ++mark;
    else
      return false;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool privileged(std::string_view ent, bool on_any_resource) {
  const std::string l = lower_ascii(ent);
  if (l == "*:*" || l.substr(l.find(':') + 1) == "*") return true;  // everything, or a whole service
  for (const char* action : kEscalation)
    if (glob(l, action)) return true;
  return on_any_resource && glob(l, "sts:assumerole");
}

std::string url_decode(std::string_view s) {
  auto hex = [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) ? std::stoi(std::string(1, c), nullptr, 16) : -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Grant {
  std::string ent;
  std::vector<std::string> resources;  // patterns; NotResource ones prefixed with `!`
  bool conditional = true;             // every statement granting it has a Condition
};

struct Policy {
  std::string id, name, type, description;
  SourcePos where;
  bool known = true;  // false: attached but not in the input
  std::vector<Grant> grants;
};

struct Attachment {
  std::string principal, policy;
  SourcePos where;
};

class IamReader {
 public:
  IamReader(JsonReader& r, ImportedInventory& out) : r_(r), out_(out) {}
  void read(const JsonNode& doc);
  void emit();

 private:
  // `doc` itself, or the document a URL-encoded string holds (kept in
  // `storage`); nullptr when it is neither (an error).
  const JsonNode* decode(const JsonNode& doc, JsonNode& storage, const char* what);
  // The Arn of a principal or policy object, or "" (reported as skipped).
  std::string arn(const JsonNode& obj, const char* what, const char* name_key);
  std::string tags(const JsonNode& obj);
  void read_policy_document(const JsonNode& doc, Policy& p);
  void read_statement(const JsonNode& st, Policy& p);
  std::string entitlement(const JsonNode& action, const Policy& p);
  void read_principal(const JsonNode& obj, const char* what, const std::string& arn, const char* inline_key);
  void read_trust(const JsonNode& doc, const std::string& role);
  // Reports the members of `obj` not in `known`: secrets, permissions
  // boundaries, and (counted over all objects) anything else.
  void extras(const JsonNode& obj, const char* what, const std::string& arn, std::vector<std::string_view> known);
  std::string date(const JsonNode& obj, std::string_view key, const std::string& arn);

  JsonReader& r_;
  ImportedInventory& out_;
  std::vector<Policy> policies_;
  std::map<std::string, std::size_t, std::less<>> policy_index_;
  std::vector<Attachment> attachments_;
  std::vector<std::pair<std::string, const JsonNode*>> user_groups_;  // user arn, group name
  std::map<std::string, std::string, std::less<>> group_by_name_;
  struct Node {
    const char* table;
    std::vector<Cell> cells;
    SourcePos where;
  };
  std::vector<Node> nodes_;                                   // users, groups, roles in input order
  std::map<std::string, std::string, std::less<>> spelling_;  // lower-case action -> kept entitlement id
  std::vector<std::string> ent_order_;
  std::map<std::string, bool, std::less<>> ent_any_resource_;
  std::size_t collisions_ = 0;
  std::string collision_example_;
  UnmappedAttributes unmapped_;
  bool any_user_ = false, any_role_ = false;
};

std::string IamReader::date(const JsonNode& obj, std::string_view key, const std::string& arn) {
  const JsonNode* v = r_.member(obj, key, Kind::string);
  if (!v) return {};
  if (auto d = normalize_date(v->text)) return *d;
  out_.skip(r_.pos(*v), fmt::format("`{}` of `{}`", key, arn), "not a date");
  return {};
}

void IamReader::extras(const JsonNode& obj, const char* what, const std::string& arn,
                       std::vector<std::string_view> known) {
  for (const JsonNode& m : obj.children) {
    if (m.is(Kind::null) || std::find(known.begin(), known.end(), m.key) != known.end()) continue;
    if (is_secret_key(m.key)) {
      out_.skip(r_.pos(m), fmt::format("attribute `{}` of {} `{}`", m.key, what, arn),
                "secrets and credentials are never copied");
    } else if (m.key == "PermissionsBoundary") {
      out_.skip(r_.pos(m), fmt::format("permissions boundary of {} `{}`", what, arn),
                "boundaries are not evaluated: effective access may be smaller than the inventory shows");
    } else {
      unmapped_.add(fmt::format("attribute `{}` of {}s", m.key, what), r_.pos(m));
    }
  }
}

void IamReader::read(const JsonNode& doc) {
  if (!r_.as(doc, Kind::object)) return;
  for (const JsonNode& m : doc.children)
    if (m.key != "UserDetailList" && m.key != "GroupDetailList" && m.key != "RoleDetailList" && m.key != "Policies")
      out_.skip(r_.pos(m), fmt::format("top-level `{}`", m.key), "not part of the authorization details");
  for (const JsonNode* p : r_.objects(doc, "Policies")) {
    Policy pol;
    pol.id = arn(*p, "policy", "PolicyName");
    pol.name = r_.string(*p, "PolicyName").value_or("");
    pol.description = r_.string(*p, "Description").value_or("");
    pol.where = r_.pos(*p);
    pol.type = pol.id.find(":aws:policy/") != std::string::npos ? "aws_managed" : "customer_managed";
    if (pol.id.empty()) continue;
    std::vector<std::string> other;
    bool found = false;
    for (const JsonNode* v : r_.objects(*p, "PolicyVersionList")) {
      if (r_.boolean(*v, "IsDefaultVersion").value_or(false) && !found) {
        found = true;
        if (const JsonNode* d = v->get("Document")) read_policy_document(*d, pol);
      } else {
        other.push_back(r_.string(*v, "VersionId").value_or("?"));
      }
    }
    if (!found)
      out_.skip(pol.where, fmt::format("policy `{}`", pol.id),
                "no default version in `PolicyVersionList`: it grants nothing here");
    if (!other.empty())
      out_.skip(pol.where,
                fmt::format("version{} `{}` of policy `{}`", other.size() == 1 ? "" : "s", join(other, "`, `"), pol.id),
                "only the default version of a managed policy is in force");
    extras(*p, "policy", pol.id,
           {"PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "AttachmentCount",
            "PermissionsBoundaryUsageCount", "IsAttachable", "CreateDate", "UpdateDate", "PolicyVersionList",
            "Description"});
    if (!policy_index_.emplace(pol.id, policies_.size()).second) {
      out_.skip(pol.where, fmt::format("policy `{}`", pol.id), "listed twice; the first is kept");
      continue;
    }
    policies_.push_back(std::move(pol));
  }
  for (const JsonNode* u : r_.objects(doc, "UserDetailList")) {
    const std::string id = arn(*u, "user", "UserName");
    if (id.empty()) continue;
    any_user_ = true;
    nodes_.push_back({"identities",
                      {{"id", id},
                       {"type", "employee"},
                       {"name", r_.string(*u, "UserName").value_or("")},
                       {"created", date(*u, "CreateDate", id)},
                       {"aws_principal", "user"},
                       {"tags", tags(*u)}},
                      r_.pos(*u)});
    for (const JsonNode* g : r_.strings(*u, "GroupList")) user_groups_.emplace_back(id, g);
    read_principal(*u, "user", id, "UserPolicyList");
    extras(*u, "user", id,
           {"Path", "UserName", "UserId", "Arn", "CreateDate", "GroupList", "AttachedManagedPolicies", "Tags",
            "UserPolicyList"});
  }
  for (const JsonNode* g : r_.objects(doc, "GroupDetailList")) {
    const std::string id = arn(*g, "group", "GroupName"), name = r_.string(*g, "GroupName").value_or("");
    if (id.empty()) continue;
    group_by_name_.emplace(name, id);
    nodes_.push_back({"roles", {{"id", id}, {"kind", "group"}, {"name", name}}, r_.pos(*g)});
    read_principal(*g, "group", id, "GroupPolicyList");
    extras(*g, "group", id,
           {"Path", "GroupName", "GroupId", "Arn", "CreateDate", "GroupPolicyList", "AttachedManagedPolicies"});
  }
  for (const JsonNode* ro : r_.objects(doc, "RoleDetailList")) {
    const std::string id = arn(*ro, "role", "RoleName");
    if (id.empty()) continue;
    any_role_ = true;
    const JsonNode* used = r_.member(*ro, "RoleLastUsed", Kind::object);
    nodes_.push_back({"identities",
                      {{"id", id},
                       {"type", "workload"},
                       {"name", r_.string(*ro, "RoleName").value_or("")},
                       {"created", date(*ro, "CreateDate", id)},
                       {"last_active", used ? date(*used, "LastUsedDate", id) : ""},
                       {"purpose", r_.string(*ro, "Description").value_or("")},
                       {"aws_principal", "role"},
                       {"tags", tags(*ro)}},
                      r_.pos(*ro)});
    read_principal(*ro, "role", id, "RolePolicyList");
    if (const JsonNode* trust = ro->get("AssumeRolePolicyDocument")) read_trust(*trust, id);
    extras(*ro, "role", id,
           {"Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "InstanceProfileList",
            "RolePolicyList", "AttachedManagedPolicies", "Tags", "RoleLastUsed", "Description", "MaxSessionDuration"});
  }
}

std::string IamReader::arn(const JsonNode& obj, const char* what, const char* name_key) {
  std::string id = r_.string(obj, "Arn").value_or("");
  if (id.empty())
    out_.skip(r_.pos(obj), fmt::format("{} `{}`", what, r_.string(obj, name_key).value_or("")), "it has no `Arn`");
  return id;
}

std::string IamReader::tags(const JsonNode& obj) {
  std::vector<std::string> out;
  for (const JsonNode* t : r_.objects(obj, "Tags"))
    out.push_back(r_.string(*t, "Key").value_or("") + "=" + r_.string(*t, "Value").value_or(""));
  return join(out, ";");
}

void IamReader::read_principal(const JsonNode& obj, const char* what, const std::string& arn, const char* inline_key) {
  for (const JsonNode* a : r_.objects(obj, "AttachedManagedPolicies")) {
    const std::string policy = r_.string(*a, "PolicyArn").value_or("");
    if (policy.empty())
      out_.skip(r_.pos(*a), fmt::format("managed policy attachment of {} `{}`", what, arn), "it has no `PolicyArn`");
    else
      attachments_.push_back({arn, policy, r_.pos(*a)});
  }
  for (const JsonNode* ip : r_.objects(obj, inline_key)) {
    Policy pol;
    pol.name = r_.string(*ip, "PolicyName").value_or("");
    pol.id = arn + "/inline/" + pol.name;
    pol.type = "inline";
    pol.where = r_.pos(*ip);
    if (const JsonNode* d = ip->get("PolicyDocument")) read_policy_document(*d, pol);
    if (!policy_index_.emplace(pol.id, policies_.size()).second) {
      out_.skip(pol.where, fmt::format("inline policy `{}`", pol.id), "listed twice; the first is kept");
      continue;
    }
    attachments_.push_back({arn, pol.id, pol.where});
    policies_.push_back(std::move(pol));
  }
}

// A document is an object or, as the raw IAM API returns it, URL-encoded
// JSON text. Values decoded from a string carry that string's position.
const JsonNode* IamReader::decode(const JsonNode& doc, JsonNode& storage, const char* what) {
  if (!doc.is(Kind::string)) return r_.as(doc, Kind::object, "an object or a URL-encoded JSON string");
  const std::size_t first = doc.text.find_first_not_of(" \t\r\n");
  const std::string text = first != std::string::npos && doc.text[first] == '{' ? doc.text : url_decode(doc.text);
  if (auto problem = parse_json_text(text, storage, doc.pointer)) {
    r_.error(doc, "M0711",
             fmt::format("{} `{}` is not JSON (after URL-decoding): {} at {}:{} of the decoded text", what, doc.pointer,
                         problem->message, problem->line, problem->col));
    return nullptr;
  }
  set_positions(storage, doc.line, doc.col);
  return r_.as(storage, Kind::object, "an object or a URL-encoded JSON string");
}

void IamReader::read_policy_document(const JsonNode& doc, Policy& p) {
  JsonNode storage;
  const JsonNode* d = decode(doc, storage, "policy document");
  const JsonNode* st = d ? d->get("Statement") : nullptr;
  if (!st || st->is(Kind::null)) return;
  if (st->is(Kind::object))
    read_statement(*st, p);
  else if (r_.as(*st, Kind::array, "an object or an array of objects"))
    for (const JsonNode& s : st->children)
      if (r_.as(s, Kind::object)) read_statement(s, p);
}

std::string IamReader::entitlement(const JsonNode& action, const Policy& p) {
  const std::string& a = action.text;
  if (a == "*") return "*:*";
  const auto colon = a.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == a.size()) {
    out_.skip(r_.pos(action), fmt::format("action `{}` in policy `{}`", a, p.id), "not of the form `service:action`");
    return {};
  }
  const std::string id = lower_ascii(a.substr(0, colon)) + a.substr(colon);
  auto [it, fresh] = spelling_.emplace(lower_ascii(id), id);
  if (!fresh && it->second != id) {
    if (collisions_++ == 0) collision_example_ = fmt::format("`{}` -> `{}`", a, it->second);
  }
  return it->second;
}

void IamReader::read_statement(const JsonNode& st, Policy& p) {
  const std::string effect = r_.string(st, "Effect").value_or("");
  std::vector<std::string> actions, not_actions, resources;
  for (const JsonNode* a : r_.strings(st, "Action")) actions.push_back(a->text);
  for (const JsonNode* a : r_.strings(st, "NotAction")) not_actions.push_back(a->text);
  for (const JsonNode* a : r_.strings(st, "Resource")) resources.push_back(a->text);
  for (const JsonNode* a : r_.strings(st, "NotResource")) resources.push_back("!" + a->text);
  const JsonNode* condition = st.get("Condition");
  const bool conditional = condition && !condition->is(Kind::null);
  if (effect == "Deny") {
    out_.skip(r_.pos(st),
              fmt::format("Deny statement in policy `{}` ({}`{}`)", p.id, actions.empty() ? "NotAction " : "",
                          join(actions.empty() ? not_actions : actions, "`, `")),
              "deny statements are not mapped (the inventory has no negative grants): effective access may be smaller");
    return;
  }
  if (effect != "Allow") {
    out_.skip(r_.pos(st), fmt::format("statement in policy `{}` with Effect `{}`", p.id, effect),
              "Effect is neither Allow nor Deny");
    return;
  }
  if (!not_actions.empty()) {
    out_.skip(r_.pos(st),
              fmt::format("Allow NotAction statement in policy `{}` (every action except `{}`)", p.id,
                          join(not_actions, "`, `")),
              "NotAction allows every action not listed, which cannot be enumerated");
  }
  if (actions.empty() && not_actions.empty())
    out_.skip(r_.pos(st), fmt::format("statement in policy `{}`", p.id), "it has no `Action`");
  for (const JsonNode* a : r_.strings(st, "Action")) {
    const std::string ent = entitlement(*a, p);
    if (ent.empty()) continue;
    auto g = std::find_if(p.grants.begin(), p.grants.end(), [&](const Grant& x) { return x.ent == ent; });
    if (g == p.grants.end()) g = p.grants.insert(p.grants.end(), Grant{ent, {}, true});
    for (const auto& res : resources)
      if (std::find(g->resources.begin(), g->resources.end(), res) == g->resources.end()) g->resources.push_back(res);
    g->conditional = g->conditional && conditional;
    auto [it, fresh] = ent_any_resource_.emplace(ent, false);
    if (fresh) ent_order_.push_back(ent);
    it->second = it->second || std::find(resources.begin(), resources.end(), "*") != resources.end();
  }
}

void IamReader::read_trust(const JsonNode& doc, const std::string& role) {
  JsonNode storage;
  const JsonNode* d = decode(doc, storage, "trust policy");
  if (!d) return;
  std::vector<const JsonNode*> statements;
  if (const JsonNode* st = d->get("Statement")) {
    if (st->is(Kind::object))
      statements.push_back(st);
    else if (r_.as(*st, Kind::array, "an object or an array of objects"))
      for (const JsonNode& s : st->children)
        if (r_.as(s, Kind::object)) statements.push_back(&s);
  }
  for (const JsonNode* st : statements) {
    std::vector<std::string> actions;
    for (const JsonNode* a : r_.strings(*st, "Action")) actions.push_back(a->text);
    if (r_.string(*st, "Effect").value_or("") != "Allow") {
      out_.skip(r_.pos(*st), fmt::format("trust statement of role `{}` that is not Allow", role),
                "only Allow trust statements are recorded");
      continue;
    }
    const JsonNode* c = st->get("Condition");
    auto row = [&](const std::string& principal, const std::string& type) {
      out_.add_row("iam_trust", {{"role", role},
                                 {"principal", principal},
                                 {"principal_type", type},
                                 {"actions", join(actions, ";")},
                                 {"conditional", c && !c->is(Kind::null) ? "true" : ""}});
    };
    const JsonNode* pr = st->get("Principal");
    if (!pr || pr->is(Kind::null)) {
      out_.skip(r_.pos(*st), fmt::format("trust statement of role `{}` without `Principal`", role), "nobody to record");
    } else if (pr->is(Kind::string)) {
      row(pr->text, "*");
    } else if (r_.as(*pr, Kind::object, "`*` or an object")) {
      for (const JsonNode& kind : pr->children)
        for (const JsonNode* v : r_.strings(*pr, kind.key)) row(v->text, kind.key);
    }
  }
}

void IamReader::emit() {
  for (Node& n : nodes_) {
    const std::string id = n.cells[0].second;
    if (!out_.add_node(n.table, std::move(n.cells)))
      out_.skip(n.where, fmt::format("`{}`", id), "id already used by another node");
  }
  // Attached but absent managed policies: a role without grants, reported;
  // AWS's AdministratorAccess is immutable and known to be Allow * on *.
  for (const Attachment& a : attachments_) {
    if (policy_index_.count(a.policy)) continue;
    Policy pol;
    pol.id = a.policy;
    pol.name = a.policy.substr(a.policy.rfind('/') + 1);
    pol.type = a.policy.find(":aws:policy/") != std::string::npos ? "aws_managed" : "customer_managed";
    pol.where = a.where;
    if (a.policy == kAdministratorAccess) {
      pol.grants.push_back(Grant{"*:*", {"*"}, false});
      if (ent_any_resource_.emplace("*:*", true).second) ent_order_.push_back("*:*");
      out_.note(
          fmt::format("`{}` is attached but not in the input: as AWS's immutable AdministratorAccess it is mapped to "
                      "`*:*` on `*` (privileged)",
                      a.policy));
    } else {
      pol.known = false;
      out_.skip(a.where, fmt::format("managed policy `{}` (attached to `{}`)", a.policy, a.principal),
                "policy document not in input; its permissions are unknown");
    }
    policy_index_.emplace(pol.id, policies_.size());
    policies_.push_back(std::move(pol));
  }
  for (const Policy& p : policies_)
    if (!out_.add_node("roles", {{"id", p.id},
                                 {"kind", "role"},
                                 {"name", p.name},
                                 {"description", p.description},
                                 {"policy_type", p.type},
                                 {"document_known", p.known ? "" : "false"}}))
      out_.skip(p.where, fmt::format("policy `{}`", p.id), "id already used by another node");
  for (const auto& ent : ent_order_) {
    out_.add_node("entitlements", {{"id", ent},
                                   {"system", "aws"},
                                   {"name", ent == "*:*" ? "*" : ent},
                                   {"privileged", privileged(ent, ent_any_resource_[ent]) ? "true" : "false"}});
  }
  for (const auto& [user, group] : user_groups_) {
    auto it = group_by_name_.find(group->text);
    if (it != group_by_name_.end())
      out_.add_edge(user, it->second, "member_of");
    else
      out_.skip(r_.pos(*group), fmt::format("group `{}` of user `{}`", group->text, user),
                "references a resource not in the input");
  }
  for (const Attachment& a : attachments_) out_.add_edge(a.principal, a.policy, "member_of");
  for (const Policy& p : policies_)
    for (const Grant& g : p.grants)
      out_.add_edge(p.id, g.ent, "grants",
                    {{"resources", join(g.resources, ";")}, {"conditional", g.conditional ? "true" : ""}});
  unmapped_.report(out_, "no inventory column for it");
  if (any_user_) out_.note("IAM users are typed `employee`: the input cannot tell a person from a program");
  if (any_role_)
    out_.note("IAM roles are `workload` identities without an owner; who may assume them is in `iam_trust`");
  if (collisions_ > 0)
    out_.note(fmt::format("{} action spelling(s) differing only in case merged into the first seen (e.g. {})",
                          collisions_, collision_example_));
  if (!ent_order_.empty())
    out_.note(
        "grants edges: `resources` holds the statements' resources (`;`-joined, NotResource as `!pattern`), "
        "`conditional=true` when every granting statement has a Condition");
}

}  // namespace

bool import_aws_iam(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.inputs.size() != 1) {
    diags.error("M0102", SourcePos{},
                "the aws-iam importer reads exactly one file (the JSON of `aws iam "
                "get-account-authorization-details`)");
    return false;
  }
  JsonNode doc;
  if (!load_json_file(options.inputs[0], "M07", doc, diags)) return false;
  JsonReader r(options.inputs[0], "M07", diags);
  IamReader reader(r, out);
  reader.read(doc);
  if (r.failed()) {
    diags.sort_by_file_order(options.inputs);  // found in reading order, not by line
    return false;
  }
  reader.emit();
  return true;
}

}  // namespace ward::import
