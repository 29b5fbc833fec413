#include "import/directory_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>
#include <unordered_map>

#include "import/json_source.hpp"
#include "inventory/utf8.hpp"

namespace ward::import {

namespace {

enum class EntryClass { other, identity, group };

struct Mapped {
  const DirectoryEntry* entry = nullptr;
  std::string id, key;
  EntryClass cls = EntryClass::other;
  const char* type = "";  // identities: employee, workload or service
  std::string name;       // displayName or cn (for groups, also the entitlement's name)
};

bool has_class(const std::vector<std::string>& classes, std::initializer_list<const char*> wanted) {
  for (const auto& c : classes)
    for (const char* w : wanted)
      if (c == w) return true;
  return false;
}

// Lower-case attribute classes used by the classification.
EntryClass classify(const std::vector<std::string>& cls, const char*& type) {
  if (has_class(cls, {"msds-managedserviceaccount", "msds-groupmanagedserviceaccount"})) {
    type = "service";
    return EntryClass::identity;
  }
  if (has_class(cls, {"computer"})) {
    type = "workload";
    return EntryClass::identity;
  }
  if (has_class(cls, {"person", "organizationalperson", "inetorgperson", "residentialperson", "user", "posixaccount",
                      "openldapperson", "pilotperson", "newpilotperson"})) {
    type = "employee";
    return EntryClass::identity;
  }
  if (has_class(cls, {"groupofnames", "groupofuniquenames", "groupofmembers", "group", "posixgroup", "groupofurls"}))
    return EntryClass::group;
  return EntryClass::other;
}

// Attributes each class maps (lower case); all others are reported.
bool attribute_used(EntryClass cls, const std::string& a) {
  static const char* const common[] = {"objectclass", "memberof", "cn", "displayname"};
  static const char* const identity[] = {"department", "departmentnumber", "manager", "whencreated",
                                         "createtimestamp", "lastlogontimestamp", "authtimestamp",
                                         "useraccountcontrol", "accountexpires", "uid"};
  static const char* const group[] = {"owner", "managedby", "description", "member", "uniquemember", "memberuid"};
  for (const char* c : common)
    if (a == c) return true;
  if (cls == EntryClass::identity)
    for (const char* c : identity)
      if (a == c) return true;
  if (cls == EntryClass::group)
    for (const char* c : group)
      if (a == c) return true;
  return false;
}

bool is_text(std::string_view v) { return !find_utf8_problem(v).has_value(); }

// An attribute description as the mapping matches it: lower case, without
// AD's `;range=low-high` option (the values of a ranged attribute are values
// of the attribute). Other options (`;lang-en`, `;binary`) stay: such values
// are not the plain attribute's.
std::string attribute_name(std::string_view description) {
  std::string a = lower_ascii(description);
  const std::size_t range = a.find(";range=");
  if (range != std::string::npos) {
    const std::size_t end = a.find(';', range + 1);
    a.erase(range, end == std::string::npos ? std::string::npos : end - range);
  }
  return a;
}

// True for `attr;range=low-high` with a high end other than `*`: the server
// sent only part of the values and the rest are not in the input.
bool partial_range(std::string_view description) {
  const std::size_t range = description.find(";range=");
  if (range == std::string_view::npos) return false;
  std::string_view r = description.substr(range + 7);
  r = r.substr(0, r.find(';'));
  return r.empty() || r.back() != '*';
}

class DirectoryMapper {
 public:
  explicit DirectoryMapper(ImportedInventory& out) : out_(out) {}

  void run(const std::vector<DirectoryEntry>& entries);

 private:
  // The first value of attribute `name` (lower case) or "".
  static std::string_view first(const DirectoryEntry& e, std::string_view name) {
    for (const auto& [a, v] : e.attributes)
      if (attribute_name(a) == name) return v;
    return {};
  }
  // A mapped value that must be UTF-8 text; otherwise it is reported and "".
  std::string text(const Mapped& m, std::string_view attribute, std::string_view value) {
    if (is_text(value)) return std::string(value);
    out_.skip(m.entry->where, fmt::format("value of `{}` on `{}`", attribute, m.id), "not UTF-8 text");
    return {};
  }
  const Mapped* resolve(std::string_view dn) const {
    auto n = normalize_dn(dn);
    if (!n) return nullptr;
    auto it = by_key_.find(dn_key(*n));
    return it == by_key_.end() ? nullptr : it->second;
  }
  // A DN-valued attribute that should name an identity (manager, owner).
  std::string identity_ref(const Mapped& m, const char* attribute, std::string_view dn) {
    if (dn.empty()) return {};
    const Mapped* r = resolve(dn);
    if (r != nullptr && r->cls == EntryClass::identity) return r->id;
    out_.skip(m.entry->where, fmt::format("{} `{}` of `{}`", attribute, dn, m.id),
              r == nullptr ? "no entry with this DN in the input: left empty" : "not a person entry: left empty");
    return {};
  }
  std::string time_value(const Mapped& m, const char* attribute, std::string_view v, bool filetime);
  void identity(const Mapped& m);
  void group(const Mapped& m);
  void edges(const Mapped& m);

  ImportedInventory& out_;
  std::vector<Mapped> mapped_;
  std::unordered_map<std::string, const Mapped*> by_key_;
  std::unordered_map<std::string, const Mapped*> by_uid_;  // posixGroup memberUid -> identity (nullptr: ambiguous)
};

std::string DirectoryMapper::time_value(const Mapped& m, const char* attribute, std::string_view v, bool filetime) {
  if (v.empty()) return {};
  auto iso = filetime ? filetime_to_iso(v) : generalized_time_to_iso(v);
  if (iso) return *iso;
  out_.skip(m.entry->where, fmt::format("value `{}` of `{}` on `{}`", v, attribute, m.id),
            filetime ? "not a Windows FILETIME in years 1601..9999" : "not an LDAP GeneralizedTime");
  return {};
}

void DirectoryMapper::identity(const Mapped& m) {
  const DirectoryEntry& e = *m.entry;
  std::vector<Cell> cells{{"id", m.id}, {"type", m.type}, {"name", m.name}};
  std::string_view uac = first(e, "useraccountcontrol");
  if (!uac.empty()) {
    std::int64_t flags = 0;
    auto [p, ec] = std::from_chars(uac.data(), uac.data() + uac.size(), flags);
    if (ec != std::errc() || p != uac.data() + uac.size())
      out_.skip(e.where, fmt::format("value `{}` of `userAccountControl` on `{}`", uac, m.id), "not an integer");
    else if (flags & 0x2)  // ACCOUNTDISABLE
      cells.emplace_back("status", "suspended");
  }
  std::string_view dept = first(e, "department");
  if (dept.empty()) dept = first(e, "departmentnumber");
  cells.emplace_back("department", text(m, "department", dept));
  cells.emplace_back("manager", identity_ref(m, "manager", first(e, "manager")));
  std::string_view created = first(e, "whencreated");
  cells.emplace_back("created", time_value(m, created.empty() ? "createTimestamp" : "whenCreated",
                                           created.empty() ? first(e, "createtimestamp") : created, false));
  std::string last = time_value(m, "lastLogonTimestamp", first(e, "lastlogontimestamp"), true);
  if (last.empty()) last = time_value(m, "authTimestamp", first(e, "authtimestamp"), false);
  cells.emplace_back("last_active", last);
  cells.emplace_back("expires", time_value(m, "accountExpires", first(e, "accountexpires"), true));
  out_.add_node("identities", std::move(cells));
}

void DirectoryMapper::group(const Mapped& m) {
  const DirectoryEntry& e = *m.entry;
  std::string_view owner = first(e, "owner");
  out_.add_node("roles", {{"id", m.id},
                          {"kind", "group"},
                          {"name", m.name},
                          {"owner", identity_ref(m, "owner", owner.empty() ? first(e, "managedby") : owner)},
                          {"description", text(m, "description", first(e, "description"))}});
  out_.add_node("entitlements", {{"id", "ldap:" + m.id}, {"system", "ldap"}, {"name", m.name}});
}

void DirectoryMapper::edges(const Mapped& m) {
  std::vector<std::pair<const Mapped*, const Mapped*>> found;  // member, group
  for (const auto& [attribute, value] : m.entry->attributes) {
    const std::string a = attribute_name(attribute);
    const bool member = m.cls == EntryClass::group && (a == "member" || a == "uniquemember" || a == "memberuid");
    if (!member && a != "memberof") continue;
    const Mapped* r = nullptr;
    if (a == "memberuid") {
      auto it = by_uid_.find(value);
      r = it == by_uid_.end() ? nullptr : it->second;
    } else {
      std::string_view dn = value;
      // uniqueMember may carry an optional unique id: "dn#'0101'B".
      if (a == "uniquemember" && dn.size() > 3 && dn.back() == 'B' && dn[dn.size() - 2] == '\'') {
        const std::size_t hash = dn.rfind("#'");
        if (hash != std::string_view::npos) dn = dn.substr(0, hash);
      }
      r = resolve(dn);
    }
    const char* why = nullptr;
    if (r == nullptr)
      why = a == "memberuid" ? "no single person entry has this uid: no edge"
                             : "no entry with this DN in the input: no edge";
    else if (member && r->cls == EntryClass::other)
      why = "not a person or group entry: no edge";
    else if (!member && r->cls != EntryClass::group)
      why = "not a group entry: no edge";
    if (why != nullptr) {
      out_.skip(m.entry->where, fmt::format("{} `{}` of `{}`", attribute, value, m.id), why);
      continue;
    }
    found.emplace_back(member ? r : &m, member ? &m : r);
  }
  // Independent of attribute and value order (a live search and an LDIF
  // export of the same entries give the same edges).
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first->key, x.second->key) < std::tie(y.first->key, y.second->key);
  });
  for (const auto& [from, to] : found) out_.add_edge(from->id, to->id, "member_of");
  if (m.cls == EntryClass::group) out_.add_edge(m.id, "ldap:" + m.id, "grants");
}

void DirectoryMapper::run(const std::vector<DirectoryEntry>& entries) {
  mapped_.reserve(entries.size());
  for (const DirectoryEntry& e : entries) {
    // Secrets first, for every entry (also those skipped below): named, never copied.
    std::vector<std::string> named;
    for (const auto& attribute : e.attributes) {
      if (!is_directory_secret(attribute.first)) continue;
      const std::string a = lower_ascii(attribute.first);
      if (std::find(named.begin(), named.end(), a) != named.end()) continue;
      named.push_back(a);
      out_.skip(e.where, fmt::format("attribute `{}` of `{}`", attribute.first, e.dn), "secrets are never copied");
    }
    std::optional<std::string> id = normalize_dn(e.dn);
    if (id && !is_text(*id)) id.reset();  // also `\FF` escapes: ids must be UTF-8 text
    if (!id || id->empty()) {
      out_.skip(e.where, fmt::format("entry `{}`", e.dn),
                id ? "the root DSE (empty DN) is not a person or group" : "the DN is not a well-formed UTF-8 DN");
      continue;
    }
    Mapped m;
    m.entry = &e;
    m.key = dn_key(*id);
    m.id = std::move(*id);
    mapped_.push_back(std::move(m));
  }
  std::stable_sort(mapped_.begin(), mapped_.end(), [](const Mapped& a, const Mapped& b) { return a.key < b.key; });

  std::vector<std::pair<std::string, std::size_t>> unmapped;  // attribute as first written, values
  std::map<std::string, std::size_t> unmapped_index;          // lower-case attribute -> index in `unmapped`
  std::vector<const DirectoryEntry*> unmapped_where;
  for (Mapped& m : mapped_) {
    const DirectoryEntry& e = *m.entry;
    auto [it, fresh] = by_key_.emplace(m.key, &m);
    if (!fresh) {
      const SourcePos& first_at = it->second->entry->where;
      out_.skip(e.where, fmt::format("duplicate entry `{}` (first at {}:{})", e.dn, first_at.file, first_at.line),
                "one entry per DN: the first is kept");
      m.entry = nullptr;
      continue;
    }
    std::vector<std::string> classes;
    for (const auto& [a, v] : e.attributes)
      if (lower_ascii(a) == "objectclass") classes.push_back(lower_ascii(v));
    m.cls = classify(classes, m.type);
    if (m.cls == EntryClass::other) {
      std::string shown;
      for (const auto& [a, v] : e.attributes)
        if (lower_ascii(a) == "objectclass") shown += (shown.empty() ? "" : ", ") + v;
      out_.skip(e.where, fmt::format("entry `{}` (objectClass {})", e.dn, shown.empty() ? "none" : shown),
                "not a person, account or group");
      continue;
    }
    std::string_view name = first(e, "displayname");
    m.name = name.empty() ? text(m, "cn", first(e, "cn")) : text(m, "displayName", name);
    std::vector<std::string> partial;
    for (const auto& [a, v] : e.attributes)
      if (partial_range(a) && std::find(partial.begin(), partial.end(), a) == partial.end()) {
        partial.push_back(a);
        out_.skip(e.where, fmt::format("attribute `{}` of `{}`", a, m.id),
                  "only part of the values (AD range retrieval): the others are not in the input");
      }
    for (const auto& [a, v] : e.attributes) {
      const std::string lower = attribute_name(a);
      if (attribute_used(m.cls, lower) || is_directory_secret(a)) continue;
      auto [u, added] = unmapped_index.emplace(lower, unmapped.size());
      if (added) {
        unmapped.emplace_back(a, 0);
        unmapped_where.push_back(&e);
      }
      ++unmapped[u->second].second;
    }
  }
  mapped_.erase(std::remove_if(mapped_.begin(), mapped_.end(), [](const Mapped& m) { return m.entry == nullptr; }),
                mapped_.end());
  by_key_.clear();  // rebuilt: erase() moved the elements
  for (const Mapped& m : mapped_) {
    by_key_.emplace(m.key, &m);
    if (m.cls != EntryClass::identity) continue;
    for (const auto& [a, v] : m.entry->attributes)
      if (lower_ascii(a) == "uid") {
        auto [it, fresh] = by_uid_.emplace(v, &m);
        if (!fresh && it->second != &m) it->second = nullptr;
      }
  }

  std::size_t identities = 0, groups = 0;
  for (const Mapped& m : mapped_) {
    if (m.cls == EntryClass::identity) {
      ++identities;
      identity(m);
    } else if (m.cls == EntryClass::group) {
      ++groups;
      group(m);
    }
  }
  for (const Mapped& m : mapped_)
    if (m.cls != EntryClass::other) edges(m);

  for (std::size_t k = 0; k < unmapped.size(); ++k) {
    const bool url = lower_ascii(unmapped[k].first) == "memberurl";
    out_.skip(unmapped_where[k]->where,
              fmt::format("attribute `{}` ({} value{}, first here)", unmapped[k].first, unmapped[k].second,
                          unmapped[k].second == 1 ? "" : "s"),
              url ? "dynamic membership is computed by the server; only `member` values in the input are mapped"
                  : "not part of the inventory model");
  }
  out_.note(fmt::format("{} directory entries: {} identities, {} groups", mapped_.size(), identities, groups));
  out_.note("ids are DNs in normal form (attribute types in lower case, no spaces around `,` and `=`, minimal "
            "escapes); references to other entries match case-insensitively");
  out_.note("people are identities of type `employee` (a directory does not say employee or contractor); AD "
            "computers are `workload`, managed service accounts `service`; a disabled account "
            "(userAccountControl 0x2) is `suspended`");
  out_.note("each group is a role of kind `group` and grants one entitlement `ldap:<group id>`: membership of "
            "the group is the access it gives");
}

}  // namespace

void map_directory(const std::vector<DirectoryEntry>& entries, ImportedInventory& out) {
  DirectoryMapper(out).run(entries);
}

}  // namespace ward::import
