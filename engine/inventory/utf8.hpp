// Strict UTF-8 checking for inventory files (inventory.md: "UTF-8 only: the
// first invalid byte is an error at its line; NUL is an error").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ward/file_io.hpp"

namespace ward {

struct Utf8Problem {
  std::size_t offset;  // byte offset of the first bad byte
  bool is_nul;         // a NUL byte (valid UTF-8, but never valid in an inventory)
};

// The first invalid UTF-8 sequence (overlong forms, surrogates and code
// points above U+10FFFF are invalid) or NUL byte, or nullopt if there is none.
// `source`, when given, is the mapped file `text` lies in: the scanned pages
// are released as the scan goes (see FileContents::release).
std::optional<Utf8Problem> find_utf8_problem(std::string_view text, const FileContents* source = nullptr);

// 1-based line number of byte `offset` (counting '\n').
std::uint32_t line_of_offset(std::string_view text, std::size_t offset);

}  // namespace ward
