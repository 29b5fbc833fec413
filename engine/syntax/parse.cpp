// From text to syntax tree: PEGTL parses with the grammar and its error
// messages into a parse tree of the rules selected below; build_* functions
// turn that tree into ast::File. Semantic work (names, types) is the
// checker's, not this file's.
#include "syntax/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <pthread.h>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar/error_messages.hpp"
#include "inventory/utf8.hpp"
#include "grammar/ward_grammar.hpp"
#include "ward/date.hpp"

namespace ward::syntax {

namespace pegtl = tao::pegtl;
namespace g = ward::grammar;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Op;

namespace {

// The rules whose nodes the parse tree keeps (everything else is folded
// into its parent).
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        // comments, words and strings
        g::comment, g::plain_string, g::plain_text, g::string_escape, g::string_lit, g::string_text, g::interpolation,
        g::triple_string, g::triple_text,
        // literals
        g::date_lit, g::duration_lit, g::percent_lit, g::decimal_lit, g::integer_lit, g::kw_true, g::kw_false,
        g::today_lit, g::list_lit, g::paren_expr, g::set_builder, g::builder_var, g::via_clause, g::via_var,
        // expressions
        g::expression, g::or_expr, g::and_expr, g::not_expr, g::kw_not, g::comparison, g::additive, g::multiplicative,
        g::unary, g::op_neg, g::postfix, g::member_access, g::member_name, g::call_args, g::by_arg, g::by_attribute,
        g::compare_op, g::op_eq, g::op_ne, g::op_le, g::op_ge, g::op_lt, g::op_gt, g::op_in, g::op_not_in, g::op_reaches,
        g::op_is, g::is_absent, g::is_present, g::op_union, g::op_minus, g::op_intersect, g::op_plus, g::op_times,
        g::op_divide, g::quantifier, g::kw_any, g::kw_all, g::quantifier_var, g::table_ref, g::table_name,
        g::baseline_ref, g::baseline_member, g::source_name, g::name_ref,
        // types
        g::type_ref, g::type_name,
        // declarations
        g::package_name, g::import_decl, g::package_segment, g::import_group_name, g::import_all, g::import_name,
        g::control_decl, g::control_id, g::control_title, g::intent_text, g::map_ref, g::param_decl, g::param_name,
        g::attribute_decl, g::attribute_kind, g::attribute_name, g::def_decl, g::def_name, g::def_params, g::def_param,
        g::def_param_name, g::def_result, g::rule_decl, g::rule_name, g::rule_title, g::control_ref, g::severity_value,
        g::rationale_text, g::for_clause, g::for_var, g::where_condition, g::unless_condition, g::report_text,
        g::subject_value, g::key_value, g::evidence_item, g::duty_decl, g::duty_name, g::duty_title, g::duty_member, g::conflict_decl,
        g::conflict_name, g::conflict_title, g::duty_ref, g::toxic_decl, g::toxic_name, g::toxic_title, g::toxic_member,
        // tests
        g::test_decl, g::test_name, g::fixture_block, g::fixture_line, g::fixture_bare_word, g::inventory_path,
        g::baseline_clause, g::baseline_path, g::as_of_date, g::with_clause, g::test_param_name, g::test_param_value,
        g::expect_finding, g::expect_none, g::expect_count, g::rule_ref, g::test_value, g::on_part, g::key_part,
        g::finding_count>>;

using PNode = pegtl::parse_tree::node;

// PEGTL's parse tree records nodes matched inside lookaheads (`at<>`) too:
// the grammar checks a string for its closing quote with a lookahead before
// matching it for real, so a string's children appear twice, the lookahead's
// copy first. A node's real children never overlap, so wherever a child
// starts before its predecessor ends, everything before it was a lookahead
// and is dropped.
void drop_lookahead_copies(PNode& n) {
  auto& kids = n.children;
  std::size_t keep_from = 0;
  for (std::size_t k = 1; k < kids.size(); ++k)
    if (kids[k]->m_begin.byte < kids[k - 1]->m_end.byte) keep_from = k;
  if (keep_from > 0) kids.erase(kids.begin(), kids.begin() + static_cast<std::ptrdiff_t>(keep_from));
  for (auto& k : kids) drop_lookahead_copies(*k);
}

// Comments may stand between any two tokens, so they show up as children
// of whatever node surrounds them. Move them out (in document order) before
// the tree is read as syntax.
void take_comments(PNode& n, std::vector<const PNode*>& out, std::vector<std::unique_ptr<PNode>>& keep) {
  auto& kids = n.children;
  for (auto it = kids.begin(); it != kids.end();) {
    if ((*it)->is_type<g::comment>()) {
      out.push_back(it->get());
      keep.push_back(std::move(*it));
      it = kids.erase(it);
    } else {
      take_comments(**it, out, keep);
      ++it;
    }
  }
}

class Builder {
  int nesting_ = 0;                 // expr() calls in progress
  bool reported_too_deep_ = false;  // S0004 given for the current top-level expression
 public:
  Builder(std::uint32_t file, Diagnostics& diags, const std::string& path) : file_(file), diags_(diags), path_(path) {}

  ast::Span span(const PNode& n) const {
    ast::Span s;
    s.file = file_;
    s.begin = static_cast<std::uint32_t>(n.m_begin.byte);
    s.end = static_cast<std::uint32_t>(n.m_end.byte);
    s.line = static_cast<std::uint32_t>(n.m_begin.line);
    s.col = static_cast<std::uint32_t>(n.m_begin.column);
    return s;
  }

  void error(const PNode& n, std::string message, const char* code = "S0002") {
    ast::Span s = span(n);
    diags_.error(code, SourcePos{path_, s.line, s.col, s.end - s.begin}, std::move(message));
  }

  // ---- strings ----------------------------------------------------------------------
  static char unescape(std::string_view esc) {
    switch (esc[1]) {
      case 'n': return '\n';
      case 't': return '\t';
      default: return esc[1];  // " \ { }
    }
  }

  // A plain string's text (escapes resolved, no interpolation).
  static std::string plain(const PNode& n) {
    if (n.is_type<g::triple_string>()) return dedent(n.children.empty() ? "" : n.children[0]->string());
    std::string out;
    for (const auto& c : n.children) {
      if (c->is_type<g::plain_text>() || c->is_type<g::string_text>()) out += c->string_view();
      else if (c->is_type<g::string_escape>()) out += unescape(c->string_view());
      else if (c->is_type<g::plain_string>() || c->is_type<g::triple_string>()) out += plain(*c);
    }
    return out;
  }

  // Triple-quoted text: drop the first and last line when blank, and the
  // indentation common to all non-blank lines, so a rationale reads the same
  // however deeply it is indented in the file.
  static std::string dedent(const std::string& raw) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
      std::size_t nl = raw.find('\n', start);
      std::string line = raw.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    auto blank = [](const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; };
    while (!lines.empty() && blank(lines.front())) lines.erase(lines.begin());
    while (!lines.empty() && blank(lines.back())) lines.pop_back();
    std::size_t indent = std::string::npos;
    for (const auto& l : lines)
      if (!blank(l)) indent = std::min(indent, l.find_first_not_of(" \t"));
    std::string out;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      if (k) out += '\n';
      if (!blank(lines[k])) out += lines[k].substr(indent == std::string::npos ? 0 : indent);
    }
    return out;
  }

  ExprPtr string_expr(const PNode& n) {
    auto e = std::make_unique<ast::Expr>();
    e->span = span(n);
    if (n.is_type<g::triple_string>()) {
      e->kind = ExprKind::string;
      e->text = plain(n);
      return e;
    }
    std::string piece;
    bool interpolated = false;
    for (const auto& c : n.children) {
      if (c->is_type<g::string_text>()) piece += c->string_view();
      else if (c->is_type<g::string_escape>()) piece += unescape(c->string_view());
      else if (c->is_type<g::interpolation>()) {
        interpolated = true;
        e->pieces.push_back(std::move(piece));
        piece.clear();
        e->args.push_back(expr(*c->children.at(0)));
      }
    }
    if (interpolated) {
      e->kind = ExprKind::interpolated;
      e->pieces.push_back(std::move(piece));
    } else {
      e->kind = ExprKind::string;
      e->text = std::move(piece);
    }
    return e;
  }

  // ---- expressions ----------------------------------------------------------------------
  ExprPtr make(ExprKind kind, const PNode& n) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->span = span(n);
    return e;
  }
  ExprPtr binary(Op op, ExprPtr l, ExprPtr r) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ExprKind::binary;
    e->op = op;
    e->span = l->span;
    e->span.end = r->span.end;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  static Op op_of(const PNode& n) {
    if (n.is_type<g::compare_op>()) return op_of(*n.children.at(0));
    if (n.is_type<g::op_eq>()) return Op::eq;
    if (n.is_type<g::op_ne>()) return Op::ne;
    if (n.is_type<g::op_le>()) return Op::le;
    if (n.is_type<g::op_ge>()) return Op::ge;
    if (n.is_type<g::op_lt>()) return Op::lt;
    if (n.is_type<g::op_gt>()) return Op::gt;
    if (n.is_type<g::op_in>()) return Op::in;
    if (n.is_type<g::op_not_in>()) return Op::not_in;
    if (n.is_type<g::op_reaches>()) return Op::reaches;
    if (n.is_type<g::op_union>()) return Op::union_;
    if (n.is_type<g::op_minus>()) return Op::minus;
    if (n.is_type<g::op_intersect>()) return Op::intersect;
    if (n.is_type<g::op_plus>()) return Op::plus;
    if (n.is_type<g::op_times>()) return Op::times;
    if (n.is_type<g::op_divide>()) return Op::divide;
    return Op::none;
  }

  // [operand, op, operand, op, operand...], left-associative.
  ExprPtr chain(const PNode& n) {
    if (n.children.size() / 2 + 1 > kMaxExprDepth) return too_deep(n);
    ExprPtr acc = expr(*n.children.at(0));
    for (std::size_t k = 1; k + 1 < n.children.size(); k += 2)
      acc = binary(op_of(*n.children[k]), std::move(acc), expr(*n.children[k + 1]));
    return acc;
  }

  // Every expression of the file, bounded in depth: the checker and the
  // evaluator recurse over expressions, so a 10,000-term `and` chain or
  // 5,000 nested quantifiers must become an error here, not a stack overflow
  // later. (The parse itself runs on a thread with a large stack.)
  ExprPtr expr(const PNode& n) {
    if (nesting_ == 0) reported_too_deep_ = false;
    ++nesting_;
    ExprPtr e = expr_node(n);
    if (--nesting_ == 0 && !reported_too_deep_ && depth_of(*e) > kMaxExprDepth) return too_deep(n);
    return e;  // a too-deep tree is freed here, on the parser's large stack
  }

  // S0004 once per top-level expression, and a placeholder in its place.
  ExprPtr too_deep(const PNode& n) {
    if (!reported_too_deep_)
      error(n, fmt::format("expression nested deeper than {} levels (each term of an `and`, `or` or `+` chain counts "
                           "as a level); split it into `def`s or use `in [...]`",
                           kMaxExprDepth),
            "S0004");
    reported_too_deep_ = true;
    return make(ExprKind::name, n);
  }

  static constexpr std::size_t kMaxExprDepth = 256;
  static std::size_t depth_of(const ast::Expr& root) {  // iterative: the tree may be very deep
    std::size_t deepest = 0;
    std::vector<std::pair<const ast::Expr*, std::size_t>> stack{{&root, 1}};
    while (!stack.empty()) {
      auto [e, d] = stack.back();
      stack.pop_back();
      deepest = std::max(deepest, d);
      if (deepest > kMaxExprDepth) return deepest;
      for (const auto& a : e->args)
        if (a) stack.emplace_back(a.get(), d + 1);
    }
    return deepest;
  }

  ExprPtr expr_node(const PNode& n) {
    if (n.is_type<g::expression>() || n.is_type<g::paren_expr>()) return expr(*n.children.at(0));
    if (n.is_type<g::or_expr>() || n.is_type<g::and_expr>()) {
      if (n.children.size() > kMaxExprDepth) return too_deep(n);  // before building a tree that deep
      Op op = n.is_type<g::or_expr>() ? Op::or_ : Op::and_;
      ExprPtr acc = expr(*n.children.at(0));
      for (std::size_t k = 1; k < n.children.size(); ++k) acc = binary(op, std::move(acc), expr(*n.children[k]));
      return acc;
    }
    if (n.is_type<g::not_expr>()) {
      if (n.children.at(0)->is_type<g::kw_not>()) {
        auto e = make(ExprKind::unary, n);
        e->op = Op::not_;
        e->args.push_back(expr(*n.children.at(1)));
        return e;
      }
      return expr(*n.children[0]);
    }
    if (n.is_type<g::comparison>()) {
      ExprPtr left = expr(*n.children.at(0));
      if (n.children.size() == 1) return left;
      const PNode& op = *n.children[1];
      if (op.is_type<g::op_is>()) {
        auto e = make(n.children.at(2)->is_type<g::is_absent>() ? ExprKind::is_absent : ExprKind::is_present, n);
        e->args.push_back(std::move(left));
        return e;
      }
      ExprPtr b = binary(op_of(op), std::move(left), expr(*n.children.at(2)));
      if (n.children.size() > 3 && n.children[3]->is_type<g::via_clause>()) {
        const PNode& via = *n.children[3];
        b->text = via.children.at(0)->string();
        b->name_span = span(*via.children.at(0));
        b->args.push_back(expr(*via.children.at(1)));
        b->span.end = static_cast<std::uint32_t>(via.m_end.byte);
      }
      return b;
    }
    if (n.is_type<g::additive>() || n.is_type<g::multiplicative>()) return chain(n);
    if (n.is_type<g::unary>()) {
      if (n.children.at(0)->is_type<g::op_neg>()) {
        auto e = make(ExprKind::unary, n);
        e->op = Op::neg;
        e->args.push_back(expr(*n.children.at(1)));
        return e;
      }
      return expr(*n.children[0]);
    }
    if (n.is_type<g::postfix>()) return postfix(n);
    return primary(n);
  }

  ExprPtr postfix(const PNode& n) {
    const PNode& head = *n.children.at(0);
    ExprPtr acc;
    std::size_t k = 1;
    if (head.is_type<g::baseline_ref>()) {
      // baseline.f(...) : the only meaningful use is a call.
      std::string fname(head.children.at(0)->string_view().substr(1));
      if (n.children.size() < 2 || !n.children[1]->is_type<g::call_args>()) {
        error(head, fmt::format("`baseline.{}` must be called, as in `baseline.{}(i)`", fname, fname));
        return make(ExprKind::name, head);
      }
      acc = make(ExprKind::call, n);
      acc->text = fname;
      acc->baseline = true;
      acc->name_span = span(head);
      call_args(*n.children[1], *acc);
      acc->span.end = static_cast<std::uint32_t>(n.children[1]->m_end.byte);
      k = 2;
    } else {
      acc = expr(head);
    }
    for (; k < n.children.size(); ++k) {
      const PNode& op = *n.children[k];
      if (op.is_type<g::member_access>()) {
        auto e = make(ExprKind::member, n);
        e->span.end = static_cast<std::uint32_t>(op.m_end.byte);
        e->text = op.children.at(0)->string();
        e->args.push_back(std::move(acc));
        acc = std::move(e);
      } else if (op.is_type<g::call_args>()) {
        if (acc->kind != ExprKind::name) {
          error(op, "only functions can be called: write `f(x)` with a function name");
          continue;
        }
        auto e = make(ExprKind::call, n);
        e->span.end = static_cast<std::uint32_t>(op.m_end.byte);
        e->text = acc->text;
        e->name_span = acc->span;
        call_args(op, *e);
        acc = std::move(e);
      }
    }
    return acc;
  }

  void call_args(const PNode& args, ast::Expr& call) {
    for (const auto& a : args.children) {
      if (a->is_type<g::by_arg>()) {
        auto e = make(ExprKind::name, *a->children.at(0));
        e->text = a->children.at(0)->string();
        e->by = true;
        call.args.push_back(std::move(e));
      } else {
        call.args.push_back(expr(*a));
      }
    }
  }

  static std::int64_t to_int(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc()) return -1;
    return v;
  }

  ExprPtr primary(const PNode& n) {
    if (n.is_type<g::string_lit>() || n.is_type<g::triple_string>()) return string_expr(n);
    if (n.is_type<g::date_lit>()) {
      auto e = make(ExprKind::date, n);
      auto d = parse_date(n.string_view());
      if (!d) error(n, fmt::format("invalid date `{}` (no such day)", n.string_view()));
      e->days = d ? d->days : 0;
      return e;
    }
    if (n.is_type<g::duration_lit>()) {
      auto e = make(ExprKind::duration, n);
      std::string_view t = n.string_view();
      std::int64_t v = to_int(t.substr(0, t.size() - 1));
      if (t.back() == 'w') v = v < 0 ? -1 : v * 7;
      if (v < 0 || v > 3650000) {
        error(n, fmt::format("duration `{}` is out of range (at most 3650000d)", t));
        v = 0;
      }
      e->days = static_cast<std::int32_t>(v);
      return e;
    }
    if (n.is_type<g::percent_lit>() || n.is_type<g::decimal_lit>() || n.is_type<g::integer_lit>()) {
      auto e = make(n.is_type<g::percent_lit>() ? ExprKind::share : ExprKind::number, n);
      std::string t(n.string_view());
      if (n.is_type<g::percent_lit>()) t.pop_back();
      char* end = nullptr;
      double v = std::strtod(t.c_str(), &end);
      if (!std::isfinite(v)) {
        error(n, fmt::format("number `{}` is out of range", n.string_view()));
        v = 0;
      }
      e->number = n.is_type<g::percent_lit>() ? v / 100 : v;
      return e;
    }
    if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
      auto e = make(ExprKind::boolean, n);
      e->number = n.is_type<g::kw_true>() ? 1 : 0;
      return e;
    }
    if (n.is_type<g::today_lit>()) {
      auto e = make(ExprKind::name, n);
      e->text = "today";
      return e;
    }
    if (n.is_type<g::set_builder>()) {
      auto e = make(ExprKind::set_builder, n);
      e->text = n.children.at(0)->string();
      e->name_span = span(*n.children.at(0));
      e->args.push_back(expr(*n.children.at(1)));
      e->args.push_back(expr(*n.children.at(2)));
      return e;
    }
    if (n.is_type<g::list_lit>()) {
      auto e = make(ExprKind::list, n);
      for (const auto& c : n.children) e->args.push_back(expr(*c));
      return e;
    }
    if (n.is_type<g::quantifier>()) {
      auto e = make(ExprKind::quantifier, n);
      e->op = n.children.at(0)->is_type<g::kw_all>() ? Op::all_ : Op::any_;
      e->text = n.children.at(1)->string();
      e->name_span = span(*n.children.at(1));
      e->args.push_back(expr(*n.children.at(2)));
      e->args.push_back(expr(*n.children.at(3)));
      return e;
    }
    if (n.is_type<g::table_ref>()) {
      auto e = make(ExprKind::table, n);
      e->text = n.children.at(0)->string();
      e->name_span = span(*n.children.at(0));
      return e;
    }
    if (n.is_type<g::source_name>() || n.is_type<g::name_ref>()) {
      auto e = make(ExprKind::name, n);
      e->text = n.string();
      return e;
    }
    if (n.is_type<g::baseline_ref>()) {
      error(n, "`baseline.` must be followed by a call, as in `baseline.holds(i)`");
      return make(ExprKind::name, n);
    }
    error(n, "unexpected expression");
    return make(ExprKind::name, n);
  }

  // ---- declarations ----------------------------------------------------------------------
  ast::Name name(const PNode& n) { return ast::Name{n.string(), span(n)}; }
  ast::Name string_name(const PNode& n) {
    const PNode& s = n.is_type<g::plain_string>() ? n : *n.children.at(0);
    return ast::Name{plain(s), span(s)};
  }
  const PNode* child(const PNode& n, auto is) const {
    for (const auto& c : n.children)
      if (is(*c)) return c.get();
    return nullptr;
  }

  ast::TypeRef type(const PNode& n) {
    ast::TypeRef t;
    t.span = span(n);
    for (const auto& c : n.children) {
      if (c->is_type<g::type_name>()) t.name = c->string();
      else if (c->is_type<g::type_ref>()) t.args.push_back(type(*c));
    }
    return t;
  }

  void header_clause(const PNode& c, ast::RuleHeader& h) {
    if (c.is_type<g::control_ref>()) h.controls.push_back(string_name(c));
    else if (c.is_type<g::severity_value>()) h.severity = expr(*c.children.at(0));
    else if (c.is_type<g::rationale_text>()) h.rationale = plain(*c.children.at(0));
  }

  void build(const PNode& root, ast::File& out) {
    for (const auto& cp : root.children) {
      const PNode& d = *cp;
      if (d.is_type<g::package_name>()) {
        out.package = ast::Name{std::string(d.string_view()), span(d)};
      } else if (d.is_type<g::import_decl>()) {
        ast::Import imp;
        imp.span = span(d);
        std::string package;
        for (const auto& c : d.children) {
          if (c->is_type<g::package_segment>()) package += (package.empty() ? "" : ".") + c->string();
          else if (c->is_type<g::import_all>()) imp.all = true;
          else if (c->is_type<g::import_group_name>()) imp.names.push_back(name(*c));
          else if (c->is_type<g::import_name>()) {
            // `import a.b.x`: the last segment is the imported name.
            imp.names.push_back(name(*c));
          }
        }
        imp.package = package;
        out.order.emplace_back(ast::File::DeclKind::import, out.imports.size());
        out.imports.push_back(std::move(imp));
      } else if (d.is_type<g::control_decl>()) {
        ast::Control c;
        c.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::control_id>()) c.id = plain(*k->children.at(0));
          else if (k->is_type<g::control_title>()) c.title = plain(*k->children.at(0));
          else if (k->is_type<g::intent_text>()) c.intent = plain(*k->children.at(0));
          else if (k->is_type<g::map_ref>()) c.maps.push_back(plain(*k->children.at(0)));
        }
        out.order.emplace_back(ast::File::DeclKind::control, out.controls.size());
        out.controls.push_back(std::move(c));
      } else if (d.is_type<g::param_decl>()) {
        ast::Param p;
        p.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::param_name>()) p.name = name(*k);
          else if (k->is_type<g::type_ref>()) p.type = type(*k);
          else if (k->is_type<g::expression>()) p.default_value = expr(*k);
        }
        out.order.emplace_back(ast::File::DeclKind::param, out.params.size());
        out.params.push_back(std::move(p));
      } else if (d.is_type<g::attribute_decl>()) {
        ast::Attribute a;
        a.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::attribute_kind>()) a.kind = k->string();
          else if (k->is_type<g::table_ref>()) {
            a.kind = "table";
            a.table = k->children.at(0)->string();
          } else if (k->is_type<g::attribute_name>()) a.name = name(*k);
          else if (k->is_type<g::type_ref>()) a.type = type(*k);
        }
        out.order.emplace_back(ast::File::DeclKind::attribute, out.attributes.size());
        out.attributes.push_back(std::move(a));
      } else if (d.is_type<g::def_decl>()) {
        ast::Def def;
        def.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::def_name>()) def.name = name(*k);
          else if (k->is_type<g::def_params>()) {
            def.is_function = true;
            for (const auto& p : k->children)
              if (p->is_type<g::def_param>())
                def.params.push_back(ast::DefParam{name(*p->children.at(0)), type(*p->children.at(1))});
          } else if (k->is_type<g::def_result>()) def.result = type(*k->children.at(0));
          else if (k->is_type<g::expression>()) def.body = expr(*k);
        }
        out.order.emplace_back(ast::File::DeclKind::def, out.defs.size());
        out.defs.push_back(std::move(def));
      } else if (d.is_type<g::rule_decl>()) {
        ast::Rule r;
        r.header.span = span(d);
        for (const auto& k : d.children) {
          const PNode& c = *k;
          if (c.is_type<g::rule_name>()) r.header.id = name(c);
          else if (c.is_type<g::rule_title>()) r.header.title = plain(*c.children.at(0));
          else if (c.is_type<g::for_clause>()) {
            ast::ForClause f;
            f.span = span(c);
            f.var = name(*c.children.at(0));
            f.source = expr(*c.children.at(1));
            r.fors.push_back(std::move(f));
          } else if (c.is_type<g::where_condition>()) r.where = expr(*c.children.at(0));
          else if (c.is_type<g::unless_condition>()) r.unless = expr(*c.children.at(0));
          else if (c.is_type<g::report_text>()) r.report = string_expr(*c.children.at(0));
          else if (c.is_type<g::subject_value>()) r.subject = expr(*c.children.at(0));
          else if (c.is_type<g::key_value>()) r.key = expr(*c.children.at(0));
          else if (c.is_type<g::evidence_item>()) r.evidence.push_back(expr(*c.children.at(0)));
          else header_clause(c, r.header);
        }
        out.order.emplace_back(ast::File::DeclKind::rule, out.rules.size());
        out.rules.push_back(std::move(r));
      } else if (d.is_type<g::duty_decl>()) {
        ast::Duty du;
        du.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::duty_name>()) du.id = name(*k);
          else if (k->is_type<g::duty_title>()) du.title = plain(*k->children.at(0));
          else if (k->is_type<g::kw_all>()) du.all = true;
          else if (k->is_type<g::duty_member>()) du.members.push_back(string_name(*k));
        }
        out.order.emplace_back(ast::File::DeclKind::duty, out.duties.size());
        out.duties.push_back(std::move(du));
      } else if (d.is_type<g::conflict_decl>()) {
        ast::Conflict c;
        c.header.span = span(d);
        int duty = 0;
        for (const auto& k : d.children) {
          if (k->is_type<g::conflict_name>()) c.header.id = name(*k);
          else if (k->is_type<g::conflict_title>()) c.header.title = plain(*k->children.at(0));
          else if (k->is_type<g::duty_ref>()) (duty++ == 0 ? c.left : c.right) = name(*k);
          else header_clause(*k, c.header);
        }
        out.order.emplace_back(ast::File::DeclKind::conflict, out.conflicts.size());
        out.conflicts.push_back(std::move(c));
      } else if (d.is_type<g::toxic_decl>()) {
        ast::Toxic t;
        t.header.span = span(d);
        for (const auto& k : d.children) {
          if (k->is_type<g::toxic_name>()) t.header.id = name(*k);
          else if (k->is_type<g::toxic_title>()) t.header.title = plain(*k->children.at(0));
          else if (k->is_type<g::toxic_member>()) t.members.push_back(string_name(*k));
          else header_clause(*k, t.header);
        }
        out.order.emplace_back(ast::File::DeclKind::toxic, out.toxics.size());
        out.toxics.push_back(std::move(t));
      } else if (d.is_type<g::test_decl>()) {
        out.order.emplace_back(ast::File::DeclKind::test, out.tests.size());
        out.tests.push_back(test(d));
      }
    }
  }

  std::vector<ast::FixtureLine> fixture(const PNode& block) {
    std::vector<ast::FixtureLine> lines;
    for (const auto& l : block.children) {
      if (!l->is_type<g::fixture_line>()) continue;
      ast::FixtureLine line;
      line.span = span(*l);
      for (const auto& w : l->children) {
        if (w->is_type<g::fixture_bare_word>()) line.words.push_back(name(*w));
        else if (w->is_type<g::plain_string>()) line.words.push_back(ast::Name{plain(*w), span(*w)});
      }
      lines.push_back(std::move(line));
    }
    return lines;
  }

  ast::Name value(const PNode& v) {  // test_value: a plain string or an id
    if (!v.children.empty() && v.children[0]->is_type<g::plain_string>()) return ast::Name{plain(*v.children[0]), span(v)};
    return name(v);
  }

  ast::Test test(const PNode& d) {
    ast::Test t;
    t.span = span(d);
    for (const auto& k : d.children) {
      const PNode& c = *k;
      if (c.is_type<g::test_name>()) t.name = plain(*c.children.at(0));
      else if (c.is_type<g::fixture_block>()) t.fixture = fixture(c);
      else if (c.is_type<g::inventory_path>()) t.inventory_path = string_name(c);
      else if (c.is_type<g::baseline_clause>()) {
        const PNode& src = *c.children.at(0);
        if (src.is_type<g::baseline_path>()) t.baseline_path = string_name(src);
        // An inline baseline fixture is kept as lines after a marker line.
        else if (src.is_type<g::fixture_block>()) {
          ast::FixtureLine marker;
          marker.span = span(src);
          marker.words.push_back(ast::Name{"@baseline", span(src)});
          t.fixture.push_back(std::move(marker));
          for (auto& l : fixture(src)) t.fixture.push_back(std::move(l));
        }
      } else if (c.is_type<g::as_of_date>()) {
        auto d = parse_date(c.string_view());
        if (!d) error(c, fmt::format("invalid date `{}` (no such day)", c.string_view()));
        t.as_of = d ? d->days : 0;
      } else if (c.is_type<g::with_clause>()) {
        t.params.push_back(ast::TestParam{name(*c.children.at(0)), expr(*c.children.at(1)->children.at(0))});
      } else if (c.is_type<g::expect_finding>() || c.is_type<g::expect_none>() || c.is_type<g::expect_count>()) {
        ast::Expectation e;
        e.span = span(c);
        e.kind = c.is_type<g::expect_finding>() ? ast::ExpectKind::finding_on
                 : c.is_type<g::expect_none>()  ? ast::ExpectKind::none_of
                                                : ast::ExpectKind::count_of;
        for (const auto& p : c.children) {
          if (p->is_type<g::rule_ref>()) e.rule = name(*p);
          else if (p->is_type<g::finding_count>()) e.count = static_cast<std::uint64_t>(std::max<std::int64_t>(0, to_int(p->string_view())));
          else if (p->is_type<g::on_part>()) e.subject = value(*p->children.at(0));
          else if (p->is_type<g::key_part>()) e.key = value(*p->children.at(0));
        }
        t.expectations.push_back(std::move(e));
      }
    }
    return t;
  }

  void comment(const PNode& n, ast::File& out) {
    out.comments.push_back(ast::Comment{span(n), std::string(n.string_view().substr(1))});
  }

 private:
  std::uint32_t file_;
  Diagnostics& diags_;
  const std::string& path_;
};

// The parser, checker and evaluator recurse over nesting, so a hostile file
// ("((((...", or "not not not ...") could exhaust the stack. Refuse nesting
// beyond kMaxNesting before parsing: brackets outside strings and comments,
// and runs of prefix operators.
constexpr int kMaxNesting = 200;

bool check_nesting(const PolicySource& source, Diagnostics& diags) {
  const std::string& t = source.text;
  int depth = 0, unary_run = 0;
  std::uint32_t line = 1, col = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    ++col;
    if (c == '\n') { ++line; col = 0; continue; }
    if (c == '#') { while (i + 1 < t.size() && t[i + 1] != '\n') ++i; continue; }
    if (c == '"') {  // skip a string (escapes included); triple quotes are three empty-or-not strings, same effect
      while (i + 1 < t.size() && t[i + 1] != '"' && t[i + 1] != '\n') { i += t[i + 1] == '\\' ? 2 : 1; ++col; }
      ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') depth = std::max(0, depth - 1);
    bool unary = c == '-' || (c == 'n' && t.compare(i, 4, "not ") == 0 && (i == 0 || !std::isalnum(static_cast<unsigned char>(t[i - 1]))));
    if (unary) ++unary_run;
    else if (!std::isspace(static_cast<unsigned char>(c)) && c != 'o' && c != 't') unary_run = 0;
    if (depth > kMaxNesting || unary_run > kMaxNesting) {
      diags.error("S0004", SourcePos{source.path, line, col},
                  fmt::format("nesting deeper than {} levels; split the expression into `def`s", kMaxNesting));
      return false;
    }
  }
  return true;
}


// Runs `work` on a thread with a 1 GiB stack (address space, touched only as
// deep as the parse goes): PEGTL and the AST builder recurse over the
// nesting of the text, which a hostile or generated policy can make
// thousands of levels deep before the builder's depth limit rejects it.
// Falls back to the calling thread if such a thread cannot be made.
void run_with_large_stack(const std::function<void()>& work) {
  struct Job {
    const std::function<void()>* work;
    std::exception_ptr failure;
  } job{&work, nullptr};
  auto body = [](void* arg) -> void* {
    auto* j = static_cast<Job*>(arg);
    try {
      (*j->work)();
    } catch (...) {
      j->failure = std::current_exception();
    }
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, std::size_t{1} << 30) == 0 &&
                 pthread_create(&thread, &attr, body, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) {
    work();
    return;
  }
  pthread_join(thread, nullptr);
  if (job.failure) std::rethrow_exception(job.failure);
}

bool parse_file_here(const PolicySource& source, std::uint32_t file, ast::File& out, Diagnostics& diags);

}  // namespace

bool parse_file(const PolicySource& source, std::uint32_t file, ast::File& out, Diagnostics& diags) {
  bool ok = false;
  run_with_large_stack([&] { ok = parse_file_here(source, file, out, diags); });
  return ok;
}

namespace {

bool parse_file_here(const PolicySource& source, std::uint32_t file, ast::File& out, Diagnostics& diags) {
  out.source = file;
  if (auto bad = find_utf8_problem(source.text)) {
    std::uint32_t line = line_of_offset(source.text, bad->offset);
    std::size_t line_start = source.text.rfind('\n', bad->offset == 0 ? 0 : bad->offset - 1);
    line_start = line_start == std::string::npos || bad->offset == 0 ? 0 : line_start + 1;
    diags.error("S0003", SourcePos{source.path, line, static_cast<std::uint32_t>(bad->offset - line_start + 1), 1},
                bad->is_nul ? std::string("NUL byte in policy file")
                            : fmt::format("invalid UTF-8 (byte 0x{:02X}); policy files must be UTF-8",
                                          static_cast<unsigned char>(source.text[bad->offset])));
    return false;
  }
  if (!check_nesting(source, diags)) return false;
  pegtl::memory_input in(source.text.data(), source.text.size(), source.path);
  std::unique_ptr<PNode> root;
  try {
    root = pegtl::parse_tree::parse<g::file, selector, pegtl::nothing, g::error_control>(in);
  } catch (const pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    diags.error("S0001", SourcePos{source.path, static_cast<std::uint32_t>(p.line), static_cast<std::uint32_t>(p.column), 1},
                std::string(e.message()));
    return false;
  }
  if (!root) {
    diags.error("S0001", SourcePos{source.path, 1, 1}, "expected `package` and a package name");
    return false;
  }
  drop_lookahead_copies(*root);
  std::vector<const PNode*> comment_nodes;
  std::vector<std::unique_ptr<PNode>> comment_storage;
  take_comments(*root, comment_nodes, comment_storage);
  std::sort(comment_nodes.begin(), comment_nodes.end(),
            [](const PNode* a, const PNode* b) { return a->m_begin.byte < b->m_begin.byte; });
  std::size_t before = diags.error_count();
  Builder b(file, diags, source.path);
  b.build(*root, out);
  for (const PNode* c : comment_nodes) b.comment(*c, out);
  return diags.error_count() == before;
}

}  // namespace

}  // namespace ward::syntax
