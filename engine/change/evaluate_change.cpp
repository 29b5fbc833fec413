// Change mode end to end (see ward/change.hpp).
#include <chrono>
#include <set>
#include <tuple>

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
  const std::vector<std::string> focus = affected_nodes(diff, before, after);
  out.affected_nodes = focus.size();
  mark("affected");
  EvalOptions focused = options;
  focused.focus = &focus;
  EvalResult now = evaluate(policy, after, &before, focused);
  mark("evaluate current");
  EvalResult then = evaluate(policy, before, &before, focused);
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
  out.impact = attribute_changes(diff, before, after, out.findings, out.resolved);
  mark("attribute");
  return out;
}

}  // namespace ward
