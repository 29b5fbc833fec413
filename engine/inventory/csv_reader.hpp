// Strict RFC 4180 CSV reading (inventory.md, "Clarifications"): quoted fields
// may span lines and hold `""`; a `"` inside an unquoted field, text after a
// closing quote, or a bare CR outside quotes is an error; fully empty lines
// are skipped; cells are verbatim (no trimming); CRLF and a leading UTF-8 BOM
// are accepted. Errors are reported at the line where the record starts (for
// an unterminated quote, where the quote opens).
#pragma once

#include <string>
#include <string_view>

#include "inventory/raw_table.hpp"
#include "ward/file_io.hpp"

namespace ward {

// Reads `text` (the whole file) into `out.table` (columns from the header,
// cells interned in `pool`, one line number per record). Checks UTF-8 first.
// Returns false after a problem that makes the rest of the file unreadable
// (bad encoding, a syntax error, a bad header); `out.complete` is then false.
// A record with the wrong number of fields is reported and skipped.
// `source`, when given, is the mapped file `text` lies in: pages are
// released behind the reader as it goes, so a large file never sits in
// memory whole. `read_columns`: see LoadOptions::read_columns; columns
// schema::may_leave_unread allows are left absent.
bool read_csv(std::string_view text, StringPool& pool, RawTable& out, Diagnostics& diags,
              const FileContents* source = nullptr, const std::vector<std::string>* read_columns = nullptr);

// The line of the header record of `text` (a BOM already removed): blank
// lines may precede it, as read_csv reads them.
std::uint32_t csv_header_line(std::string_view text);

// Reads the data records of `region`, a run of whole records cut from a
// file (it starts where a record starts and is empty, ends with the line
// break that ends its last record, or `ends_file`), whose first line is
// line `first_line` of the file. Appends them to `table` (cells interned in `pool`, lines as
// lines of the file, row hashes when table.hash_rows), as read_csv would.
// Returns false, with `diags` saying why (at lines counted from the
// region's start), if any record is malformed or has other than `width`
// cells, or a quoted field does not close in it.
// Sets `lines_in_region` to the number of line breaks it holds.
bool read_csv_records(std::string_view region, std::uint32_t first_line, std::size_t width, StringPool& pool,
                      Table& table, const std::string& path, Diagnostics& diags, std::uint32_t& lines_in_region,
                      bool ends_file);

}  // namespace ward
