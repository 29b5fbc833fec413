#include "ward/diagnostic.hpp"

#include "inventory/utf8.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace ward {

void Diagnostics::add(Diagnostic d) {
  if (d.level == Level::error) ++error_count_;
  if (items_.size() >= limit_) {
    truncated_ = true;
    return;
  }
  items_.push_back(std::move(d));
}

void Diagnostics::error(std::string code, SourcePos pos, std::string message, std::string hint) {
  add(Diagnostic{Level::error, std::move(code), std::move(pos), std::move(message), std::move(hint)});
}

void Diagnostics::warning(std::string code, SourcePos pos, std::string message, std::string hint) {
  add(Diagnostic{Level::warning, std::move(code), std::move(pos), std::move(message), std::move(hint)});
}

void Diagnostics::sort_by_file_order(const std::vector<std::string>& files) {
  auto rank = [&](const std::string& f) {
    for (std::size_t i = 0; i < files.size(); ++i)
      if (files[i] == f) return i;
    return files.size();
  };
  std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    std::size_t ra = rank(a.pos.file), rb = rank(b.pos.file);
    if (ra != rb) return ra < rb;
    if (ra == files.size()) return false;  // unlisted: keep discovery order
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.col < b.pos.col;
  });
}

void Diagnostics::truncate(std::size_t n) {
  if (items_.size() <= n) return;
  items_.resize(n);
  truncated_ = true;
  limit_ = n;
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items()) add(d);
  // Errors beyond other's own limit still count.
  error_count_ += other.error_count() - std::count_if(other.items().begin(), other.items().end(),
                                                      [](const Diagnostic& d) { return d.level == Level::error; });
  if (other.truncated()) truncated_ = true;
}

namespace {

// Code points that are invisible or change how the text around them reads:
// soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
// and directional marks, line/paragraph separators, bidi embeddings,
// overrides and isolates, word joiners and invisible operators, BOM.
bool invisible(std::uint32_t cp) {
  return cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {  // not UTF-8: show the byte, never pass it through
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
    } else if (cp < 0x20 || cp == 0x7f) {
      out += fmt::format("\\x{:02x}", cp);
      i += len;
    } else if ((cp >= 0x80 && cp <= 0x9F) || invisible(cp)) {
      out += fmt::format("\\u{{{:04X}}}", cp);
      i += len;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return out;
}

std::string elide_middle(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  auto boundary = [&](std::size_t at) {  // back off to the start of a UTF-8 sequence
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  const std::size_t head = boundary(limit / 2), tail = boundary(text.size() - limit / 2);
  return fmt::format("{} ...[{} bytes]... {}", text.substr(0, head), tail - head, text.substr(tail));
}

std::string render_plain(const Diagnostic& d) {
  // No file: a problem with the command line itself ("error[E0402]: ...").
  std::string where;
  if (!d.pos.file.empty()) {
    where = printable(d.pos.file) + fmt::format(":{}", d.pos.line);
    if (d.pos.col > 0) where += fmt::format(":{}", d.pos.col);
    where += ": ";
  }
  std::string out = fmt::format("{}{}[{}]: {}", where, d.level == Level::error ? "error" : "warning", d.code,
                                printable(elide_middle(d.message, kMaxMessageBytes)));
  if (!d.hint.empty()) out += fmt::format("\n  help: {}", printable(elide_middle(d.hint, kMaxMessageBytes)));
  return out;
}

std::string render_plain(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds.items()) {
    out += render_plain(d);
    out += '\n';
  }
  if (ds.truncated()) {
    std::size_t shown_errors = 0;
    for (const auto& d : ds.items()) shown_errors += d.level == Level::error;
    out += fmt::format("... and {} more errors (stopped after {}; raise with --max-errors)\n",
                       ds.error_count() - shown_errors, ds.limit());
  }
  return out;
}

std::string printable_keeping(std::string_view text, char keep) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t k = 0; k <= text.size(); ++k)
    if (k == text.size() || text[k] == keep) {
      out += printable(text.substr(start, k - start));
      if (k < text.size()) out += keep;
      start = k + 1;
    }
  return out;
}

}  // namespace ward
