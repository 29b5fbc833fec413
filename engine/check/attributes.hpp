// Which attributes each kind of value has (the inventory schema as the
// policy language sees it), plus attributes a policy declares with
// `attribute identity.location: string`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace ward::check {

struct AttrSpec {
  std::string name;
  plan::Type type;
  plan::AttrRef ref;
};

class AttributeTable {
 public:
  AttributeTable();

  // Declares `kind.name: type` (kind: identity, role, group, entitlement,
  // edge, or a table name for rows). Returns false if it already exists.
  bool declare(const std::string& kind, const std::string& name, const plan::Type& type);

  // The attribute `name` of a value of type `owner`, or nullptr.
  const AttrSpec* find(const plan::Type& owner, const std::string& name) const;
  // Every attribute name of `owner`, for "did you mean".
  std::vector<std::string> names(const plan::Type& owner) const;

  // Index of a known or declared table (TableIndex for the seven known
  // ones); registers an extra table name on first use.
  std::int32_t table_index(const std::string& table);
  // A table the checker knows: one of the seven, or one with declared attributes.
  bool known_table(const std::string& table) const;
  std::vector<std::string> known_tables() const;
  const std::string& table_name(std::int32_t index) const { return tables_[static_cast<std::size_t>(index)]; }

 private:
  std::string key_of(const plan::Type& owner) const;
  std::map<std::string, std::vector<AttrSpec>> by_kind_;
  std::vector<std::string> tables_;
};

}  // namespace ward::check
