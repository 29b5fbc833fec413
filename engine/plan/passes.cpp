// Compiler passes over the lowered plan (see plan.hpp for their order).
#include "plan/plan.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

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

namespace {

// What a slot of the frame being analysed holds, for plan_cohort_keys.
enum class SlotUse : std::uint8_t {
  unknown,     // a variable bound outside the subexpression: reading it depends on more than the key
  free,        // bound inside it, or (a definition's parameter) a function of the key
  restricted,  // the identity: readable only as the first argument of cohort(x, by COL)
};

// True when `n` reads restricted slots only as `cohort(x, by COL)`, COL a
// cell of the identity's row and the same in every such call (`column`,
// set by the first), and reads no unknown slot. Definitions are followed:
// a parameter given a restricted variable is restricted in the body, one
// given a function of the key is free.
bool cohort_keyed(const Node& n, std::vector<SlotUse>& slots, const Program& p, std::string& column) {
  auto use = [&](std::uint32_t slot) { return slot < slots.size() ? slots[slot] : SlotUse::unknown; };
  switch (n.code) {
    case Code::slot: return use(n.index) == SlotUse::free;
    case Code::call:
      if (n.builtin == Builtin::cohort && n.kids.size() == 2 && n.kids[0].code == Code::slot &&
          use(n.kids[0].index) == SlotUse::restricted) {
        const Node& by = n.kids[1];
        if (by.code != Code::attribute || by.attr.access != AttrRef::Access::cell) return false;
        if (column.empty()) column = by.attr.column;
        return column == by.attr.column;
      }
      break;
    case Code::any_:
    case Code::all_:
    case Code::set_builder: {
      // kids[0] is read outside the binding, kids[1] inside it.
      if (n.kids.size() != 2 || !cohort_keyed(n.kids[0], slots, p, column)) return false;
      if (n.index >= slots.size()) slots.resize(n.index + 1, SlotUse::unknown);
      const SlotUse saved = slots[n.index];
      slots[n.index] = SlotUse::free;
      const bool ok = cohort_keyed(n.kids[1], slots, p, column);
      slots[n.index] = saved;
      return ok;
    }
    case Code::reaches:
      if (n.kids.size() == 3) return false;  // binds an edge variable for its third kid: not worth following
      break;
    case Code::call_def: {
      const Def& d = p.defs[n.index];
      std::vector<SlotUse> inner(std::max(d.frame, d.params), SlotUse::unknown);
      for (std::size_t k = 0; k < n.kids.size() && k < inner.size(); ++k) {
        const Node& arg = n.kids[k];
        if (arg.code == Code::slot && use(arg.index) == SlotUse::restricted) inner[k] = SlotUse::restricted;
        else if (cohort_keyed(arg, slots, p, column)) inner[k] = SlotUse::free;
        else return false;
      }
      return cohort_keyed(d.body, inner, p, column);
    }
    default: break;
  }
  for (const Node& k : n.kids)
    if (!cohort_keyed(k, slots, p, column)) return false;
  return true;
}

// Marks the largest cohort-keyed subexpressions of `n` that read the key
// (a bare cohort() call is cached by the evaluator already).
void mark_cohort_keyed(Node& n, std::uint32_t subject, std::vector<SlotUse>& slots, const Program& p, Rule& r) {
  std::string column;
  if (n.code != Code::constant && n.code != Code::param && !(n.code == Code::call && n.builtin == Builtin::cohort) &&
      cohort_keyed(n, slots, p, column) && !column.empty()) {
    n.cohort_memo = static_cast<std::int32_t>(r.cohort_memos++);
    n.cohort_slot = subject;
    n.cohort_column = column;
    return;
  }
  // Inside a binding the bound variable is unknown to the subexpressions
  // (they change with it), as it already is in `slots`.
  for (Node& k : n.kids) mark_cohort_keyed(k, subject, slots, p, r);
}

}  // namespace

void plan_cohort_keys(Program& program) {
  for (Rule& r : program.rules) {
    r.cohort_memos = 0;
    if (r.kind != RuleKind::rule || r.scans.empty() || r.scans[0].source != SourceKind::identities) continue;
    const std::uint32_t subject = r.scans[0].slot;
    std::vector<SlotUse> slots(std::max<std::uint32_t>(r.slots, subject + 1), SlotUse::unknown);
    slots[subject] = SlotUse::restricted;
    for (Node& w : r.where) mark_cohort_keyed(w, subject, slots, program, r);
  }
}

namespace {

bool is_graph_builtin(Builtin b) {
  return b == Builtin::holds || b == Builtin::grants || b == Builtin::reachable || b == Builtin::direct ||
         b == Builtin::path || b == Builtin::depth || b == Builtin::exists;
}

// A node read from another row: a reference cell (owner, manager, a
// table's identity/target) or an edge's approver.
bool foreign_reference(const Node& n) {
  return n.code == Code::attribute &&
         ((n.attr.access == AttrRef::Access::cell && n.type.is_node()) || n.attr.access == AttrRef::Access::edge_approved_by);
}

// What a rule may depend on beyond its subject when change mode expands
// its focus instead of evaluating it in full (see Rule::cohort_columns).
struct Expansion {
  std::set<std::uint32_t> subject_slots;  // slots of the scans over identities
  std::set<std::string> cohorts;          // group-by columns of peers() / cohort()
  std::set<std::string> references;       // identity columns naming another node (owner)
};

// Why `n` (or a definition it calls) makes a rule non-local; "" if it does
// not. With `ex`, comparisons with cohorts and reads through the subject's
// own reference columns are allowed and collected there instead.
std::string nonlocal(const Node& n, const Program& p, std::vector<bool>& seen_defs, Expansion* ex = nullptr) {
  // A foreign node this expansion can follow: `subject.COLUMN`.
  auto followable = [&](const Node& f) {
    if (!ex || f.code != Code::attribute || f.attr.access != AttrRef::Access::cell || f.kids.empty() ||
        f.kids[0].code != Code::slot || !ex->subject_slots.count(f.kids[0].index))
      return false;
    ex->references.insert(f.attr.column);
    return true;
  };
  const bool cohort_call = n.code == Code::call && (n.builtin == Builtin::peers || n.builtin == Builtin::cohort);
  switch (n.code) {
    case Code::call:
      if (ex && cohort_call) {
        const Node& by = n.kids[1];
        if (by.code != Code::attribute || by.attr.access != AttrRef::Access::cell) return "groups by a derived attribute";
        ex->cohorts.insert(by.attr.column);
        break;
      }
      if (ex && (n.builtin == Builtin::holders || n.builtin == Builtin::share)) break;
      if (n.builtin == Builtin::holders || n.builtin == Builtin::share || n.builtin == Builtin::peers ||
          n.builtin == Builtin::cohort || n.builtin == Builtin::members)
        return "compares a node with others (holders, share, peers, cohort or members)";
      if (is_graph_builtin(n.builtin) && !n.kids.empty() && foreign_reference(n.kids[0]) && !followable(n.kids[0]))
        return "follows the access of a node named in another row";
      break;
    case Code::reaches:
      if (foreign_reference(n.kids[0]) && !followable(n.kids[0])) return "follows the access of a node named in another row";
      break;
    case Code::attribute:
      if (n.attr.access != AttrRef::Access::id && !n.kids.empty() && foreign_reference(n.kids[0]) && !followable(n.kids[0]))
        return "reads the attributes of a node named in another row";
      break;
    case Code::call_def:
      for (const Node& k : n.kids)
        if (foreign_reference(k) && !followable(k)) return "passes a node named in another row to a definition";
      if (!seen_defs[n.index]) {
        seen_defs[n.index] = true;
        if (auto why = nonlocal(p.defs[n.index].body, p, seen_defs, ex); !why.empty()) return why;
      }
      break;
    case Code::source:
      if (static_cast<SourceKind>(n.index) != SourceKind::expression)
        return "looks through a whole table or node set inside a condition";
      break;
    case Code::any_:
    case Code::all_:
    case Code::set_builder: {
      const Node& src = n.kids[0];
      const bool over_cohort = ex && src.code == Code::call && (src.builtin == Builtin::peers || src.builtin == Builtin::cohort);
      if (!(src.code == Code::call && is_graph_builtin(src.builtin)) && src.code != Code::source && !over_cohort)
        return "ranges over a computed set";
      break;
    }
    default: break;
  }
  for (const Node& k : n.kids)
    if (auto why = nonlocal(k, p, seen_defs, ex); !why.empty()) return why;
  return "";
}

// A set built with graph builtins and set algebra over them (`holds(i) -
// baseline.holds(i)`): what the scan variable reaches.
bool is_reached_set(const Node& n) {
  if (n.code == Code::call) return is_graph_builtin(n.builtin);
  if (n.code == Code::set_union || n.code == Code::set_minus || n.code == Code::set_intersect)
    return is_reached_set(n.kids[0]) && (n.code == Code::set_minus || is_reached_set(n.kids[1]));
  return false;
}

bool is_node_source(SourceKind k) { return k != SourceKind::table && k != SourceKind::expression; }

}  // namespace

bool is_source_set(const Node& n) {
  if (n.code == Code::source) return is_node_source(static_cast<SourceKind>(n.index));
  if (n.code == Code::set_union) return is_source_set(n.kids[0]) && is_source_set(n.kids[1]);
  return false;
}

void plan_locality(Program& program) {
  for (Rule& r : program.rules) {
    r.local = false;
    r.nonlocal_reason.clear();
    std::vector<bool> seen(program.defs.size(), false);
    std::vector<const Node*> nodes{&r.severity, &r.subject, &r.key, &r.message};
    for (const auto& w : r.where) nodes.push_back(&w);
    for (const auto& u : r.unless) nodes.push_back(&u);
    std::size_t node_scans = 0;  // scans over nodes or edges: the subject's, and any other would pair it with others
    for (const auto& s : r.scans) {
      if (is_node_source(s.source) || (s.source == SourceKind::expression && is_source_set(s.expression))) {
        ++node_scans;
        continue;
      }
      if (s.source == SourceKind::expression && !is_reached_set(s.expression)) r.nonlocal_reason = "scans a computed set";
      nodes.push_back(&s.expression);
    }
    if (node_scans > 1) r.nonlocal_reason = "pairs nodes or edges with each other";
    const bool scans_are_local = r.nonlocal_reason.empty();
    for (const Node* n : nodes) {
      if (!r.nonlocal_reason.empty()) break;
      r.nonlocal_reason = nonlocal(*n, program, seen);
    }
    r.local = r.nonlocal_reason.empty();
    // Local but for comparisons with cohorts and reads through the
    // subject's reference columns? Then change mode expands its focus.
    r.cohort_columns.clear();
    r.reference_columns.clear();
    if (!r.local && scans_are_local) {
      Expansion ex;
      for (const auto& s : r.scans)
        if (s.source == SourceKind::identities) ex.subject_slots.insert(s.slot);
      std::vector<bool> seen_again(program.defs.size(), false);
      bool ok = true;
      for (const Node* n : nodes)
        if (!nonlocal(*n, program, seen_again, &ex).empty()) ok = false;
      if (ok) {
        r.cohort_columns.assign(ex.cohorts.begin(), ex.cohorts.end());
        r.reference_columns.assign(ex.references.begin(), ex.references.end());
        r.nonlocal_reason = "compares identities with their cohorts or reads the nodes they name";
      }
    }
  }
}

}  // namespace ward::plan
