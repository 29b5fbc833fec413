// Change mode end to end (see ward/change.hpp).
#include <chrono>
#include <exception>
#include <memory>
#include <thread>
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "ward/access_graph.hpp"
#include "ward/change.hpp"
#include "ward/evaluate.hpp"

namespace ward {

ChangeResult evaluate_change(const CompiledPolicy& policy, const Inventory& before, const Inventory& after,
                             const EvalOptions& options) {
  ChangeResult out;
  auto last = std::chrono::steady_clock::now();
  auto mark = [&](const char* phase) {
    auto now = std::chrono::steady_clock::now();
    out.phases.push_back({phase, std::chrono::duration<double>(now - last).count()});
    last = now;
  };
  InventoryDiff diff = diff_inventories(before, after);
  mark("diff");
  out.changed_rows = diff.changes.size();
  if (diff.changes.empty()) return out;  // the same rows give the same findings
  // Each inventory's graph, once, for everything below.
  std::unique_ptr<AccessGraph> before_graph;
  std::exception_ptr build_failure;
  std::thread build([&] {
    try {
      before_graph = std::make_unique<AccessGraph>(before);
    } catch (...) {
      build_failure = std::current_exception();
    }
  });
  std::unique_ptr<AccessGraph> after_built;
  try {
    after_built = std::make_unique<AccessGraph>(after);
  } catch (...) {
    build.join();
    throw;
  }
  build.join();
  if (build_failure) std::rethrow_exception(build_failure);
  const AccessGraph& after_graph = *after_built;
  mark("graphs");
  const std::vector<std::string> focus = affected_nodes(diff, *before_graph, after_graph);
  out.affected_nodes = focus.size();
  mark("affected");
  // Rules that expand: the affected nodes, everyone sharing a cohort
  // column's value (before or after) with an affected identity (nobody
  // else's cohort changed), everyone whose reference column names an
  // affected node (nobody else reads one).
  std::map<std::string, std::vector<std::string>> by_column;  // "cohort:COL" / "reference:COL" -> ids
  auto expansion = [&](const std::string& column, bool cohort) -> const std::vector<std::string>& {
    auto [it, added] = by_column.try_emplace((cohort ? "cohort:" : "reference:") + column);
    if (!added) return it->second;
    std::set<std::string> values, ids;
    if (cohort) {
      for (const Inventory* inv : {&before, &after}) {
        const Table& t = inv->tables[kIdentities];
        int c = t.column(column);
        if (c < 0) continue;
        for (std::uint32_t row = 0; row < t.rows(); ++row)
          if (std::binary_search(focus.begin(), focus.end(), inv->node_id(row)))
            values.emplace(inv->strings.view(t.cell(row, static_cast<std::size_t>(c))));
      }
    }
    for (const Inventory* inv : {&before, &after}) {
      const Table& t = inv->tables[kIdentities];
      int c = t.column(column);
      if (c < 0) continue;
      for (std::uint32_t row = 0; row < t.rows(); ++row) {
        std::string_view value = inv->strings.view(t.cell(row, static_cast<std::size_t>(c)));
        bool in = cohort ? values.count(std::string(value)) > 0 : std::binary_search(focus.begin(), focus.end(), value);
        if (in) ids.emplace(inv->node_id(row));
      }
    }
    it->second.assign(ids.begin(), ids.end());
    return it->second;
  };
  std::map<std::string, std::vector<std::string>> rule_focus;
  for (const RuleInfo& r : list_rules(policy)) {
    if (!r.expands()) continue;
    std::set<std::string> ids(focus.begin(), focus.end());
    for (const auto& c : r.cohort_columns) ids.insert(expansion(c, true).begin(), expansion(c, true).end());
    for (const auto& c : r.reference_columns) ids.insert(expansion(c, false).begin(), expansion(c, false).end());
    rule_focus[r.id].assign(ids.begin(), ids.end());
  }
  mark("expansions");
  EvalOptions focused = options;
  focused.focus = &focus;
  focused.rule_focus = &rule_focus;
  EvalResult now = evaluate(policy, after, &after_graph, &before, before_graph.get(), focused);
  mark("evaluate current");
  EvalResult then = evaluate(policy, before, before_graph.get(), &before, before_graph.get(), focused);
  mark("evaluate baseline");
  out.rule_times = now.rule_times;
  for (std::size_t k = 0; k < out.rule_times.size() && k < then.rule_times.size(); ++k)
    out.rule_times[k].seconds += then.rule_times[k].seconds;
  // A finding's identity is rule + subject + key.
  using Id = std::tuple<std::string, std::string, std::string>;
  std::set<Id> now_ids, then_ids, then_excepted;
  for (const auto& f : now.findings) now_ids.emplace(f.rule, f.subject, f.key);
  for (const auto& f : then.findings) then_ids.emplace(f.rule, f.subject, f.key);
  for (const auto& f : then.excepted) then_excepted.emplace(f.rule, f.subject, f.key);
  for (auto& f : now.findings)
    if (!then_ids.count({f.rule, f.subject, f.key})) out.findings.push_back(std::move(f));
  for (auto& f : now.excepted)
    if (!then_excepted.count({f.rule, f.subject, f.key})) out.excepted.push_back(std::move(f));
  for (auto& f : then.findings)
    if (!now_ids.count({f.rule, f.subject, f.key})) out.resolved.push_back(std::move(f));
  out.impact = attribute_changes(diff, *before_graph, after_graph, out.findings, out.resolved);
  mark("attribute");
  return out;
}

}  // namespace ward
