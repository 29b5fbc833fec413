#include "import/json_source.hpp"

#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "inventory/utf8.hpp"
#include "inventory/json_tracking_iterator.hpp"
#include "ward/date.hpp"
#include "ward/file_io.hpp"

namespace ward::import {

namespace {

// Line and column of byte offsets that arrive (almost always) in increasing
// order, so the whole document is scanned once.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {}
  void at(std::size_t offset, std::uint32_t& line, std::uint32_t& col) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < pos_) pos_ = 0, line_ = 1, line_start_ = 0;
    for (; pos_ < offset; ++pos_)
      if (text_[pos_] == '\n') ++line_, line_start_ = pos_ + 1;
    line = line_;
    col = static_cast<std::uint32_t>(offset - line_start_ + 1);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0, line_start_ = 0;
  std::uint32_t line_ = 1;
};

bool number_char(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  TreeBuilder(std::string_view text, JsonNode& root, std::string_view base, const std::size_t* consumed)
      : text_(text), positions_(text), root_(root), base_(base), consumed_(consumed) {}

  bool null() override { return value(JsonNode::Kind::null, literal_start(4)); }
  bool boolean(bool v) override {
    JsonNode* n = value(JsonNode::Kind::boolean, literal_start(v ? 4 : 5));
    if (n) n->boolean = v;
    return n != nullptr;
  }
  bool number_integer(number_integer_t v) override { return number(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return number(s); }
  bool binary(binary_t&) override { return fail(JsonProblem::What::syntax, offset(), "binary values are not JSON"); }
  bool string(string_t& s) override {
    const std::size_t start = string_start();
    if (s.find('\0') != std::string::npos)
      return fail(JsonProblem::What::encoding, start, "NUL character (`\\u0000`) in a string");
    JsonNode* n = value(JsonNode::Kind::string, start);
    if (n) n->text = std::move(s);
    return n != nullptr;
  }
  bool start_object(std::size_t) override { return open(JsonNode::Kind::object); }
  bool start_array(std::size_t) override { return open(JsonNode::Kind::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    const std::size_t start = string_start();
    if (k.find('\0') != std::string::npos)
      return fail(JsonProblem::What::encoding, start, "NUL character (`\\u0000`) in a key");
    if (!keys_.back().insert(k).second)
      return fail(JsonProblem::What::duplicate_key, start, fmt::format("duplicate key `{}`", k));
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing value - ..."
    std::string what = ex.what();
    auto colon = what.find(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    if (reason.rfind("syntax error while parsing ", 0) == 0) reason = reason.substr(27);
    std::size_t byte = 0;
    if (const auto* pe = dynamic_cast<const nlohmann::detail::parse_error*>(&ex)) byte = pe->byte;
    // `byte` counts the characters read, the offending one included.
    fail(JsonProblem::What::syntax, byte == 0 ? 0 : byte - 1, "malformed JSON: " + reason);
    return false;
  }

  std::optional<JsonProblem> problem;

 private:
  std::size_t offset() const { return *consumed_; }
  std::size_t literal_start(std::size_t len) const { return offset() >= len ? offset() - len : 0; }
  // The lexer stopped after the closing quote; walk back to the opening
  // quote (inside a JSON string every `"` is preceded by an odd number of `\`).
  std::size_t string_start() const {
    std::size_t p = offset() >= 2 ? offset() - 2 : 0;
    while (p > 0) {
      if (text_[p] == '"') {
        std::size_t backslashes = 0;
        while (backslashes < p && text_[p - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return p;
      }
      --p;
    }
    return p;
  }
  bool number(std::string spelling) {
    std::size_t end = offset();
    if (end > 0 && end <= text_.size() && !number_char(text_[end - 1])) --end;  // the one character read past it
    std::size_t start = end;
    while (start > 0 && number_char(text_[start - 1])) --start;
    JsonNode* n = value(JsonNode::Kind::number, start);
    if (n) n->text = std::move(spelling);
    return n != nullptr;
  }

  JsonNode* value(JsonNode::Kind kind, std::size_t start) {
    JsonNode* n = nullptr;
    if (stack_.empty()) {
      if (root_done_) return nullptr;
      root_done_ = true;
      n = &root_;
      n->pointer = std::string(base_);
    } else {
      JsonNode& parent = *stack_.back();
      const std::size_t index = parent.children.size();
      parent.children.emplace_back();
      n = &parent.children.back();
      if (parent.kind == JsonNode::Kind::object) {
        n->key = std::move(key_);
        key_.clear();
        n->pointer = json_pointer(parent.pointer, n->key);
      } else {
        n->pointer = json_pointer(parent.pointer, index);
      }
    }
    n->kind = kind;
    positions_.at(start, n->line, n->col);
    return n;
  }
  bool open(JsonNode::Kind kind) {
    const std::size_t start = offset() > 0 ? offset() - 1 : 0;
    if (stack_.size() >= kMaxJsonDepth)
      return fail(JsonProblem::What::too_deep, start, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
    JsonNode* n = value(kind, start);
    if (!n) return false;
    stack_.push_back(n);  // children of n never move while n is open
    keys_.emplace_back();
    return true;
  }
  bool close() {
    if (!stack_.empty()) stack_.pop_back(), keys_.pop_back();
    return true;
  }
  bool fail(JsonProblem::What what, std::size_t at, std::string message) {
    if (!problem) {
      JsonProblem p;
      p.what = what;
      positions_.at(at, p.line, p.col);
      p.message = std::move(message);
      problem = std::move(p);
    }
    return false;
  }

  std::string_view text_;
  Positions positions_;
  JsonNode& root_;
  std::string_view base_;
  const std::size_t* consumed_;
  std::vector<JsonNode*> stack_;
  std::vector<std::unordered_set<std::string>> keys_;
  std::string key_;
  bool root_done_ = false;
};

const char* problem_code(JsonProblem::What what) {
  switch (what) {
    case JsonProblem::What::encoding:
      return "03";
    case JsonProblem::What::syntax:
      return "04";
    case JsonProblem::What::duplicate_key:
      return "05";
    case JsonProblem::What::too_deep:
      return "06";
  }
  return "04";
}

}  // namespace

const JsonNode* JsonNode::get(std::string_view name) const {
  if (kind != Kind::object) return nullptr;
  for (const JsonNode& c : children)
    if (c.key == name) return &c;
  return nullptr;
}

const char* json_kind_name(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::null:
      return "null";
    case JsonNode::Kind::boolean:
      return "a boolean";
    case JsonNode::Kind::number:
      return "a number";
    case JsonNode::Kind::string:
      return "a string";
    case JsonNode::Kind::array:
      return "an array";
    case JsonNode::Kind::object:
      return "an object";
  }
  return "a value";
}

std::string json_pointer(std::string_view base, std::string_view token) {
  std::string out(base);
  out += '/';
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string json_pointer(std::string_view base, std::size_t index) {
  return std::string(base) + '/' + std::to_string(index);
}

std::optional<JsonProblem> parse_json_text(std::string_view text, JsonNode& out, std::string_view base_pointer) {
  out = JsonNode{};
  std::size_t consumed = 0;
  TreeBuilder builder(text, out, base_pointer, &consumed);
  TrackingIterator first(text.data(), text.data(), &consumed);
  TrackingIterator last(text.data() + text.size(), text.data(), &consumed);
  const bool ok = nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json, true, false);
  if (builder.problem) return builder.problem;
  if (!ok) return JsonProblem{JsonProblem::What::syntax, 1, 1, "malformed JSON"};
  return std::nullopt;
}

bool parse_json_file_text(std::string_view text, const std::string& path, std::string_view code_prefix, JsonNode& out,
                          Diagnostics& diags) {
  const std::string prefix(code_prefix);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diags.error(prefix + "02", SourcePos{path, 1, 0, 0}, "file is empty (expected a JSON document)");
    return false;
  }
  if (auto bad = find_utf8_problem(text)) {
    const std::uint32_t line = line_of_offset(text, bad->offset);
    diags.error(prefix + "03", SourcePos{path, line, 0, 0},
                bad->is_nul ? std::string("NUL byte in file (JSON sources must be UTF-8 text)")
                            : fmt::format("invalid UTF-8 (byte 0x{:02X}); JSON sources must be UTF-8",
                                          static_cast<unsigned char>(text[bad->offset])));
    return false;
  }
  if (auto problem = parse_json_text(text, out)) {
    diags.error(prefix + problem_code(problem->what), SourcePos{path, problem->line, problem->col, 0},
                problem->message);
    return false;
  }
  return true;
}

bool load_json_file(const std::string& path, std::string_view code_prefix, JsonNode& out, Diagnostics& diags) {
  ReadResult r = read_file(path);
  if (!r.ok()) {
    diags.error("M0101", SourcePos{path, 0, 0, 0}, fmt::format("cannot read input file: {}", r.error));
    return false;
  }
  return parse_json_file_text(r.bytes, path, code_prefix, out, diags);
}

void set_positions(JsonNode& node, std::uint32_t line, std::uint32_t col) {
  // Iterative: decoded documents are as deep as their text allows.
  std::vector<JsonNode*> todo{&node};
  while (!todo.empty()) {
    JsonNode* n = todo.back();
    todo.pop_back();
    n->line = line;
    n->col = col;
    for (JsonNode& c : n->children) todo.push_back(&c);
  }
}

// ---- JsonReader ----------------------------------------------------------

void JsonReader::wrong_type(const JsonNode& v, std::string_view expected) {
  failed_ = true;
  if (!reported_.insert(v.pointer).second) return;
  diags_.error(
      prefix_ + "10", pos(v),
      fmt::format("`{}` must be {}, found {}", v.pointer.empty() ? "/" : v.pointer, expected, json_kind_name(v.kind)));
}

void JsonReader::error(const JsonNode& v, const char* code, std::string message) {
  failed_ = true;
  diags_.error(code, pos(v), std::move(message));
}

const JsonNode* JsonReader::as(const JsonNode& v, JsonNode::Kind kind, std::string_view expected) {
  if (v.kind == kind) return &v;
  if (v.kind == JsonNode::Kind::null) return nullptr;
  wrong_type(v, expected.empty() ? std::string_view(json_kind_name(kind)) : expected);
  return nullptr;
}

const JsonNode* JsonReader::member(const JsonNode& obj, std::string_view name, JsonNode::Kind kind) {
  const JsonNode* v = obj.get(name);
  return v ? as(*v, kind) : nullptr;
}

std::optional<std::string> JsonReader::string(const JsonNode& obj, std::string_view name) {
  const JsonNode* v = member(obj, name, JsonNode::Kind::string);
  if (!v) return std::nullopt;
  return v->text;
}

std::optional<bool> JsonReader::boolean(const JsonNode& obj, std::string_view name) {
  const JsonNode* v = member(obj, name, JsonNode::Kind::boolean);
  if (!v) return std::nullopt;
  return v->boolean;
}

std::vector<const JsonNode*> JsonReader::strings(const JsonNode& obj, std::string_view name) {
  std::vector<const JsonNode*> out;
  const JsonNode* v = obj.get(name);
  if (!v || v->is(JsonNode::Kind::null)) return out;
  if (v->is(JsonNode::Kind::string)) {
    out.push_back(v);
  } else if (v->is(JsonNode::Kind::array)) {
    for (const JsonNode& item : v->children)
      if (as(item, JsonNode::Kind::string)) out.push_back(&item);
  } else {
    wrong_type(*v, "a string or an array of strings");
  }
  return out;
}

std::vector<const JsonNode*> JsonReader::objects(const JsonNode& obj, std::string_view name) {
  std::vector<const JsonNode*> out;
  if (const JsonNode* arr = member(obj, name, JsonNode::Kind::array))
    for (const JsonNode& item : arr->children)
      if (as(item, JsonNode::Kind::object)) out.push_back(&item);
  return out;
}

// ---- small helpers -------------------------------------------------------

std::optional<std::string> normalize_date(std::string_view s) {
  // The inventory's own date rules (ward/date.hpp); sources often write the
  // date-time separator as a space.
  std::string out(s);
  if (out.size() > 10 && out[10] == ' ') out[10] = 'T';
  if (!parse_date(out)) return std::nullopt;
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += sep;  // also after an empty item: {"", "b"} is ";b", not "b"
    out += items[k];
  }
  return out;
}

void UnmappedAttributes::add(const std::string& what, const SourcePos& where) {
  auto [it, fresh] = index_.emplace(what, seen_.size());
  if (fresh) seen_.push_back(Seen{what, where, 0});
  ++seen_[it->second].count;
}

void UnmappedAttributes::report(ImportedInventory& out, std::string_view why) const {
  for (const Seen& s : seen_)
    out.skip(s.first, fmt::format("{} ({} object{})", s.what, s.count, s.count == 1 ? "" : "s"), std::string(why));
}

bool is_secret_key(std::string_view key) {
  std::string k;
  for (char c : lower_ascii(key))
    if (c != '_' && c != '-') k += c;
  for (const char* word :
       {"password", "secret", "credential", "privatekey", "accesskey", "loginprofile", "certificate", "sshpublickey"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace ward::import
