// The inventory schema of ../shared/spec/inventory.md as data: which tables
// exist, which columns they have, which are required and how each is typed.
// Loaders validate against this table; the policy checker (later) reads it
// to know which attributes exist.
#pragma once

#include <span>
#include <string_view>

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

}  // namespace ward::schema
