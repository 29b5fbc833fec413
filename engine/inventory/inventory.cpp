#include "ward/inventory.hpp"

#include <algorithm>

namespace ward {

namespace {
template <std::size_t N>
std::string_view name_of(const std::string_view (&names)[N], std::size_t i) {
  return i < N ? names[i] : std::string_view("?");
}
constexpr std::string_view kKinds[] = {"identity", "role", "group", "entitlement"};
constexpr std::string_view kTypes[] = {"employee", "contractor", "service", "api_key", "token", "workload"};
constexpr std::string_view kStatuses[] = {"active", "suspended", "terminated"};
constexpr std::string_view kRelations[] = {"member_of", "grants"};
constexpr std::string_view kSeverities[] = {"low", "medium", "high", "critical"};
constexpr std::string_view kDecisions[] = {"keep", "revoke"};
}  // namespace

std::string_view to_string(NodeKind k) { return name_of(kKinds, static_cast<std::size_t>(k)); }
std::string_view to_string(IdentityType t) { return name_of(kTypes, static_cast<std::size_t>(t)); }
std::string_view to_string(Status s) { return name_of(kStatuses, static_cast<std::size_t>(s)); }
std::string_view to_string(Relation r) { return name_of(kRelations, static_cast<std::size_t>(r)); }
std::string_view to_string(Severity s) { return name_of(kSeverities, static_cast<std::size_t>(s)); }
std::string_view to_string(Decision d) { return name_of(kDecisions, static_cast<std::size_t>(d)); }

std::optional<Severity> parse_severity(std::string_view s) {
  for (std::size_t i = 0; i < std::size(kSeverities); ++i)
    if (kSeverities[i] == s) return static_cast<Severity>(i);
  return std::nullopt;
}

int Table::column(std::string_view name) const {
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return static_cast<int>(c);
  return -1;
}

NodeKind Inventory::kind(NodeId n) const {
  if (n < identity_count) return NodeKind::identity;
  if (n < identity_count + role_count) return role_is_group[n - identity_count] ? NodeKind::group : NodeKind::role;
  return NodeKind::entitlement;
}

std::size_t Inventory::node_table(NodeId n) const {
  if (n < identity_count) return kIdentities;
  if (n < identity_count + role_count) return kRoles;
  return kEntitlements;
}

std::size_t Inventory::node_row(NodeId n) const {
  if (n < identity_count) return n;
  if (n < identity_count + role_count) return n - identity_count;
  return n - identity_count - role_count;
}

NodeId Inventory::find_node(std::string_view id) const {
  StrId s = strings.find(id);
  return s == StringPool::kNotFound ? kNoNode : node_of(s);
}


}  // namespace ward
