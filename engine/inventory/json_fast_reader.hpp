// The fast path of the JSON inventory reader (json_reader.hpp): a
// hand-written parser for the one shape an inventory document has,
//
//   { "<table>": [ { "<column>": "<string>" | true | false | null, ... }, ... ], ... }
//
// and for well-formed documents only. The slow path (nlohmann's SAX parser)
// owns every diagnostic: the fast path reports nothing, and declines
// whatever it is not sure of, so that read_json reads that document again
// with the slow path and every error message, code and line stays its own.
//
// INVARIANT: when the fast path accepts a document, its result is the slow
// path's result for that document, exactly: the same tables in document
// order; columns in first-seen order; cells row-major, kEmptyStr for a key a
// row lacks and for null; the same StrIds (row values interned in document
// order, booleans as "true"/"false", keys and table names not interned);
// cell_lines with the line of each value plus kCellWasBool for booleans, 0
// for a key a row lacks; table.lines the line of each row's `{`; `complete`.
// tests/unit/json_fast_reader_test.cpp holds the two paths to this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "inventory/raw_table.hpp"
#include "ward/file_io.hpp"

namespace ward {

// Reads `text` (a JSON inventory whose BOM, if any, is already removed),
// appending one RawTable per top-level key to `out` and interning row values
// into `pool`.
//
// Accepts: whitespace (space, tab, CR, LF) between tokens; one top-level
// object whose keys are distinct table names; each an array of row objects
// whose keys are distinct within the row and whose values are strings,
// true, false or null; strings of UTF-8 text and the escapes \" \\ \/ \b \f
// \n \r \t and \uXXXX (surrogate pairs included).
//
// Returns false -- declines -- on anything else: a syntax error, a number,
// an array or object as a value, a duplicate table name or row key, a lone
// or reversed surrogate, `\u0000`, a raw control character or invalid UTF-8
// in a string, a top level that is not an object, text after it. `out` and
// `pool` then hold part of the document, which the caller discards.
// INVARIANT: declines every text with invalid UTF-8 or a NUL byte anywhere
// (in a string, between tokens, after the document): outside strings only
// whitespace, the structural characters and the three literals are
// accepted, and strings are validated. read_json relies on it to run its
// UTF-8 check only before the slow path.
// `source`, when given, is the mapped file `text` lies in: the pages read are
// released as the reader goes (FileContents::release; a later reread of
// the text, by the slow path, stays correct).
//
// A text of `parallel_above` bytes or more is read by two threads, the
// second from a row near the middle (json_fast_reader.cpp); the result is
// the one a single reader gives, ids, lines and column order included.
// (With `read_columns`, one exception: the second reader learns its table
// from its first row, which therefore keeps the cells of columns left
// absent in the others; nothing reads them.)
constexpr std::size_t kJsonParallelBytes = 32u << 20;
// `read_columns`: see LoadOptions::read_columns; columns
// schema::may_leave_unread allows are left absent.
bool read_json_fast(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
                    const FileContents* source = nullptr, std::size_t parallel_above = kJsonParallelBytes,
                    const std::vector<std::string>* read_columns = nullptr);

}  // namespace ward
