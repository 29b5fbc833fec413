// Running a compiled policy over an inventory (and, for drift, a baseline).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ward/date.hpp"
#include "ward/findings.hpp"
#include "ward/inventory.hpp"
#include "ward/policy.hpp"

namespace ward {

struct EvalOptions {
  Date today;                           // REQUIRES: present
  std::vector<std::string> rules;       // --rule: ids with or without package; empty = all
  std::vector<std::string> controls;    // --control: "A.5.3"; empty = all
  std::vector<std::string> skip;        // full rule ids not to evaluate (drift rules without a baseline)
  unsigned threads = 0;                 // evaluation threads; 0 = one per core
  // Evaluate as the language defines it, with none of the optimisations
  // (closure pushdown, the holds index, hoisting, threads): the reference
  // the optimised evaluator is tested against. Same results, slower.
  bool plain = false;
  // Change mode: rules whose findings about a node depend only on that node
  // and what it reaches (RuleInfo::local) scan only these nodes (ids; edges
  // by their `from`); other rules run in full. Null: everything.
  const std::vector<std::string>* focus = nullptr;
  // With `focus`: rules that are not local but expand (RuleInfo::expands)
  // scan only the ids listed here for their rule id.
  const std::map<std::string, std::vector<std::string>>* rule_focus = nullptr;
};

struct EvalResult {
  std::vector<Finding> findings;  // sorted by finding_less
  std::vector<Finding> excepted;  // findings an exception accepted (with `excepted` set), sorted
  std::size_t rules_evaluated = 0;
  struct RuleTime {
    std::string rule;
    double seconds = 0;
    // Conjuncts of the rule's outermost scan tested compiled, on the
    // inventory's columns, rather than interpreted (eval/fast_filter.hpp).
    std::uint32_t compiled_filters = 0;
    // Subexpressions of its conditions computed once per cohort (per
    // department, say) rather than per identity (plan_cohort_keys).
    std::uint32_t cohort_keyed = 0;
  };
  std::vector<RuleTime> rule_times;  // wall time of each evaluated rule, in evaluation order
};

// Evaluates every selected rule. REQUIRES: `current` (and `baseline` when
// given) loaded without errors; rules that read the baseline see an empty
// one when none is given.
EvalResult evaluate(const CompiledPolicy& policy, const Inventory& current, const Inventory* baseline,
                    const EvalOptions& options);
// The same on graphs the caller already built for these inventories (null:
// build them); change mode builds each inventory's graph once.
class AccessGraph;
EvalResult evaluate(const CompiledPolicy& policy, const Inventory& current, const AccessGraph* current_graph,
                    const Inventory* baseline, const AccessGraph* baseline_graph, const EvalOptions& options);

// Ids of the rules that --rule/--control would select, and the problems with
// the selection (a --rule or --control that matches nothing is an error).
struct RuleInfo {
  std::string id;
  std::string short_id;
  std::vector<std::string> controls;
  std::string title;
  bool reads_baseline = false;  // uses a `baseline.` operator
  bool local = false;           // see EvalOptions::focus
  std::string nonlocal_reason;
  std::vector<std::string> cohort_columns;     // see plan::Rule and EvalOptions::rule_focus
  std::vector<std::string> reference_columns;
  bool expands() const { return !local && (!cohort_columns.empty() || !reference_columns.empty()); }
  std::string rationale;
  std::optional<Severity> severity;  // when the policy fixes it (not `severity row.severity`)
  std::string policy;                // policy file:line
};
std::vector<RuleInfo> list_rules(const CompiledPolicy& policy);
// The column names, in any table, that the rules `options` selects can read
// (their attributes' and the definitions' they call), sorted: what a load
// for evaluating only them must keep (LoadOptions::read_columns).
std::vector<std::string> columns_read(const CompiledPolicy& policy, const EvalOptions& options);
std::string dump_plan(const CompiledPolicy& policy);
// Control id -> title, from the `control` blocks of the policies.
std::map<std::string, std::string> control_titles(const CompiledPolicy& policy);
const std::vector<PolicySource>& policy_sources(const CompiledPolicy& policy);

}  // namespace ward
