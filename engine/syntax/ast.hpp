// The abstract syntax tree of a policy file (../shared/spec/language.md).
//
// Built by the PEGTL actions in syntax/parse.cpp from the rules in
// grammar/ward_grammar.hpp; read by the checker, the compiler, the
// formatter and `ward doc`. Plain data: no Boost, PEGTL or nlohmann types.
//
// Every node carries a Span (file, byte range, line and column of its
// first character) so every diagnostic and every finding can point at the
// policy text it came from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ward::ast {

struct Span {
  std::uint32_t file = 0;   // index into the PolicySources the file was parsed from
  std::uint32_t begin = 0;  // byte offsets in the file, [begin, end)
  std::uint32_t end = 0;
  std::uint32_t line = 0;   // 1-based line and column (in bytes) of `begin`
  std::uint32_t col = 0;
};

enum class ExprKind : std::uint8_t {
  string,        // text: the value (escapes resolved)
  interpolated,  // "... {expr} ...": pieces[k] literal text, args[k] the expression after it
  number,        // number
  boolean,       // number != 0
  date,          // days since 1970-01-01 in `days`
  duration,      // days in `days`
  share,         // a fraction in `number` (10% -> 0.1)
  list,          // [args...]
  name,          // text: a variable, param, def constant, source (identities...), `today`, a severity word
  member,        // args[0].text
  call,          // text(args...); `baseline` for baseline.text(...)
  unary,         // op: not_ or neg, args[0]
  binary,        // op, args[0], args[1]; reaches ... via x where C: text x, args[2] C
  is_absent,     // args[0] is absent
  is_present,    // args[0] is present
  quantifier,    // op: any_/all_; text: variable; args[0] source, args[1] condition
  set_builder,   // [text in args[0] where args[1]]
  table,         // table text (a data table as a source)
};

enum class Op : std::uint8_t {
  none,
  or_, and_, not_, neg,
  eq, ne, lt, le, gt, ge, in, not_in, reaches,
  union_, minus, intersect, plus, times, divide,
  any_, all_,
};

struct Expr {
  ExprKind kind = ExprKind::name;
  Op op = Op::none;
  Span span;
  std::string text;
  double number = 0;
  std::int32_t days = 0;
  bool baseline = false;
  bool by = false;        // a `by ATTR` call argument (peers(i, by department))
  Span name_span;         // quantifier: its variable; call: the function name
  std::vector<std::string> pieces;  // interpolated: literal text before each arg, plus one trailing piece
  std::vector<std::unique_ptr<Expr>> args;
};
using ExprPtr = std::unique_ptr<Expr>;

struct Name {
  std::string text;
  Span span;
};

struct TypeRef {
  Span span;
  std::string name;           // string, bool, number, date, duration, severity, share, identity, role, group,
                              // entitlement, node, edge, set
  std::vector<TypeRef> args;  // set<T>
};

struct Import {
  Span span;
  std::string package;      // dotted
  std::vector<Name> names;  // empty with `all` for `import a.b.*`
  bool all = false;
};

struct Control {
  Span span;
  std::string id;  // "A.5.3"
  std::string title;
  std::string intent;
  std::vector<std::string> maps;
};

struct Param {
  Span span;
  Name name;
  TypeRef type;
  ExprPtr default_value;
};

// `attribute identity.location: string` declares an inventory column the
// schema does not know, so the checker can verify `i.location`.
struct Attribute {
  Span span;
  std::string kind;   // identity, role, group, entitlement, edge, or `table`
  std::string table;  // for kind == table: the table name
  Name name;
  TypeRef type;
};

struct DefParam {
  Name name;
  TypeRef type;
};

struct Def {
  Span span;
  Name name;
  bool is_function = false;  // def f(x: T) = e; otherwise a constant `def c = e`
  std::vector<DefParam> params;
  std::optional<TypeRef> result;
  ExprPtr body;
};

struct ForClause {
  Span span;
  Name var;
  ExprPtr source;
};

// Fields shared by rule, conflict and toxic: what an auditor reads.
struct RuleHeader {
  Span span;
  Name id;
  std::string title;
  std::vector<Name> controls;  // "A.5.3" as written (quotes removed)
  ExprPtr severity;            // a severity word or an expression (row.severity)
  std::string rationale;
};

struct Rule {
  RuleHeader header;
  std::vector<ForClause> fors;
  ExprPtr where;   // may be null
  ExprPtr unless;  // may be null
  ExprPtr subject; // may be null: the first node (or edge's `from`) the rule ranges over
  ExprPtr report;  // an interpolated string
  ExprPtr key;     // may be null
  std::vector<ExprPtr> evidence;
};

struct Duty {
  Span span;
  Name id;
  std::string title;
  bool all = false;  // `all`: every member needed; `any`: one suffices
  std::vector<Name> members;  // entitlement / role ids (string literals)
};

struct Conflict {
  RuleHeader header;
  Name left, right;  // duty names
};

struct Toxic {
  RuleHeader header;
  std::vector<Name> members;  // held all together = toxic
};

// One line of an inline fixture: words and values as written.
struct FixtureLine {
  Span span;
  std::vector<Name> words;  // string literals have their quotes removed
};

enum class ExpectKind : std::uint8_t { finding_on, none_of, count_of };

struct Expectation {
  Span span;
  ExpectKind kind = ExpectKind::finding_on;
  Name rule;
  std::optional<Name> subject;  // finding_on; optional for none_of
  std::optional<Name> key;
  std::uint64_t count = 0;      // count_of
};

struct TestParam {
  Name name;
  ExprPtr value;
};

struct Test {
  Span span;
  std::string name;
  std::vector<FixtureLine> fixture;      // given { ... }
  std::optional<Name> inventory_path;    // given inventory "path"
  std::optional<Name> baseline_path;     // and baseline "path"
  std::optional<std::int32_t> as_of;     // days
  std::vector<TestParam> params;
  std::vector<Expectation> expectations;
};

struct Comment {
  Span span;
  std::string text;  // without the leading '#'
};

struct File {
  std::uint32_t source = 0;
  Name package;
  std::vector<Import> imports;
  std::vector<Control> controls;
  std::vector<Param> params;
  std::vector<Attribute> attributes;
  std::vector<Def> defs;
  std::vector<Rule> rules;
  std::vector<Duty> duties;
  std::vector<Conflict> conflicts;
  std::vector<Toxic> toxics;
  std::vector<Test> tests;
  std::vector<Comment> comments;  // every comment, in order (the formatter keeps them)
  // Declaration order as written: (kind, index into the vector of that kind).
  enum class DeclKind : std::uint8_t { import, control, param, attribute, def, rule, duty, conflict, toxic, test };
  std::vector<std::pair<DeclKind, std::uint32_t>> order;
};

}  // namespace ward::ast
