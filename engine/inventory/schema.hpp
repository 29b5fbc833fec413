// The inventory schema of ../shared/spec/inventory.md as data: which tables
// exist, which columns they have, which are required and how each is typed.
// Loaders validate against this table; the policy checker (later) reads it
// to know which attributes exist.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ward::schema {

enum class ColumnType : unsigned char {
  text,     // any string
  date,     // see ward/date.hpp
  boolean,  // true/false only
  closed,   // one of `allowed`
};

struct Column {
  std::string_view name;
  bool required;
  ColumnType type;
  std::span<const std::string_view> allowed;  // for closed columns
};

struct TableSpec {
  std::string_view name;  // without .csv
  bool required;
  std::span<const Column> columns;
};

// The seven known tables in canonical order (TableIndex in inventory.hpp).
std::span<const TableSpec> known_tables();
// The spec of a known table, or nullptr for an extra table.
const TableSpec* find_table(std::string_view name);
const Column* find_column(const TableSpec& t, std::string_view name);

// Whether a load may leave column `column` of table `table` absent (every
// cell kEmptyStr) instead of interning it, given `read`, the column names
// the caller will read in any table (LoadOptions::read_columns; null: all).
// Only a column taken as it is, with no check at load, qualifies: an
// optional text column, or one the spec does not name, of identities,
// roles, entitlements or edges (the tables whose rows only rules read; the
// other tables' text feeds the typed rows reports print). So leaving it
// absent changes neither the diagnostics nor anything a reader of `read`
// sees.
bool may_leave_unread(std::string_view table, std::string_view column, const std::vector<std::string>* read);

}  // namespace ward::schema
