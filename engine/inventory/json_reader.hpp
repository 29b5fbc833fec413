// Reading the JSON form of an inventory (inventory.md, "JSON form"): one
// object whose keys are table names, each an array of row objects whose
// values are strings, booleans or null. Duplicate keys, numbers, arrays or
// objects as values, lone surrogates and `\u0000` are errors; every error
// names the line of the offending value (or the row's `{` for a missing key).
#pragma once

#include <string_view>
#include <vector>

#include "inventory/raw_table.hpp"
#include "ward/file_io.hpp"

namespace ward {

// Appends one RawTable per top-level key of the document, in document order.
// Returns false if the document could not be read to the end (syntax or
// structure error); all tables are then marked incomplete.
// Well-formed documents are read by a fast path (json_fast_reader.hpp) that
// gives the same result; anything it declines is read again by the slow
// path, which reports every diagnostic.
// REQUIRES (for the fast path): `pool` is fresh, nothing interned since it
// was constructed, as every load makes it; a declined fast path is undone
// by resetting the pool. Given a pool that already holds strings, read_json
// takes the slow path alone: the same result, only slower.
// `source`, when given, is the mapped file `text` lies in: pages read are
// released as the readers go (FileContents::release).
// `read_columns`: see LoadOptions::read_columns; the fast path leaves the
// columns schema::may_leave_unread allows absent, the slow path reads all.
bool read_json(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
               Diagnostics& diags, const FileContents* source = nullptr,
               const std::vector<std::string>* read_columns = nullptr);

// read_json without the fast path: the reference the fast path is tested
// against (tests/unit/json_fast_reader_test.cpp).
bool read_json_slow_path_only(std::string_view text, const std::string& path, StringPool& pool,
                              std::vector<RawTable>& out, Diagnostics& diags);

}  // namespace ward
