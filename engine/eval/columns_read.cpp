// columns_read(): the column names the selected rules can read, so a load
// can leave the others absent (LoadOptions::read_columns).
//
// Every read of a table cell by the evaluator goes through an `attribute`
// node of the plan (`i.owner`, `e.approved_by`, `row.left`, the `by`
// column of cohort() and peers()); nothing reads a cell by a name of its
// own. So the names of the attribute nodes of a rule, and of the
// definitions it calls, are every column it can read. Names are collected
// regardless of the table they are read from: a name read anywhere keeps
// that column everywhere, which is never wrong, only less frugal.
#include <set>

#include "eval/rule_selection.hpp"
#include "plan/compiled_policy.hpp"

namespace ward {

namespace {

class ColumnCollector {
 public:
  explicit ColumnCollector(const plan::Program& program) : program_(program), def_seen_(program.defs.size(), false) {}

  void add_rule(const plan::Rule& r) {
    add(r.severity);
    for (const auto& s : r.scans) add(s.expression);
    for (const auto& n : r.where) add(n);
    for (const auto& n : r.unless) add(n);
    add(r.subject);
    add(r.key);
    add(r.message);
    for (const auto& n : r.evidence) add(n);
    names_.insert(r.cohort_columns.begin(), r.cohort_columns.end());
    names_.insert(r.reference_columns.begin(), r.reference_columns.end());
  }

  std::vector<std::string> names() const { return {names_.begin(), names_.end()}; }

 private:
  void add(const plan::Node& n) {
    if (n.code == plan::Code::attribute) names_.insert(n.attr.column);
    if (!n.cohort_column.empty()) names_.insert(n.cohort_column);
    if (n.code == plan::Code::call_def && n.index < def_seen_.size() && !def_seen_[n.index]) {
      def_seen_[n.index] = true;
      add(program_.defs[n.index].body);
    }
    for (const auto& k : n.kids) add(k);
  }

  const plan::Program& program_;
  std::vector<bool> def_seen_;
  std::set<std::string> names_;
};

}  // namespace

std::vector<std::string> columns_read(const CompiledPolicy& policy, const EvalOptions& options) {
  ColumnCollector collector(policy.program);
  for (const auto& r : policy.program.rules)
    if (rule_selected(r, options)) collector.add_rule(r);
  return collector.names();
}

}  // namespace ward
