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
  // (Ids are views into the two inventories' pools, sorted and distinct.)
  std::map<std::string, std::vector<std::string_view>> by_column;  // "cohort:COL" / "reference:COL" -> ids
  auto sorted_distinct = [](std::vector<std::string_view>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  };
  // Cells are compared as StrIds of each inventory's own pool: the few
  // wanted texts (the affected identities' values, or the affected ids)
  // are looked up once per inventory, then the column is one integer
  // compare per row.
  auto expansion = [&](const std::string& column, bool cohort) -> const std::vector<std::string_view>& {
    auto [it, added] = by_column.try_emplace((cohort ? "cohort:" : "reference:") + column);
    if (!added) return it->second;
    std::vector<std::string_view> wanted;  // texts: the affected identities' values, or the affected ids
    if (cohort) {
      for (const Inventory* inv : {&before, &after}) {
        const Table& t = inv->tables[kIdentities];
        const int c = t.column(column);
        if (c < 0) continue;
        for (const std::string& id : focus) {
          const NodeId n = inv->find_node(id);
          if (n == kNoNode || !inv->is_identity(n)) continue;
          const StrId cell = t.cell(n, static_cast<std::size_t>(c));
          if (cell != kEmptyStr) wanted.push_back(inv->strings.view(cell));
        }
      }
    } else {
      wanted.assign(focus.begin(), focus.end());
    }
    std::vector<std::string_view>& ids = it->second;
    for (const Inventory* inv : {&before, &after}) {
      const Table& t = inv->tables[kIdentities];
      const int c = t.column(column);
      if (c < 0) continue;
      std::vector<StrId> cells;  // `wanted` in this inventory's pool
      for (std::string_view w : wanted)
        if (const StrId s = inv->strings.find(w); s != StringPool::kNotFound && s != kEmptyStr) cells.push_back(s);
      std::sort(cells.begin(), cells.end());
      cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
      if (cells.empty()) continue;
      for (std::uint32_t row = 0; row < t.rows(); ++row)
        if (std::binary_search(cells.begin(), cells.end(), t.cell(row, static_cast<std::size_t>(c))))
          ids.push_back(inv->node_id(row));
    }
    sorted_distinct(ids);
    return ids;
  };
  std::map<std::string, std::vector<std::string>> rule_focus;
  for (const RuleInfo& r : list_rules(policy)) {
    if (!r.expands()) continue;
    std::vector<std::string_view> ids(focus.begin(), focus.end());
    for (const auto& c : r.cohort_columns) {
      const auto& more = expansion(c, true);
      ids.insert(ids.end(), more.begin(), more.end());
    }
    for (const auto& c : r.reference_columns) {
      const auto& more = expansion(c, false);
      ids.insert(ids.end(), more.begin(), more.end());
    }
    sorted_distinct(ids);
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
