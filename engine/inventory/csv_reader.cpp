#include "inventory/csv_reader.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <thread>
#include <fmt/format.h>

#include "inventory/utf8.hpp"

namespace ward {

namespace {

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
  const std::string& path() const { return path_; }
  void clear_decoded() { decoded_.clear(); }

 private:
  bool fail(std::uint32_t line, const char* code, std::string message) {
    diags_.error(code, SourcePos{path_, line, 0}, std::move(message));
    failed_ = true;
    return false;
  }

  bool read_field(std::vector<std::string_view>& fields, std::uint32_t record_line) {
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
    std::size_t start = i_;
    while (i_ < n) {
      char c = text_[i_];
      if (c == ',' || c == '\n') break;
      if (c == '"')
        return fail(record_line, "I0110", "`\"` inside an unquoted field (quote the whole field and double the `\"`)");
      if (c == '\r') {
        if (i_ + 1 < n && text_[i_ + 1] == '\n') break;
        return fail(record_line, "I0112", "bare carriage return outside quotes (expected CRLF or LF)");
      }
      ++i_;
    }
    fields.push_back(text_.substr(start, i_ - start));
    return true;
  }

  std::string_view text_;
  const std::string& path_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  std::uint32_t line_ = 1;
  bool failed_ = false;
  std::size_t stop_at_ = SIZE_MAX;
  bool at_boundary_ = false;
  std::deque<std::string> decoded_;  // stable addresses for decoded cells
};

// Reads data records of `width` cells into `table` until the tokenizer
// stops. Records are tokenized into raw views a batch at a time, then
// interned together (StringPool::intern_batch overlaps the cache misses). A
// record with the wrong number of cells is reported, skipped and sets `ragged`.
void read_records(CsvTokenizer& tok, std::string_view span, std::size_t width, StringPool& pool, Table& table,
                  Diagnostics& diags, bool& ragged) {
  const std::size_t expected_rows = static_cast<std::size_t>(std::count(span.begin(), span.end(), '\n')) + 1;
  table.cells.reserve(table.cells.size() + expected_rows * width);
  table.lines.reserve(table.lines.size() + expected_rows);
  constexpr std::size_t kBatchRecords = 512;
  std::vector<std::string_view> batch;
  batch.reserve(kBatchRecords * width + width);
  auto flush = [&] {
    std::size_t at = table.cells.size();
    table.cells.resize(at + batch.size());
    pool.intern_batch(batch, table.cells.data() + at);
    batch.clear();
    tok.clear_decoded();
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
    table.lines.push_back(line);
    if (table.hash_rows) {
      std::uint64_t h = 0x84222325cbf29ce4ull;
      for (std::size_t c = before; c < batch.size(); ++c)
        h = (h ^ std::hash<std::string_view>{}(batch[c])) * 0x100000001b3ull + c - before;
      table.row_hashes.push_back(h);
    }
    if (batch.size() >= kBatchRecords * width) flush();
  }
  flush();
}

}  // namespace

bool read_csv(std::string_view text, StringPool& pool, RawTable& out, Diagnostics& diags) {
  const std::string& path = out.path;
  out.complete = false;
  out.header_read = false;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.empty()) {
    diags.error("I0102", SourcePos{path, 1, 0}, "file is empty (expected a header line)");
    return false;
  }
  if (auto problem = find_utf8_problem(text)) {
    std::uint32_t line = line_of_offset(text, problem->offset);
    if (problem->is_nul)
      diags.error("I0104", SourcePos{path, line, 0}, "NUL byte in file (inventories are UTF-8 text)");
    else
      diags.error("I0103", SourcePos{path, line, 0},
                  fmt::format("invalid UTF-8 (byte 0x{:02X}); inventory files must be UTF-8",
                              static_cast<unsigned char>(text[problem->offset])));
    return false;
  }

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
  for (std::size_t c = 0; c < fields.size(); ++c) {
    std::string_view name = fields[c];
    if (name.empty()) {
      diags.error("I0115", SourcePos{path, line, 0}, fmt::format("empty column name in header (column {})", c + 1));
      header_ok = false;
      continue;
    }
    for (std::size_t d = 0; d < c; ++d)
      if (fields[d] == fields[c]) {
        diags.error("I0116", SourcePos{path, line, 0}, fmt::format("duplicate column `{}` in header", name));
        header_ok = false;
      }
    out.table.columns.emplace_back(name);
  }
  if (!header_ok) return false;
  out.header_read = true;

  const std::size_t width = fields.size();
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
    read_records(tok, text.substr(body), width, pool, out.table, diags, ragged);
    if (tok.failed()) return false;
    out.complete = !ragged;
    return true;
  }

  StringPool second_pool;
  Table second;
  second.hash_rows = out.table.hash_rows;
  Diagnostics second_diags(diags.limit());
  bool second_ragged = false;
  bool second_failed = false;
  std::thread worker([&] {
    CsvTokenizer tail(text.substr(split), path, second_diags);
    read_records(tail, text.substr(split), width, second_pool, second, second_diags, second_ragged);
    second_failed = tail.failed();
  });
  tok.stop_at(split);
  read_records(tok, text.substr(body, split - body), width, pool, out.table, diags, ragged);
  worker.join();
  if (tok.failed()) return false;
  if (!tok.at_boundary()) {  // the guess was wrong: finish sequentially
    tok.stop_at(SIZE_MAX);
    read_records(tok, text.substr(split), width, pool, out.table, diags, ragged);
    if (tok.failed()) return false;
    out.complete = !ragged;
    return true;
  }
  // Merge: the second half's strings into the shared pool, its lines shifted.
  const auto line_offset = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(split), '\n'));
  std::vector<std::string_view> views(second_pool.size());
  for (StrId k = 0; k < views.size(); ++k) views[k] = second_pool.view(k);
  std::vector<StrId> remap(views.size());
  pool.intern_batch(views, remap.data());
  out.table.cells.reserve(out.table.cells.size() + second.cells.size());
  for (StrId c : second.cells) out.table.cells.push_back(remap[c]);
  for (std::uint32_t l : second.lines) out.table.lines.push_back(l + line_offset);
  out.table.row_hashes.insert(out.table.row_hashes.end(), second.row_hashes.begin(), second.row_hashes.end());
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
