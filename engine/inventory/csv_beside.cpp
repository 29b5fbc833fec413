#include "inventory/csv_beside.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "inventory/csv_reader.hpp"
#include "inventory/utf8.hpp"

namespace ward {

namespace {

constexpr std::size_t kBlock = 4096;

// Length of the longest common prefix of a and b.
std::size_t common_prefix(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i + kBlock <= n && std::memcmp(a.data() + i, b.data() + i, kBlock) == 0) i += kBlock;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Length of the longest common suffix of a and b, at most `limit`.
std::size_t common_suffix(std::string_view a, std::string_view b, std::size_t limit) {
  std::size_t i = 0;
  while (i + kBlock <= limit &&
         std::memcmp(a.data() + a.size() - i - kBlock, b.data() + b.size() - i - kBlock, kBlock) == 0)
    i += kBlock;
  while (i < limit && a[a.size() - 1 - i] == b[b.size() - 1 - i]) ++i;
  return i;
}

// Line breaks in t[from, to).
std::uint32_t line_breaks(std::string_view t, std::size_t from, std::size_t to) {
  return static_cast<std::uint32_t>(count_line_breaks(t.substr(from, to - from)));
}

template <typename To, typename From>
void append_range(To& to, const From& from, std::size_t first, std::size_t last) {
  to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(first), from.begin() + static_cast<std::ptrdiff_t>(last));
}

}  // namespace

std::size_t unshared_bytes(std::string_view text, std::string_view other_text) {
  const std::size_t prefix = common_prefix(text, other_text);
  const std::size_t limit = std::min(text.size(), other_text.size()) - prefix;
  return text.size() - prefix - common_suffix(text, other_text, limit);
}

bool read_csv_beside(std::string_view text, std::string_view other_text, const Table& other, StringPool& pool,
                     RawTable& out, bool* identical) {
  if (identical != nullptr) *identical = false;
  const bool same_size = text.size() == other_text.size();
  text = without_bom(text);
  other_text = without_bom(other_text);
  const auto& lines = other.lines;
  const std::size_t rows = other.rows(), width = other.columns.size();
  if (rows == 0 || width == 0 || other.cells.size() != rows * width) return false;
  if (out.table.hash_rows && other.row_hashes.size() != rows) return false;

  // The shared start: the records that end before the first differing byte.
  // Rows [0, prefix_rows) are the same in both texts; the records between
  // start at `mid_start`, the start of the line of row `prefix_rows`, which
  // (being before any difference) is where a record starts in both.
  const std::size_t differs_at = common_prefix(text, other_text);
  // (Same raw size and same size without a BOM: both have one or neither.)
  const bool same_bytes = same_size && text.size() == other_text.size() && differs_at == text.size();
  const std::size_t break_before = differs_at == 0 ? std::string_view::npos : other_text.rfind('\n', differs_at - 1);
  const std::size_t line_start = break_before == std::string_view::npos ? 0 : break_before + 1;
  const std::uint32_t line_at = 1 + line_breaks(other_text, 0, line_start);
  const std::size_t starting_by = static_cast<std::size_t>(std::upper_bound(lines.begin(), lines.end(), line_at) - lines.begin());
  if (starting_by == 0) return false;  // the texts differ in the header or before the first record
  const std::size_t prefix_rows = starting_by - 1;
  const std::uint32_t mid_line = lines[prefix_rows];
  std::size_t mid_start = line_start;
  for (std::uint32_t l = line_at; l > mid_line; --l) {  // back to the start of the row's line
    const std::size_t previous = mid_start >= 2 ? other_text.rfind('\n', mid_start - 2) : std::string_view::npos;
    mid_start = previous == std::string_view::npos ? 0 : previous + 1;
  }

  // The shared end: the records that start after a line break both texts
  // share. Rows [suffix_row, rows) of `other` start at `other_end` there.
  const std::size_t limit = std::min(text.size(), other_text.size()) - mid_start;
  const std::size_t same_from = other_text.size() - common_suffix(other_text, text, limit);
  std::size_t suffix_row = rows, other_end = other_text.size();
  if (const std::size_t br = other_text.find('\n', same_from); br != std::string_view::npos && br + 1 < other_text.size()) {
    const std::uint32_t after_line = mid_line + line_breaks(other_text, mid_start, br + 1);
    suffix_row = static_cast<std::size_t>(
        std::lower_bound(lines.begin() + static_cast<std::ptrdiff_t>(prefix_rows), lines.end(), after_line) - lines.begin());
    if (suffix_row < rows) {
      other_end = br + 1;
      for (std::uint32_t l = after_line; l < lines[suffix_row]; ++l) other_end = other_text.find('\n', other_end) + 1;
    }
  }
  const std::size_t mid_end = text.size() - (other_text.size() - other_end);

  // Built aside, so `out` stays as it was unless all goes well: the shared
  // start, the records between parsed straight after it (any problem, and
  // read_csv reads the file), the shared end.
  const std::string_view region = text.substr(mid_start, mid_end - mid_start);
  if (find_utf8_problem(region)) return false;
  Table t;
  t.name = out.table.name;
  t.file = out.table.file;
  t.hash_rows = out.table.hash_rows;
  t.columns = other.columns;
  append_range(t.cells, other.cells, 0, prefix_rows * width);
  append_range(t.lines, lines, 0, prefix_rows);
  if (t.hash_rows) append_range(t.row_hashes, other.row_hashes, 0, prefix_rows);
  Diagnostics quiet(1);
  std::uint32_t middle_breaks = 0;
  if (!read_csv_records(region, mid_line, width, pool, t, out.path, quiet, middle_breaks, suffix_row == rows))
    return false;
  append_range(t.cells, other.cells, suffix_row * width, other.cells.size());
  if (suffix_row < rows) {
    const std::int64_t shift = static_cast<std::int64_t>(mid_line) + middle_breaks - lines[suffix_row];
    for (std::size_t r = suffix_row; r < rows; ++r) t.lines.push_back(static_cast<std::uint32_t>(lines[r] + shift));
  }
  if (t.hash_rows) append_range(t.row_hashes, other.row_hashes, suffix_row, rows);
  out.table = std::move(t);
  out.header_line = csv_header_line(text);
  out.header_read = true;
  out.complete = true;
  if (identical != nullptr) *identical = same_bytes;
  return true;
}

}  // namespace ward
