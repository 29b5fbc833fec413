// Reading a CSV file that is another snapshot of a file already read (the
// baseline of a change, which a commit touches in a few lines): the records
// both texts share at their start and at their end are taken from the
// table the other snapshot gave, and only the records between are parsed.
#pragma once

#include <string_view>

#include "inventory/raw_table.hpp"

namespace ward {

// Reads `text` into `out` (whose path, name, file and hash_rows are set)
// taking what it shares with `other_text`, which read_csv read into
// `other` without a single diagnostic. `pool` must hold every id of
// `other` (a clone of its pool, say); new cells are interned there.
// On success `out` holds what read_csv(text) would give, row for row: the
// same columns, cell strings, lines and row hashes (only the ids' numbering
// may differ). Returns false, leaving `out` as it was, when the texts share
// too little or the records between are not plain to read (any problem
// read_csv would report): the caller then reads the file with read_csv.
// `identical`, when given, is set to whether the two texts are the same bytes.
// Bytes of `text` outside its longest common prefix and suffix with
// `other_text`: about what read_csv_beside would have to parse.
std::size_t unshared_bytes(std::string_view text, std::string_view other_text);

bool read_csv_beside(std::string_view text, std::string_view other_text, const Table& other, StringPool& pool,
                     RawTable& out, bool* identical = nullptr);

}  // namespace ward
