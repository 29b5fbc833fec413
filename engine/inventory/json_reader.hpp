// Reading the JSON form of an inventory (inventory.md, "JSON form"): one
// object whose keys are table names, each an array of row objects whose
// values are strings, booleans or null. Duplicate keys, numbers, arrays or
// objects as values, lone surrogates and `\u0000` are errors; every error
// names the line of the offending value (or the row's `{` for a missing key).
#pragma once

#include <string_view>
#include <vector>

#include "inventory/raw_table.hpp"

namespace ward {

// Appends one RawTable per top-level key of the document, in document order.
// Returns false if the document could not be read to the end (syntax or
// structure error); all tables are then marked incomplete.
bool read_json(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
               Diagnostics& diags);

}  // namespace ward
