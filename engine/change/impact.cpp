// Which nodes a change can affect, and which findings each changed row
// explains (see ward/change.hpp).
#include <algorithm>
#include <map>
#include <unordered_set>

#include "ward/access_graph.hpp"
#include "ward/change.hpp"
#include "ward/reachability.hpp"

namespace ward {

namespace {

// Marks in `seen` every node of `g` that is one of `starts` or reaches one.
void mark_upstream(const AccessGraph& g, const std::vector<NodeId>& starts, std::vector<std::uint8_t>& seen) {
  std::vector<NodeId> stack;
  for (NodeId s : starts)
    if (s != kNoNode && !seen[s]) {
      seen[s] = 1;
      stack.push_back(s);
    }
  while (!stack.empty()) {
    NodeId u = stack.back();
    stack.pop_back();
    for (NodeId v : g.in_nodes(u))
      if (!seen[v]) {
        seen[v] = 1;
        stack.push_back(v);
      }
  }
}

std::vector<NodeId> nodes_in(const Inventory& inv, const std::vector<std::string>& ids) {
  std::vector<NodeId> out;
  for (const auto& id : ids)
    if (NodeId n = inv.find_node(id); n != kNoNode) out.push_back(n);
  return out;
}

// Groups findings (each with whether its subject is an identity) by
// (rule, key, severity), counting distinct subjects.
std::vector<ImpactGroup> group(const std::vector<std::pair<const Finding*, bool>>& findings) {
  std::map<std::tuple<std::string, std::string, Severity>, std::pair<std::unordered_set<std::string>, bool>> by;
  for (auto [f, identity] : findings) {
    auto [it, added] = by.try_emplace({f->rule, f->key, f->severity}, std::unordered_set<std::string>{}, true);
    it->second.first.insert(f->subject);
    it->second.second &= identity;
  }
  std::vector<ImpactGroup> out;
  for (auto& [k, v] : by)
    out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), v.first.size(), v.second,
                   *std::min_element(v.first.begin(), v.first.end())});
  std::stable_sort(out.begin(), out.end(), [](const ImpactGroup& a, const ImpactGroup& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.subjects > b.subjects;
  });
  return out;
}

}  // namespace

std::vector<std::string> affected_nodes(const InventoryDiff& diff, const AccessGraph& before, const AccessGraph& after) {
  std::vector<std::string> touched;
  for (const auto& c : diff.changes) touched.insert(touched.end(), c.nodes.begin(), c.nodes.end());
  std::vector<std::string> out;
  for (const AccessGraph* graph : {&before, &after}) {
    const AccessGraph& g = *graph;
    const Inventory* inv = &g.inventory();
    std::vector<std::uint8_t> seen(inv->node_count(), 0);
    mark_upstream(g, nodes_in(*inv, touched), seen);
    for (NodeId n = 0; n < seen.size(); ++n)
      if (seen[n]) out.emplace_back(inv->node_id(n));
  }
  // Changed nodes that exist in neither inventory still name the subject of
  // findings about them (an exception for an unknown identity, say).
  out.insert(out.end(), touched.begin(), touched.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ChangeImpact attribute_changes(const InventoryDiff& diff, const AccessGraph& before_graph, const AccessGraph& after_graph,
                               const std::vector<Finding>& new_findings, const std::vector<Finding>& resolved,
                               std::size_t max_rows) {
  ChangeImpact impact;
  const Inventory& before = before_graph.inventory();
  const Inventory& after = after_graph.inventory();
  std::vector<std::uint8_t> new_explained(new_findings.size(), 0), resolved_explained(resolved.size(), 0);
  // The findings of one inventory whose subject is upstream of a change.
  impact.new_cause.assign(new_findings.size(), -1);
  // A finding whose evidence path runs over changed rows is explained by
  // those rows only; any other by every change its subject is or reaches.
  std::unordered_set<std::string> changed_at;
  for (const auto& c : diff.changes) changed_at.insert(c.file + ":" + std::to_string(c.line));
  auto on_path = [&](const Finding& f) {
    std::vector<std::string> rows;
    for (const auto& e : f.evidence)
      for (const auto& s : e.sources)
        if (changed_at.count(s)) rows.push_back(s);
    return rows;
  };
  std::vector<std::vector<std::string>> new_on_path, resolved_on_path;
  for (const auto& f : new_findings) new_on_path.push_back(on_path(f));
  for (const auto& f : resolved) resolved_on_path.push_back(on_path(f));
  std::string here;  // "file:line" of the change being attributed
  std::string edge_to;  // and, for an edge, the node it leads to
  Traversal before_walk(before_graph), after_walk(after_graph);
  auto explained_by = [&](const AccessGraph& g, const std::vector<NodeId>& starts, const std::vector<Finding>& findings,
                          std::vector<std::uint8_t>& explained, std::vector<std::uint8_t>& seen) {
    std::fill(seen.begin(), seen.end(), 0);
    mark_upstream(g, starts, seen);
    const auto& paths = &findings == &new_findings ? new_on_path : resolved_on_path;
    Traversal& walk = &g == &before_graph ? before_walk : after_walk;
    const Inventory& inv = g.inventory();
    // An edge explains a finding keyed by a node only if it leads there.
    std::map<std::string, bool> leads_to;
    auto leads = [&](const std::string& key) {
      NodeId k = inv.find_node(key), to = inv.find_node(edge_to);
      if (edge_to.empty() || k == kNoNode || key == edge_to) return true;
      auto [it, added] = leads_to.try_emplace(key, false);
      if (added) it->second = to != kNoNode && walk.reaches(to, k);
      return it->second;
    };
    std::vector<std::pair<const Finding*, bool>> out;
    for (std::size_t k = 0; k < findings.size(); ++k) {
      if (!paths[k].empty() && std::find(paths[k].begin(), paths[k].end(), here) == paths[k].end()) continue;
      if (paths[k].empty() && !leads(findings[k].key)) continue;
      NodeId s = g.inventory().find_node(findings[k].subject);
      if (s != kNoNode && seen[s]) {
        out.emplace_back(&findings[k], g.inventory().is_identity(s));
        explained[k] = 1;
        if (&findings == &new_findings && impact.new_cause[k] < 0)
          impact.new_cause[k] = static_cast<std::int32_t>(impact.rows.size());
      }
    }
    return out;
  };
  std::vector<std::uint8_t> seen_before(before.node_count()), seen_after(after.node_count());
  for (const auto& c : diff.changes) {
    if (impact.rows.size() >= max_rows) {
      ++impact.rows_not_itemised;
      continue;
    }
    RowImpact row{c, {}, {}};
    here = c.file + ":" + std::to_string(c.line);
    edge_to = c.to;
    row.gained = group(explained_by(after_graph, nodes_in(after, c.nodes), new_findings, new_explained, seen_after));
    row.lost = group(explained_by(before_graph, nodes_in(before, c.nodes), resolved, resolved_explained, seen_before));
    impact.rows.push_back(std::move(row));
  }
  if (impact.rows_not_itemised == 0) {
    for (std::size_t k = 0; k < new_findings.size(); ++k)
      if (!new_explained[k]) impact.unattributed_new.push_back(new_findings[k]);
    for (std::size_t k = 0; k < resolved.size(); ++k)
      if (!resolved_explained[k]) impact.unattributed_resolved.push_back(resolved[k]);
  }
  return impact;
}

}  // namespace ward
