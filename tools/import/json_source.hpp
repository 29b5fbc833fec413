// json_source: JSON documents that remember where each value was, for the
// importers whose sources are JSON (scim, aws-iam, ad-lab; csv's mapping file).
//
// The importers walk a JsonNode tree instead of nlohmann's DOM because every
// error they report must name the file, the line and column of the offending
// value, and its JSON pointer (RFC 6901); nlohmann's DOM keeps no positions.
// nlohmann is used only as the (non-throwing, SAX) lexer, and only here.
//
// A file that cannot be read is M0101 (line 0), as for every importer. The
// other codes are per importer: each passes its prefix ("M03" csv mapping,
// "M06" scim, "M07" aws-iam, "M08" ad-lab) and the codes are that prefix plus:
//   02 the file is empty                (line 1)
//   03 invalid UTF-8, a NUL byte or `\u0000`
//   04 malformed JSON                   (line:col of the offending character)
//   05 duplicate key in an object       (line:col of the second key)
//   06 nesting deeper than kMaxJsonDepth
//   10 a value of the wrong JSON type   (line:col of the value, its pointer)
// Codes 11 and above belong to the importers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "import/imported_inventory.hpp"
#include "ward/diagnostic.hpp"

namespace ward::import {

inline constexpr std::size_t kMaxJsonDepth = 512;

struct JsonNode {
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };

  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;                // string: the value; number: its spelling; otherwise ""
  std::string key;                 // the member name when this is an object member, else ""
  std::string pointer;             // RFC 6901 pointer from the document root ("" is the root)
  std::vector<JsonNode> children;  // array items, or object members in document order
  // Where the value starts, 1-based. line 0: not known (a document decoded
  // from a string value carries that string's position instead).
  std::uint32_t line = 0, col = 0;

  bool is(Kind k) const { return kind == k; }
  // The member `name` of an object, or nullptr (also when this is no object).
  // INVARIANT: keys are unique (duplicates are parse errors).
  const JsonNode* get(std::string_view name) const;
};

// "a string", "an object", ... for messages.
const char* json_kind_name(JsonNode::Kind kind);

// RFC 6901: `base` followed by one escaped reference token.
std::string json_pointer(std::string_view base, std::string_view token);
std::string json_pointer(std::string_view base, std::size_t index);

// A problem found while parsing text (no file attached yet).
struct JsonProblem {
  enum class What : std::uint8_t { syntax, encoding, duplicate_key, too_deep } what = What::syntax;
  std::uint32_t line = 0, col = 0;
  std::string message;  // one line, lowercase, no file
};

// Parses `text` into `out`; pointers start at `base_pointer`. Returns the
// first problem, or nullopt on success (then `out` is the whole document).
std::optional<JsonProblem> parse_json_text(std::string_view text, JsonNode& out, std::string_view base_pointer = {});

// Reads and parses the file at `path`; problems become diagnostics with the
// codes above (M0101 when it cannot be read). Returns false (and `out` is unusable) on any problem.
bool load_json_file(const std::string& path, std::string_view code_prefix, JsonNode& out, Diagnostics& diags);
// The same for text already in memory (tests, decoded documents).
bool parse_json_file_text(std::string_view text, const std::string& path, std::string_view code_prefix, JsonNode& out,
                          Diagnostics& diags);

// Sets the position of `node` and everything under it (documents decoded
// from a string value have no positions of their own).
void set_positions(JsonNode& node, std::uint32_t line, std::uint32_t col);

// Typed access to one document. A value of the wrong JSON type is an error
// `<prefix>10` at the value's line:col naming its JSON pointer (once per
// value, however often it is read); the accessor then returns nullptr/nullopt and the importer goes on, so all type
// errors of a file are reported in one run. `null` counts as absent everywhere.
class JsonReader {
 public:
  JsonReader(std::string file, std::string code_prefix, Diagnostics& diags)
      : file_(std::move(file)), prefix_(std::move(code_prefix)), diags_(diags) {}

  // `v` itself when it has kind `kind`; nullptr when null; error otherwise.
  const JsonNode* as(const JsonNode& v, JsonNode::Kind kind, std::string_view expected = {});
  // The member `name` of `obj` when of kind `kind`; nullptr when absent or null.
  const JsonNode* member(const JsonNode& obj, std::string_view name, JsonNode::Kind kind);
  // A string member; nullopt when absent, null or of another type (an error).
  std::optional<std::string> string(const JsonNode& obj, std::string_view name);
  // A boolean member; nullopt when absent, null or of another type (an error).
  std::optional<bool> boolean(const JsonNode& obj, std::string_view name);
  // A member that may be one string or an array of strings ("Action": "s3:*"
  // or ["s3:*"]); empty when absent; wrong types are errors.
  std::vector<const JsonNode*> strings(const JsonNode& obj, std::string_view name);
  // Elements of an array member that are objects (others are errors).
  std::vector<const JsonNode*> objects(const JsonNode& obj, std::string_view name);

  // An importer-specific error at `v` (code is the full code, e.g. "M0711").
  void error(const JsonNode& v, const char* code, std::string message);
  SourcePos pos(const JsonNode& v) const { return SourcePos{file_, v.line, v.col, 0}; }
  const std::string& file() const { return file_; }
  bool failed() const { return failed_; }

 private:
  void wrong_type(const JsonNode& v, std::string_view expected);

  std::string file_;
  std::string prefix_;
  Diagnostics& diags_;
  bool failed_ = false;
  // Pointers of values reported already: importers may read a value twice
  // (a pass to index, a pass to map), its error is shown once.
  std::unordered_set<std::string> reported_;
};

// A date in one of the spellings inventories accept (YYYY-MM-DD, or
// YYYY-MM-DDTHH:MM:SS[.fraction] with Z or +HH:MM/-HH:MM), also accepting a
// space instead of `T` (AWS writes `2019-12-18 19:10:08+00:00`). Returns the
// date with `T`, or nullopt when it is no valid date.
std::optional<std::string> normalize_date(std::string_view text);

// True when a key names a secret or credential that must never be copied:
// it contains `password`, `secret`, `credential`, `privatekey`, `accesskey`,
// `loginprofile`, `certificate` or `sshpublickey` (case-insensitive, `_` and
// `-` ignored: `sa_password`, `AccessKeyMetadata`, `x509Certificates`).
bool is_secret_key(std::string_view key);

// ASCII lower case (ids and actions are compared case-insensitively).
std::string lower_ascii(std::string_view s);

// `items` separated by `sep`.
std::string join(const std::vector<std::string>& items, std::string_view sep);

// Source attributes that have no place in the inventory, counted over all
// objects so the mapping report lists each once ("attribute `ims` (3 objects)")
// at its first occurrence, in the order first seen.
class UnmappedAttributes {
 public:
  void add(const std::string& what, const SourcePos& where);
  void report(ImportedInventory& out, std::string_view why) const;

 private:
  struct Seen {
    std::string what;
    SourcePos first;
    std::size_t count = 0;
  };
  std::vector<Seen> seen_;
  std::unordered_map<std::string, std::size_t> index_;  // what -> index in seen_
};

}  // namespace ward::import
