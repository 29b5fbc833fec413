// Finding and reading .ward files, and rendering diagnostics with their
// source line and caret.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "ward/diagnostic.hpp"
#include "ward/file_io.hpp"
#include "ward/policy.hpp"
#include "ward/sha256.hpp"

namespace ward {

namespace fs = std::filesystem;

std::vector<PolicySource> read_policy_files(const std::vector<std::string>& paths, Diagnostics& diags) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::size_t before = files.size();
      // Every `.ward` entry that is not a directory is read, so one that
      // cannot be (a broken or looping link, no permission) is an error, not
      // silently left out of the policy set; so is a directory that cannot be listed.
      std::error_code entry_ec;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".ward" && !it->is_directory(entry_ec)) files.push_back(it->path().generic_string());
      }
      if (ec) {
        diags.error("P0001", SourcePos{p, 0, 0}, fmt::format("cannot read policy directory: {}", ec.message()));
        continue;
      }
      if (files.size() == before) diags.error("P0002", SourcePos{p, 0, 0}, "no .ward files in this directory");
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      diags.error("P0001", SourcePos{p, 0, 0}, "no such policy file or directory");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<PolicySource> out;
  for (const auto& f : files) {
    ReadResult r = read_file(f);
    if (!r.ok()) {
      diags.error("P0003", SourcePos{f, 0, 0}, fmt::format("cannot read policy file: {}", r.error));
      continue;
    }
    std::string digest = sha256_hex(r.bytes);
    out.push_back(PolicySource{f, f, std::move(r.bytes), std::move(digest)});
  }
  return out;
}

namespace {

std::string_view line_of(const std::string& text, std::uint32_t line) {
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  std::string_view v(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

// 1-based character column of 1-based byte column `byte_col` in `line`.
std::uint32_t char_column(std::string_view line, std::uint32_t byte_col) {
  std::uint32_t chars = 1;
  for (std::uint32_t b = 0; b + 1 < byte_col && b < line.size(); ++b)
    if ((static_cast<unsigned char>(line[b]) & 0xC0) != 0x80) ++chars;
  return byte_col > line.size() + 1 ? chars + (byte_col - static_cast<std::uint32_t>(line.size()) - 1) : chars;
}


}  // namespace

std::string render_with_source(const Diagnostics& diags, const std::vector<PolicySource>& sources) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    const PolicySource* src = nullptr;
    for (const auto& s : sources)
      if (s.path == d.pos.file) src = &s;
    // Columns are counted in characters, not bytes, for people and editors.
    SourcePos shown = d.pos;
    std::string_view full_line = src && d.pos.line > 0 ? line_of(src->text, d.pos.line) : std::string_view();
    if (src && d.pos.col > 0) shown.col = char_column(full_line, d.pos.col);
    std::string head = render_plain(Diagnostic{d.level, d.code, shown, d.message, ""});
    out += head + "\n";
    if (src && d.pos.line > 0) {
      std::string_view line = full_line;
      std::uint32_t col = d.pos.col == 0 ? 1 : d.pos.col;
      // A very long line is shown as a window around the column.
      constexpr std::uint32_t kContext = 60;
      std::string prefix, suffix;
      if (line.size() > 2 * kContext + 20) {
        std::uint32_t from = col > kContext ? col - kContext : 1;
        std::size_t to = std::min<std::size_t>(line.size(), from - 1 + 2 * kContext);
        if (from > 1) prefix = "...";
        if (to < line.size()) suffix = "...";
        line = line.substr(from - 1, to - (from - 1));
        col = col - from + 1;
      }
      std::string number = fmt::format("{}", d.pos.line);
      std::string pad(number.size(), ' ');
      // Tabs keep their width in the caret line so the caret lines up.
      std::string caret(prefix.size(), ' ');
      for (std::uint32_t c = 1; c < col && c - 1 < line.size(); ++c) caret += line[c - 1] == '\t' ? '\t' : ' ';
      std::uint32_t width = d.pos.width;
      std::uint32_t room = col - 1 < line.size() ? static_cast<std::uint32_t>(line.size()) - (col - 1) : 1;
      if (width == 0 || width > room) width = std::max<std::uint32_t>(1, std::min(width, room));
      caret += std::string(width, '^');
      // The caret line mirrors the source line: a tab stays a tab, any other
      // byte of a multi-byte character adds nothing, so the caret lines up.
      std::string aligned(prefix.size(), ' ');
      for (std::uint32_t c = 1; c < col && c - 1 < line.size(); ++c) {
        unsigned char b = static_cast<unsigned char>(line[c - 1]);
        if (b == '\t') aligned += '\t';
        else if ((b & 0xC0) != 0x80) aligned += ' ';
      }
      caret = aligned + caret.substr(caret.find('^'));
      out += fmt::format("{} |\n{} | {}{}{}\n{} | {}\n", pad, number, prefix, printable_keeping(line, '\t'), suffix, pad, caret);
      if (!d.hint.empty()) out += fmt::format("{} = help: {}\n", pad, printable(d.hint));
    } else if (!d.hint.empty()) {
      out += fmt::format("  = help: {}\n", printable(d.hint));
    }
  }
  if (diags.truncated()) out += fmt::format("... more problems not shown (stopped after {})\n", diags.limit());
  return out;
}

}  // namespace ward
