// `ward import ad-lab`: an Active Directory lab definition in the JSON of
// GOAD (Game Of Active Directory, `ad/<lab>/data/config.json`): domains with
// users, groups, ACLs, LAPS readers and gMSAs, and hosts with local groups
// and MSSQL logins.
//
// Principals are named `<NETBIOS>\<sAMAccountName>` (`NORTH\jon.snow`): the
// down-level logon name GOAD itself uses in references, unique across the
// lab's domains (`sql_svc` exists in two). The mapping is described in
// docs/importers.md ("ad-lab").
//
// Codes: M0802..M0810 see json_source.hpp; M0101 an unreadable file, M0102
// not exactly one input file (shared by all importers).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>

#include "import/importer.hpp"
#include "import/json_source.hpp"

namespace ward::import {

namespace {

using Kind = JsonNode::Kind;

// Principals every domain has, created when referenced (GOAD puts users in
// `Domain Admins` without defining it). Lower case.
// clang-format off
constexpr const char* kBuiltinGroups[] = {
    "domain admins", "enterprise admins", "schema admins", "administrators", "account operators", "backup operators",
    "server operators", "print operators", "domain users", "domain computers", "domain controllers",
    "protected users", "remote desktop users", "group policy creator owners", "dnsadmins", "key admins",
    "enterprise key admins", "cert publishers"};
constexpr const char* kBuiltinUsers[] = {"administrator", "guest", "krbtgt"};
// Builtin groups whose membership is control of the domain.
constexpr const char* kPrivilegedGroups[] = {
    "domain admins", "enterprise admins", "schema admins", "administrators", "account operators", "backup operators",
    "server operators", "print operators"};
// ACE rights that give control of the target (object takeover or membership change).
constexpr const char* kPrivilegedRights[] = {
    "genericall", "genericwrite", "writedacl", "writeowner", "writeproperty", "allextendedrights", "owns",
    "forcechangepassword", "ext-user-force-change-password", "ext-self-self-membership", "ext-write-self-membership",
    "self", "addmember", "addself", "ds-replication-get-changes", "ds-replication-get-changes-all",
    "readlapspassword", "readgmsapassword"};
// clang-format on

template <std::size_t N>
bool in(const char* const (&list)[N], std::string_view s) {
  const std::string l = lower_ascii(s);
  return std::find_if(std::begin(list), std::end(list), [&](const char* x) { return l == x; }) != std::end(list);
}

bool one_of(std::string_view key, std::initializer_list<std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// A value reported (never read) as a secret by scan_secrets().
bool secret(const JsonNode& m) { return !m.key.empty() && is_secret_key(m.key) && !m.is(Kind::object); }

struct Domain {
  std::string fqdn, netbios;
  const JsonNode* node = nullptr;
};

class LabReader {
 public:
  LabReader(JsonReader& r, ImportedInventory& out) : r_(r), out_(out) {}
  void read(const JsonNode& doc);

 private:
  void scan_secrets(const JsonNode& n);
  void index_domain(Domain& d);
  void map_domain(const Domain& d);
  void map_host(const JsonNode& host);
  const Domain* domain_named(std::string_view name) const;
  // The id of a defined principal `ref` names (`name`, `DOMAIN\name`,
  // `name@domain`; plain names in `home`), or "".
  std::string lookup(const std::string& ref, const Domain* home, const Domain** domain = nullptr,
                     std::string* name = nullptr) const;
  // The id `ref` names (`name`, `DOMAIN\name`, `name@domain`), resolved in
  // `home` for plain names; creates builtin and well-known principals on
  // first use. "" when it names nothing (reported at `at`).
  std::string resolve(const JsonNode& at, const std::string& ref, const Domain* home, std::string_view context);
  void grant(const std::string& from, const std::string& ent, const std::string& name, bool privileged,
             std::vector<Cell> extra = {});
  void member(const JsonNode& at, const std::string& ref, const Domain* home, const std::string& group,
              std::string_view context);
  void unmapped(const JsonNode& m, std::string_view owner, std::string_view why);
  struct Pending;
  void define(Pending p);

  JsonReader& r_;
  ImportedInventory& out_;
  std::vector<Domain> domains_;
  std::map<std::string, std::string, std::less<>> ids_;               // lower-case id -> id
  std::map<std::string, std::string, std::less<>> computer_by_host_;  // lower-case hostname -> computer id
  // Defined principals, added once every id is known (owners may point forward).
  struct Pending {
    const char* table;
    std::vector<Cell> cells;
    SourcePos where;
    const JsonNode* managed_by = nullptr;  // groups: resolved into `owner`
    const Domain* domain = nullptr;
  };
  std::vector<Pending> pending_;
};

void LabReader::define(Pending p) {
  const std::string& id = p.cells[0].second;
  if (!ids_.emplace(lower_ascii(id), id).second) {
    out_.skip(p.where, fmt::format("`{}`", id),
              "a principal of that name is defined already (names are case-insensitive)");
    return;
  }
  pending_.push_back(std::move(p));
}

void LabReader::unmapped(const JsonNode& m, std::string_view owner, std::string_view why) {
  out_.skip(r_.pos(m), fmt::format("`{}` of {}", m.key, owner), std::string(why));
}

// Every secret-named value, wherever it is (vulnerability variables hold
// credentials too). Objects are searched, not reported: a key such as
// `forcechangepassword_tywin_jaime` names an ACE, not a password.
void LabReader::scan_secrets(const JsonNode& n) {
  for (const JsonNode& c : n.children) {
    if (secret(c))
      out_.skip(r_.pos(c), fmt::format("`{}`", c.pointer), "secrets are never copied (the value is not read)");
    else
      scan_secrets(c);
  }
}

const Domain* LabReader::domain_named(std::string_view name) const {
  const std::string l = lower_ascii(name);
  for (const Domain& d : domains_)
    if (l == lower_ascii(d.netbios) || l == lower_ascii(d.fqdn) || l == lower_ascii(d.fqdn.substr(0, d.fqdn.find('.'))))
      return &d;
  return nullptr;
}

std::string LabReader::lookup(const std::string& ref, const Domain* home, const Domain** domain,
                              std::string* name_out) const {
  std::string prefix, name = ref;
  if (auto bs = ref.find('\\'); bs != std::string::npos)
    prefix = ref.substr(0, bs), name = ref.substr(bs + 1);
  else if (auto atsign = ref.rfind('@'); atsign != std::string::npos)
    prefix = ref.substr(atsign + 1), name = ref.substr(0, atsign);
  const Domain* d = prefix.empty() ? home : domain_named(prefix);
  if (domain) *domain = d;
  if (name_out) *name_out = name;
  if (!d) return {};
  for (const std::string& candidate : {name, name + "$"}) {
    auto it = ids_.find(lower_ascii(d->netbios + "\\" + candidate));
    if (it != ids_.end()) return it->second;
  }
  return {};
}

std::string LabReader::resolve(const JsonNode& at, const std::string& ref, const Domain* home,
                               std::string_view context) {
  const Domain* d = nullptr;
  std::string name;
  if (std::string id = lookup(ref, home, &d, &name); !id.empty()) return id;
  if (const auto bs = ref.find('\\'); bs != std::string::npos && lower_ascii(ref.substr(0, bs)) == "nt authority") {
    name = ref.substr(bs + 1);
    const std::string id = "NT AUTHORITY\\" + name;
    if (out_.node_table(id).empty()) {
      out_.add_node("roles", {{"id", id}, {"kind", "group"}, {"name", name}, {"well_known", "true"}});
      out_.note(fmt::format("`{}` is a well-known security principal: mapped to a group with `well_known=true`", id));
    }
    return id;
  }
  if (d) {
    const bool group = in(kBuiltinGroups, name), user = in(kBuiltinUsers, name);
    if (group || user) {
      const std::string id = d->netbios + "\\" + name;
      if (user)
        out_.add_node("identities",
                      {{"id", id}, {"type", "employee"}, {"name", name}, {"domain", d->fqdn}, {"builtin", "true"}});
      else
        out_.add_node("roles",
                      {{"id", id}, {"kind", "group"}, {"name", name}, {"domain", d->fqdn}, {"builtin", "true"}});
      ids_.emplace(lower_ascii(id), id);
      out_.note(
          fmt::format("`{}` is referenced but not defined: created as the builtin {} every domain has (`builtin=true`)",
                      id, user ? "account" : "group"));
      if (group && in(kPrivilegedGroups, name)) grant(id, "ad:builtin:" + id, "rights of builtin group " + id, true);
      return id;
    }
  }
  out_.skip(r_.pos(at), fmt::format("`{}` ({})", ref, context),
            d ? "references a principal not in the input" : "references a domain not in the input");
  return {};
}

void LabReader::grant(const std::string& from, const std::string& ent, const std::string& name, bool privileged,
                      std::vector<Cell> extra) {
  if (out_.node_table(ent).empty())
    out_.add_node("entitlements", {{"id", ent},
                                   {"system", ent.substr(0, ent.find(':'))},
                                   {"name", name},
                                   {"privileged", privileged ? "true" : "false"}});
  out_.add_edge(from, ent, "grants", std::move(extra));
}

void LabReader::member(const JsonNode& at, const std::string& ref, const Domain* home, const std::string& group,
                       std::string_view context) {
  const std::string id = resolve(at, ref, home, context);
  if (!id.empty()) out_.add_edge(id, group, "member_of");
}

void LabReader::read(const JsonNode& doc) {
  if (!r_.as(doc, Kind::object)) return;
  scan_secrets(doc);
  const JsonNode* lab = r_.member(doc, "lab", Kind::object);
  for (const JsonNode& m : doc.children)
    if (m.key != "lab") unmapped(m, "the lab definition", "not part of the GOAD lab format");
  if (!lab) return;
  for (const JsonNode& m : lab->children)
    if (m.key != "hosts" && m.key != "domains") unmapped(m, "`lab`", "not mapped (only hosts and domains are)");
  if (const JsonNode* ds = r_.member(*lab, "domains", Kind::object))
    for (const JsonNode& d : ds->children)
      if (r_.as(d, Kind::object)) {
        Domain dom{d.key, r_.string(d, "netbios_name").value_or(""), &d};
        if (dom.netbios.empty()) {
          for (char c : dom.fqdn.substr(0, dom.fqdn.find('.'))) dom.netbios += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          out_.note(fmt::format("domain `{}` has no `netbios_name`: `{}` used", dom.fqdn, dom.netbios));
        }
        domains_.push_back(dom);
      }
  const JsonNode* hosts = r_.member(*lab, "hosts", Kind::object);
  for (Domain& d : domains_) index_domain(d);
  if (hosts)
    for (const JsonNode& h : hosts->children) {
      if (!r_.as(h, Kind::object)) continue;
      const std::string hostname = r_.string(h, "hostname").value_or(h.key);
      const Domain* d = domain_named(r_.string(h, "domain").value_or(""));
      if (!d) {
        out_.skip(r_.pos(h), fmt::format("host `{}`", h.key), "its `domain` is not in the input");
        continue;
      }
      const std::string id = d->netbios + "\\" + hostname + "$";
      const std::string type = r_.string(h, "type").value_or("");
      auto laps = r_.boolean(h, "use_laps");
      define({"identities",
              {{"id", id},
               {"type", "workload"},
               {"name", hostname},
               {"purpose", fmt::format("computer account of host `{}` ({})", h.key, type)},
               {"domain", d->fqdn},
               {"host_role", type},
               {"laps", laps ? (*laps ? "true" : "false") : ""}},
              r_.pos(h)});
      computer_by_host_.emplace(lower_ascii(hostname), id);
    }
  // Identities first, then groups, whose owners may be any of them.
  for (const char* table : {"identities", "roles"})
    for (Pending& p : pending_) {
      if (std::string_view(p.table) != table) continue;
      const std::string id = p.cells[0].second;
      if (p.managed_by)
        p.cells.emplace_back("owner",
                             resolve(*p.managed_by, p.managed_by->text, p.domain, fmt::format("manager of `{}`", id)));
      out_.add_node(p.table, std::move(p.cells));
      if (p.table == std::string_view("roles") && in(kPrivilegedGroups, id.substr(id.find('\\') + 1)))
        grant(id, "ad:builtin:" + id, "rights of builtin group " + id, true);
    }
  for (const Domain& d : domains_) map_domain(d);
  if (hosts)
    for (const JsonNode& h : hosts->children)
      if (h.is(Kind::object)) map_host(h);
  out_.note(
      "users are typed `employee`, or `service` when the sAMAccountName contains `svc` (a naming convention, not "
      "data)");
  out_.note(
      "each host is its computer account `<NETBIOS>\\<hostname>$` (type `workload`), implied by the host being "
      "domain-joined");
}

// Users, groups and gMSAs first, so that references resolve in any order.
void LabReader::index_domain(Domain& d) {
  const JsonNode& dn = *d.node;
  if (const JsonNode* users = r_.member(dn, "users", Kind::object))
    for (const JsonNode& u : users->children) {
      if (!r_.as(u, Kind::object)) continue;
      const std::string id = d.netbios + "\\" + u.key;
      std::string first = r_.string(u, "firstname").value_or(""), last = r_.string(u, "surname").value_or("");
      if (first == "-") first.clear();
      if (last == "-") last.clear();
      const std::string description = r_.string(u, "description").value_or("");
      const bool svc = lower_ascii(u.key).find("svc") != std::string::npos;
      define({"identities",
              {{"id", id},
               {"type", svc ? "service" : "employee"},
               {"name", first + (first.empty() || last.empty() ? "" : " ") + last},
               {"purpose", description},
               {"domain", d.fqdn},
               {"city", r_.string(u, "city").value_or("")},
               {"container", r_.string(u, "path").value_or("")}},
              r_.pos(u)});
      if (lower_ascii(description).find("password") != std::string::npos)
        out_.note(fmt::format(
            "the description of `{}` mentions a password; copied unchanged to `purpose` (a policy should flag it)",
            id));
      for (const JsonNode& m : u.children)
        if (m.key == "spns" && !m.children.empty())
          unmapped(m, fmt::format("user `{}`", id), "service principal names are not access grants");
        else if (!one_of(m.key, {"firstname", "surname", "description", "city", "path", "groups", "spns"}) &&
                 !secret(m))
          unmapped(m, fmt::format("user `{}`", id), "no inventory column for it");
    }
  if (const JsonNode* groups = r_.member(dn, "groups", Kind::object))
    for (const JsonNode& scope : groups->children)
      if (r_.as(scope, Kind::object))
        for (const JsonNode& g : scope.children) {
          if (!r_.as(g, Kind::object)) continue;
          const std::string id = d.netbios + "\\" + g.key;
          define({"roles",
                  {{"id", id},
                   {"kind", "group"},
                   {"name", g.key},
                   {"domain", d.fqdn},
                   {"scope", scope.key},
                   {"container", r_.string(g, "path").value_or("")}},
                  r_.pos(g),
                  r_.member(g, "managed_by", Kind::string),
                  &d});
        }
  if (const JsonNode* gmsa = r_.member(dn, "gmsa", Kind::object))
    for (const JsonNode& g : gmsa->children) {
      if (!r_.as(g, Kind::object)) continue;
      const std::string name = r_.string(g, "gMSA_Name").value_or(g.key);
      define({"identities",
              {{"id", d.netbios + "\\" + name + "$"},
               {"type", "service"},
               {"name", name},
               {"purpose", "group managed service account"},
               {"domain", d.fqdn},
               {"dns_name", r_.string(g, "gMSA_FQDN").value_or("")}},
              r_.pos(g)});
    }
}

void LabReader::map_domain(const Domain& d) {
  const JsonNode& dn = *d.node;
  const std::string where = fmt::format("domain `{}`", d.fqdn);
  for (const JsonNode& m : dn.children) {
    if (secret(m) || one_of(m.key, {"dc", "netbios_name", "laps_path", "laps_readers", "groups", "gmsa", "acls",
                                    "multi_domain_groups_member", "users", "trust"}))
      continue;
    if (m.key == "organisation_units") {
      if (!m.children.empty()) unmapped(m, where, "organisational units are containers, not access");
    } else if (m.key == "ca_server")
      unmapped(m, where, "AD Certificate Services are not mapped");
    else
      unmapped(m, where, "not mapped");
  }
  if (auto trust = r_.string(dn, "trust"); trust && !trust->empty())
    out_.add_row("ad_trusts", {{"domain", d.fqdn}, {"trusted_domain", *trust}});
  if (const JsonNode* users = r_.member(dn, "users", Kind::object))
    for (const JsonNode& u : users->children)
      if (u.is(Kind::object))
        for (const JsonNode* g : r_.strings(u, "groups")) {
          const std::string group = resolve(*g, g->text, &d, fmt::format("group of user `{}\\{}`", d.netbios, u.key));
          if (group.empty()) continue;
          if (out_.node_table(group) == "roles")
            out_.add_edge(d.netbios + "\\" + u.key, group, "member_of");
          else
            out_.skip(r_.pos(*g), fmt::format("group `{}` of user `{}\\{}`", group, d.netbios, u.key),
                      "it names a user, not a group");
        }
  if (const JsonNode* groups = r_.member(dn, "groups", Kind::object))
    for (const JsonNode& scope : groups->children)
      for (const JsonNode& g : scope.children) {
        if (!g.is(Kind::object)) continue;
        const std::string id = d.netbios + "\\" + g.key;
        for (const JsonNode* m : r_.strings(g, "members"))
          member(*m, m->text, &d, id, fmt::format("member of `{}`", id));
        for (const JsonNode& m : g.children)
          if (!one_of(m.key, {"managed_by", "path", "members"}))
            unmapped(m, fmt::format("group `{}`", id), "not mapped");
      }
  if (const JsonNode* multi = r_.member(dn, "multi_domain_groups_member", Kind::object))
    for (const JsonNode& g : multi->children) {
      const std::string group = resolve(g, g.key, &d, "cross-domain group");
      if (group.empty()) continue;
      for (const JsonNode* m : r_.strings(*multi, g.key))
        member(*m, m->text, &d, group, fmt::format("member of `{}`", group));
    }
  if (const JsonNode* gmsa = r_.member(dn, "gmsa", Kind::object))
    for (const JsonNode& g : gmsa->children) {
      if (!g.is(Kind::object)) continue;
      const std::string id = d.netbios + "\\" + r_.string(g, "gMSA_Name").value_or(g.key) + "$";
      for (const JsonNode* h : r_.strings(g, "gMSA_HostNames")) {
        auto it = computer_by_host_.find(lower_ascii(h->text));
        if (it == computer_by_host_.end())
          out_.skip(r_.pos(*h), fmt::format("host `{}` allowed to read the password of `{}`", h->text, id),
                    "references a host not in the input");
        else
          grant(it->second, "ad:ReadGMSAPassword:" + id, "read the managed password of " + id, true);
      }
      for (const JsonNode& m : g.children)
        if (m.key == "gMSA_SPNs")
          unmapped(m, fmt::format("gMSA `{}`", id), "service principal names are not access grants");
        else if (!one_of(m.key, {"gMSA_Name", "gMSA_FQDN", "gMSA_HostNames"}))
          unmapped(m, fmt::format("gMSA `{}`", id), "not mapped");
    }
  const std::string laps_path = r_.string(dn, "laps_path").value_or("");
  for (const JsonNode* reader : r_.strings(dn, "laps_readers")) {
    const std::string id = resolve(*reader, reader->text, &d, "LAPS reader");
    if (!id.empty())
      grant(id, "ad:ReadLAPSPassword:" + (laps_path.empty() ? d.fqdn : laps_path),
            "read LAPS passwords under " + (laps_path.empty() ? d.fqdn : laps_path), true);
  }
  if (const JsonNode* acls = r_.member(dn, "acls", Kind::object))
    for (const JsonNode& ace : acls->children) {
      if (!r_.as(ace, Kind::object)) continue;
      const std::string from = r_.string(ace, "for").value_or(""), to = r_.string(ace, "to").value_or(""),
                        right = r_.string(ace, "right").value_or("");
      if (from.empty() || to.empty() || right.empty()) {
        out_.skip(r_.pos(ace), fmt::format("ACE `{}`", ace.key), "it lacks `for`, `to` or `right`");
        continue;
      }
      const std::string source = resolve(*ace.get("for"), from, &d, fmt::format("trustee of ACE `{}`", ace.key));
      if (source.empty()) continue;
      // The target need not be a node: a DN (OU, AdminSDHolder, template) is named as written.
      std::string target = to;
      if (to.find('=') == std::string::npos) {
        const Domain* td = nullptr;
        std::string bare;
        target = lookup(to, &d, &td, &bare);
        if (target.empty() && td && (in(kBuiltinGroups, bare) || in(kBuiltinUsers, bare)))
          target = resolve(*ace.get("to"), to, &d, "target");
        if (target.empty()) target = to.find('\\') == std::string::npos ? d.netbios + "\\" + to : to;
      }
      grant(source, "ad:" + right + ":" + target, right + " on " + target, in(kPrivilegedRights, right),
            {{"inheritance", r_.string(ace, "inheritance").value_or("")}, {"ace", ace.key}});
    }
}

void LabReader::map_host(const JsonNode& h) {
  const std::string hostname = r_.string(h, "hostname").value_or(h.key);
  const Domain* home = domain_named(r_.string(h, "domain").value_or(""));
  if (!home) return;
  const std::string where = fmt::format("host `{}`", h.key);
  for (const JsonNode& m : h.children) {
    if (secret(m) || one_of(m.key, {"hostname", "type", "domain", "path", "use_laps", "local_groups", "mssql"}))
      continue;
    if (one_of(m.key, {"Remote Desktop Users", "Administrators"}))
      unmapped(m, where, "a local group outside `local_groups`, which GOAD's provisioning does not apply");
    else if (one_of(m.key, {"vulns", "vulns_vars", "security", "security_vars", "scripts"}))
      unmapped(m, where, "lab provisioning (vulnerabilities, hardening, scripts, shares), not access state");
    else
      unmapped(m, where, "not mapped");
  }
  if (const JsonNode* lg = r_.member(h, "local_groups", Kind::object))
    for (const JsonNode& g : lg->children) {
      const std::string ent = "host:" + hostname + ":" + g.key;
      for (const JsonNode* m : r_.strings(*lg, g.key)) {
        const std::string id =
            resolve(*m, m->text, home, fmt::format("member of local group `{}` on `{}`", g.key, hostname));
        if (!id.empty())
          grant(id, ent, fmt::format("member of local group {} on {}", g.key, hostname),
                lower_ascii(g.key) == "administrators");
      }
    }
  if (const JsonNode* sql = r_.member(h, "mssql", Kind::object)) {
    for (const JsonNode* m : r_.strings(*sql, "sysadmins")) {
      const std::string id = resolve(*m, m->text, home, fmt::format("MSSQL sysadmin on `{}`", hostname));
      if (!id.empty()) grant(id, "mssql:" + hostname + ":sysadmin", "MSSQL sysadmin on " + hostname, true);
    }
    for (const JsonNode& m : sql->children) {
      if (m.key == "sysadmins" || secret(m)) continue;
      if (m.key == "executeaslogin" || m.key == "executeasuser") {
        for (const JsonNode& e : m.children)
          unmapped(e, fmt::format("MSSQL `{}` on `{}`", m.key, hostname), "impersonation (EXECUTE AS) is not mapped");
      } else if (m.key == "linked_servers") {
        for (const JsonNode& e : m.children)
          unmapped(e, fmt::format("MSSQL linked servers on `{}`", hostname),
                   "linked-server login mappings are not mapped");
      } else {
        unmapped(m, fmt::format("MSSQL on `{}`", hostname),
                 m.key == "svcaccount" ? "the service account running MSSQL is not mapped" : "not mapped");
      }
    }
  }
}

}  // namespace

bool import_ad_lab(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.inputs.size() != 1) {
    diags.error("M0102", SourcePos{}, "the ad-lab importer reads exactly one file (a GOAD lab `config.json`)");
    return false;
  }
  JsonNode doc;
  if (!load_json_file(options.inputs[0], "M08", doc, diags)) return false;
  JsonReader r(options.inputs[0], "M08", diags);
  LabReader reader(r, out);
  reader.read(doc);
  if (r.failed()) {
    diags.sort_by_file_order(options.inputs);  // found in reading order, not by line
    return false;
  }
  return true;
}

}  // namespace ward::import
