#include "inventory/schema.hpp"

#include <algorithm>
#include <array>

namespace ward::schema {

namespace {

using T = ColumnType;
constexpr std::array<std::string_view, 6> kTypes = {"employee", "contractor", "service", "api_key", "token", "workload"};
constexpr std::array<std::string_view, 3> kStatuses = {"active", "suspended", "terminated"};
constexpr std::array<std::string_view, 2> kKinds = {"role", "group"};
constexpr std::array<std::string_view, 2> kRelations = {"member_of", "grants"};
constexpr std::array<std::string_view, 4> kSeverities = {"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 2> kDecisions = {"keep", "revoke"};

constexpr Column kIdentityColumns[] = {
    {"id", true, T::text, {}},           {"type", true, T::closed, kTypes},
    {"name", false, T::text, {}},        {"status", false, T::closed, kStatuses},
    {"owner", false, T::text, {}},       {"department", false, T::text, {}},
    {"manager", false, T::text, {}},     {"created", false, T::date, {}},
    {"last_active", false, T::date, {}}, {"terminated", false, T::date, {}},
    {"expires", false, T::date, {}},     {"purpose", false, T::text, {}},
};
constexpr Column kRoleColumns[] = {
    {"id", true, T::text, {}},    {"kind", false, T::closed, kKinds},      {"name", false, T::text, {}},
    {"owner", false, T::text, {}}, {"description", false, T::text, {}},
};
constexpr Column kEntitlementColumns[] = {
    {"id", true, T::text, {}},           {"system", false, T::text, {}}, {"name", false, T::text, {}},
    {"privileged", false, T::boolean, {}}, {"owner", false, T::text, {}},
};
constexpr Column kEdgeColumns[] = {
    {"from", true, T::text, {}},         {"to", true, T::text, {}},      {"relation", true, T::closed, kRelations},
    {"granted", false, T::date, {}},     {"expires", false, T::date, {}}, {"approved_by", false, T::text, {}},
    {"reason", false, T::text, {}},
};
constexpr Column kSodColumns[] = {
    {"id", true, T::text, {}},   {"left", true, T::text, {}}, {"right", true, T::text, {}},
    {"severity", false, T::closed, kSeverities}, {"description", false, T::text, {}},
};
constexpr Column kExceptionColumns[] = {
    {"rule", true, T::text, {}},       {"identity", true, T::text, {}}, {"approved_by", true, T::text, {}},
    {"expires", true, T::date, {}},    {"reason", false, T::text, {}},
};
constexpr Column kReviewColumns[] = {
    {"identity", true, T::text, {}}, {"target", true, T::text, {}}, {"reviewer", true, T::text, {}},
    {"date", true, T::date, {}},     {"decision", true, T::closed, kDecisions},
};

constexpr TableSpec kTables[] = {
    {"identities", true, kIdentityColumns}, {"roles", false, kRoleColumns},
    {"entitlements", true, kEntitlementColumns}, {"edges", true, kEdgeColumns},
    {"sod_rules", false, kSodColumns},      {"exceptions", false, kExceptionColumns},
    {"reviews", false, kReviewColumns},
};

}  // namespace

std::span<const TableSpec> known_tables() { return kTables; }

const TableSpec* find_table(std::string_view name) {
  for (const auto& t : kTables)
    if (t.name == name) return &t;
  return nullptr;
}

const Column* find_column(const TableSpec& t, std::string_view name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

bool may_leave_unread(std::string_view table, std::string_view column, const std::vector<std::string>* read) {
  if (read == nullptr || std::find(read->begin(), read->end(), column) != read->end()) return false;
  if (table != "identities" && table != "roles" && table != "entitlements" && table != "edges") return false;
  const TableSpec* spec = find_table(table);
  const Column* c = spec == nullptr ? nullptr : find_column(*spec, column);
  return c == nullptr || (c->type == ColumnType::text && !c->required);
}

}  // namespace ward::schema
