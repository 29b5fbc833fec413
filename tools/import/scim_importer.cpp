// `ward import scim`: SCIM 2.0 (RFC 7643/7644) Users and Groups.
//
// Inputs are read whole before anything is written: a resource may be
// referenced (as a member, a group, a manager) from another file, and the
// same resource may appear in several files (pages of a list, a resource and
// its PUT response); representations of one id merge, the first value of each
// column winning. The mapping is described in docs/importers.md ("scim").
//
// Codes: M0602..M0610 see json_source.hpp; M0101 an unreadable file, M0102
// no input file (shared by all importers).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "import/importer.hpp"
#include "import/json_source.hpp"

namespace ward::import {

namespace {

using Kind = JsonNode::Kind;

constexpr std::string_view kUser = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr std::string_view kGroup = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr std::string_view kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr std::string_view kList = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr std::string_view kBulk = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
constexpr std::string_view kMissing = "references a resource not in the input";

enum class Type { user, group };
const char* type_name(Type t) { return t == Type::user ? "User" : "Group"; }

// A reference to another resource: an id, or `bulkId:x` of the file's bulk request.
struct Ref {
  std::string value, display;
  SourcePos where;
  std::size_t file = 0;   // index of the input it came from (bulkIds are per request)
  bool indirect = false;  // a user's `groups` entry of type "indirect"
};

struct Resource {
  Type type = Type::user;
  std::string id;
  SourcePos where;
  std::vector<Cell> cells;         // identity or role columns; "" = absent
  std::vector<SourcePos> origins;  // where each cell's value was read (merged resources)
  std::vector<Ref> groups, members;
  std::optional<Ref> manager;
  std::vector<std::pair<std::string, SourcePos>> entitlements, roles;
};

class ScimReader {
 public:
  ScimReader(ImportedInventory& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  bool read_file(const std::string& path);
  void emit();

 private:
  void read_document(JsonReader& r, const JsonNode& doc);
  void read_resource(JsonReader& r, const JsonNode& obj, std::optional<Type> type, const char* context,
                     std::string id_hint = {}, std::string bulk_id = {});
  std::optional<Type> type_from_schemas(JsonReader& r, const JsonNode& obj);
  void read_user(JsonReader& r, const JsonNode& obj, Resource& res);
  void read_group(JsonReader& r, const JsonNode& obj, Resource& res);
  std::optional<Ref> read_ref(JsonReader& r, const JsonNode& obj);
  void merge(Resource res);
  // The id a reference names once bulkIds are resolved, or "" (then it is
  // reported as skipped: "<label> `<value>` (<display>) <owner>").
  std::string resolve(const Ref& ref, std::string_view label, std::string_view owner);

  ImportedInventory& out_;
  Diagnostics& diags_;
  std::vector<Resource> resources_;
  std::map<std::string, std::size_t, std::less<>> by_id_;
  std::vector<std::map<std::string, std::string, std::less<>>> bulk_ids_;  // per file: bulkId -> resource id
  UnmappedAttributes unmapped_;
  std::map<std::string, std::size_t, std::less<>> other_user_types_;  // userType -> users typed `employee` for it
  std::size_t file_ = 0;
  bool any_user_ = false, any_group_ = false;
};

bool ScimReader::read_file(const std::string& path) {
  file_ = bulk_ids_.size();
  bulk_ids_.emplace_back();
  JsonNode doc;
  if (!load_json_file(path, "M06", doc, diags_)) return false;
  JsonReader r(path, "M06", diags_);
  read_document(r, doc);
  return !r.failed();
}

std::optional<Type> ScimReader::type_from_schemas(JsonReader& r, const JsonNode& obj) {
  std::optional<Type> t;
  for (const JsonNode* s : r.strings(obj, "schemas")) {
    if (s->text == kUser) t = Type::user;
    if (s->text == kGroup && !t) t = Type::group;
  }
  return t;
}

void ScimReader::read_document(JsonReader& r, const JsonNode& doc) {
  if (!r.as(doc, Kind::object)) {
    if (doc.is(Kind::null)) out_.skip(r.pos(doc), "document `null`", "not a SCIM resource or message");
    return;
  }
  std::vector<std::string> schemas;
  for (const JsonNode* s : r.strings(doc, "schemas")) schemas.push_back(s->text);
  auto has = [&](std::string_view urn) { return std::find(schemas.begin(), schemas.end(), urn) != schemas.end(); };
  if (has(kList)) {
    for (const JsonNode* res : r.objects(doc, "Resources")) read_resource(r, *res, std::nullopt, "list resource");
  } else if (has(kBulk)) {
    for (const JsonNode* op : r.objects(doc, "Operations")) {
      const std::string method = r.string(*op, "method").value_or("");
      const std::string path = r.string(*op, "path").value_or("");
      const std::string bulk_id = r.string(*op, "bulkId").value_or("");
      if (method != "POST" && method != "PUT") {
        out_.skip(r.pos(*op), fmt::format("bulk {} operation on `{}`", method.empty() ? "(no method)" : method, path),
                  method == "PATCH" || method == "DELETE"
                      ? "a bulk PATCH or DELETE describes a change, not the state of a resource"
                      : "only POST and PUT operations carry a whole resource");
        continue;
      }
      const JsonNode* data = r.member(*op, "data", Kind::object);
      if (!data) {
        if (!r.failed())
          out_.skip(r.pos(*op), fmt::format("bulk {} operation on `{}`", method, path), "it has no `data`");
        continue;
      }
      std::optional<Type> type = type_from_schemas(r, *data);
      if (!type && (path.rfind("/Users", 0) == 0 || path.rfind("/Groups", 0) == 0)) {
        type = path.rfind("/Users", 0) == 0 ? Type::user : Type::group;
        out_.note(
            fmt::format("{}:{}: bulk operation data without a core User/Group schema; typed {} from its path `{}`",
                        r.file(), data->line, type_name(*type), path));
      }
      // PUT /Users/<id>: the id is in the path when the data omits it.
      std::string id_hint;
      if (const auto slash = path.find('/', 1); slash != std::string::npos) id_hint = path.substr(slash + 1);
      read_resource(r, *data, type, "bulk data", id_hint, bulk_id);
    }
  } else if (has(kUser) || has(kGroup)) {
    read_resource(r, doc, type_from_schemas(r, doc), "resource");
  } else {
    const std::string list = join(schemas, ", ");
    out_.skip(r.pos(doc),
              schemas.empty() ? "document without `schemas`" : fmt::format("document with schemas `{}`", list),
              "not a User, Group, ListResponse or BulkRequest: nothing to map");
  }
}

void ScimReader::read_resource(JsonReader& r, const JsonNode& obj, std::optional<Type> type, const char* context,
                               std::string id_hint, std::string bulk_id) {
  if (!type) type = type_from_schemas(r, obj);
  if (!type) {
    const JsonNode* meta = r.member(obj, "meta", Kind::object);
    const std::string rt = meta ? r.string(*meta, "resourceType").value_or("") : "";
    if (rt == "User" || rt == "Group") {
      type = rt == "User" ? Type::user : Type::group;
    } else if (!obj.get("schemas") && obj.get("userName")) {
      type = Type::user;  // userName is required of Users and exists on nothing else
      out_.note(fmt::format("{}:{}: {} without `schemas` taken as a User (it has a `userName`)", r.file(), obj.line,
                            context));
    } else {
      std::vector<std::string> names;
      for (const JsonNode* s : r.strings(obj, "schemas")) names.push_back(s->text);
      const std::string schemas = join(names, ", ");
      out_.skip(r.pos(obj), fmt::format("{} `{}`", context, r.string(obj, "id").value_or("(no id)")),
                schemas.empty() ? "not a User or Group (no `schemas`, no `meta.resourceType`, no `userName`)"
                                : fmt::format("not a User or Group (schemas `{}`)", schemas));
      return;
    }
  }
  Resource res;
  res.type = *type;
  res.where = r.pos(obj);
  std::string id = r.string(obj, "id").value_or("");
  const char* fallback = res.type == Type::user ? "userName" : "displayName";
  if (id.empty() && !id_hint.empty()) id = id_hint;
  if (id.empty()) {
    id = r.string(obj, fallback).value_or("");
    if (id.empty()) {
      if (!r.failed())
        out_.skip(res.where, fmt::format("{} without `id`", type_name(res.type)),
                  fmt::format("it has no `id` or `{}` to identify it", fallback));
      return;
    }
    out_.note(fmt::format("{}:{}: {} without `id` (a creation request) identified by its {} `{}`", r.file(), obj.line,
                          type_name(res.type), fallback, id));
  }
  res.id = id;
  if (!bulk_id.empty()) bulk_ids_[file_][bulk_id] = id;
  res.cells.emplace_back("id", id);
  if (res.type == Type::user)
    read_user(r, obj, res);
  else
    read_group(r, obj, res);
  res.origins.assign(res.cells.size(), res.where);
  merge(std::move(res));
}

std::optional<Ref> ScimReader::read_ref(JsonReader& r, const JsonNode& obj) {
  Ref ref;
  ref.value = r.string(obj, "value").value_or("");
  ref.display = r.string(obj, "display").value_or(r.string(obj, "displayName").value_or(""));
  ref.indirect = r.string(obj, "type").value_or("") == "indirect";
  ref.where = r.pos(obj);
  ref.file = file_;
  if (ref.value.empty()) {
    out_.skip(ref.where, fmt::format("reference `{}`", ref.display), "it has no `value` (the id it refers to)");
    return std::nullopt;
  }
  return ref;
}

void ScimReader::read_user(JsonReader& r, const JsonNode& obj, Resource& res) {
  any_user_ = true;
  auto cell = [&](const char* column, std::string value) { res.cells.emplace_back(column, std::move(value)); };
  std::string name = r.string(obj, "displayName").value_or("");
  if (const JsonNode* n = r.member(obj, "name", Kind::object)) {
    if (name.empty()) name = r.string(*n, "formatted").value_or("");
    const std::string given = r.string(*n, "givenName").value_or(""), family = r.string(*n, "familyName").value_or("");
    if (name.empty()) name = given + (given.empty() || family.empty() ? "" : " ") + family;
  }
  const std::string user_type = r.string(obj, "userType").value_or("");
  const std::string ut = lower_ascii(user_type);
  std::string type = "employee";
  if (ut == "contractor")
    type = "contractor";
  else if (ut == "service" || ut == "service account" || ut == "serviceaccount" || ut == "service_account")
    type = "service";
  else if (!ut.empty() && ut != "employee")
    ++other_user_types_[user_type];
  cell("type", type);
  cell("name", name);
  if (auto active = r.boolean(obj, "active")) cell("status", *active ? "active" : "suspended");
  std::string email;
  for (const JsonNode* e : r.objects(obj, "emails")) {
    const std::string v = r.string(*e, "value").value_or("");
    if (email.empty() || r.boolean(*e, "primary").value_or(false)) email = v;
  }
  if (const JsonNode* ext = r.member(obj, kEnterprise, Kind::object)) {
    cell("department", r.string(*ext, "department").value_or(""));
    cell("cost_center", r.string(*ext, "costCenter").value_or(""));
    cell("organization", r.string(*ext, "organization").value_or(""));
    cell("division", r.string(*ext, "division").value_or(""));
    cell("employee_number", r.string(*ext, "employeeNumber").value_or(""));
    if (const JsonNode* m = r.member(*ext, "manager", Kind::object)) res.manager = read_ref(r, *m);
  }
  if (const JsonNode* meta = r.member(obj, "meta", Kind::object))
    if (const JsonNode* created = r.member(*meta, "created", Kind::string)) {
      if (auto d = normalize_date(created->text))
        cell("created", *d);
      else
        out_.skip(r.pos(*created), fmt::format("`meta.created` of user `{}`", res.id), "not an ISO 8601 date");
    }
  cell("user_name", r.string(obj, "userName").value_or(""));
  cell("external_id", r.string(obj, "externalId").value_or(""));
  cell("title", r.string(obj, "title").value_or(""));
  cell("email", email);
  cell("user_type", user_type);
  for (const JsonNode* g : r.objects(obj, "groups"))
    if (auto ref = read_ref(r, *g)) res.groups.push_back(std::move(*ref));
  for (auto [multi, into] : {std::pair{"entitlements", &res.entitlements}, std::pair{"roles", &res.roles}})
    for (const JsonNode* e : r.objects(obj, multi)) {
      const std::string v = r.string(*e, "value").value_or("");
      if (v.empty())
        out_.skip(r.pos(*e), fmt::format("`{}` item of user `{}`", multi, res.id), "it has no `value`");
      else
        into->emplace_back(v, r.pos(*e));
    }
  static const char* const kMapped[] = {"schemas",     "id",           "externalId", "userName", "name",
                                        "displayName", "userType",     "title",      "active",   "emails",
                                        "groups",      "entitlements", "roles",      "meta"};
  for (const JsonNode& m : obj.children) {
    if (m.is(Kind::null) || std::find(std::begin(kMapped), std::end(kMapped), m.key) != std::end(kMapped) ||
        m.key == kEnterprise)
      continue;
    if (is_secret_key(m.key)) {
      out_.skip(r.pos(m), fmt::format("attribute `{}` of user `{}`", m.key, res.id),
                "secrets and credentials are never copied");
      continue;
    }
    unmapped_.add(fmt::format("attribute `{}`", m.key), r.pos(m));
  }
}

void ScimReader::read_group(JsonReader& r, const JsonNode& obj, Resource& res) {
  any_group_ = true;
  res.cells.emplace_back("kind", "group");
  res.cells.emplace_back("name", r.string(obj, "displayName").value_or(""));
  res.cells.emplace_back("external_id", r.string(obj, "externalId").value_or(""));
  for (const JsonNode* m : r.objects(obj, "members"))
    if (auto ref = read_ref(r, *m)) res.members.push_back(std::move(*ref));
  for (const JsonNode& m : obj.children) {
    if (m.is(Kind::null) || m.key == "schemas" || m.key == "id" || m.key == "displayName" || m.key == "externalId" ||
        m.key == "members" || m.key == "meta")
      continue;
    unmapped_.add(fmt::format("attribute `{}`", m.key), r.pos(m));
  }
}

void ScimReader::merge(Resource res) {
  auto [it, inserted] = by_id_.emplace(res.id, resources_.size());
  if (inserted) {
    resources_.push_back(std::move(res));
    return;
  }
  Resource& old = resources_[it->second];
  if (old.type != res.type) {
    out_.skip(res.where, fmt::format("{} `{}`", type_name(res.type), res.id),
              fmt::format("id already used by a {} (SCIM ids are unique across resource types)", type_name(old.type)));
    return;
  }
  for (auto& [column, value] : res.cells) {
    if (value.empty()) continue;
    const std::string& name = column;  // clang 14 cannot capture a structured binding
    auto at = std::find_if(old.cells.begin(), old.cells.end(), [&](const Cell& c) { return c.first == name; });
    if (at == old.cells.end()) {
      old.cells.emplace_back(column, std::move(value));
      old.origins.push_back(res.where);
    } else if (at->second.empty()) {
      at->second = std::move(value);
      old.origins[static_cast<std::size_t>(at - old.cells.begin())] = res.where;
    } else if (at->second != value) {
      const SourcePos& from = old.origins[static_cast<std::size_t>(at - old.cells.begin())];
      out_.note(fmt::format("{}:{}: {} `{}` appears again with `{}` = `{}`; kept `{}` from {}:{}", res.where.file,
                            res.where.line, type_name(res.type), res.id, column, value, at->second, from.file,
                            from.line));
    }
  }
  for (auto& g : res.groups) old.groups.push_back(std::move(g));
  for (auto& m : res.members) old.members.push_back(std::move(m));
  if (!old.manager && res.manager) old.manager = std::move(res.manager);
  for (auto& e : res.entitlements) old.entitlements.push_back(std::move(e));
  for (auto& e : res.roles) old.roles.push_back(std::move(e));
}

std::string ScimReader::resolve(const Ref& ref, std::string_view label, std::string_view owner) {
  const std::string shown = ref.display.empty() ? "" : " (" + ref.display + ")";
  std::string id = ref.value;
  if (id.rfind("bulkId:", 0) == 0) {
    const auto& ids = bulk_ids_[ref.file];
    auto it = ids.find(std::string_view(id).substr(7));
    if (it == ids.end()) {
      out_.skip(ref.where, fmt::format("{} `{}`{} {}", label, id, shown, owner),
                "references a bulkId not defined in its bulk request");
      return {};
    }
    id = it->second;
  }
  if (by_id_.count(id) == 0) {
    out_.skip(ref.where, fmt::format("{} `{}`{} {}", label, id, shown, owner), std::string(kMissing));
    return {};
  }
  return id;
}

void ScimReader::emit() {
  for (Resource& res : resources_) {
    if (res.type != Type::user) continue;
    if (res.manager) {
      const std::string m = resolve(*res.manager, "manager", fmt::format("of user `{}`", res.id));
      if (!m.empty() && resources_[by_id_[m]].type == Type::user)
        res.cells.emplace_back("manager", m);
      else if (!m.empty())
        out_.skip(res.manager->where, fmt::format("manager `{}` of user `{}`", m, res.id),
                  "the manager is a Group, not a User");
    }
    if (!out_.add_node("identities", res.cells))
      out_.skip(res.where, fmt::format("User `{}`", res.id), "id already used by another node");
  }
  for (const Resource& res : resources_) {
    if (res.type != Type::group) continue;
    if (!out_.add_node("roles", res.cells)) {
      out_.skip(res.where, fmt::format("Group `{}`", res.id), "id already used by another node");
      continue;
    }
    const std::string ent = "scim:group:" + res.id;
    const auto name = std::find_if(res.cells.begin(), res.cells.end(), [](const Cell& c) { return c.first == "name"; });
    if (out_.add_node(
            "entitlements",
            {{"id", ent},
             {"system", "scim"},
             {"name", "member of " + (name != res.cells.end() && !name->second.empty() ? name->second : res.id)}}))
      out_.add_edge(res.id, ent, "grants");
    else
      out_.skip(res.where, fmt::format("entitlement `{}`", ent), "id already used by another node");
  }
  for (const Resource& res : resources_) {
    if (res.type == Type::group) {
      for (const Ref& m : res.members) {
        const std::string id = resolve(m, "member", fmt::format("of group `{}`", res.id));
        if (!id.empty()) out_.add_edge(id, res.id, "member_of");
      }
      continue;
    }
    for (const Ref& g : res.groups) {
      if (g.indirect) {
        out_.skip(g.where, fmt::format("indirect group `{}` of user `{}`", g.value, res.id),
                  "indirect memberships follow from nested groups; only direct ones become edges");
        continue;
      }
      const std::string id = resolve(g, "group", fmt::format("of user `{}`", res.id));
      if (id.empty()) continue;
      if (resources_[by_id_[id]].type != Type::group)
        out_.skip(g.where, fmt::format("group `{}` of user `{}`", id, res.id),
                  "the reference names a User, not a Group");
      else
        out_.add_edge(res.id, id, "member_of");
    }
    for (const auto& [value, where] : res.roles) {
      const std::string role = "scim:role:" + value;
      if (out_.node_table(role).empty()) out_.add_node("roles", {{"id", role}, {"kind", "role"}, {"name", value}});
      if (out_.node_table(role) == "roles")
        out_.add_edge(res.id, role, "member_of");
      else
        out_.skip(where, fmt::format("role `{}` of user `{}`", value, res.id), "id already used by another node");
    }
    for (const auto& [value, where] : res.entitlements) {
      const std::string ent = "scim:entitlement:" + value;
      if (out_.node_table(ent).empty())
        out_.add_node("entitlements", {{"id", ent}, {"system", "scim"}, {"name", value}});
      if (out_.node_table(ent) == "entitlements")
        out_.add_edge(res.id, ent, "grants");
      else
        out_.skip(where, fmt::format("entitlement `{}` of user `{}`", value, res.id),
                  "id already used by another node");
    }
  }
  unmapped_.report(out_, "no inventory column: contact, profile or provider data without access meaning");
  if (any_user_) {
    out_.note(
        "SCIM has no `terminated` state: `active: false` becomes status `suspended`; `active` absent leaves status "
        "empty (active)");
    out_.note("SCIM core has no last-login attribute: `last_active` is left empty");
  }
  for (const auto& [value, count] : other_user_types_)
    out_.note(
        fmt::format("userType `{}` ({} user{}) is not Employee, Contractor or Service: typed `employee`, the value "
                    "kept in `user_type`",
                    value, count, count == 1 ? "" : "s"));
  if (any_group_)
    out_.note("each Group grants one entitlement `scim:group:<id>`: in SCIM the group membership is itself the access");
}

}  // namespace

bool import_scim(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.inputs.empty()) {
    diags.error("M0102", SourcePos{},
                "the scim importer needs at least one input file (SCIM resources, ListResponse pages or "
                "BulkRequests)");
    return false;
  }
  ScimReader reader(out, diags);
  bool ok = true;
  for (const auto& path : options.inputs) ok = reader.read_file(path) && ok;
  if (!ok) {
    diags.sort_by_file_order(options.inputs);  // a file's errors are found in reading order, not by line
    return false;
  }
  reader.emit();
  return true;
}

}  // namespace ward::import
