#include "inventory/csv_reader.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

#include "inventory/utf8.hpp"

namespace ward {

namespace {

class CsvTokenizer {
 public:
  CsvTokenizer(std::string_view text, StringPool& pool, const std::string& path, Diagnostics& diags)
      : text_(text), pool_(pool), path_(path), diags_(diags) {}

  // Reads the next record's cells into `fields`. Returns false at end of
  // input or on a syntax error (then `failed()` is true).
  bool next(std::vector<StrId>& fields, std::uint32_t& record_line) {
    fields.clear();
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

 private:
  bool fail(std::uint32_t line, const char* code, std::string message) {
    diags_.error(code, SourcePos{path_, line, 0}, std::move(message));
    failed_ = true;
    return false;
  }

  bool read_field(std::vector<StrId>& fields, std::uint32_t record_line) {
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
        fields.push_back(intern_cached(fields.size(), raw));
      } else {
        scratch_.clear();
        for (std::size_t k = 0; k < raw.size(); ++k) {
          scratch_ += raw[k];
          if (raw[k] == '"') ++k;  // `""` -> `"`
        }
        fields.push_back(pool_.intern(scratch_));
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
    fields.push_back(intern_cached(fields.size(), text_.substr(start, i_ - start)));
    return true;
  }

  // Exports repeat a column's value on consecutive rows (all edges of one
  // identity, the same date or approver): remembering the last value per
  // column skips most hash lookups.
  StrId intern_cached(std::size_t column, std::string_view raw) {
    if (raw.empty()) return kEmptyStr;
    if (column >= last_.size()) last_.resize(column + 1, {std::string_view(), kEmptyStr});
    auto& [text, id] = last_[column];
    if (text != raw) {
      text = raw;
      id = pool_.intern(raw);
    }
    return id;
  }

  std::string_view text_;
  StringPool& pool_;
  const std::string& path_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  std::uint32_t line_ = 1;
  bool failed_ = false;
  std::string scratch_;
  std::vector<std::pair<std::string_view, StrId>> last_;  // per column: last raw text and its id
};

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

  CsvTokenizer tok(text, pool, path, diags);
  std::vector<StrId> fields;
  std::uint32_t line = 0;
  if (!tok.next(fields, line)) {
    if (!tok.failed())
      diags.error("I0102", SourcePos{path, 1, 0}, "file has no header line");
    return false;
  }
  out.header_line = line;
  bool header_ok = true;
  for (std::size_t c = 0; c < fields.size(); ++c) {
    std::string_view name = pool.view(fields[c]);
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
  const std::size_t expected_rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  out.table.cells.reserve(expected_rows * width);
  out.table.lines.reserve(expected_rows);
  bool ragged = false;
  while (tok.next(fields, line)) {
    if (fields.size() != width) {
      ragged = true;
      diags.error("I0114", SourcePos{path, line, 0},
                  fmt::format("expected {} fields as in the header, found {}", width, fields.size()));
      continue;
    }
    out.table.cells.insert(out.table.cells.end(), fields.begin(), fields.end());
    out.table.lines.push_back(line);
  }
  if (tok.failed()) return false;
  // A skipped record may have defined a node; checks that need the whole
  // table would then report errors that are not there.
  out.complete = !ragged;
  return true;
}

}  // namespace ward
