// Where-conjuncts over the outermost loop variable alone, compiled to tests
// on the inventory's typed arrays.
//
// Most conjuncts of an access policy read one identity's or one edge's own
// fields: `active(i)`, `i.type in [...]`, `e.relation == "grants"`,
// `e.expires < today`, `older_than(i.last_active, dormancy)`,
// `e.approved_by.id == e.from.id`. Interpreted, each is a walk of the plan
// building a Value per node (a few hundred instructions per element, over
// millions of elements and every rule). Compiled here, it is a few integer
// compares on the inventory's own columns, with no Value at all.
//
// Covered shapes (anything else is left to the interpreter, conjunct by
// conjunct): and, or, not; calls of definitions (inlined); `==`, `!=`,
// `in`, `not in` between an enumerated attribute (kind, type, status,
// relation) and string constants; `is absent` / `is present` of dates, an
// edge's approver and reason, and an identity's text and reference
// columns; comparisons of dates and durations built from date attributes,
// `today`, constants and parameters with `+` and `-`; a `.privileged`
// flag; `x.id == y.id` between an edge's ends and its approver.
//
// The contract is exact equality with the interpreter (EvalOptions::plain
// evaluates without this), including its rules for absent values:
// comparisons with an absent value are false, `not in` of an absent value
// is true. A conjunct whose compiled form would pass 4,096 steps
// (definitions that call others twice double per level) is interpreted.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "plan/plan.hpp"
#include "ward/date.hpp"
#include "ward/inventory.hpp"

namespace ward::eval {

class FastFilter {
 public:
  // The compiled form of `conjunct`, a filter of a scan of `source`
  // (identities, roles, groups, entitlements or edges) binding `slot`, read
  // against `inventory` as of `today`; nullopt when some part of it is a
  // shape this does not cover.
  static std::optional<FastFilter> compile(const plan::Node& conjunct, const plan::Program& program, std::uint32_t slot,
                                           plan::SourceKind source, const Inventory& inventory, Date today);

  // Whether the conjunct holds for `element`: a NodeId for node sources, an
  // edge row for edges. REQUIRES: the inventory compile() was given.
  bool test(const Inventory& inventory, std::uint32_t element) const { return holds(inventory, element, root_); }

  // Public for the compiler in fast_filter.cpp; not part of the contract.
  enum class Op : std::uint8_t {
    and_, or_, not_,
    enum_in,      // the enumerated field's value is in `mask`; `when_absent` if it has none
    present,      // the field has a value (== want)
    flag,         // .privileged is true
    same_node,    // x.id == y.id (`want`: ==) between two node fields
    compare,      // two scalar operands (kids), `cmp`
    scalar_field, scalar_const, scalar_add, scalar_sub,  // operands: dates and durations in days
  };
  // Where a field is read: the loop variable (a node), or an edge's ends.
  enum class Ref : std::uint8_t { self, edge_from, edge_to, edge };
  enum class Field : std::uint8_t {
    kind, identity_type, identity_status, relation,
    created, last_active, terminated, expires,  // an identity's dates
    granted, edge_expires, approved_by, reason,  // an edge's own fields
    node,                                         // the node itself (same_node)
    cell,                                         // a text or reference column of the identities table
    privileged,
  };
  struct Step {
    Op op = Op::and_;
    Ref ref = Ref::self;
    Field field = Field::kind;
    bool want = true;          // present / same_node: the outcome sought
    bool when_absent = false;  // enum_in
    ast::Op cmp = ast::Op::eq;
    std::uint8_t mask = 0;     // enum_in: bit v set when value v passes
    std::int32_t days = 0;     // scalar_const
    std::int32_t column = -1;  // present of a cell: the identities table's column (-1: none)
    std::uint32_t a = 0, b = 0;  // kids (indices into steps_)
    Ref ref_b = Ref::self;     // same_node: the second side
    Field field_b = Field::node;
  };

 private:
  friend class FastFilterCompiler;
  bool holds(const Inventory& inv, std::uint32_t element, std::uint32_t step) const;
  // A scalar operand: false when absent, else its days in `days`.
  bool scalar(const Inventory& inv, std::uint32_t element, std::uint32_t step, std::int32_t& days) const;

  std::vector<Step> steps_;
  std::uint32_t root_ = 0;
};

}  // namespace ward::eval
