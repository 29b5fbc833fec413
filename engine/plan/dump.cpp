// `ward check --dump-plan`: the compiled plan as text, one step per line,
// each with the policy location it came from.
#include <fmt/format.h>

#include "plan/compiled_policy.hpp"
#include "plan/plan.hpp"
#include "ward/evaluate.hpp"

namespace ward::plan {

namespace {

const char* code_name(Code c) {
  switch (c) {
    case Code::constant: return "const";
    case Code::slot: return "var";
    case Code::param: return "param";
    case Code::attribute: return "attr";
    case Code::not_: return "not";
    case Code::neg: return "neg";
    case Code::and_: return "and";
    case Code::or_: return "or";
    case Code::compare: return "compare";
    case Code::in: return "in";
    case Code::not_in: return "not-in";
    case Code::reaches: return "reaches";
    case Code::set_union: return "union";
    case Code::set_minus: return "minus";
    case Code::set_intersect: return "intersect";
    case Code::add: return "add";
    case Code::sub: return "sub";
    case Code::mul: return "mul";
    case Code::div: return "div";
    case Code::is_absent: return "is-absent";
    case Code::is_present: return "is-present";
    case Code::call: return "call";
    case Code::call_def: return "call-def";
    case Code::any_: return "any";
    case Code::all_: return "all";
    case Code::set_builder: return "set-builder";
    case Code::list: return "list";
    case Code::interpolate: return "interpolate";
    case Code::source: return "source";
  }
  return "?";
}

const char* builtin_name(Builtin b) {
  switch (b) {
    case Builtin::holds: return "holds";
    case Builtin::grants: return "grants";
    case Builtin::members: return "members";
    case Builtin::reachable: return "reachable";
    case Builtin::path: return "path";
    case Builtin::depth: return "depth";
    case Builtin::count: return "count";
    case Builtin::excepted: return "excepted";
    case Builtin::share: return "share";
    case Builtin::holders: return "holders";
    case Builtin::peers: return "peers";
    case Builtin::cohort: return "cohort";
    case Builtin::today: return "today";
    case Builtin::lower: return "lower";
    case Builtin::upper: return "upper";
    case Builtin::starts_with: return "starts_with";
    case Builtin::ends_with: return "ends_with";
    case Builtin::contains: return "contains";
    case Builtin::days: return "days";
    case Builtin::has_edge: return "has_edge";
    case Builtin::exists: return "exists";
    case Builtin::direct: return "direct";
  }
  return "?";
}

const char* op_name(ast::Op op) {
  switch (op) {
    case ast::Op::eq: return "==";
    case ast::Op::ne: return "!=";
    case ast::Op::lt: return "<";
    case ast::Op::le: return "<=";
    case ast::Op::gt: return ">";
    case ast::Op::ge: return ">=";
    default: return "?";
  }
}

const char* source_name(SourceKind k) {
  switch (k) {
    case SourceKind::identities: return "identities";
    case SourceKind::roles: return "roles";
    case SourceKind::groups: return "groups";
    case SourceKind::entitlements: return "entitlements";
    case SourceKind::edges: return "edges";
    case SourceKind::table: return "table";
    case SourceKind::expression: return "expression";
  }
  return "?";
}

std::string constant_text(const Constant& c) {
  switch (c.type) {
    case T::string: return fmt::format("\"{}\"", c.text);
    case T::boolean: return c.b ? "true" : "false";
    case T::number: return fmt::format("{}", c.number);
    case T::date: return fmt::format("date({})", c.days);
    case T::duration: return fmt::format("{}d", c.days);
    case T::severity: return std::string(to_string(static_cast<Severity>(c.days)));
    case T::any: return "absent";
    case T::set: {
      std::string out = "[";
      for (std::size_t k = 0; k < c.items.size(); ++k) out += (k ? ", " : "") + constant_text(c.items[k]);
      return out + "]";
    }
    default: return "?";
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " or ") + i;
  return out;
}

void node(std::string& out, const Node& n, int indent) {
  out += std::string(static_cast<std::size_t>(indent) * 2, ' ');
  out += code_name(n.code);
  switch (n.code) {
    case Code::constant: out += " " + constant_text(n.constant); break;
    case Code::slot: out += fmt::format(" ${}", n.index); break;
    case Code::param: out += fmt::format(" #{}", n.index); break;
    case Code::attribute: out += " ." + n.attr.column; break;
    case Code::compare: out += std::string(" ") + op_name(n.op); break;
    case Code::call: out += fmt::format(" {}{}", n.baseline ? "baseline." : "", builtin_name(n.builtin)); break;
    case Code::call_def: out += fmt::format(" def#{}", n.index); break;
    case Code::any_:
    case Code::all_:
    case Code::set_builder: out += fmt::format(" ${}", n.index); break;
    case Code::source:
      out += fmt::format(" {}", source_name(static_cast<SourceKind>(n.index)));
      if (!n.attr.table_name.empty()) out += " " + n.attr.table_name;
      break;
    default: break;
  }
  out += fmt::format("  : {}  @{}:{}", to_string(n.type), n.span.line, n.span.col);
  if (n.hoist >= 0) out += fmt::format("  (hoisted: once per binding of scans < {})", n.hoist_level);
  if (n.cohort_memo >= 0) out += fmt::format("  (once per ${}.{})", n.cohort_slot, n.cohort_column);
  out += '\n';
  for (const auto& k : n.kids) node(out, k, indent + 1);
}

}  // namespace

std::string dump(const Program& p, const std::vector<std::string>& paths) {
  std::string out;
  for (std::size_t i = 0; i < p.params.size(); ++i)
    out += fmt::format("param #{} {} : {} = {}\n", i, p.params[i].name, to_string(p.params[i].type), constant_text(p.params[i].value));
  for (std::size_t i = 0; i < p.defs.size(); ++i) {
    out += fmt::format("def #{} {} ({} params, frame {})\n", i, p.defs[i].name, p.defs[i].params, p.defs[i].frame);
    node(out, p.defs[i].body, 1);
  }
  for (const Rule& r : p.rules) {
    const char* kind = r.kind == RuleKind::rule ? "rule" : r.kind == RuleKind::conflict ? "conflict" : "toxic";
    std::string controls;
    for (const auto& c : r.controls) controls += (controls.empty() ? "" : ", ") + c;
    out += fmt::format("{} {}  [{}]  {}:{}\n", kind, r.id, controls, r.file < paths.size() ? paths[r.file] : "?", r.span.line);
    out += "  severity\n";
    node(out, r.severity, 2);
    for (const auto& s : r.scans) {
      out += fmt::format("  scan ${} in {}{}  @{}:{}\n", s.slot, source_name(s.source),
                         s.table_name.empty() ? "" : " " + s.table_name, s.span.line, s.span.col);
      if (s.source == SourceKind::expression) node(out, s.expression, 2);
    }
    if (r.kind == RuleKind::rule)
      out += r.local                    ? "  change mode: local (only affected nodes are evaluated)\n"
             : r.expands() ? fmt::format("  change mode: affected nodes{}{}\n",
                                         r.cohort_columns.empty() ? "" : ", their cohorts by " + join(r.cohort_columns),
                                         r.reference_columns.empty() ? "" : ", identities whose " + join(r.reference_columns) + " is affected")
                           : fmt::format("  change mode: evaluated in full ({})\n", r.nonlocal_reason);
    if (r.reach_join >= 0)
      out += fmt::format("  strategy reach-join: for each identity, only the rows whose `{}` it reaches (shared closure)\n",
                         r.where[static_cast<std::size_t>(r.reach_join)].kids[1].attr.column);
    for (std::size_t k = 0; k < r.where.size(); ++k) {
      out += static_cast<std::int32_t>(k) == r.reach_join ? "  filter (join probe)\n" : "  filter\n";
      node(out, r.where[k], 2);
    }
    for (const auto& u : r.unless) {
      out += "  unless\n";
      node(out, u, 2);
    }
    for (std::size_t k = 0; k < r.sides.size(); ++k) {
      std::string members;
      for (const auto& m : r.sides[k]) members += (members.empty() ? "" : ", ") + m;
      out += fmt::format("  side {} {}: {}\n", k + 1, r.side_all[k] ? "all" : "any", members);
    }
    if (r.kind == RuleKind::rule) {
      out += "  emit subject\n";
      node(out, r.subject, 2);
      out += "  emit key\n";
      node(out, r.key, 2);
      out += "  emit message\n";
      node(out, r.message, 2);
      for (const auto& e : r.evidence) {
        out += "  emit evidence\n";
        node(out, e, 2);
      }
    }
  }
  return out;
}

}  // namespace ward::plan

namespace ward {
std::string dump_plan(const CompiledPolicy& policy) {
  std::vector<std::string> paths;
  for (const auto& s : policy.sources) paths.push_back(s.path);
  return plan::dump(policy.program, paths);
}
}  // namespace ward
