#include "inventory/json_fast_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <thread>
#include <unordered_map>

#include "inventory/half_merge.hpp"
#include "inventory/schema.hpp"
#include "inventory/utf8.hpp"
#include "ward/same_bytes.hpp"

namespace ward {

namespace {

// Bytes that end a run of string bytes standing for themselves: the quote,
// the backslash, control characters (never valid raw in a JSON string) and
// the lead bytes of multi-byte UTF-8 (checked one sequence at a time).
constexpr std::array<bool, 256> kStringStop = [] {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 256; ++c) stop[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return stop;
}();

// Hashes std::string and std::string_view alike, so a column is looked up by
// the view of its key without building a string.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The known table whose columns include all of `keys` and its required
// ones, when exactly one does; empty otherwise. A row's keys name its
// table in any inventory ward writes (only edges have `from`, only
// identities `type`...).
std::string_view table_of_keys(const std::vector<std::string>& keys) {
  std::string_view found;
  for (const schema::TableSpec& spec : schema::known_tables()) {
    const bool all_known = std::all_of(keys.begin(), keys.end(), [&](const std::string& k) {
      return schema::find_column(spec, k) != nullptr;
    });
    const bool has_required = std::all_of(spec.columns.begin(), spec.columns.end(), [&](const schema::Column& c) {
      return !c.required || std::find(keys.begin(), keys.end(), c.name) != keys.end();
    });
    if (!all_known || !has_required) continue;
    if (!found.empty()) return {};
    found = spec.name;
  }
  return found;
}

class FastJsonReader {
 public:
  // Reads `text` from byte `start` on, counting lines from 1 there.
  // `read_columns`: see LoadOptions::read_columns.
  FastJsonReader(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
                 const FileContents* source, const std::vector<std::string>* read_columns, std::size_t start = 0)
      : text_(text), p_(text.data() + start), end_(text.data() + text.size()), path_(path), pool_(pool), out_(out),
        first_table_(out.size()), source_(source), read_columns_(read_columns), released_(p_) {}

  bool read_document() {
    skip_whitespace();
    if (!eat('{') || !read_list('}', [&] { return read_table(); })) return false;
    skip_whitespace();
    return p_ == end_;
  }

  // Makes the reader stop, as if declining, when a row of a table starts at
  // byte `at` after a `,` (stopped() then tells it apart from a decline).
  // The table being read is then out_.back(), finished by finish_at_stop().
  void stop_at(std::size_t at) { stop_at_ = text_.data() + at; }
  bool stopped() const { return stopped_; }
  std::uint32_t line() const { return line_; }
  void finish_at_stop() { finish_table(); }
  // The name read_from_row() guessed, when it left a column absent on that
  // guess; empty otherwise (nothing to check).
  std::string_view guessed_table() const { return guessed_left_absent_ ? guessed_table_ : std::string_view{}; }

  // Reads from a row's `{` to the end of the document: that row and the
  // rest of its table into a table with no name, then the tables after it
  // and the document's closing `}`. What the second of two readers splitting
  // a document at a row reads (read_json_fast joins the two).
  // The table's name is unknown here: after its first row, guessed_table()
  // is the known table those keys belong to, if only one, and the rest of
  // the rows leave absent the columns read_columns lets that table leave.
  // The caller must check the guess against the name the first reader met.
  bool read_from_row() {
    RawTable& t = out_.emplace_back();
    t.path = path_;
    t.from_json = true;
    start_table(t);
    if (!read_row()) return false;
    guessed_table_ = table_of_keys(t.table.columns);
    for (std::size_t c = 0; c < column_state_.size(); ++c)
      column_state_[c].unread = schema::may_leave_unread(guessed_table_, t.table.columns[c], read_columns_);
    if (!read_more_rows()) return false;
    guessed_left_absent_ = std::any_of(column_state_.begin(), column_state_.end(), [](const ColumnState& c) { return c.unread; });
    finish_table();
    skip_whitespace();
    if (eat(',')) {
      skip_whitespace();
      for (;;) {
        if (!read_table()) return false;
        skip_whitespace();
        if (eat('}')) break;
        if (!eat(',')) return false;
        skip_whitespace();
      }
    } else if (!eat('}')) {
      return false;
    }
    skip_whitespace();
    return p_ == end_;
  }

 private:
  // --- Tokens -------------------------------------------------------------

  // After an opening bracket: `close` at once, or `item (, item)* close`,
  // each item read by item() at the cursor.
  template <typename Item>
  bool read_list(char close, Item item) {
    skip_whitespace();
    if (eat(close)) return true;
    for (;;) {
      if (!item()) return false;
      skip_whitespace();
      if (eat(close)) return true;
      if (!eat(',')) return false;
      skip_whitespace();
    }
  }

  // Whitespace only occurs between tokens and a raw newline never occurs
  // inside a valid string, so counting newlines here counts every line.
  void skip_whitespace() {
    for (; p_ != end_; ++p_) {
      switch (*p_) {
        case '\n':
          ++line_;
          break;
        case ' ':
        case '\t':
        case '\r':
          break;
        default:
          return;
      }
    }
  }

  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  bool eat_literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
      return false;
    p_ += word.size();
    return true;
  }

  // Reads the string that starts at p_, leaving p_ after its closing quote.
  // `s` views `text_` when the string has no escapes (the common case: no
  // copy) and scratch_ otherwise, which the next string read overwrites.
  bool read_string(std::string_view& s) {
    if (!eat('"')) return false;
    const char* start = p_;
    if (!skip_plain()) return false;
    if (*p_ == '"') {
      s = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    scratch_.assign(start, p_);
    while (*p_ == '\\') {
      if (!read_escape()) return false;
      const char* run = p_;
      if (!skip_plain()) return false;
      scratch_.append(run, p_);
    }
    ++p_;  // the closing quote
    s = scratch_;
    return true;
  }

  // Advances over string bytes that stand for themselves and stops at a
  // quote or a backslash. False at the end of the text, at a raw control
  // character or at invalid UTF-8 (as the slow path's lexer, which rejects
  // them, would).
  bool skip_plain() {
    for (;;) {
      skip_plain_words();
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (!kStringStop[c]) {
        ++p_;
        continue;
      }
      if (c == '"' || c == '\\') return true;
      if (c < 0x20) return false;
      std::uint32_t cp = 0;
      const std::size_t n = utf8_sequence(text_, static_cast<std::size_t>(p_ - text_.data()), cp);
      if (n == 0) return false;
      p_ += n;
    }
  }

  // Advances eight bytes at a time up to the first byte that kStringStop
  // marks, or up to the last seven bytes of the text.
  void skip_plain_words() {
    if constexpr (std::endian::native == std::endian::little) {
      constexpr std::uint64_t kOnes = 0x0101010101010101ull;
      constexpr std::uint64_t kHighs = 0x8080808080808080ull;
      // Bit 7 of every byte below `n`, exact up to the first one (n <= 0x80).
      auto below = [](std::uint64_t w, std::uint64_t n) { return (w - kOnes * n) & ~w & kHighs; };
      while (end_ - p_ >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p_, 8);
        const std::uint64_t stops =
            below(w ^ (kOnes * '"'), 1) | below(w ^ (kOnes * '\\'), 1) | below(w, 0x20) | (w & kHighs);
        if (stops != 0) {
          p_ += std::countr_zero(stops) / 8;
          return;
        }
        p_ += 8;
      }
    }
  }

  // Decodes the escape at p_ (a backslash) onto scratch_.
  bool read_escape() {
    if (end_ - p_ < 2) return false;
    const char kind = p_[1];
    p_ += 2;
    switch (kind) {
      case '"': scratch_ += '"'; return true;
      case '\\': scratch_ += '\\'; return true;
      case '/': scratch_ += '/'; return true;
      case 'b': scratch_ += '\b'; return true;
      case 'f': scratch_ += '\f'; return true;
      case 'n': scratch_ += '\n'; return true;
      case 'r': scratch_ += '\r'; return true;
      case 't': scratch_ += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp = 0;
    if (!read_hex4(cp)) return false;
    // `\u0000` is an error the slow path reports; so are lone surrogates.
    if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(cp);
    return true;
  }

  bool read_hex4(std::uint32_t& value) {
    if (end_ - p_ < 4) return false;
    value = 0;
    for (int k = 0; k < 4; ++k, ++p_) {
      const char c = *p_;
      std::uint32_t digit;
      if (c >= '0' && c <= '9')
        digit = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return false;
      value = (value << 4) | digit;
    }
    return true;
  }

  void append_utf8(std::uint32_t cp) {
    if (cp < 0x80) {
      scratch_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (cp >> 6));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (cp >> 12));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (cp >> 18));
      scratch_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // --- Tables and rows ----------------------------------------------------

  // `"name": [ row, ... ]`, starting at the name.
  bool read_table() {
    std::string_view name;
    if (!read_string(name)) return false;
    for (std::size_t i = first_table_; i < out_.size(); ++i)
      if (out_[i].table.name == name) return false;  // a duplicate table: the slow path reports it
    skip_whitespace();
    if (!eat(':')) return false;
    skip_whitespace();
    if (!eat('[')) return false;
    RawTable& t = out_.emplace_back();
    t.table.name = name;
    t.path = path_;
    t.from_json = true;
    start_table(t);
    skip_whitespace();
    if (!eat(']') && !(read_row() && read_more_rows())) return false;
    finish_table();
    return true;
  }

  // After a row: `(, row)* ]`. Stops at stop_at_ (stop_at()).
  bool read_more_rows() {
    for (;;) {
      skip_whitespace();
      if (eat(']')) return true;
      if (!eat(',')) return false;
      skip_whitespace();
      if (p_ == stop_at_) {
        stopped_ = true;
        return false;
      }
      if (!read_row()) return false;
    }
  }

  // `{ "key": value, ... }`, starting at the `{`.
  bool read_row() {
    if (p_ == end_ || *p_ != '{') return false;
    start_row();
    ++p_;
    skip_whitespace();
    if (eat('}')) return finish_row();
    for (std::size_t position = 0;; ++position) {
      std::uint32_t column = 0;
      if (!read_key(position, column)) return false;
      skip_whitespace();
      if (!eat(':')) return false;
      skip_whitespace();
      if (p_ == end_) return false;
      const std::size_t at = row_base_ + column;
      if (table_->cell_lines[at] != 0) return false;  // a duplicate key (lines start at 1): the slow path reports it
      const std::uint32_t line = line_;
      std::uint32_t flags = 0;
      switch (*p_) {
        case '"': {
          const char* start = p_ + 1;
          std::string_view s;
          if (!read_string(s)) return false;
          set_string(at, column, s, s.data() == start);
          break;
        }
        case 't':
          if (!eat_literal("true")) return false;
          table_->table.cells[at] = boolean_id(true_id_, "true");
          flags = kCellWasBool;
          break;
        case 'f':
          if (!eat_literal("false")) return false;
          table_->table.cells[at] = boolean_id(false_id_, "false");
          flags = kCellWasBool;
          break;
        case 'n':
          if (!eat_literal("null")) return false;  // the cell stays kEmptyStr
          break;
        default:
          return false;  // a number, an array, an object or a syntax error
      }
      table_->cell_lines[at] = line | flags;
      skip_whitespace();
      if (eat(',')) {
        skip_whitespace();
        continue;
      }
      if (eat('}')) return finish_row();
      return false;
    }
  }

  // --- Interning ------------------------------------------------------------
  // Values are interned a batch at a time (StringPool::intern_batch overlaps
  // the cache misses of a large pool) and in document order, so every id is
  // the one interning each value as it comes would give. A value equal to
  // the last value of its column (exports list a member's rows together)
  // takes that value's id, or its place in the batch, without a probe.

  // The id of "true" or "false", interned when first met (flushing the
  // batch first keeps document order), then remembered.
  StrId boolean_id(StrId& cached, std::string_view word) {
    if (cached == StringPool::kNotFound) {
      flush_batch();
      cached = pool_.intern(word);
    }
    return cached;
  }

  // Sets cell `at` of `column` to the id of `s`; `in_text`: `s` views text_
  // (it had no escapes), otherwise it views scratch_.
  void set_string(std::size_t at, std::uint32_t column, std::string_view s, bool in_text) {
    // The cell stays kEmptyStr, which is what interning "" gives.
    if (s.empty() || column_state_[column].unread) return;
    LastValue& last = column_state_[column].last;
    if (last.text.data() != nullptr && same_text(last.text, s)) {
      if (last.id != StringPool::kNotFound)
        table_->table.cells[at] = last.id;
      else
        batch_cells_.push_back(BatchCell{at, last.batch_index});
      return;
    }
    if (!in_text) s = decoded_.emplace_back(s);  // scratch_ is overwritten by the next string
    const auto index = static_cast<std::uint32_t>(batch_.size());
    batch_.push_back(s);
    batch_cells_.push_back(BatchCell{at, index});
    // Only views of text_ are remembered: decoded_ is dropped at each flush.
    last = in_text ? LastValue{s, StringPool::kNotFound, index} : LastValue{};
  }

  void flush_batch() {
    if (batch_.empty()) return;
    batch_ids_.resize(batch_.size());
    pool_.intern_batch(batch_, batch_ids_.data());
    for (const BatchCell& c : batch_cells_) table_->table.cells[c.cell] = batch_ids_[c.batch_index];
    for (ColumnState& column : column_state_) {
      LastValue& last = column.last;
      if (last.text.data() != nullptr && last.id == StringPool::kNotFound) last.id = batch_ids_[last.batch_index];
    }
    batch_.clear();
    batch_cells_.clear();
    decoded_.clear();
  }

  // --- Layout ---------------------------------------------------------------
  // Rows are written straight into the table's flat cells, `stride_` cells a
  // row. A new column that does not fit widens every row so far: exactly for
  // the first row (it is the tail of the vector: an append), doubling for a
  // later one, so a table whose rows keep adding columns is not re-laid out
  // per column. finish_table() narrows the rows to the column count.
  //
  // After kSampleRows rows the table's cells, cell_lines and lines are
  // reserved for the rows the rest of the text would hold at the bytes per
  // row seen so far (with a margin), so a large table never reallocates and
  // copies; the cells are then sized a chunk at a time within that capacity
  // (reserved but untouched capacity costs address space, not memory).

  void start_table(RawTable& t) {
    table_ = &t;
    stride_ = 0;
    row_base_ = 0;
    table_start_ = p_;
    previous_order_.clear();
    order_.clear();
    column_index_.clear();
    column_state_.clear();
  }

  // The cells are sized ahead of the rows, so a row costs no call: cells
  // past the rows started so far are kEmptyStr, their lines 0.
  void start_row() {
    Table& t = table_->table;
    if (t.lines.size() == kSampleRows) reserve_rows(expected_rows());
    row_base_ = t.lines.size() * stride_;
    t.lines.push_back(line_);
    if (row_base_ + stride_ > t.cells.size()) grow_cells(row_base_ + stride_);
  }

  // Rows expected in the whole table: those read so far and, for the rest of
  // the text, one per bytes-per-row seen so far, plus a quarter. Capped so a
  // hostile start (tiny rows, many columns) cannot reserve more than one
  // cell per byte of text left: past the estimate, the vectors double.
  std::size_t expected_rows() const {
    const std::size_t rows = table_->table.lines.size();
    const auto read = static_cast<std::size_t>(p_ - table_start_);
    const auto rest = static_cast<std::size_t>(end_ - p_);
    if (rows == 0 || read == 0) return rows;
    const double per_row = static_cast<double>(read) / static_cast<double>(rows);
    const auto more = static_cast<std::size_t>(static_cast<double>(rest) / per_row * 1.25);
    const std::size_t width = std::max<std::size_t>(stride_, 1);
    return rows + std::min(more, rest / width + 1);
  }

  void reserve_rows(std::size_t rows) {
    Table& t = table_->table;
    t.lines.reserve(rows);
    t.cells.reserve(rows * stride_);
    table_->cell_lines.reserve(rows * stride_);
  }

  // Sizes the cells (and their lines) to at least `size`: a chunk more
  // within the capacity, so only about the cells in use are touched; beyond
  // it the capacity doubles.
  void grow_cells(std::size_t size) {
    Table& t = table_->table;
    std::vector<std::uint32_t>& lines = table_->cell_lines;
    if (size > t.cells.capacity()) {
      const std::size_t capacity = std::max(size, 2 * t.cells.capacity());
      t.cells.reserve(capacity);
      lines.reserve(capacity);
    }
    const std::size_t grown = std::min(t.cells.capacity(), std::max(size, t.cells.size() + t.cells.size() / 8 + kChunkCells));
    t.cells.resize(grown, kEmptyStr);
    lines.resize(grown, 0);
  }

  bool finish_row() {
    std::swap(previous_order_, order_);
    order_.clear();
    if (batch_.size() >= kBatchValues) {
      flush_batch();
      // The batch views text no more: a good time to give back what was read.
      if (source_ != nullptr && static_cast<std::size_t>(p_ - released_) >= kReleaseStep) {
        source_->release(std::string_view(released_, static_cast<std::size_t>(p_ - released_)));
        released_ = p_;
      }
    }
    return true;
  }

  void finish_table() {
    flush_batch();
    Table& t = table_->table;
    const std::size_t width = t.columns.size();
    const std::size_t rows = t.lines.size();
    if (stride_ != width) {
      for (std::size_t r = 1; r < rows; ++r) {  // moving left, in place: row r only overwrites rows before it
        std::copy_n(t.cells.begin() + static_cast<std::ptrdiff_t>(r * stride_), width,
                    t.cells.begin() + static_cast<std::ptrdiff_t>(r * width));
        std::copy_n(table_->cell_lines.begin() + static_cast<std::ptrdiff_t>(r * stride_), width,
                    table_->cell_lines.begin() + static_cast<std::ptrdiff_t>(r * width));
      }
    }
    t.cells.resize(rows * width);
    table_->cell_lines.resize(rows * width);
    // The cells outlive the load, in the Inventory. Narrowed rows leave
    // touched cells behind them: give those back. Otherwise the spare
    // capacity was never touched (grow_cells) and costs no memory, while
    // shrinking would copy every cell.
    if (stride_ != width) t.cells.shrink_to_fit();
  }

  // Reads the key at p_, the `position`th of its row, and finds its column.
  // Rows nearly always repeat the previous row's keys in the same order, so
  // that guess is tried first, on the raw bytes when the column's name reads
  // the same raw as decoded.
  bool read_key(std::size_t position, std::uint32_t& column) {
    const std::vector<std::string>& columns = table_->table.columns;
    const bool have_guess = position < previous_order_.size();
    if (have_guess) {
      const std::uint32_t guess = previous_order_[position];
      const std::string& name = columns[guess];
      if (column_state_[guess].raw_name && static_cast<std::size_t>(end_ - p_) >= name.size() + 2 && p_[0] == '"' &&
          p_[name.size() + 1] == '"' && same_bytes(p_ + 1, name.data(), name.size())) {
        p_ += name.size() + 2;
        column = guess;
        order_.push_back(column);
        return true;
      }
    }
    std::string_view key;
    if (!read_string(key)) return false;
    if (have_guess && columns[previous_order_[position]] == key)
      column = previous_order_[position];
    else
      column = find_or_add_column(key);
    order_.push_back(column);
    return true;
  }

  // A short scan for the usual dozen columns, a hash map beyond (a hostile
  // row may name 200,000 keys).
  std::uint32_t find_or_add_column(std::string_view key) {
    std::vector<std::string>& columns = table_->table.columns;
    if (columns.size() <= kScan) {
      for (std::uint32_t c = 0; c < columns.size(); ++c)
        if (columns[c] == key) return c;
    } else if (auto it = column_index_.find(key); it != column_index_.end()) {
      return it->second;
    }
    const auto column = static_cast<std::uint32_t>(columns.size());
    columns.emplace_back(key);
    const std::string_view table = table_->table.name.empty() ? guessed_table_ : std::string_view(table_->table.name);
    column_state_.push_back(ColumnState{std::none_of(key.begin(), key.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    }), {}, schema::may_leave_unread(table, key, read_columns_)});
    if (columns.size() == kScan + 1) {
      for (std::uint32_t c = 0; c < columns.size(); ++c) column_index_.emplace(columns[c], c);
    } else if (columns.size() > kScan + 1) {
      column_index_.emplace(columns.back(), column);
    }
    if (columns.size() > stride_) widen(columns.size());
    return column;
  }

  void widen(std::size_t width) {
    Table& t = table_->table;
    std::vector<std::uint32_t>& lines = table_->cell_lines;
    const std::size_t rows = t.lines.size();  // the current row included
    if (rows == 1) {  // the first row: the cells after it are unused, so it just takes more of them
      if (t.cells.size() < width) {
        t.cells.resize(std::max(width, 2 * t.cells.size()), kEmptyStr);
        lines.resize(t.cells.size(), 0);
      }
      stride_ = width;
      return;
    }
    flush_batch();  // its cells are about to move
    const std::size_t stride = std::max(width, 2 * stride_);
    UninitializedVector<StrId> cells;
    std::vector<std::uint32_t> cell_lines;
    if (rows >= kSampleRows) {  // keep the room reserved for the rows to come
      const std::size_t expected = std::max(rows, expected_rows());
      cells.reserve(expected * stride);
      cell_lines.reserve(expected * stride);
    }
    cells.resize(rows * stride, kEmptyStr);
    cell_lines.resize(rows * stride, 0);
    for (std::size_t r = 0; r < rows; ++r) {
      std::copy_n(t.cells.begin() + static_cast<std::ptrdiff_t>(r * stride_), stride_,
                  cells.begin() + static_cast<std::ptrdiff_t>(r * stride));
      std::copy_n(lines.begin() + static_cast<std::ptrdiff_t>(r * stride_), stride_,
                  cell_lines.begin() + static_cast<std::ptrdiff_t>(r * stride));
    }
    t.cells = std::move(cells);
    lines = std::move(cell_lines);
    stride_ = stride;
    row_base_ = (rows - 1) * stride;
  }

  static constexpr std::size_t kScan = 32;
  static constexpr std::size_t kBatchValues = 4096;
  static constexpr std::size_t kReleaseStep = 8u << 20;  // bytes read between releases of the mapped text
  static constexpr std::size_t kSampleRows = 64;        // rows read before reserving for the table
  static constexpr std::size_t kChunkCells = 1u << 14;  // cells sized at a time, at least

  struct LastValue {
    std::string_view text;  // a view into text_; data() == nullptr: none
    StrId id = StringPool::kNotFound;  // kNotFound: still in the batch, at batch_index
    std::uint32_t batch_index = 0;
  };
  struct ColumnState {
    // The name has no quote, backslash or control character: a key that
    // holds exactly its bytes between quotes is that name.
    bool raw_name;
    LastValue last;  // the column's last value
    bool unread;     // left absent (LoadOptions::read_columns)
  };
  struct BatchCell {
    std::size_t cell;           // index in the table's cells
    std::uint32_t batch_index;  // its value in batch_
  };

  std::string_view text_;
  const char* p_;
  const char* end_;
  std::uint32_t line_ = 1;  // line of p_
  const std::string& path_;
  StringPool& pool_;
  std::vector<RawTable>& out_;
  const std::size_t first_table_;  // out_[first_table_..] are this document's tables
  const FileContents* source_;     // nullptr: `text_` is not a mapped file
  const std::vector<std::string>* read_columns_;  // null: read every column
  std::string_view guessed_table_;  // read_from_row(): the name its first table probably has
  bool guessed_left_absent_ = false;  // ... and that table left a column absent on that guess
  const char* released_;           // the text before it was released (source_->release)
  const char* stop_at_ = nullptr;  // stop_at(): a row starting here stops the reader
  bool stopped_ = false;
  std::string scratch_;            // the decoded text of the last string that had escapes
  StrId true_id_ = StringPool::kNotFound;   // kNotFound: not interned yet
  StrId false_id_ = StringPool::kNotFound;  // kNotFound: not interned yet

  // The table being read.
  RawTable* table_ = nullptr;
  std::size_t stride_ = 0;    // cells per row so far; >= table_->table.columns.size()
  std::size_t row_base_ = 0;  // index in cells of the current row's first cell
  const char* table_start_ = nullptr;  // where the table's `[` ends: its rows' bytes start here
  std::vector<std::uint32_t> previous_order_;  // columns of the previous row's keys, in its order
  std::vector<std::uint32_t> order_;           // the same for the current row, so far
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> column_index_;  // once columns outgrow kScan
  std::vector<ColumnState> column_state_;  // per column

  // Values not interned yet: all in the current table, in document order.
  std::vector<std::string_view> batch_;
  std::vector<BatchCell> batch_cells_;  // cells waiting for an id from batch_ (several may share one)
  std::vector<StrId> batch_ids_;
  std::deque<std::string> decoded_;  // the text of batched values that had escapes (stable addresses)
};

// Where a second reader may start: the `{` of the first `}, {` (whitespace
// allowed around the comma) at or after byte `from`, or npos. Outside
// strings that is always a row following a row of the same table; inside a
// string it is a wrong guess, which the first reader finds out (stop_at).
std::size_t row_start_after(std::string_view text, std::size_t from) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  constexpr std::size_t kLookAhead = 1u << 20;
  const std::size_t last = std::min(text.size(), from + kLookAhead);
  for (std::size_t at = text.find('}', from); at < last; at = text.find('}', at + 1)) {
    std::size_t k = at + 1;
    while (k < text.size() && is_space(text[k])) ++k;
    if (k >= text.size() || text[k] != ',') continue;
    ++k;
    while (k < text.size() && is_space(text[k])) ++k;
    if (k < text.size() && text[k] == '{') return k;
  }
  return std::string_view::npos;
}

// Adds `offset` to a line, or to the line of a cell_lines entry keeping its
// flags; 0 (no such key) stays 0.
std::uint32_t shifted_line(std::uint32_t entry, std::uint32_t offset) {
  return entry == 0 ? 0 : (((entry & kCellLineMask) + offset) | (entry & ~kCellLineMask));
}

// Joins what a second reader read from a row on (`second`: the rest of the
// table being read when the first reader stopped, then the tables after
// it; `second_pool` its strings; its lines counted from 1 at the split) to
// what the first reader read (`out`, this document's tables from
// `first_table`, the last one stopped at the split). The result is what one
// reader of the whole text gives: the second half's new strings interned
// after the first half's, its new columns after the table's columns, its
// lines shifted. False on a table name met in both halves (a duplicate the
// slow path reports).
bool join_halves(std::vector<RawTable>& out, std::size_t first_table, StringPool& pool, const StringPool& second_pool,
                 std::vector<RawTable>& second, std::uint32_t line_offset) {
  for (std::size_t i = 1; i < second.size(); ++i)
    for (std::size_t k = first_table; k < out.size(); ++k)
      if (out[k].table.name == second[i].table.name) return false;
  const std::vector<StrId> remap = merge_into(second_pool, pool);
  const auto shift = [&](std::uint32_t entry) { return shifted_line(entry, line_offset); };

  // The table both halves read.
  RawTable& t = out.back();
  Table& rest = second.front().table;
  std::vector<std::string>& columns = t.table.columns;
  const std::size_t old_width = columns.size();
  const std::size_t rows = t.table.lines.size();
  // The table's columns by name (a hostile document may give each half
  // 200,000 keys: no scan per key).
  std::unordered_map<std::string, std::size_t, ViewHash, std::equal_to<>> index;
  index.reserve(columns.size() + rest.columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) index.emplace(columns[c], c);
  std::vector<std::size_t> column_of(rest.columns.size());
  bool same_layout = rest.columns.size() == old_width;
  for (std::size_t k = 0; k < rest.columns.size(); ++k) {
    const auto [it, added] = index.try_emplace(rest.columns[k], columns.size());
    if (added) columns.push_back(rest.columns[k]);
    column_of[k] = it->second;
    same_layout = same_layout && column_of[k] == k;
  }
  if (same_layout) {
    append_mapped(t.table.cells, rest.cells, [&](StrId c) { return remap[c]; });
    append_mapped(t.cell_lines, second.front().cell_lines, shift);
  } else {  // rare: another key order, or keys the first half never met
    const std::size_t width = columns.size();
    const std::size_t rest_width = rest.columns.size();
    const std::size_t rest_rows = rest.lines.size();
    UninitializedVector<StrId> cells(rows * width + rest_rows * width, kEmptyStr);
    std::vector<std::uint32_t> cell_lines(cells.size(), 0);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < old_width; ++c) {
        cells[r * width + c] = t.table.cells[r * old_width + c];
        cell_lines[r * width + c] = t.cell_lines[r * old_width + c];
      }
    for (std::size_t r = 0; r < rest_rows; ++r)
      for (std::size_t k = 0; k < rest_width; ++k) {
        cells[(rows + r) * width + column_of[k]] = remap[rest.cells[r * rest_width + k]];
        cell_lines[(rows + r) * width + column_of[k]] = shift(second.front().cell_lines[r * rest_width + k]);
      }
    t.table.cells = std::move(cells);
    t.cell_lines = std::move(cell_lines);
  }
  append_mapped(t.table.lines, rest.lines, shift);

  // The tables after it.
  for (std::size_t i = 1; i < second.size(); ++i) {
    RawTable& next = second[i];
    for (StrId& c : next.table.cells) c = remap[c];
    for (std::uint32_t& l : next.table.lines) l = shift(l);
    for (std::uint32_t& l : next.cell_lines) l = shift(l);
    out.push_back(std::move(next));
  }
  return true;
}

}  // namespace

bool read_json_fast(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
                    const FileContents* source, std::size_t parallel_above, const std::vector<std::string>* read_columns) {
  const std::size_t first_table = out.size();
  const std::size_t split = text.size() >= parallel_above && std::thread::hardware_concurrency() > 1
                                ? row_start_after(text, text.size() / 2)
                                : std::string_view::npos;
  if (split == std::string_view::npos) return FastJsonReader(text, path, pool, out, source, read_columns).read_document();

  // Two readers: this thread from the start, stopping at the split; another
  // from the split on, into a pool and tables of its own. If the first
  // reader passes the split inside a string, the guess was wrong: it has
  // read the whole document alone, and the second reader's work is dropped.
  StringPool second_pool;
  std::vector<RawTable> second;
  bool second_ok = false;
  std::exception_ptr failure;
  FastJsonReader second_reader(text, path, second_pool, second, source, read_columns, split);
  std::thread worker([&] {
    try {
      second_ok = second_reader.read_from_row();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  FastJsonReader first(text, path, pool, out, source, read_columns);
  first.stop_at(split);
  bool ok = false;
  try {
    ok = first.read_document();
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (!first.stopped()) return ok;
  if (failure) std::rethrow_exception(failure);
  if (!second_ok) return false;
  first.finish_at_stop();
  // The second half guessed its first table's name from a row's keys: a
  // wrong guess may have left a column absent that table must keep. Only a
  // contrived document misleads it; the slow path then reads it all.
  if (!second_reader.guessed_table().empty() && second_reader.guessed_table() != out.back().table.name) return false;
  return join_halves(out, first_table, pool, second_pool, second, first.line() - 1);
}

}  // namespace ward
