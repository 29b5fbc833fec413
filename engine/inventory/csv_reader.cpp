#include "inventory/csv_reader.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <functional>
#include <span>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <fmt/format.h>

#include "inventory/half_merge.hpp"
#include "inventory/schema.hpp"
#include "inventory/utf8.hpp"
#include "ward/same_bytes.hpp"

namespace ward {

namespace {

// The offset of the first `,`, LF, `"` or CR in p[i, n), or n. Eight bytes
// at a time (the zero-byte trick on the word XORed with each character):
// unquoted cells are where the tokenizer spends its time.
inline std::size_t find_special(const char* p, std::size_t i, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  auto bytes_equal_to = [](std::uint64_t w, unsigned char c) {
    const std::uint64_t x = w ^ (kOnes * c);
    return (x - kOnes) & ~x & kHighs;  // the lowest set bit marks the first match exactly
  };
  static_assert(std::endian::native == std::endian::little, "the lowest set bit is the first byte");
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t hits = bytes_equal_to(w, ',') | bytes_equal_to(w, '\n') | bytes_equal_to(w, '"') |
                               bytes_equal_to(w, '\r');
    if (hits != 0) return i + (static_cast<std::size_t>(__builtin_ctzll(hits)) >> 3);
  }
  for (; i < n; ++i) {
    const char c = p[i];
    if (c == ',' || c == '\n' || c == '"' || c == '\r') return i;
  }
  return n;
}

// The 64 bytes at p as a bit mask of where their cells end (bit k for
// p[k]): each `,`, LF, and CR followed by LF. False when any of them is `"`
// or a CR without an LF after it in the block, which the byte-at-a-time
// path handles. One mask serves every unquoted cell in those 64 bytes, so
// a cell costs a shift and a bit scan instead of a scan of its bytes.
inline bool separators_of_block(const char* p, std::uint64_t& separators) {
  std::uint64_t commas = 0, lfs = 0, crs = 0, quotes = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                cr = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    auto mask = [&](__m128i c) {
      return std::uint64_t{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)))} << (16 * k);
    };
    commas |= mask(comma);
    lfs |= mask(lf);
    crs |= mask(cr);
    quotes |= mask(quote);
  }
#else
  for (int k = 0; k < 64; ++k) {
    commas |= std::uint64_t{p[k] == ','} << k;
    lfs |= std::uint64_t{p[k] == '\n'} << k;
    crs |= std::uint64_t{p[k] == '\r'} << k;
    quotes |= std::uint64_t{p[k] == '"'} << k;
  }
#endif
  const std::uint64_t crlf = crs & (lfs >> 1);  // a CR at bit 63 counts as bare: its LF is not in view
  separators = commas | lfs | crlf;
  return (quotes | (crs & ~crlf)) == 0;
}

// Splits the text into records of raw cell views. Unquoted cells and quoted
// cells without `""` are views into the text itself; the others are decoded
// into `decoded_`, which keeps them until clear_decoded().
class CsvTokenizer {
 public:
  CsvTokenizer(std::string_view text, const std::string& path, Diagnostics& diags)
      : text_(text), path_(path), diags_(diags) {}

  // Makes next() stop before any record that starts at or after `offset`
  // (the first byte of a line). at_boundary() then tells whether the last
  // record ended exactly there (give or take blank lines), i.e. whether a
  // second tokenizer started at `offset` saw the same records.
  void stop_at(std::size_t offset) { stop_at_ = offset; }
  bool at_boundary() const { return at_boundary_; }

  // Appends the next record's cells to `fields`. Returns false at end of
  // input, at the stop offset, or on a syntax error (then `failed()` is true).
  bool next(std::vector<std::string_view>& fields, std::uint32_t& record_line) {
    if (i_ >= stop_at_) {
      at_boundary_ = i_ == stop_at_;
      return false;
    }
    // Skip fully empty lines.
    while (i_ < text_.size()) {
      if (text_[i_] == '\n') {
        ++i_;
        ++line_;
      } else if (text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') {
        i_ += 2;
        ++line_;
      } else {
        break;
      }
    }
    if (i_ >= stop_at_) {  // only blank lines between the last record and the stop offset
      at_boundary_ = true;
      return false;
    }
    if (i_ >= text_.size()) return false;
    record_line = line_;
    for (;;) {
      if (!read_field(fields, record_line)) return false;
      if (i_ >= text_.size()) return true;
      char c = text_[i_];
      if (c == ',') {
        ++i_;
        continue;
      }
      if (c == '\n') {
        ++i_;
        ++line_;
        return true;
      }
      // read_field only stops at ',', '\n', "\r\n" or the end.
      i_ += 2;
      ++line_;
      return true;
    }
  }

  bool failed() const { return failed_; }
  std::size_t position() const { return i_; }
  std::size_t bytes_left() const { return text_.size() - i_; }
  std::uint32_t line() const { return line_; }  // line of position()
  // The text read since the last call (every view into it is dead once
  // the batch holding it is interned).
  std::size_t unreleased() const { return i_ - consumed_; }  // bytes read since take_consumed()
  std::string_view take_consumed() {
    std::string_view part = text_.substr(consumed_, i_ - consumed_);
    consumed_ = i_;
    return part;
  }
  const std::string& path() const { return path_; }
  void clear_decoded() { decoded_.clear(); }

 private:
  bool fail(std::uint32_t line, const char* code, std::string message) {
    diags_.error(code, SourcePos{path_, line, 0}, std::move(message));
    failed_ = true;
    return false;
  }

  // Appends the cell at i_ and moves i_ to the byte after it. The common
  // case, an unquoted cell ending inside the block already scanned, is one
  // shift and one bit scan, inline; the rest is read_field_slow.
  bool read_field(std::vector<std::string_view>& fields, std::uint32_t record_line) {
    // (i_ < block_ wraps to a large difference; an ok block has no `"`.)
    if (block_ok_ && i_ - block_ < 64) {
      const std::uint64_t ahead = block_separators_ >> (i_ - block_);
      if (ahead != 0) {
        const auto length = static_cast<std::size_t>(__builtin_ctzll(ahead));
        fields.push_back(text_.substr(i_, length));
        i_ += length;
        return true;
      }
    }
    return read_field_slow(fields, record_line);
  }

  [[gnu::noinline]] bool read_field_slow(std::vector<std::string_view>& fields, std::uint32_t record_line) {
    const std::size_t n = text_.size();
    if (i_ < n && text_[i_] == '"') {
      const std::uint32_t quote_line = line_;
      std::size_t start = ++i_;
      bool escaped = false;
      std::size_t end;
      for (;;) {
        const void* q = std::memchr(text_.data() + i_, '"', n - i_);
        if (q == nullptr) return fail(quote_line, "I0113", "unterminated quoted field (expected a closing `\"`)");
        std::size_t pos = static_cast<const char*>(q) - text_.data();
        line_ += static_cast<std::uint32_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(i_),
                                                       text_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
        if (pos + 1 < n && text_[pos + 1] == '"') {
          escaped = true;
          i_ = pos + 2;
          continue;
        }
        end = pos;
        i_ = pos + 1;
        break;
      }
      std::string_view raw = text_.substr(start, end - start);
      if (!escaped) {
        fields.push_back(raw);
      } else {
        std::string& d = decoded_.emplace_back();
        for (std::size_t k = 0; k < raw.size(); ++k) {
          d += raw[k];
          if (raw[k] == '"') ++k;  // `""` -> `"`
        }
        fields.push_back(d);
      }
      if (i_ < n) {
        char c = text_[i_];
        if (c == '\r' && !(i_ + 1 < n && text_[i_ + 1] == '\n'))
          return fail(record_line, "I0112", "bare carriage return outside quotes (expected CRLF or LF)");
        if (c != ',' && c != '\n' && c != '\r')
          return fail(record_line, "I0111",
                      "text after a closing quote (expected `,` or the end of the line)");
      }
      return true;
    }
    const std::size_t start = i_;
    for (std::size_t at = i_;;) {
      if (at < block_ || at - block_ >= 64) {
        block_ = at;
        block_ok_ = at + 64 <= n && separators_of_block(text_.data() + at, block_separators_);
      }
      if (!block_ok_) {  // near the end, or a `"` or bare CR ahead: byte at a time from here
        i_ = find_special(text_.data(), at, n);
        break;
      }
      const std::uint64_t ahead = block_separators_ >> (at - block_);
      if (ahead != 0) {
        i_ = at + static_cast<std::size_t>(__builtin_ctzll(ahead));
        fields.push_back(text_.substr(start, i_ - start));
        return true;
      }
      at = block_ + 64;
    }
    if (i_ < n) {
      char c = text_[i_];
      if (c == '"')
        return fail(record_line, "I0110", "`\"` inside an unquoted field (quote the whole field and double the `\"`)");
      if (c == '\r' && !(i_ + 1 < n && text_[i_ + 1] == '\n'))
        return fail(record_line, "I0112", "bare carriage return outside quotes (expected CRLF or LF)");
    }
    fields.push_back(text_.substr(start, i_ - start));
    return true;
  }

  std::string_view text_;
  const std::string& path_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  std::size_t consumed_ = 0;  // take_consumed() returned text_[0, consumed_)
  std::uint32_t line_ = 1;
  bool failed_ = false;
  std::size_t stop_at_ = SIZE_MAX;
  bool at_boundary_ = false;
  std::deque<std::string> decoded_;  // stable addresses for decoded cells
  // The last 64-byte block read_field scanned: text_[block_, block_ + 64),
  // where its cells end in block_separators_, which is only used when
  // block_ok_ (the block lies inside the text, separators_of_block accepted
  // it). The mask depends on the text alone: moving i_ never invalidates it.
  std::size_t block_ = SIZE_MAX - 64;  // no block yet: every position is outside
  std::uint64_t block_separators_ = 0;
  bool block_ok_ = false;
};

// Where read_records interns cells: straight into `pool`, or, while two
// threads read halves of one file, layered over the shared pool `frozen`,
// which neither changes: ids `frozen` has are final, other strings go to
// the thread's own `pool` and their ids carry StringPool::kLayerBit until
// the merge maps them into the shared pool.
struct CellInterner {
  StringPool* pool;
  const StringPool* frozen = nullptr;
  // Not layered: the records whose strings will end up in `pool` (the
  // file's, when a second half merges into it). read_records sizes the pool
  // for them once it has seen how many new strings a record brings.
  std::size_t expected_rows = 0;
  void intern(std::span<const std::string_view> in, StrId* out) const {
    if (frozen != nullptr)
      pool->intern_batch_over(*frozen, in, out);
    else
      pool->intern_batch(in, out);
  }
};

// Where read_records writes rows: room for `capacity` rows of `width`
// cells at `cells`, their lines at `lines`, their hashes at `hashes` (null:
// rows are not hashed). Rows are written in order from row 0; `rows` is
// how many were. The room is sized from the line breaks ahead (a record
// ends at one, or at the end of the text), so the sink never grows and two
// threads can fill two parts of one table at once.
struct RowSink {
  StrId* cells = nullptr;
  std::uint32_t* lines = nullptr;
  std::uint64_t* hashes = nullptr;
  std::size_t capacity = 0;
  std::size_t rows = 0;
};

// The most records of `width` cells that `bytes` bytes holding `breaks`
// line breaks can give: each ends at a line break (the last may end the
// text instead), and each takes at least `width` bytes (its commas and its
// line break). The second bound keeps a hostile header of 300,000 columns
// over a million blank lines from sizing a table of 10^11 cells.
std::size_t records_at_most(std::size_t bytes, std::size_t breaks, std::size_t width) {
  return std::min(breaks, bytes / std::max<std::size_t>(width, 1)) + 1;
}

// Room in `table`, after its rows, for `rows` more (unwritten: Table's
// vectors leave new elements so). finish_rows() trims it to what was read.
RowSink make_room(Table& table, std::size_t width, std::size_t rows) {
  const std::size_t have = table.rows();
  table.cells.resize(table.cells.size() + rows * width);
  table.lines.resize(have + rows);
  if (table.hash_rows) table.row_hashes.resize(have + rows);
  return RowSink{table.cells.data() + have * width, table.lines.data() + have,
                 table.hash_rows ? table.row_hashes.data() + have : nullptr, rows, 0};
}

// Trims `table` to its first `rows` rows (the room make_room left unused).
void finish_rows(Table& table, std::size_t width, std::size_t rows) {
  table.cells.resize(rows * width);
  table.lines.resize(rows);
  if (table.hash_rows) table.row_hashes.resize(rows);
}

// Reads data records of `width` cells into `out` until the tokenizer
// stops. Records are tokenized into raw views a batch at a time, then
// interned together (StringPool::intern_batch overlaps the cache misses).
// Two kinds of cell skip the pool altogether: empty cells, and cells equal
// to the same column of the previous record (exports list each member's
// rows together, so `from`, `relation` and often dates repeat row after
// row; a short memcmp is much cheaper than a probe into a large table).
// Columns flagged in `unread` (empty: none) are left absent, like empty cells.
// A record with the wrong number of cells is reported, skipped and sets
// `ragged`. REQUIRES: `out` has room for every record the tokenizer yields.
void read_records(CsvTokenizer& tok, std::size_t width, const CellInterner& pool, RowSink& out, Diagnostics& diags,
                  bool& ragged, const FileContents* source, std::span<const std::uint8_t> unread = {}) {
  constexpr std::size_t kBatchRecords = 512;
  constexpr StrId kRepeat = StringPool::kNotFound;  // in `ids`: same as the cell one record up
  std::vector<std::string_view> batch, distinct;
  std::vector<StrId> ids, distinct_ids;
  batch.reserve(kBatchRecords * width + width);
  ids.reserve(kBatchRecords * width + width);
  distinct.reserve(kBatchRecords * width + width);
  distinct_ids.resize(kBatchRecords * width + width);
  bool have_previous = false;  // the batch's previous record is comparable (its views are alive)
  std::size_t batch_first_row = out.rows;
  constexpr std::size_t kReleaseStep = 8u << 20;
  // After this many batches, the pool is sized for the expected records at
  // the rate the last batch added new strings. Not from the first batch:
  // low-cardinality columns (dates, departments) still bring new strings
  // then, and a table twice too large is memory touched for nothing. An
  // estimate saves growing the table by doubling (each step touching a
  // fresh table) and a second-half merge's rehash. It is capped by the text
  // left (a string per 24 bytes, about 1.5 bytes of pool per byte of text):
  // a file whose first rows are all new and the rest repeats must not
  // reserve gigabytes it never fills.
  constexpr std::size_t kEstimateAfter = 8;
  constexpr std::size_t kBytesPerNewString = 24;
  std::size_t batches = 0;
  auto flush = [&] {
    const std::size_t pool_before = pool.pool->size();
    pool.intern(distinct, distinct_ids.data());
    const std::size_t batch_records = out.rows - batch_first_row;  // 0 in the last flush of a file ending a batch
    if (++batches == kEstimateAfter && batch_records > 0 && pool.frozen == nullptr && pool.expected_rows > out.rows) {
      const double per_record = static_cast<double>(pool.pool->size() - pool_before) / static_cast<double>(batch_records);
      const double estimate = per_record * 1.05 * static_cast<double>(pool.expected_rows - out.rows);
      const auto cap = static_cast<double>(tok.bytes_left() / kBytesPerNewString);
      pool.pool->reserve(static_cast<std::size_t>(std::min(estimate, cap)));  // clamped before the cast: no overflow
    }
    StrId* cells = out.cells + batch_first_row * width;
    std::size_t next = 0;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      StrId id = ids[k];
      cells[k] = id == kRepeat ? cells[k - width] : id == kEmptyStr ? kEmptyStr : distinct_ids[next++];
    }
    batch.clear();
    ids.clear();
    distinct.clear();
    tok.clear_decoded();
    have_previous = false;
    batch_first_row = out.rows;
    if (source != nullptr && tok.unreleased() >= kReleaseStep) source->release(tok.take_consumed());
  };
  std::uint32_t line = 0;
  for (;;) {
    const std::size_t before = batch.size();
    if (!tok.next(batch, line)) break;
    if (batch.size() - before != width) {
      ragged = true;
      diags.error("I0114", SourcePos{tok.path(), line, 0},
                  fmt::format("expected {} fields as in the header, found {}", width, batch.size() - before));
      batch.resize(before);
      continue;
    }
    if (out.rows == out.capacity) throw std::logic_error("CSV reader: more records than line breaks");
    out.lines[out.rows] = line;
    for (std::size_t c = before; c < batch.size(); ++c) {
      std::string_view v = batch[c];
      if (v.empty() || (!unread.empty() && unread[c - before] != 0)) {
        ids.push_back(kEmptyStr);
      } else if (have_previous && same_text(batch[c - width], v)) {
        ids.push_back(kRepeat);
      } else {
        ids.push_back(1);  // placeholder: interned at flush
        distinct.push_back(v);
      }
    }
    have_previous = true;
    if (out.hashes != nullptr) {
      std::uint64_t h = 0x84222325cbf29ce4ull;
      for (std::size_t c = before; c < batch.size(); ++c)
        h = (h ^ std::hash<std::string_view>{}(batch[c])) * 0x100000001b3ull + c - before;
      out.hashes[out.rows] = h;
    }
    ++out.rows;
    if (batch.size() >= kBatchRecords * width) flush();
  }
  flush();
}

// Replaces each id of `cells` by remap[id], or only the layered ones
// (kLayerBit | an id of the layer) by remap[id without the bit].
void remap_cells(StrId* cells, std::size_t count, const std::vector<StrId>& remap, bool layered) {
  if (layered) {
    for (std::size_t k = 0; k < count; ++k)
      if ((cells[k] & StringPool::kLayerBit) != 0) cells[k] = remap[cells[k] & ~StringPool::kLayerBit];
  } else {
    for (std::size_t k = 0; k < count; ++k) cells[k] = remap[cells[k]];
  }
}

}  // namespace

std::uint32_t csv_header_line(std::string_view text) {
  static const std::string kNoPath;
  Diagnostics unused(1);
  CsvTokenizer tok(text, kNoPath, unused);
  std::vector<std::string_view> fields;
  std::uint32_t line = 1;
  tok.next(fields, line);
  return line;
}

bool read_csv_records(std::string_view region, std::uint32_t first_line, std::size_t width, StringPool& pool,
                      Table& table, const std::string& path, Diagnostics& diags, std::uint32_t& lines_in_region,
                      bool ends_file) {
  lines_in_region = 0;
  if (!ends_file && !region.empty() && region.back() != '\n') return false;  // REQUIRES, checked
  CsvTokenizer tok(region, path, diags);
  const std::size_t first_row = table.rows();
  bool ragged = false;
  RowSink sink = make_room(
      table, width,
      records_at_most(region.size(), count_line_breaks(region), width));
  read_records(tok, width, CellInterner{&pool}, sink, diags, ragged, nullptr);
  finish_rows(table, width, first_row + sink.rows);
  for (std::size_t r = first_row; r < table.rows(); ++r) table.lines[r] += first_line - 1;
  lines_in_region = tok.line() - 1;
  return !tok.failed() && !ragged;
}

bool read_csv(std::string_view text, StringPool& pool, RawTable& out, Diagnostics& diags, const FileContents* source,
              const std::vector<std::string>* read_columns) {
  const std::string& path = out.path;
  out.complete = false;
  out.header_read = false;
  text = without_bom(text);
  if (text.empty()) {
    diags.error("I0102", SourcePos{path, 1, 0}, "file is empty (expected a header line)");
    return false;
  }
  LineBreaks breaks;
  if (!check_utf8(text, path, diags, source, &breaks)) return false;

  CsvTokenizer tok(text, path, diags);
  std::vector<std::string_view> fields;
  std::uint32_t line = 0;
  if (!tok.next(fields, line)) {
    if (!tok.failed())
      diags.error("I0102", SourcePos{path, 1, 0}, "file has no header line");
    return false;
  }
  out.header_line = line;
  bool header_ok = true;
  std::unordered_set<std::string_view> names;  // a hostile header may have 300,000 columns
  for (std::size_t c = 0; c < fields.size(); ++c) {
    std::string_view name = fields[c];
    if (name.empty()) {
      diags.error("I0115", SourcePos{path, line, 0}, fmt::format("empty column name in header (column {})", c + 1));
      header_ok = false;
      continue;
    }
    if (!names.insert(name).second) {
      diags.error("I0116", SourcePos{path, line, 0}, fmt::format("duplicate column `{}` in header", name));
      header_ok = false;
    }
    out.table.columns.emplace_back(name);
  }
  if (!header_ok) return false;
  out.header_read = true;

  const std::size_t width = fields.size();
  std::vector<std::uint8_t> unread;
  if (read_columns != nullptr) {
    unread.resize(width);
    for (std::size_t c = 0; c < width; ++c)
      unread[c] = schema::may_leave_unread(out.table.name, out.table.columns[c], read_columns) ? 1 : 0;
    if (std::find(unread.begin(), unread.end(), 1) == unread.end()) unread.clear();
  }
  bool ragged = false;
  const std::size_t body = tok.position();
  // Large files: parse the second half on another thread, speculatively
  // assuming a record starts at the line break nearest the middle; if the
  // first half's last record runs past it (a quoted field spanning it), the
  // guess is discarded and the first half simply continues to the end.
  constexpr std::size_t kParallelThreshold = 32u << 20;
  std::size_t split = std::string_view::npos;
  if (text.size() - body > kParallelThreshold && std::thread::hardware_concurrency() > 1) {
    split = text.find('\n', body + (text.size() - body) / 2);
    if (split != std::string_view::npos) ++split;
    if (split >= text.size()) split = std::string_view::npos;
  }
  if (split == std::string_view::npos) {
    RowSink sink =
        make_room(out.table, width, records_at_most(text.size() - body, breaks.between(text, body, text.size()), width));
    read_records(tok, width, CellInterner{&pool, nullptr, sink.capacity}, sink, diags, ragged, source, unread);
    finish_rows(out.table, width, sink.rows);
    if (tok.failed()) return false;
    out.complete = !ragged;
    return true;
  }

  // Both halves write into the table itself: the first from row 0, the
  // second from row `second_at`, past every record the first half can hold
  // (each ends at a line break, the last may run past the split). The gap
  // between them, blank lines and line breaks inside quotes, is closed
  // after; usually there is none.
  const std::size_t second_at = records_at_most(split - body, breaks.between(text, body, split), width);
  const std::size_t second_room = records_at_most(text.size() - split, breaks.between(text, split, text.size()), width);
  RowSink first_sink = make_room(out.table, width, second_at + second_room);
  first_sink.capacity = second_at;
  RowSink second_sink = first_sink;
  second_sink.cells += second_at * width;
  second_sink.lines += second_at;
  if (second_sink.hashes != nullptr) second_sink.hashes += second_at;
  second_sink.capacity = second_room;

  // Each half interns into a pool of its own. When the shared pool already
  // holds much (an edges file after the node files), both halves look up
  // in it, unchanged, and keep only what it lacks (CellInterner::frozen):
  // the merge then adds a few strings instead of every string of the
  // second half. For the first file the first half interns straight into
  // the shared pool, which nothing else reads meanwhile.
  constexpr std::size_t kLayerAbove = 1u << 16;
  const bool layered = pool.size() > kLayerAbove && pool.size() < (StringPool::kLayerBit >> 1) &&
                       text.size() < (std::size_t{StringPool::kLayerBit} >> 1);
  StringPool first_pool, second_pool;
  const CellInterner first_interner =
      layered ? CellInterner{&first_pool, &pool} : CellInterner{&pool, nullptr, second_at + second_room};
  const CellInterner second_interner =
      layered ? CellInterner{&second_pool, &pool} : CellInterner{&second_pool, nullptr, second_room};
  Diagnostics second_diags(diags.limit());
  bool second_ragged = false;
  bool second_failed = false;
  std::thread worker([&] {
    CsvTokenizer tail(text.substr(split), path, second_diags);
    read_records(tail, width, second_interner, second_sink, second_diags, second_ragged, source, unread);
    second_failed = tail.failed();
  });
  tok.stop_at(split);
  read_records(tok, width, first_interner, first_sink, diags, ragged, source, unread);
  worker.join();
  // The table as the first half alone leaves it: its rows, their ids in the
  // shared pool (the second half's rows, past them, are dropped).
  auto first_half_only = [&] {
    finish_rows(out.table, width, first_sink.rows);
    if (layered && first_pool.size() > 1)
      remap_cells(out.table.cells.data(), out.table.cells.size(), merge_into(first_pool, pool), true);
  };
  if (tok.failed()) {
    first_half_only();
    return false;
  }
  if (!tok.at_boundary()) {  // the guess was wrong: finish sequentially, over the second half's rows
    first_sink.capacity = second_at + second_room;
    tok.stop_at(SIZE_MAX);
    read_records(tok, width, first_interner, first_sink, diags, ragged, source, unread);
    first_half_only();
    if (tok.failed()) return false;
    out.complete = !ragged;
    return true;
  }
  // Merge: the first half's own strings, then the second half's, into the
  // shared pool (so ids come out as if one reader had read the file); then,
  // on two threads, each half's cells are mapped to the shared ids and the
  // second half's rows move down to follow the first's, their lines
  // shifted. Lines before `split` come from the first reader's count rather
  // than by reading the (already released) first half again.
  const std::size_t first_rows = first_sink.rows, second_rows = second_sink.rows;
  const std::vector<StrId> first_remap = layered && first_pool.size() > 1 ? merge_into(first_pool, pool)
                                                                          : std::vector<StrId>{};
  const std::vector<StrId> second_remap = merge_into(second_pool, pool);
  const auto line_offset = tok.line() - 1 - static_cast<std::uint32_t>(breaks.between(text, split, std::max(tok.position(), split)));
  {
    std::jthread mover([&] {
      remap_cells(second_sink.cells, second_rows * width, second_remap, layered);
      for (std::size_t r = 0; r < second_rows; ++r) second_sink.lines[r] += line_offset;
      if (first_rows != second_at) {
        std::memmove(first_sink.cells + first_rows * width, second_sink.cells, second_rows * width * sizeof(StrId));
        std::memmove(first_sink.lines + first_rows, second_sink.lines, second_rows * sizeof(std::uint32_t));
        if (first_sink.hashes != nullptr)
          std::memmove(first_sink.hashes + first_rows, second_sink.hashes, second_rows * sizeof(std::uint64_t));
      }
    });
    if (!first_remap.empty()) remap_cells(first_sink.cells, first_rows * width, first_remap, true);
  }
  finish_rows(out.table, width, first_rows + second_rows);
  for (Diagnostic d : second_diags.items()) {
    d.pos.line += line_offset;
    diags.add(std::move(d));
  }
  if (second_diags.truncated()) diags.error("I0114", SourcePos{path, 0, 0}, "more errors in the second half of the file were not shown");
  if (second_failed) return false;
  out.complete = !ragged && !second_ragged;
  return true;
}

}  // namespace ward
