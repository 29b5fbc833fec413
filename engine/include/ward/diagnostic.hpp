// Diagnostics: ward's errors and warnings as values with a place.
//
// Every problem ward reports about its input (a data file, a policy, a command
// line) is a Diagnostic: a stable code, a position, a one-line message in
// lowercase without a final period, and an optional hint. No exception crosses
// a module boundary; loaders and the checker return a Diagnostics list and the
// caller decides (the CLI prints them and exits 2).
//
// Rendering (render_plain):
//   inv/edges.csv:4812: error[I0301]: unknown node `grp-fin` in column `to`
//   policies/a.ward:12:7: error[W0103]: unknown attribute `ownr` on identity
//     help: did you mean `owner`?
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ward {

enum class Level : std::uint8_t { error, warning };

// A place in an input file.
//   line 0: the file as a whole (e.g. a required file that is missing).
//   col 0:  no column is known (CSV errors are reported at the record's line).
struct SourcePos {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  std::uint32_t width = 0;  // columns to underline in a caret line (0: a single caret)
};

struct Diagnostic {
  Level level = Level::error;
  std::string code;     // stable, e.g. "I0301"; documented in docs/
  SourcePos pos;
  std::string message;  // one line, lowercase, user input in backticks
  std::string hint;     // optional; rendered as "help: ..."
};

// An ordered, bounded collection of diagnostics.
// INVARIANT: size() <= limit(); once the limit is hit, further errors only
// set truncated() so a hostile input cannot make ward print gigabytes.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t limit = 100) : limit_(limit) {}

  void add(Diagnostic d);
  void error(std::string code, SourcePos pos, std::string message, std::string hint = {});
  void warning(std::string code, SourcePos pos, std::string message, std::string hint = {});

  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  bool truncated() const { return truncated_; }
  bool full() const { return items_.size() >= limit_; }
  std::size_t limit() const { return limit_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // Stable sort by the rank of the file in `files` (files not listed keep
  // their place after the listed ones), then by line and column.
  void sort_by_file_order(const std::vector<std::string>& files);
  void append(const Diagnostics& other);
  // Keeps the first `n` items (after sorting, the first by position) and
  // remembers that more existed.
  void truncate(std::size_t n);

 private:
  std::vector<Diagnostic> items_;
  std::size_t limit_;
  std::size_t error_count_ = 0;
  bool truncated_ = false;
};

// "file:line[:col]: error[CODE]: message" plus "  help: hint" when present.
// Control characters in the message are neutralised (names in messages come
// from untrusted data).
std::string render_plain(const Diagnostic& d);

// All diagnostics, one per line block, then "... and N more errors (limit L)"
// when truncated.
std::string render_plain(const Diagnostics& ds);

// Quote untrusted text for a one-line message: control characters (C0, DEL,
// C1) and bytes that are not UTF-8 become \xNN / \u{NNNN} escapes, and so do
// invisible or reordering characters (bidi controls, zero-width characters,
// soft hyphen, line and paragraph separators, BOM): a name cannot move the
// cursor, recolour a terminal, reorder the line, or pass for another name.
std::string printable(std::string_view text);
// `text` when it is at most `limit` bytes, else its start and end with
// "...[N bytes]..." between them (cut at UTF-8 boundaries): a diagnostic
// quoting a 10 MB cell must not print 10 MB.
std::string elide_middle(std::string_view text, std::size_t limit);
constexpr std::size_t kMaxMessageBytes = 1000;
// printable() of each piece of `text` between `keep` characters, which stay
// as they are (tabs in quoted source lines, newlines in paragraphs).
std::string printable_keeping(std::string_view text, char keep);

}  // namespace ward
