// RawTable: a table as a reader produced it, before schema validation.
// Both the CSV and the JSON reader produce these, so validation and graph
// building are written once and "both forms give the same graph" holds by
// construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ward/inventory.hpp"

namespace ward {

// Flags in RawTable::cell_lines (JSON only).
constexpr std::uint32_t kCellWasBool = 0x80000000u;   // the value was a JSON boolean
constexpr std::uint32_t kCellReported = 0x40000000u;  // the value was already reported as an error
constexpr std::uint32_t kCellLineMask = ~(kCellWasBool | kCellReported);

struct RawTable {
  Table table;
  std::string path;  // display path of the file, for diagnostics
  // JSON only, parallel to table.cells: line of each value; 0 means the row
  // had no such key (errors then point at the row's `{`). Empty for CSV,
  // where every error points at the record's first line.
  // The top bits of a cell_lines entry are flags (kCellLineMask keeps the line).
  std::vector<std::uint32_t> cell_lines;
  bool from_json = false;
  std::uint32_t header_line = 1;  // CSV: line of the header record (blank lines may precede it)
  bool header_read = true;        // false: the file failed before its header was read
  // False when the file could not be read or parsed; its rows are then
  // incomplete and checks that need the whole table (unknown nodes) are skipped.
  bool complete = true;
  bool present = true;  // false: optional table with no file
};

// Validates raw tables against the schema and builds the typed inventory.
// Every problem is added to `diags`; returns nullptr if any error was found.
// REQUIRES: `pool` holds every StrId used in `tables`; `files` lists what was read.
std::unique_ptr<Inventory> build_inventory(StringPool pool, std::vector<SourceFile> files,
                                           std::vector<RawTable> tables, Diagnostics& diags);

}  // namespace ward
