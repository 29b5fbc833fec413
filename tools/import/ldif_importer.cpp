// `ward import ldif FILE...`: LDIF (RFC 2849) as ldapsearch writes it from
// Active Directory or OpenLDAP. This file is the syntax only: records become
// DirectoryEntry values, mapped by map_directory (directory_mapping.hpp).
//
// Read: a `version: 1` line, comments (also folded ones), folded lines (a
// line starting with one space continues the previous one), `attr: value`,
// `attr:: base64`, `dn::` base64 DNs, CRLF, a UTF-8 BOM.
// Reported and skipped: `attr:< URL` values, change records (`changetype:`),
// ldapsearch's result trailers (`search:`/`result:`) and search references
// (`ref:`), and paragraphs holding no LDIF line at all (the TRUE/FALSE of
// ldapcompare in test transcripts).
// Errors (file:line:col): a line in a record that is not LDIF, a folded line
// with nothing to continue, invalid base64, a record that does not start
// with `dn:`, a malformed DN, a version other than 1.
#include <fmt/format.h>

#include <cstring>

#include "import/directory_mapping.hpp"
#include "import/importer.hpp"
#include "import/json_source.hpp"
#include "inventory/utf8.hpp"
#include "ward/file_io.hpp"

namespace ward::import {

namespace {

// A logical line: physical lines joined after unfolding. `segments` maps
// offsets in `text` back to the file for column numbers.
struct Logical {
  struct Segment {
    std::size_t offset;  // where this physical line's text starts in `text`
    std::uint32_t line;
    std::uint32_t first_col;  // column of that text in the file (2 after a folding space)
  };
  std::string text;
  std::vector<Segment> segments;
};

struct LdifLine {
  enum class Kind { value, base64, url, separator, bad } kind = Kind::bad;
  std::string attribute;     // as written, with options
  std::string value;         // decoded
  std::size_t at = 0;        // bad: offset of the problem; otherwise offset of the value
  std::string problem;       // bad: what was expected
  const char* code = "";     // bad: M0401 (not an LDIF line) or M0403 (invalid base64)
  const Logical* source = nullptr;
};

bool attribute_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ';';
}

// RFC 4648 base64 with padding. Returns the offset (in `b64`) of the first
// invalid character, or npos on success.
std::size_t decode_base64(std::string_view b64, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::size_t padding = 0;
  while (padding < 2 && padding < b64.size() && b64[b64.size() - 1 - padding] == '=') ++padding;
  const std::size_t data = b64.size() - padding;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t k = 0; k < data; ++k) {
    const int v = value(b64[k]);
    if (v < 0) return k;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (b64.size() % 4 != 0) return b64.size();  // truncated: the problem is at the end
  return std::string_view::npos;
}

LdifLine parse_line(const Logical& l) {
  LdifLine out;
  out.source = &l;
  const std::string& t = l.text;
  if (t == "-") {
    out.kind = LdifLine::Kind::separator;
    return out;
  }
  std::size_t i = 0;
  while (i < t.size() && attribute_char(t[i])) ++i;
  if (i == 0 || i == t.size() || t[i] != ':') {
    out.at = i;
    out.code = "M0401";
    out.problem = std::string(i == 0 ? "expected an attribute name" : "expected `:` after the attribute name") +
                  " (an LDIF line is `attribute: value`, `attribute:: base64` or `attribute:< URL`)";
    return out;
  }
  out.attribute = t.substr(0, i);
  ++i;
  auto skip_fill = [&] {
    while (i < t.size() && t[i] == ' ') ++i;
  };
  if (i < t.size() && t[i] == ':') {
    ++i;
    skip_fill();
    out.at = i;
    const std::size_t bad = decode_base64(std::string_view(t).substr(i), out.value);
    if (bad != std::string_view::npos) {
      out.kind = LdifLine::Kind::bad;
      out.code = "M0403";
      out.at = i + bad;
      out.problem = bad + i == t.size() ? "invalid base64 (the length is not a multiple of 4)"
                                        : "invalid base64 character";
      out.value.clear();
      return out;
    }
    out.kind = LdifLine::Kind::base64;
    return out;
  }
  if (i < t.size() && t[i] == '<') {
    out.kind = LdifLine::Kind::url;
    ++i;
    skip_fill();
    out.at = i;
    out.value = t.substr(i);
    return out;
  }
  skip_fill();
  out.kind = LdifLine::Kind::value;
  out.at = i;
  out.value = t.substr(i);
  return out;
}

class LdifReader {
 public:
  LdifReader(const std::string& path, std::vector<DirectoryEntry>& entries, ImportedInventory& out, Diagnostics& diags)
      : path_(path), entries_(entries), out_(out), diags_(diags) {}

  // Returns false when the file had errors (all reported).
  bool read(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<Logical> paragraph;
    bool in_comment = false;
    std::uint32_t line = 0;
    std::size_t p = 0;
    while (p < text.size() && !diags_.full()) {
      ++line;
      std::size_t eol = text.find('\n', p);
      if (eol == std::string_view::npos) eol = text.size();
      std::string_view l = text.substr(p, eol - p);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      p = eol + 1;
      const bool only_spaces = l.find_first_not_of(' ') == std::string_view::npos;
      if (l.empty() || (only_spaces && paragraph.empty() && !in_comment)) {
        record(paragraph);
        paragraph.clear();
        in_comment = false;
      } else if (l[0] == ' ') {
        if (in_comment) continue;
        if (paragraph.empty()) {
          error("M0402", line, 1, "folded line (starting with a space) with no line before it to continue");
          continue;
        }
        Logical& last = paragraph.back();
        last.segments.push_back({last.text.size(), line, 2});
        last.text.append(l.substr(1));
      } else if (l[0] == '#') {
        in_comment = true;
      } else {
        in_comment = false;
        paragraph.push_back(Logical{std::string(l), {{0, line, 1}}});
      }
    }
    record(paragraph);
    return ok_;
  }

 private:
  SourcePos line_of(const Logical& l) const { return SourcePos{path_, l.segments.front().line, 0}; }

  SourcePos pos(const Logical& l, std::size_t offset) const {
    const Logical::Segment* s = &l.segments.front();
    for (const auto& seg : l.segments)
      if (seg.offset <= offset) s = &seg;
    return SourcePos{path_, s->line, static_cast<std::uint32_t>(offset - s->offset) + s->first_col};
  }

  void error(const char* code, std::uint32_t line, std::uint32_t col, std::string message) {
    diags_.error(code, SourcePos{path_, line, col}, std::move(message));
    ok_ = false;
  }
  void error_at(const char* code, const LdifLine& l, std::size_t offset, std::string message) {
    diags_.add(Diagnostic{Level::error, code, pos(*l.source, offset), std::move(message), {}});
    ok_ = false;
  }

  void record(const std::vector<Logical>& paragraph) {
    if (paragraph.empty()) return;
    const bool first_record = first_record_;
    first_record_ = false;
    std::vector<LdifLine> lines;
    lines.reserve(paragraph.size());
    bool any_ldif = false;
    for (const Logical& l : paragraph) {
      lines.push_back(parse_line(l));
      any_ldif |= lines.back().kind != LdifLine::Kind::bad || !lines.back().attribute.empty();
    }
    const SourcePos start = line_of(paragraph.front());
    if (!any_ldif) {  // e.g. "TRUE" from ldapcompare in a transcript
      std::string_view shown = paragraph.front().text;
      if (shown.size() > 60) {
        shown = shown.substr(0, 60);
        while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.remove_suffix(1);
        if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.remove_suffix(1);
      }
      out_.skip(start, fmt::format("text `{}` outside any LDIF record", shown),
                "not LDIF (no `attribute: value` line)");
      return;
    }
    std::size_t first = 0;
    if (first_record && lower_ascii(lines[0].attribute) == "version") {
      if (lines[0].kind != LdifLine::Kind::value || lines[0].value != "1")
        error_at("M0405", lines[0], lines[0].at, "unsupported LDIF version (expected `version: 1`)");
      first = 1;
      if (first == lines.size()) return;
    }
    bool bad = false;
    for (std::size_t k = first; k < lines.size(); ++k)
      if (lines[k].kind == LdifLine::Kind::bad) {
        error_at(lines[k].code, lines[k], lines[k].at, lines[k].problem);
        bad = true;
      }
    if (bad) return;
    const LdifLine& head = lines[first];
    const std::string head_attr = lower_ascii(head.attribute);
    if (head_attr == "search" || head_attr == "result") {
      for (const LdifLine& l : lines)
        if (lower_ascii(l.attribute) == "result" && l.value.substr(0, 2) != "0 ")
          out_.skip(line_of(*l.source), fmt::format("ldapsearch result `{}`", l.value),
                    "the search did not succeed: the export may be incomplete");
      out_.skip(start, "ldapsearch result trailer", "not a directory entry");
      return;
    }
    if (head_attr == "ref") {
      out_.skip(start, fmt::format("search reference `{}`", head.value), "referrals are not followed");
      return;
    }
    if (head_attr != "dn") {
      error_at("M0404", head, 0,
               fmt::format("record does not start with `dn:` (found `{}:`); every LDIF record names its entry first",
                           head.attribute));
      return;
    }
    if (head.kind == LdifLine::Kind::url || head.kind == LdifLine::Kind::separator) {
      error_at("M0401", head, head.at, "a DN is given as `dn: value` or `dn:: base64`");
      return;
    }
    if (find_utf8_problem(head.value)) {
      error_at("M0406", head, head.at, "the DN is not UTF-8 text");
      return;
    }
    if (!normalize_dn(head.value)) {
      error_at("M0406", head, head.at, fmt::format("malformed DN `{}`", head.value));
      return;
    }
    DirectoryEntry entry;
    entry.dn = head.value;
    entry.where = line_of(*head.source);
    for (std::size_t k = first + 1; k < lines.size(); ++k) {
      const LdifLine& l = lines[k];
      const std::string a = lower_ascii(l.attribute);
      if (a == "changetype" || a == "control") {
        out_.skip(entry.where, fmt::format("change record for `{}`{}", entry.dn,
                                           a == "changetype" ? fmt::format(" (changetype: {})", l.value) : ""),
                  "LDIF change records describe updates, not entries: not imported");
        return;
      }
      if (l.kind == LdifLine::Kind::separator) {
        error_at("M0401", l, 0, "`-` separates modifications and belongs only in a change record");
        return;
      }
      if (l.kind == LdifLine::Kind::url) {
        out_.skip(line_of(*l.source), fmt::format("attribute `{}` of `{}` given by URL", l.attribute, entry.dn),
                  "values by reference (`:<`) are not read");
        continue;
      }
      entry.attributes.emplace_back(l.attribute, l.value);
    }
    entries_.push_back(std::move(entry));
  }

  const std::string& path_;
  std::vector<DirectoryEntry>& entries_;
  ImportedInventory& out_;
  Diagnostics& diags_;
  bool first_record_ = true;
  bool ok_ = true;
};

}  // namespace

bool import_ldif(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.inputs.empty()) {
    diags.error("M0102", SourcePos{}, "the ldif importer needs at least one input file");
    return false;
  }
  std::vector<DirectoryEntry> entries;
  bool ok = true;
  for (const std::string& path : options.inputs) {
    ReadResult file = read_file(path);
    if (!file.ok()) {
      diags.error("M0101", SourcePos{path, 0, 0}, fmt::format("cannot read input file: {}", file.error));
      ok = false;
      continue;
    }
    LdifReader reader(path, entries, out, diags);
    ok &= reader.read(file.bytes);
  }
  if (!ok) return false;
  map_directory(entries, out);
  return true;
}

}  // namespace ward::import
