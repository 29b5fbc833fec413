// The compiled plan: what the evaluator runs. Plain, printable data
// (`ward check --dump-plan`); every step keeps the source span it came from.
//
// A Program is a list of rules. A rule is nested scans (each binds one slot
// of the rule's environment), then filters (`where`, `unless`), then an
// emit step (subject, key, message template, evidence). Expressions are
// trees of Nodes whose names are already resolved: variables to slots,
// params to values, attributes to columns, functions to builtins.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plan/types.hpp"
#include "syntax/ast.hpp"
#include "ward/inventory.hpp"

namespace ward::plan {

// Builtin functions and operators (see check/builtins.cpp for signatures).
enum class Builtin : std::uint8_t {
  holds, grants, members, reachable, path, depth, count, excepted, share, holders, peers, cohort, today,
  lower, upper, starts_with, ends_with, contains, days, has_edge, exists, direct,
};

enum class Code : std::uint8_t {
  constant,     // value in `constant`
  slot,         // the value bound to slot `index`
  param,        // parameter `index` of the Program
  attribute,    // kids[0].<column>: `attr` says which
  not_, neg, and_, or_,
  compare,      // op: eq ne lt le gt ge
  in, not_in,
  reaches,      // kids[0] reaches kids[1]; with a third kid: only via edges for which kids[2] holds (edge in slot `index`)
  set_union, set_minus, set_intersect,
  add, sub, mul, div,
  is_absent, is_present,
  call,         // builtin `builtin`, kids = args; `baseline` evaluates graph builtins on the baseline
  call_def,     // user function `index`, kids = args (bound to slots 0.. of a fresh frame)
  any_, all_,   // slot `index` ranges over kids[0]; kids[1] is the condition
  set_builder,  // {slot in kids[0] where kids[1]}
  list,         // kids are the elements
  interpolate,  // pieces[k] then kids[k] ..., then pieces.back()
  source,       // all identities / roles / ... (`index` is a SourceKind), or table `attr.table_name`
};

enum class SourceKind : std::uint8_t { identities, roles, groups, entitlements, edges, table, expression };

// Which attribute an `attribute` node reads.
struct AttrRef {
  std::string column;        // column name as written
  // How to read it. `cell`: the row's cell in column `column_index` (bound
  // to the loaded inventory by the evaluator; -1: the table lacks the column,
  // so the value is absent), converted to `type`.
  enum class Access : std::uint8_t { cell, id, kind, edge_from, edge_to, edge_relation, edge_granted, edge_expires,
                                     edge_approved_by, edge_reason, edge_line, identity_date, identity_status,
                                     identity_type, privileged, sod_severity } access = Access::cell;
  std::string table_name;    // for rows: the table the row belongs to
  std::int32_t column_index = -1;
};

// A compile-time value (literals, parameter values).
struct Constant {
  T type = T::any;  // T::any: absent
  bool b = false;
  double number = 0;
  std::int32_t days = 0;
  std::string text;
  std::vector<Constant> items;  // lists
};

struct Node {
  Code code = Code::constant;
  Type type;
  ast::Span span;
  std::uint32_t index = 0;
  ast::Op op = ast::Op::eq;  // compare, and binary set/arithmetic ops
  Builtin builtin = Builtin::count;
  bool baseline = false;
  AttrRef attr;
  Constant constant;
  std::vector<std::string> pieces;
  std::vector<Node> kids;
  // Set by the hoisting pass: this subexpression reads only the variables
  // of the first `hoist_level` scans, so its value is kept in cache entry
  // `hoist` of the rule and computed again only when one of those scans
  // moves on; -1: evaluated every time.
  std::int32_t hoist = -1;
  std::uint32_t hoist_level = 0;
  // Set by the cohort pass: this subexpression reads the outer identity
  // scan's variable (slot `cohort_slot`) only as `cohort(i, by
  // cohort_column)`, so its value is a function of that one cell of the
  // identity's row: kept in cache entry `cohort_memo` of the rule, one
  // value per distinct cell (a department's, not each identity's); -1: not.
  std::int32_t cohort_memo = -1;
  std::uint32_t cohort_slot = 0;
  std::string cohort_column;
};

struct Scan {
  ast::Span span;
  std::uint32_t slot = 0;
  SourceKind source = SourceKind::identities;
  std::int32_t table = -1;   // for SourceKind::table
  std::string table_name;
  Node expression;           // for SourceKind::expression (a set)
};

enum class RuleKind : std::uint8_t { rule, conflict, toxic };

struct Rule {
  RuleKind kind = RuleKind::rule;
  std::string id;          // full id: package.short
  std::string short_id;
  std::string package;
  std::string title;
  std::vector<std::string> controls;
  std::string rationale;
  Node severity;           // a severity constant or expression
  std::vector<Scan> scans;
  std::vector<Node> where;   // conjuncts, all must hold
  std::vector<Node> unless;  // any holding suppresses the finding
  Node subject;            // identity of the finding's subject
  Node key;                // may be a constant absent
  Node message;            // interpolate
  std::vector<Node> evidence;  // path-valued
  std::uint32_t slots = 0; // environment size
  // Set by the reach-join pass (plan/passes.cpp): index into `where` of a
  // conjunct `i reaches row.COL` that lets the evaluator visit, for each
  // identity, only the table rows whose COL it reaches; -1: nested scans.
  std::int32_t reach_join = -1;
  std::uint32_t hoisted = 0;  // cache entries used by hoisted subexpressions of `where`
  std::uint32_t cohort_memos = 0;  // cache entries used by cohort-keyed subexpressions of `where`
  // Set by the locality pass: a finding about a node (or an edge, by its
  // `from`) depends only on that node's rows, what it reaches, and rows
  // naming it. Change mode evaluates such rules only on the affected nodes;
  // `nonlocal_reason` says why a rule is not.
  bool local = false;
  std::string nonlocal_reason;
  // Not local only because it compares identities with their cohort by
  // these identity columns (peers, cohort, holders, share), or reads the
  // node an identity column of the subject names (`i.owner`'s status):
  // change mode evaluates it on the affected nodes, every identity sharing
  // a cohort column's value (before or after) with an affected identity,
  // and every identity whose reference column names an affected node.
  std::vector<std::string> cohort_columns;
  std::vector<std::string> reference_columns;
  bool expands() const { return !local && (!cohort_columns.empty() || !reference_columns.empty()); }
  std::uint32_t file = 0;  // policy source index
  ast::Span span;
  // conflict/toxic: the sides (entitlement or role ids)
  std::vector<std::vector<std::string>> sides;  // conflict: two duties (any-of lists); toxic: one list per member
  std::vector<bool> side_all;                   // duty with `all`
  std::vector<std::string> side_titles;         // conflict: the duties' titles
};

struct ParamValue {
  std::string name;        // package-qualified
  Type type;
  Constant value;
  ast::Span span;
};

struct Def {
  std::string name;
  Node body;
  std::uint32_t params = 0;  // arguments are bound to slots 0..params-1 of the def's own frame
  std::uint32_t frame = 0;   // slots the body needs (params and its quantifier variables)
};

struct Program {
  std::vector<Rule> rules;
  std::vector<ParamValue> params;
  std::vector<Def> defs;
};

// Compiler passes over the lowered program, in this order:
//   plan_reach_joins   pick rules that scan a table and identities and test
//                      `identity reaches row.COL`: evaluated as an indexed join
//                      on the shared reachability closure.
void plan_reach_joins(Program& program);
//   plan_hoisting      in each `where` conjunct, mark the largest
//                      subexpressions that read only outer scan variables
//                      (count(cohort(i)) inside `for e in holds(i)`): they
//                      are computed once per outer binding, not per inner one.
void plan_hoisting(Program& program);
//   plan_cohort_keys   in rules whose outer scan is over identities, mark the
//                      largest subexpressions of `where` that read its variable
//                      only through `cohort(i, by COL)` (count(department_group(i))):
//                      computed once per distinct COL cell, not per identity.
void plan_cohort_keys(Program& program);
//   plan_locality      decide which rules are local (see Rule::local).
void plan_locality(Program& program);

// True for a set of nodes named by sources only (`roles | groups`): a scan
// over it is a scan over those nodes.
bool is_source_set(const Node& n);

// Human-readable dump, one step per line with its source location.
std::string dump(const Program& program, const std::vector<std::string>& source_paths);

}  // namespace ward::plan
