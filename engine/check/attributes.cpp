#include "check/attributes.hpp"

#include <algorithm>

namespace ward::check {

using plan::AttrRef;
using plan::T;
using plan::Type;
using A = AttrRef::Access;

namespace {

AttrSpec spec(const std::string& name, Type type, A access, const std::string& column = "") {
  AttrSpec s;
  s.name = name;
  s.type = type;
  s.ref.access = access;
  s.ref.column = column.empty() ? name : column;
  return s;
}
Type ref(T t) {
  Type x = Type::of(t);
  x.ref = true;
  return x;
}

}  // namespace

AttributeTable::AttributeTable() {
  tables_ = {"identities", "roles", "entitlements", "edges", "sod_rules", "exceptions", "reviews"};
  const Type str = Type::of(T::string), date = Type::of(T::date);
  auto& id = by_kind_["identity"];
  id = {spec("id", str, A::id),
        spec("kind", str, A::kind),
        spec("type", str, A::identity_type),
        spec("name", str, A::cell),
        spec("status", str, A::identity_status),
        spec("owner", ref(T::identity), A::cell),
        spec("department", str, A::cell),
        spec("manager", ref(T::identity), A::cell),
        spec("created", date, A::identity_date),
        spec("last_active", date, A::identity_date),
        spec("terminated", date, A::identity_date),
        spec("expires", date, A::identity_date),
        spec("purpose", str, A::cell)};
  std::vector<AttrSpec> role = {spec("id", str, A::id), spec("kind", str, A::kind), spec("name", str, A::cell),
                                spec("owner", ref(T::identity), A::cell), spec("description", str, A::cell)};
  by_kind_["role"] = role;
  by_kind_["group"] = role;
  by_kind_["entitlement"] = {spec("id", str, A::id),
                             spec("kind", str, A::kind),
                             spec("system", str, A::cell),
                             spec("name", str, A::cell),
                             spec("privileged", Type::of(T::boolean), A::privileged),
                             spec("owner", ref(T::identity), A::cell)};
  by_kind_["node"] = {spec("id", str, A::id), spec("kind", str, A::kind), spec("name", str, A::cell),
                      spec("owner", ref(T::identity), A::cell)};
  by_kind_["edge"] = {spec("from", Type::of(T::node), A::edge_from),
                      spec("to", Type::of(T::node), A::edge_to),
                      spec("relation", str, A::edge_relation),
                      spec("granted", date, A::edge_granted),
                      spec("expires", date, A::edge_expires),
                      spec("approved_by", ref(T::identity), A::edge_approved_by),
                      spec("reason", str, A::edge_reason),
                      spec("line", Type::of(T::number), A::edge_line)};
  by_kind_["table:sod_rules"] = {spec("id", str, A::cell), spec("left", ref(T::node), A::cell),
                                 spec("right", ref(T::node), A::cell),
                                 spec("severity", Type::of(T::severity), A::sod_severity),
                                 spec("description", str, A::cell)};
  by_kind_["table:exceptions"] = {spec("rule", str, A::cell), spec("identity", ref(T::identity), A::cell),
                                  spec("approved_by", ref(T::identity), A::cell), spec("expires", date, A::cell),
                                  spec("reason", str, A::cell)};
  by_kind_["table:reviews"] = {spec("identity", ref(T::identity), A::cell), spec("target", ref(T::node), A::cell),
                               spec("reviewer", ref(T::identity), A::cell), spec("date", date, A::cell),
                               spec("decision", str, A::cell)};
  for (auto& [kind, specs] : by_kind_)
    if (kind.rfind("table:", 0) == 0)
      for (auto& s : specs) s.ref.table_name = kind.substr(6);
}

std::int32_t AttributeTable::table_index(const std::string& table) {
  auto it = std::find(tables_.begin(), tables_.end(), table);
  if (it != tables_.end()) return static_cast<std::int32_t>(it - tables_.begin());
  tables_.push_back(table);
  return static_cast<std::int32_t>(tables_.size() - 1);
}

bool AttributeTable::known_table(const std::string& table) const {
  for (std::size_t k = 0; k < kKnownTableCount && k < tables_.size(); ++k)
    if (tables_[k] == table) return true;
  return by_kind_.count("table:" + table) > 0;
}

std::vector<std::string> AttributeTable::known_tables() const {
  std::vector<std::string> out(tables_.begin(), tables_.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(kKnownTableCount, tables_.size())));
  for (const auto& [k, _] : by_kind_)
    if (k.rfind("table:", 0) == 0 && std::find(out.begin(), out.end(), k.substr(6)) == out.end()) out.push_back(k.substr(6));
  return out;
}

std::string AttributeTable::key_of(const Type& owner) const {
  switch (owner.base) {
    case T::identity:
    case T::role:
    case T::group:
    case T::entitlement:
    case T::node:
    case T::edge: return plan::to_string(owner.base);
    case T::row:
      return owner.table >= 0 && static_cast<std::size_t>(owner.table) < tables_.size()
                 ? "table:" + tables_[static_cast<std::size_t>(owner.table)]
                 : "table:?";
    default: return "";
  }
}

bool AttributeTable::declare(const std::string& kind, const std::string& name, const Type& type) {
  std::vector<std::string> kinds;
  if (kind.rfind("table:", 0) == 0) {
    table_index(kind.substr(6));
    kinds = {kind};
  } else if (kind == "node") {
    kinds = {"identity", "role", "group", "entitlement", "node"};
  } else {
    kinds = {kind};
  }
  for (const auto& k : kinds) {
    auto& specs = by_kind_[k];
    if (std::any_of(specs.begin(), specs.end(), [&](const AttrSpec& s) { return s.name == name; })) return false;
  }
  for (const auto& k : kinds) {
    AttrSpec s = spec(name, type, A::cell);
    if (k.rfind("table:", 0) == 0) s.ref.table_name = k.substr(6);
    by_kind_[k].push_back(s);
  }
  // An attribute declared on identities (roles...) is also readable on `node` values when all kinds have it.
  return true;
}

const AttrSpec* AttributeTable::find(const Type& owner, const std::string& name) const {
  auto it = by_kind_.find(key_of(owner));
  if (it == by_kind_.end()) return nullptr;
  for (const auto& s : it->second)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<std::string> AttributeTable::names(const Type& owner) const {
  std::vector<std::string> out;
  auto it = by_kind_.find(key_of(owner));
  if (it != by_kind_.end())
    for (const auto& s : it->second) out.push_back(s.name);
  return out;
}

}  // namespace ward::check
