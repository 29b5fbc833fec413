#include "inventory/json_reader.hpp"

#include <fmt/format.h>

#include <iterator>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "inventory/json_fast_reader.hpp"
#include "inventory/json_tracking_iterator.hpp"
#include "inventory/utf8.hpp"

namespace ward {

namespace {

// Keeps a running line count: SAX events arrive in document order, so
// counting newlines from the last event to this one is linear overall.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::uint32_t line_at(std::size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < pos_) {  // never expected; stay correct anyway
      pos_ = 0;
      line_ = 1;
    }
    for (; pos_ < offset; ++pos_)
      if (text_[pos_] == '\n') ++line_;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};


struct PendingCell {
  std::uint32_t column;
  StrId value;
  std::uint32_t line;
};

class InventorySax : public nlohmann::json_sax<nlohmann::json> {
 public:
  InventorySax(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
               Diagnostics& diags, const std::size_t* consumed)
      : lines_(text), path_(path), pool_(pool), out_(out), diags_(diags), consumed_(consumed) {}

  bool null() override { return scalar(kEmptyStr, "null"); }
  bool boolean(bool v) override { return scalar(pool_.intern(v ? "true" : "false"), "boolean", kCellWasBool); }
  bool number_integer(number_integer_t) override { return number(); }
  bool number_unsigned(number_unsigned_t) override { return number(); }
  bool number_float(number_float_t, const string_t&) override { return number(); }
  bool binary(binary_t&) override { return number(); }
  bool string(string_t& s) override {
    if (s.find('\0') != std::string::npos && depth_ == 3) {
      error(token_line(), "I0104", fmt::format("NUL character (`\\u0000`) in value of `{}`", key_));
      return scalar(kEmptyStr, "string", kCellReported);  // reported: not also "empty value"
    }
    return scalar(depth_ == 3 ? pool_.intern(s) : kEmptyStr, "string");
  }

  bool start_object(std::size_t) override {
    const std::uint32_t line = token_line();
    switch (depth_) {
      case 0:
        depth_ = 1;
        return true;
      case 2:
        depth_ = 3;
        row_line_ = line;
        row_.clear();
        ++row_serial_;
        return true;
      case 1:
        return structure(line, fmt::format("table `{}` must be an array of row objects, found an object", key_));
      default:
        return structure(line, fmt::format("value of `{}` must be a string, boolean or null, found an object", key_));
    }
  }
  bool end_object() override {
    if (depth_ == 3) {
      finish_row();
      depth_ = 2;
    } else {
      depth_ = 0;
    }
    return true;
  }
  bool start_array(std::size_t) override {
    const std::uint32_t line = token_line();
    switch (depth_) {
      case 0:
        return structure(line, "expected a JSON object with one array per table, found an array");
      case 1: {
        depth_ = 2;
        RawTable t;
        t.table.name = key_;
        t.path = path_;
        t.from_json = true;
        out_.push_back(std::move(t));
        table_idx_ = out_.size() - 1;
        table_header_line_ = line;
        return true;
      }
      case 2:
        return structure(line, fmt::format("each row of table `{}` must be an object, found an array", out_[table_idx_].table.name));
      default:
        return structure(line, fmt::format("value of `{}` must be a string, boolean or null, found an array", key_));
    }
  }
  bool end_array() override {
    if (depth_ == 2) {
      finish_table();
      depth_ = 1;
    }
    return true;
  }
  bool key(string_t& k) override {
    const std::uint32_t line = token_line();
    if (k.find('\0') != std::string::npos)
      return structure(line, "NUL character (`\\u0000`) in a key");
    if (depth_ == 1) {
      for (const auto& seen : top_keys_)
        if (seen == k) return structure(line, fmt::format("duplicate key `{}` (each table may appear once)", k));
      top_keys_.push_back(k);
    } else if (depth_ == 3) {
      // Each column remembers the last row that named it: no per-row set,
      // and no scan (a hostile row may have 100,000 keys).
      key_column_ = column_index(k);
      if (key_column_ >= column_row_.size()) column_row_.resize(key_column_ + 1, 0);
      if (column_row_[key_column_] == row_serial_)
        error(line, "I0152", fmt::format("duplicate key `{}` in a row of table `{}`", k, out_[table_idx_].table.name));
      column_row_[key_column_] = row_serial_;
    }
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing value - ..."
    auto colon = what.find(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    if (reason.rfind("syntax error while parsing ", 0) == 0) reason = reason.substr(27);
    error(lines_.line_at(position == 0 ? 0 : position - 1), "I0150", fmt::format("malformed JSON: {}", reason));
    failed_ = true;
    return false;
  }

  bool failed() const { return failed_; }

 private:
  std::uint32_t token_line() { return lines_.line_at(*consumed_ == 0 ? 0 : *consumed_ - 1); }

  void error(std::uint32_t line, const char* code, std::string message) {
    diags_.error(code, SourcePos{path_, line, 0}, std::move(message));
  }
  bool structure(std::uint32_t line, std::string message) {
    error(line, "I0151", std::move(message));
    failed_ = true;
    return false;
  }

  bool scalar(StrId value, const char* what, std::uint32_t flags = 0) {
    const std::uint32_t line = token_line();
    if (depth_ == 0) return structure(line, fmt::format("expected a JSON object with one array per table, found a {}", what));
    if (depth_ == 1)
      return structure(line, fmt::format("table `{}` must be an array of row objects, found a {}", key_, what));
    if (depth_ == 2)
      return structure(line, fmt::format("each row of table `{}` must be an object, found a {}", out_[table_idx_].table.name, what));
    row_.push_back(PendingCell{key_column_, value, line | flags});
    return true;
  }

  bool number() {
    // The lexer has read one character past a number.
    const std::uint32_t line = lines_.line_at(*consumed_ >= 2 ? *consumed_ - 2 : 0);
    if (depth_ == 0) return structure(line, "expected a JSON object with one array per table, found a number");
    if (depth_ == 1)
      return structure(line, fmt::format("table `{}` must be an array of row objects, found a number", key_));
    if (depth_ == 2)
      return structure(line, fmt::format("each row of table `{}` must be an object, found a number",
                                         out_[table_idx_].table.name));
    error(line, "I0151", fmt::format("value of `{}` must be a string, boolean or null, found a number", key_));
    row_.push_back(PendingCell{key_column_, kEmptyStr, line | kCellReported});
    return true;
  }

  // A short scan for the usual dozen columns, a hash map beyond (a hostile
  // table may name 100,000 columns).
  std::uint32_t column_index(const std::string& name) {
    auto& cols = columns_;
    constexpr std::size_t kScan = 32;
    if (cols.size() <= kScan) {
      for (std::uint32_t c = 0; c < cols.size(); ++c)
        if (cols[c] == name) return c;
    } else if (auto it = column_of_.find(name); it != column_of_.end()) {
      return it->second;
    }
    cols.push_back(name);
    const auto index = static_cast<std::uint32_t>(cols.size() - 1);
    if (cols.size() == kScan + 1)
      for (std::uint32_t c = 0; c < cols.size(); ++c) column_of_.emplace(cols[c], c);
    else if (cols.size() > kScan + 1)
      column_of_.emplace(name, index);
    return index;
  }

  void finish_row() {
    rows_.push_back(std::move(row_));
    row_lines_.push_back(row_line_);
    row_ = {};
  }

  void finish_table() {
    RawTable& t = out_[table_idx_];
    const std::size_t width = columns_.size();
    t.table.columns = columns_;
    t.table.cells.assign(rows_.size() * width, kEmptyStr);
    t.cell_lines.assign(rows_.size() * width, 0);
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      for (const PendingCell& c : rows_[r]) {
        t.table.cells[r * width + c.column] = c.value;
        t.cell_lines[r * width + c.column] = c.line;
      }
    }
    t.table.lines = std::move(row_lines_);
    (void)table_header_line_;
    rows_.clear();
    row_lines_ = {};
    columns_.clear();
    column_of_.clear();
    column_row_.clear();
  }

  LineCounter lines_;
  const std::string& path_;
  StringPool& pool_;
  std::vector<RawTable>& out_;
  Diagnostics& diags_;
  const std::size_t* consumed_;

  int depth_ = 0;  // 0 document, 1 top object, 2 table array, 3 row object
  std::string key_;
  std::uint32_t key_column_ = 0;  // in a row: the column of key_ (looked up once, in key())
  std::vector<std::string> top_keys_;
  std::uint64_t row_serial_ = 0;            // rows started so far (a row's keys are stamped with it)
  std::vector<std::uint64_t> column_row_;  // per column: row_serial_ of the last row that named it
  std::size_t table_idx_ = 0;
  std::uint32_t table_header_line_ = 0;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, std::uint32_t> column_of_;  // filled once columns_ outgrows a scan
  std::vector<std::vector<PendingCell>> rows_;
  UninitializedVector<std::uint32_t> row_lines_;
  std::vector<PendingCell> row_;
  std::uint32_t row_line_ = 0;
  bool failed_ = false;
};

// read_json and read_json_slow_path_only: `try_fast` says whether the fast
// path (json_fast_reader.hpp) may read the document first.
bool read_json_document(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
                        Diagnostics& diags, bool try_fast, const FileContents* source,
                        const std::vector<std::string>* read_columns) {
  text = without_bom(text);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diags.error("I0102", SourcePos{path, 1, 0}, "file is empty (expected a JSON object with one array per table)");
    return false;
  }
  // The fast path reads well-formed documents. Whatever it declines, the SAX
  // parser below, which owns every diagnostic, reads again from the start:
  // what the fast path did is undone by dropping its tables and resetting
  // the pool, which is why that pool must be fresh.
  // The UTF-8 check runs only then: the fast path declines every document
  // with invalid UTF-8 or a NUL byte anywhere (json_fast_reader.hpp), so a
  // document it accepts has no problem to report.
  static const std::size_t kFreshPoolSize = StringPool().size();
  if (try_fast && pool.size() == kFreshPoolSize) {
    const std::size_t first_table = out.size();
    if (read_json_fast(text, path, pool, out, source, kJsonParallelBytes, read_columns)) return true;
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(first_table), out.end());
    pool = StringPool();
  }
  if (!check_utf8(text, path, diags)) return false;
  std::size_t consumed = 0;
  InventorySax sax(text, path, pool, out, diags, &consumed);
  TrackingIterator first(text.data(), text.data(), &consumed);
  TrackingIterator last(text.data() + text.size(), text.data(), &consumed);
  bool ok = nlohmann::json::sax_parse(first, last, &sax, nlohmann::json::input_format_t::json, true, false);
  if (!ok || sax.failed()) {
    for (auto& t : out) t.complete = false;
    return false;
  }
  return true;
}

}  // namespace

bool read_json(std::string_view text, const std::string& path, StringPool& pool, std::vector<RawTable>& out,
               Diagnostics& diags, const FileContents* source, const std::vector<std::string>* read_columns) {
  return read_json_document(text, path, pool, out, diags, true, source, read_columns);
}

bool read_json_slow_path_only(std::string_view text, const std::string& path, StringPool& pool,
                              std::vector<RawTable>& out, Diagnostics& diags) {
  return read_json_document(text, path, pool, out, diags, false, nullptr, nullptr);
}

}  // namespace ward
