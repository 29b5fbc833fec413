// The canonical layout of a policy file (`ward fmt`), printed from the
// syntax tree. Comments are kept: each is printed before the declaration or
// clause that follows it, or at the end of the line it trailed. The output
// parses to the same tree (parentheses only where precedence or an
// open-ended `where` needs them), so formatting is meaning-preserving and
// idempotent (tests/unit/format_test.cpp checks both on every shipped file).
#include "syntax/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "ward/date.hpp"

namespace ward::syntax {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Op;

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string escape(std::string_view s, bool braces) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '{': out += braces ? "\\{" : "{"; break;
      case '}': out += braces ? "\\}" : "}"; break;
      default: out += c;
    }
  }
  return out;
}

std::string quoted(std::string_view s) { return "\"" + escape(s, true) + "\""; }

std::string number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Precedence levels (higher binds tighter).
enum Prec { kOr = 1, kAnd, kNot, kCompare, kAdditive, kMultiplicative, kUnary, kPostfix };

int prec_of(const Expr& e) {
  switch (e.kind) {
    case ExprKind::binary:
      switch (e.op) {
        case Op::or_: return kOr;
        case Op::and_: return kAnd;
        case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: case Op::in: case Op::not_in:
        case Op::reaches: return kCompare;
        case Op::union_: case Op::minus: case Op::intersect: case Op::plus: return kAdditive;
        case Op::times: case Op::divide: return kMultiplicative;
        default: return kPostfix;
      }
    case ExprKind::unary: return e.op == Op::not_ ? kNot : kUnary;
    case ExprKind::is_absent:
    case ExprKind::is_present: return kCompare;
    case ExprKind::quantifier: return kOr;  // its condition runs to the right: lowest
    default: return kPostfix;
  }
}

// True when the printed form ends with an open-ended condition (`where ...`),
// which would swallow whatever follows it.
bool open_ended(const Expr& e) {
  if (e.kind == ExprKind::quantifier) return true;
  if (e.kind == ExprKind::binary && e.op == Op::reaches && e.args.size() == 3) return true;
  if (e.kind == ExprKind::binary || e.kind == ExprKind::unary || e.kind == ExprKind::is_absent || e.kind == ExprKind::is_present)
    return !e.args.empty() && open_ended(*e.args.back());
  return false;
}

const char* op_text(Op op) {
  switch (op) {
    case Op::or_: return "or";
    case Op::and_: return "and";
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "in";
    case Op::not_in: return "not in";
    case Op::reaches: return "reaches";
    case Op::union_: return "|";
    case Op::minus: return "-";
    case Op::intersect: return "&";
    case Op::plus: return "+";
    case Op::times: return "*";
    case Op::divide: return "/";
    default: return "?";
  }
}

std::string expr(const Expr& e);

// `e` printed where the context needs precedence `min`; `followed`: more
// text follows on the right, so an open-ended form needs parentheses.
std::string operand(const Expr& e, int min, bool followed) {
  std::string s = expr(e);
  if (prec_of(e) < min || (followed && open_ended(e))) return "(" + s + ")";
  return s;
}

std::string expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::string: return quoted(e.text);
    case ExprKind::interpolated: {
      std::string out = "\"";
      for (std::size_t k = 0; k < e.pieces.size(); ++k) {
        out += escape(e.pieces[k], true);
        if (k < e.args.size()) out += "{" + expr(*e.args[k]) + "}";
      }
      return out + "\"";
    }
    case ExprKind::number: return number_text(e.number);
    case ExprKind::share: return fmt::format("{:.12g}%", e.number * 100);
    case ExprKind::boolean: return e.number != 0 ? "true" : "false";
    case ExprKind::date: return format_date(Date{e.days});
    case ExprKind::duration: return fmt::format("{}d", e.days);
    case ExprKind::list: {
      std::string out = "[";
      for (std::size_t k = 0; k < e.args.size(); ++k) out += (k ? ", " : "") + expr(*e.args[k]);
      return out + "]";
    }
    case ExprKind::set_builder:
      return fmt::format("[{} in {} where {}]", e.text, expr(*e.args[0]), expr(*e.args[1]));
    case ExprKind::name: return e.by ? "by " + e.text : e.text;
    case ExprKind::table: return "table " + e.text;
    case ExprKind::member: return operand(*e.args[0], kPostfix, true) + "." + e.text;
    case ExprKind::call: {
      std::string out = (e.baseline ? "baseline." : "") + e.text + "(";
      for (std::size_t k = 0; k < e.args.size(); ++k) out += (k ? ", " : "") + expr(*e.args[k]);
      return out + ")";
    }
    case ExprKind::unary:
      // `not (a == b)` reads better than `not a == b`, which means the same.
      if (e.op == Op::not_) return "not " + operand(*e.args[0], kPostfix, false);
      return "-" + operand(*e.args[0], kUnary, false);
    case ExprKind::binary: {
      const int p = prec_of(e);
      if (p == kCompare) {
        std::string out = operand(*e.args[0], kAdditive, true) + " " + op_text(e.op) + " " +
                          operand(*e.args[1], kAdditive, e.args.size() == 3);
        if (e.args.size() == 3) out += fmt::format(" via {} where {}", e.text, expr(*e.args[2]));
        return out;
      }
      // Left-associative: the right operand binds tighter. An `and` inside an
      // `or` gets parentheses too, so no reader has to remember which binds first.
      auto side = [&](const Expr& x, int min, bool followed) {
        if (e.op == Op::or_ && x.kind == ExprKind::binary && x.op == Op::and_) return "(" + expr(x) + ")";
        return operand(x, min, followed);
      };
      return side(*e.args[0], p, true) + " " + op_text(e.op) + " " + side(*e.args[1], p + 1, false);
    }
    case ExprKind::is_absent: return operand(*e.args[0], kAdditive, true) + " is absent";
    case ExprKind::is_present: return operand(*e.args[0], kAdditive, true) + " is present";
    case ExprKind::quantifier:
      return fmt::format("{} {} in {} where {}", e.op == Op::all_ ? "all" : "any", e.text, operand(*e.args[0], kOr, true),
                         expr(*e.args[1]));
  }
  return "";
}

std::string type_text(const ast::TypeRef& t) {
  std::string out = t.name;
  if (!t.args.empty()) out += "<" + type_text(t.args[0]) + ">";
  return out;
}

// Free text (intent, rationale): a triple-quoted block when it spans lines.
std::string text_block(const std::string& text, const std::string& indent) {
  if (text.find('\n') == std::string::npos && text.size() <= 70) return quoted(text);
  if (text.find("\"\"\"") != std::string::npos) return quoted(text);
  std::string out = "\"\"\"\n";
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    out += line.empty() ? "\n" : indent + "  " + line + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out + indent + "\"\"\"";
}

std::string test_value(const std::string& v) {
  bool bare = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
    return is_word_char(c) || c == '-' || c == '.' || c == ':' || c == '@' || c == '/';
  });
  static const char* kReserved[] = {"package", "import", "control", "intent", "maps", "param", "attribute", "def", "rule",
                                    "severity", "rationale", "for", "where", "unless", "report", "subject", "key",
                                    "evidence", "duty", "conflict", "between", "toxic", "test", "given", "expect", "and",
                                    "or", "not", "in", "is", "reaches", "any", "all", "true", "false", "today", "table",
                                    "by", "baseline", "identities", "roles", "groups", "entitlements", "edges"};
  for (const char* r : kReserved)
    if (v == r) bare = false;
  return bare ? v : quoted(v);
}

std::string fixture_word(const std::string& w) {
  bool bare = !w.empty() && w.find_first_of(" \t\r\n\",#{}") == std::string::npos;
  return bare ? w : quoted(w);
}

// A fixture line: after `member_of` or `grants`, the targets are a comma
// list (entitlement ids quoted, as in `role ap grants "sap:FK01"`) up to the
// first edge attribute; every other word is written bare when it can be.
std::string fixture_line(const ast::FixtureLine& l) {
  const auto& w = l.words;
  std::string out;
  std::size_t k = 0;
  auto is_attr = [](const std::string& x) { return x == "expires" || x == "approved_by" || x == "granted" || x == "reason"; };
  while (k < w.size()) {
    const std::string& word = w[k].text;
    out += (out.empty() ? "" : " ") + fixture_word(word);
    ++k;
    if ((word == "member_of" || word == "grants") && k > 1) {
      std::string list;
      while (k < w.size() && !is_attr(w[k].text)) {
        list += (list.empty() ? "" : ", ") + (word == "grants" ? quoted(w[k].text) : fixture_word(w[k].text));
        ++k;
      }
      if (!list.empty()) out += " " + list;
    }
  }
  return out;
}

class Printer {
 public:
  Printer(const ast::File& f) : file_(f) {}

  std::string run() {
    // Declarations in source order with their spans, so comments can be placed.
    for (const auto& c : file_.comments) pending_.push_back(&c);
    line("package " + file_.package.text, file_.package.span.begin);
    Kind last = Kind::none;
    for (const auto& [kind, index] : file_.order) {
      Kind k = kind == ast::File::DeclKind::import ? Kind::import : Kind::other;
      std::uint32_t begin = decl_begin(kind, index);
      // A blank line between declarations; imports stay together.
      if (!(k == Kind::import && last == Kind::import)) out_ += "\n";
      comments_before(begin, "");
      print_decl(kind, index);
      last = k;
    }
    comments_before(UINT32_MAX, "");
    return out_;
  }

 private:
  enum class Kind { none, import, other };

  std::uint32_t decl_begin(ast::File::DeclKind kind, std::uint32_t i) const {
    using K = ast::File::DeclKind;
    switch (kind) {
      case K::import: return file_.imports[i].span.begin;
      case K::control: return file_.controls[i].span.begin;
      case K::param: return file_.params[i].span.begin;
      case K::attribute: return file_.attributes[i].span.begin;
      case K::def: return file_.defs[i].span.begin;
      case K::rule: return file_.rules[i].header.span.begin;
      case K::duty: return file_.duties[i].span.begin;
      case K::conflict: return file_.conflicts[i].header.span.begin;
      case K::toxic: return file_.toxics[i].header.span.begin;
      case K::test: return file_.tests[i].span.begin;
    }
    return 0;
  }

  // Comments that start before `pos`, each on its own line.
  void comments_before(std::uint32_t pos, const std::string& indent) {
    while (next_ < pending_.size() && pending_[next_]->span.begin < pos) {
      out_ += indent + "#" + rtrim(pending_[next_]->text) + "\n";
      ++next_;
    }
  }
  static std::string rtrim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
  }

  void line(const std::string& text, std::uint32_t begin) {
    comments_before(begin, "");
    out_ += text + "\n";
  }

  void print_decl(ast::File::DeclKind kind, std::uint32_t i) {
    using K = ast::File::DeclKind;
    switch (kind) {
      case K::import: {
        const ast::Import& imp = file_.imports[i];
        std::string names;
        if (imp.all) names = ".*";
        else if (imp.names.size() == 1) names = "." + imp.names[0].text;
        else {
          names = ".{";
          for (std::size_t k = 0; k < imp.names.size(); ++k) names += (k ? ", " : "") + imp.names[k].text;
          names += "}";
        }
        simple("import " + imp.package + names, imp.span);
        break;
      }
      case K::control: {
        const ast::Control& c = file_.controls[i];
        simple(fmt::format("control {} {} {{", quoted(c.id), quoted(c.title)), c.span, true);
        if (!c.intent.empty()) out_ += "  intent " + text_block(c.intent, "  ") + "\n";
        if (!c.maps.empty()) {
          std::string maps;
          for (std::size_t k = 0; k < c.maps.size(); ++k) maps += (k ? ", " : "") + quoted(c.maps[k]);
          out_ += "  maps " + maps + "\n";
        }
        comments_before(c.span.end, "  ");
        out_ += "}\n";
        break;
      }
      case K::param: {
        const ast::Param& p = file_.params[i];
        simple(fmt::format("param {}: {} = {}", p.name.text, type_text(p.type), p.default_value ? expr(*p.default_value) : ""),
               p.span);
        break;
      }
      case K::attribute: {
        const ast::Attribute& a = file_.attributes[i];
        std::string owner = a.kind == "table" ? "table " + a.table : a.kind;
        simple(fmt::format("attribute {}.{}: {}", owner, a.name.text, type_text(a.type)), a.span);
        break;
      }
      case K::def: {
        const ast::Def& d = file_.defs[i];
        std::string head = "def " + d.name.text;
        if (d.is_function) {
          head += "(";
          for (std::size_t k = 0; k < d.params.size(); ++k)
            head += (k ? ", " : "") + d.params[k].name.text + ": " + type_text(d.params[k].type);
          head += ")";
        }
        if (d.result) head += ": " + type_text(*d.result);
        std::string body = d.body ? expr(*d.body) : "";
        if (head.size() + body.size() + 3 > 100) simple(head + " =\n  " + body, d.span);
        else simple(head + " = " + body, d.span);
        break;
      }
      case K::rule: print_rule(file_.rules[i]); break;
      case K::duty: {
        const ast::Duty& d = file_.duties[i];
        std::string members;
        for (std::size_t k = 0; k < d.members.size(); ++k) members += (k ? ", " : "") + quoted(d.members[k].text);
        simple(fmt::format("duty {} {} {{ {} {} }}", d.id.text, quoted(d.title), d.all ? "all" : "any", members), d.span);
        break;
      }
      case K::conflict: {
        const ast::Conflict& c = file_.conflicts[i];
        header(c.header, "conflict");
        clause(fmt::format("between {}, {}", c.left.text, c.right.text), c.left.span.begin, c.right.span.end);
        close(c.header.span.end);
        break;
      }
      case K::toxic: {
        const ast::Toxic& t = file_.toxics[i];
        header(t.header, "toxic");
        std::string members;
        for (std::size_t k = 0; k < t.members.size(); ++k) members += (k ? ", " : "") + quoted(t.members[k].text);
        clause("all " + members, t.members.empty() ? t.header.span.end : t.members.front().span.begin,
               t.members.empty() ? t.header.span.end : t.members.back().span.end);
        close(t.header.span.end);
        break;
      }
      case K::test: print_test(file_.tests[i]); break;
    }
  }

  // A one-line declaration (or the first line of a block when `open`).
  // Comments inside a one-line declaration's span move before the next one.
  void simple(const std::string& text, const ast::Span& span, bool = false) {
    comments_before(span.begin, "");
    out_ += text + "\n";
  }

  void clause(const std::string& text, std::uint32_t begin, std::uint32_t end) {
    comments_before(begin, "  ");
    out_ += "  " + text + "\n";
    (void)end;
  }
  void close(std::uint32_t end) {
    comments_before(end, "  ");
    out_ += "}\n";
  }

  void header(const ast::RuleHeader& h, const char* kind) {
    comments_before(h.span.begin, "");
    out_ += fmt::format("{} {} {} {{\n", kind, h.id.text, quoted(h.title));
    if (!h.controls.empty()) {
      std::string controls;
      for (std::size_t k = 0; k < h.controls.size(); ++k) controls += (k ? ", " : "") + quoted(h.controls[k].text);
      clause("control " + controls, h.controls.front().span.begin, h.controls.back().span.end);
    }
    if (h.severity) clause("severity " + expr(*h.severity), h.severity->span.begin, h.severity->span.end);
    if (!h.rationale.empty()) out_ += "  rationale " + text_block(h.rationale, "  ") + "\n";
  }

  // Long conditions break before `and` / `or` at the top level.
  std::string condition(const Expr& e, const std::string& keyword) {
    std::string flat = keyword + " " + expr(e);
    if (flat.size() + 2 <= 100) return flat;
    // `any x in S where` then its condition, one conjunct a line.
    if (e.kind == ExprKind::quantifier) {
      std::string head = fmt::format("{} {} {} in {} where", keyword, e.op == Op::all_ ? "all" : "any", e.text,
                                     operand(*e.args[0], kOr, true));
      std::string body = condition(*e.args[1], "");
      // condition() put each further conjunct on a line of its own, indented 4.
      return head + "\n    " + body.substr(1);
    }
    if (e.kind != ExprKind::binary || (e.op != Op::and_ && e.op != Op::or_)) return flat;
    std::vector<const Expr*> parts;
    std::function<void(const Expr&)> split = [&](const Expr& x) {
      if (x.kind == ExprKind::binary && x.op == e.op) {
        split(*x.args[0]);
        split(*x.args[1]);
      } else {
        parts.push_back(&x);
      }
    };
    split(e);
    const int p = e.op == Op::and_ ? kAnd + 1 : kOr + 1;
    auto part = [&](const Expr& x, bool followed) {
      if (e.op == Op::or_ && x.kind == ExprKind::binary && x.op == Op::and_) return "(" + expr(x) + ")";
      return operand(x, p, followed);
    };
    std::string out = keyword + " " + part(*parts[0], true);
    for (std::size_t k = 1; k < parts.size(); ++k)
      out += fmt::format("\n    {} {}", op_text(e.op), part(*parts[k], k + 1 < parts.size()));
    return out;
  }

  void print_rule(const ast::Rule& r) {
    header(r.header, "rule");
    for (const auto& f : r.fors)
      clause(fmt::format("for {} in {}", f.var.text, expr(*f.source)), f.span.begin, f.span.end);
    if (r.where) clause(condition(*r.where, "where"), r.where->span.begin, r.where->span.end);
    if (r.unless) clause(condition(*r.unless, "unless"), r.unless->span.begin, r.unless->span.end);
    if (r.report) clause("report " + expr(*r.report), r.report->span.begin, r.report->span.end);
    if (r.subject) clause("subject " + expr(*r.subject), r.subject->span.begin, r.subject->span.end);
    if (r.key) clause("key " + expr(*r.key), r.key->span.begin, r.key->span.end);
    if (!r.evidence.empty()) {
      std::string ev;
      for (std::size_t k = 0; k < r.evidence.size(); ++k) ev += (k ? ", " : "") + expr(*r.evidence[k]);
      clause("evidence " + ev, r.evidence.front()->span.begin, r.evidence.back()->span.end);
    }
    close(r.header.span.end);
  }

  void fixture(const std::vector<ast::FixtureLine>& lines, std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      const auto& l = lines[k];
      comments_before(l.span.begin, "    ");
      out_ += "    " + fixture_line(l) + "\n";
    }
  }

  void print_test(const ast::Test& t) {
    comments_before(t.span.begin, "");
    out_ += "test " + quoted(t.name) + " {\n";
    // An inline baseline is stored after a marker line.
    std::size_t marker = t.fixture.size();
    for (std::size_t k = 0; k < t.fixture.size(); ++k)
      if (!t.fixture[k].words.empty() && t.fixture[k].words[0].text == "@baseline") marker = k;
    if (t.inventory_path) {
      out_ += "  given inventory " + quoted(t.inventory_path->text) + "\n";
    } else {
      out_ += "  given {\n";
      fixture(t.fixture, 0, marker);
      out_ += "  }\n";
    }
    if (marker < t.fixture.size()) {
      out_ += "  and baseline {\n";
      fixture(t.fixture, marker + 1, t.fixture.size());
      out_ += "  }\n";
    } else if (t.baseline_path) {
      out_ += "  and baseline " + quoted(t.baseline_path->text) + "\n";
    }
    if (t.as_of) out_ += "  as of " + format_date(Date{*t.as_of}) + "\n";
    for (const auto& p : t.params) out_ += fmt::format("  with param {} = {}\n", p.name.text, expr(*p.value));
    for (const auto& x : t.expectations) {
      comments_before(x.span.begin, "  ");
      std::string on = x.subject ? " on " + test_value(x.subject->text) : "";
      std::string key = x.key ? " key " + test_value(x.key->text) : "";
      switch (x.kind) {
        case ast::ExpectKind::finding_on: out_ += fmt::format("  expect {}{}{}\n", x.rule.text, on, key); break;
        case ast::ExpectKind::none_of: out_ += fmt::format("  expect no {}{}{}\n", x.rule.text, on, key); break;
        case ast::ExpectKind::count_of:
          out_ += fmt::format("  expect {} {} of {}{}\n", x.count, x.count == 1 ? "finding" : "findings", x.rule.text, on);
          break;
      }
    }
    close(t.span.end);
  }

  const ast::File& file_;
  std::vector<const ast::Comment*> pending_;
  std::size_t next_ = 0;
  std::string out_;
};

}  // namespace

std::string format_file(const ast::File& file) { return Printer(file).run(); }

}  // namespace ward::syntax
