// Strict UTF-8 checking for inventory files (inventory.md: "UTF-8 only: the
// first invalid byte is an error at its line; NUL is an error").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ward/diagnostic.hpp"
#include "ward/file_io.hpp"

namespace ward {

struct Utf8Problem {
  std::size_t offset;  // byte offset of the first bad byte
  bool is_nul;         // a NUL byte (valid UTF-8, but never valid in an inventory)
};

// Length of the valid UTF-8 sequence starting at text[i], with its code
// point in `cp`; 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates, code points above U+10FFFF, a truncated sequence).
// REQUIRES: i < text.size().
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& cp);

// The number of '\n' in `text` (sixteen bytes at a time).
std::size_t count_line_breaks(std::string_view text);

// Where a text's line breaks are, by 1 MiB block: counted during the
// UTF-8 scan, which reads every byte anyway, so a reader can size its
// tables for the records of any part of the text (each record ends at a
// line break) without reading that part again.
class LineBreaks {
 public:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  // The number of '\n' in text[from, to) (`text` is the text counted).
  // Reads at most two blocks' worth of `text`. REQUIRES: from <= to <= text.size().
  std::size_t between(std::string_view text, std::size_t from, std::size_t to) const;

 private:
  friend std::optional<Utf8Problem> find_utf8_problem(std::string_view, const FileContents*, LineBreaks*);
  std::size_t before(std::string_view text, std::size_t offset) const;
  std::vector<std::size_t> before_block_;  // '\n' in text[0, k * kBlock), for each block k
};

// The first invalid UTF-8 sequence (overlong forms, surrogates and code
// points above U+10FFFF are invalid) or NUL byte, or nullopt if there is none.
// `source`, when given, is the mapped file `text` lies in: the scanned pages
// are released as the scan goes (see FileContents::release). `breaks`, when
// given and the text is valid, receives its line breaks.
std::optional<Utf8Problem> find_utf8_problem(std::string_view text, const FileContents* source = nullptr,
                                             LineBreaks* breaks = nullptr);

// 1-based line number of byte `offset` (counting '\n').
std::uint32_t line_of_offset(std::string_view text, std::size_t offset);

// `text` without a leading UTF-8 byte order mark, if it has one.
std::string_view without_bom(std::string_view text);

// Checks `text` (find_utf8_problem) and reports its first problem, if any,
// as error I0104 (a NUL byte) or I0103 (invalid UTF-8) at its line of
// `path`. Returns false when it reported one.
bool check_utf8(std::string_view text, const std::string& path, Diagnostics& diags, const FileContents* source = nullptr,
                LineBreaks* breaks = nullptr);

}  // namespace ward
