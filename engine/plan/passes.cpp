// Compiler passes over the lowered plan (see plan.hpp for their order).
#include "plan/plan.hpp"

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

}  // namespace ward::plan
