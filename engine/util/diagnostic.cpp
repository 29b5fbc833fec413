#include "ward/diagnostic.hpp"

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

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
      continue;
    }
    // U+200E/F (LRM/RLM), U+202A..U+202E (embeddings/overrides), U+2066..U+2069
    // (isolates) and U+061C (ALM) reorder what a reader sees.
    if (c == 0xE2 && i + 2 < text.size()) {
      unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
      unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
      unsigned cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
      if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        out += fmt::format("\\u{{{:04X}}}", cp);
        i += 2;
        continue;
      }
    }
    if (c == 0xD8 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x9C) {
      out += "\\u{061C}";
      i += 1;
      continue;
    }
    // C1 controls (U+0080..U+009F) are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < text.size()) {
      unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
      if (c1 >= 0x80 && c1 <= 0x9F) {
        out += fmt::format("\\u{{{:04X}}}", c1);
        i += 1;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
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
                                printable(d.message));
  if (!d.hint.empty()) out += fmt::format("\n  help: {}", printable(d.hint));
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
