// Compiler passes over the lowered plan (see plan.hpp for their order).
#include "plan/plan.hpp"

#include <functional>
#include <optional>

namespace ward::plan {

void plan_reach_joins(Program& program) {
  for (Rule& r : program.rules) {
    r.reach_join = -1;
    if (r.kind != RuleKind::rule || r.scans.size() != 2) continue;
    const Scan* table = nullptr;
    const Scan* identities = nullptr;
    for (const Scan& s : r.scans) {
      if (s.source == SourceKind::table) table = &s;
      if (s.source == SourceKind::identities) identities = &s;
    }
    if (!table || !identities) continue;
    for (std::size_t k = 0; k < r.where.size(); ++k) {
      const Node& w = r.where[k];
      if (w.code == Code::reaches && w.kids[0].code == Code::slot && w.kids[0].index == identities->slot &&
          w.kids[1].code == Code::attribute && w.kids[1].attr.access == AttrRef::Access::cell &&
          w.kids[1].kids[0].code == Code::slot && w.kids[1].kids[0].index == table->slot) {
        r.reach_join = static_cast<std::int32_t>(k);
        break;
      }
    }
  }
}

namespace {

// Scan levels a subexpression depends on: one past the deepest scan whose
// variable it reads (0: none); nullopt when it reads any other variable (a
// quantifier's), which changes inside the conjunct.
std::optional<std::uint32_t> scan_level(const Node& n, const std::vector<std::int32_t>& level_of_slot) {
  std::uint32_t level = 0;
  if (n.code == Code::slot || n.code == Code::any_ || n.code == Code::all_ || n.code == Code::set_builder ||
      (n.code == Code::reaches && n.kids.size() == 3)) {
    if (n.index >= level_of_slot.size() || level_of_slot[n.index] < 0) return std::nullopt;
    level = static_cast<std::uint32_t>(level_of_slot[n.index]) + 1;
  }
  for (const Node& k : n.kids) {
    auto l = scan_level(k, level_of_slot);
    if (!l) return std::nullopt;
    level = std::max(level, *l);
  }
  return level;
}

bool worth_caching(const Node& n) {
  return n.code != Code::constant && n.code != Code::slot && n.code != Code::param;
}

void hoist_within(Node& n, std::uint32_t conjunct_level, const std::vector<std::int32_t>& level_of_slot, Rule& r) {
  auto level = scan_level(n, level_of_slot);
  if (level && *level < conjunct_level && worth_caching(n)) {
    n.hoist = static_cast<std::int32_t>(r.hoisted++);
    n.hoist_level = *level;
    return;
  }
  for (Node& k : n.kids) hoist_within(k, conjunct_level, level_of_slot, r);
}

}  // namespace

void plan_hoisting(Program& program) {
  for (Rule& r : program.rules) {
    r.hoisted = 0;
    if (r.kind != RuleKind::rule || r.scans.size() < 2) continue;
    std::vector<std::int32_t> level_of_slot(r.slots, -1);
    for (std::size_t k = 0; k < r.scans.size(); ++k)
      if (r.scans[k].slot < level_of_slot.size()) level_of_slot[r.scans[k].slot] = static_cast<std::int32_t>(k);
    for (Node& w : r.where) {
      // The conjunct's own level: where the evaluator runs it.
      std::uint32_t level = 0;
      std::function<void(const Node&)> deepest = [&](const Node& x) {
        if (x.code == Code::slot && x.index < level_of_slot.size() && level_of_slot[x.index] >= 0)
          level = std::max(level, static_cast<std::uint32_t>(level_of_slot[x.index]) + 1);
        for (const Node& k : x.kids) deepest(k);
      };
      deepest(w);
      if (level >= 2) hoist_within(w, level, level_of_slot, r);
    }
  }
}

}  // namespace ward::plan
