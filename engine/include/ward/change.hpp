// "What does this change break": the rows that differ between a baseline
// inventory and the current one, the nodes whose findings they can change,
// and which findings each changed row gives or takes away.
//
// A row is matched across the two inventories by its key (identities,
// roles, entitlements, sod_rules: id; edges: from, to, relation;
// exceptions: rule, identity; reviews: identity, target, date): present only
// now is `added`, only before `removed`, both with other cell text
// `modified`. Column order and the order of rows do not matter.
#pragma once

#include <string>
#include <vector>

#include "ward/evaluate.hpp"
#include "ward/findings.hpp"
#include "ward/inventory.hpp"

namespace ward {

struct RowChange {
  enum class Kind : std::uint8_t { added, removed, modified } kind = Kind::added;
  std::string table;        // "edges", "identities", ...
  std::string file;         // the file the row is in (the baseline's for removed rows)
  std::uint32_t line = 0;   // its line there
  std::string row;          // readable: "alice member_of admins", "alice (identity)"
  // Nodes whose own findings this row can change directly: an edge's
  // `from`, a node row's node, the identity of an exception or review, both
  // sides of an SoD row. Everything that reaches them is affected too.
  std::vector<std::string> nodes;
  std::string to;  // edges: the node the edge leads to
};
std::string_view to_string(RowChange::Kind k);

struct InventoryDiff {
  std::vector<RowChange> changes;  // in table order, then by line
};

InventoryDiff diff_inventories(const Inventory& before, const Inventory& after);

// Ids of every node whose findings the changes can alter: the changed nodes
// and everything that reaches one of them, in either inventory.
class AccessGraph;
std::vector<std::string> affected_nodes(const InventoryDiff& diff, const AccessGraph& before, const AccessGraph& after);

// One line of the impact summary: a changed row and the findings it gives
// (gained, from the current run) or takes away (lost, from the baseline's).
struct ImpactGroup {
  std::string rule;
  std::string key;
  Severity severity = Severity::high;
  std::size_t subjects = 0;  // distinct subjects (identities, mostly)
  bool all_identities = true;  // every subject is an identity
  std::string first_subject;   // the smallest subject id (named when it is the only one)
};
struct RowImpact {
  RowChange change;
  std::vector<ImpactGroup> gained, lost;  // most severe first, then by count
};
struct ChangeImpact {
  std::vector<RowImpact> rows;             // changed rows, each with what it explains
  std::vector<std::int32_t> new_cause;     // per new finding: the first row (index) explaining it, or -1
  std::size_t rows_not_itemised = 0;       // changed rows beyond the itemising limit
  std::vector<Finding> unattributed_new;   // new findings no changed row leads to (peer comparisons)
  std::vector<Finding> unattributed_resolved;
};

// Attributes each new finding to the changed rows its subject is or
// reaches in the current inventory, and each resolved one likewise in the
// baseline. At most `max_rows` changed rows are itemised.
ChangeImpact attribute_changes(const InventoryDiff& diff, const AccessGraph& before, const AccessGraph& after,
                               const std::vector<Finding>& new_findings, const std::vector<Finding>& resolved,
                               std::size_t max_rows = 200);


// Change mode, end to end: diff, evaluate the local rules on the affected
// nodes only (and the others in full) on both inventories, keep the
// findings whose (rule, subject, key) the baseline lacks (`findings`,
// `excepted`), list those it had that are gone (`resolved`), attribute
// them. An unchanged inventory is not evaluated at all.
struct ChangeResult {
  std::vector<Finding> findings;   // new, sorted
  std::vector<Finding> excepted;   // newly excepted, sorted
  std::vector<Finding> resolved;   // sorted
  std::size_t changed_rows = 0;
  std::size_t affected_nodes = 0;
  ChangeImpact impact;
  struct Phase {
    std::string name;
    double seconds = 0;
  };
  std::vector<Phase> phases;  // wall time of each step (for WARD_TIMINGS)
  std::vector<EvalResult::RuleTime> rule_times;  // per rule, both evaluations together
};
ChangeResult evaluate_change(const CompiledPolicy& policy, const Inventory& before, const Inventory& after,
                             const EvalOptions& options);

}  // namespace ward
