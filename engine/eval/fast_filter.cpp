#include "eval/fast_filter.hpp"

#include <string_view>
#include <utility>

namespace ward::eval {

namespace {

using plan::Code;
using plan::Node;
using plan::T;
using A = plan::AttrRef::Access;
using Op = FastFilter::Op;
using Ref = FastFilter::Ref;
using Field = FastFilter::Field;
using Step = FastFilter::Step;

// Values of each enumeration (inventory.hpp), for the masks.
constexpr std::uint8_t kNodeKinds = 4, kIdentityTypes = 6, kStatuses = 3, kRelations = 2;

std::uint8_t value_count(Field f) {
  switch (f) {
    case Field::kind: return kNodeKinds;
    case Field::identity_type: return kIdentityTypes;
    case Field::identity_status: return kStatuses;
    default: return kRelations;
  }
}

std::string_view value_name(Field f, std::uint8_t v) {
  switch (f) {
    case Field::kind: return to_string(static_cast<NodeKind>(v));
    case Field::identity_type: return to_string(static_cast<IdentityType>(v));
    case Field::identity_status: return to_string(static_cast<Status>(v));
    default: return to_string(static_cast<Relation>(v));
  }
}

bool is_node_type(T t) { return t == T::identity || t == T::role || t == T::group || t == T::entitlement || t == T::node; }

}  // namespace

// Builds a FastFilter's steps from a conjunct, inlining definitions.
class FastFilterCompiler {
 public:
  FastFilterCompiler(FastFilter& out, const plan::Program& program, std::uint32_t slot, plan::SourceKind source,
                     const Inventory& inventory, Date today)
      : out_(out), program_(program), slot_(slot), source_(source), inventory_(inventory), today_(today) {}

  // The arguments of the definitions being inlined, innermost first: a
  // definition's slot k is its call's argument k, read in the caller's frame.
  struct Frame {
    const std::vector<Node>* args;
    const Frame* caller;
  };

  // Set when the compiled form would pass kMaxSteps: inlining definitions
  // that call another twice doubles it per level (the interpreter's
  // memo keeps such a policy linear), so a policy could otherwise make a
  // conjunct of a billion steps. The conjunct is then interpreted.
  bool overflowed() const { return overflowed_; }

  std::optional<std::uint32_t> boolean(const Node& in, const Frame* in_frame) {
    if (overflowed_) return std::nullopt;
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr) return std::nullopt;
    switch (n->code) {
      case Code::and_:
      case Code::or_: {
        auto a = boolean(n->kids[0], f);
        auto b = a ? boolean(n->kids[1], f) : std::nullopt;
        if (!b) return std::nullopt;
        return operation(n->code == Code::and_ ? Op::and_ : Op::or_, *a, *b);
      }
      case Code::not_: {
        auto a = boolean(n->kids[0], f);
        if (!a) return std::nullopt;
        return operation(Op::not_, *a);
      }
      case Code::call_def: {
        const plan::Def& d = program_.defs[n->index];
        if (n->kids.size() != d.params) return std::nullopt;
        const Frame inner{&n->kids, f};
        return boolean(d.body, &inner);
      }
      case Code::compare: return compare(*n, f);
      case Code::in:
      case Code::not_in: {
        auto field = enum_field(n->kids[0], f);
        auto texts = field ? string_set(n->kids[1], f) : std::nullopt;
        if (!texts) return std::nullopt;
        // `not in`: an absent value is in no set.
        return enum_test(*field, *texts, n->code == Code::not_in, n->code == Code::not_in);
      }
      case Code::is_absent:
      case Code::is_present: {
        auto field = presence_field(n->kids[0], f);
        if (!field) return std::nullopt;
        Step s = field_step(Op::present, field->ref, field->field);
        s.column = field->column;
        s.want = n->code == Code::is_present;
        return add(s);
      }
      case Code::attribute: {
        if (n->attr.access != A::privileged) return std::nullopt;
        auto ref = node_ref(n->kids[0], f);
        if (!ref) return std::nullopt;
        return add(field_step(Op::flag, *ref, Field::privileged));
      }
      default: return std::nullopt;
    }
  }

 private:
  // `n` with definition parameters replaced by their arguments; nullptr
  // for a definition's own variable (a quantifier's), which is not covered.
  std::pair<const Node*, const Frame*> resolve(const Node& n, const Frame* f) const {
    const Node* at = &n;
    while (at->code == Code::slot && f != nullptr) {
      if (at->index >= f->args->size()) return {nullptr, nullptr};
      at = &(*f->args)[at->index];
      f = f->caller;
    }
    return {at, f};
  }

  static constexpr std::size_t kMaxSteps = 4096;
  std::uint32_t add(const Step& s) {
    if (out_.steps_.size() >= kMaxSteps) {
      overflowed_ = true;
      return 0;
    }
    out_.steps_.push_back(s);
    return static_cast<std::uint32_t>(out_.steps_.size() - 1);
  }

  // An operation on the steps `a` (and `b`).
  std::uint32_t operation(Op op, std::uint32_t a, std::uint32_t b = 0) {
    Step s;
    s.op = op;
    s.a = a;
    s.b = b;
    return add(s);
  }
  static Step field_step(Op op, Ref ref, Field field) {
    Step s;
    s.op = op;
    s.ref = ref;
    s.field = field;
    return s;
  }
  // The enumerated `field` is one of `texts` (`negate`: is none of them, and
  // has a value); `when_absent` if it has none.
  std::uint32_t enum_test(std::pair<Ref, Field> field, const std::vector<std::string_view>& texts, bool negate,
                          bool when_absent) {
    Step s = field_step(Op::enum_in, field.first, field.second);
    s.mask = mask_of(s.field, texts);
    if (negate) s.mask = static_cast<std::uint8_t>(~s.mask & ((1u << value_count(s.field)) - 1));
    s.when_absent = when_absent;
    return add(s);
  }

  bool node_source() const { return source_ != plan::SourceKind::edges; }

  // The loop variable, or an edge's `from` / `to`: always a node of the
  // inventory. Ref::edge: the loop variable of an edges scan (not a node).
  std::optional<Ref> any_ref(const Node& in, const Frame* in_frame) const {
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr) return std::nullopt;
    if (n->code == Code::slot) {
      if (n->index != slot_) return std::nullopt;
      return node_source() ? Ref::self : Ref::edge;
    }
    if (n->code == Code::attribute && (n->attr.access == A::edge_from || n->attr.access == A::edge_to)) {
      auto edge = any_ref(n->kids[0], f);
      if (edge != Ref::edge) return std::nullopt;
      return n->attr.access == A::edge_from ? Ref::edge_from : Ref::edge_to;
    }
    return std::nullopt;
  }
  std::optional<Ref> node_ref(const Node& n, const Frame* f) const {
    auto ref = any_ref(n, f);
    if (ref == Ref::edge) return std::nullopt;
    return ref;
  }

  // An enumerated attribute: kind, type, status of a node; an edge's relation.
  std::optional<std::pair<Ref, Field>> enum_field(const Node& in, const Frame* in_frame) const {
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr || n->code != Code::attribute) return std::nullopt;
    switch (n->attr.access) {
      case A::kind:
      case A::identity_type:
      case A::identity_status: {
        auto ref = node_ref(n->kids[0], f);
        if (!ref) return std::nullopt;
        const Field field = n->attr.access == A::kind            ? Field::kind
                            : n->attr.access == A::identity_type ? Field::identity_type
                                                                 : Field::identity_status;
        return std::pair{*ref, field};
      }
      case A::edge_relation:
        if (any_ref(n->kids[0], f) != Ref::edge) return std::nullopt;
        return std::pair{Ref::edge, Field::relation};
      default: return std::nullopt;
    }
  }

  std::optional<std::string_view> string_constant(const Node& in, const Frame* in_frame) const {
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr) return std::nullopt;
    if (n->code == Code::constant && n->constant.type == T::string) return std::string_view(n->constant.text);
    if (n->code == Code::param && program_.params[n->index].value.type == T::string)
      return std::string_view(program_.params[n->index].value.text);
    return std::nullopt;
  }

  // A set of string constants: a list of them, or a set constant or parameter.
  std::optional<std::vector<std::string_view>> string_set(const Node& in, const Frame* in_frame) const {
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr) return std::nullopt;
    std::vector<std::string_view> out;
    auto from_constant = [&](const plan::Constant& c) -> bool {
      if (c.type != T::set) return false;
      for (const auto& item : c.items) {
        if (item.type != T::string) return false;
        out.push_back(item.text);
      }
      return true;
    };
    if (n->code == Code::list) {
      for (const Node& k : n->kids) {
        auto text = string_constant(k, f);
        if (!text) return std::nullopt;
        out.push_back(*text);
      }
      return out;
    }
    if (n->code == Code::constant && from_constant(n->constant)) return out;
    if (n->code == Code::param && from_constant(program_.params[n->index].value)) return out;
    return std::nullopt;
  }

  static std::uint8_t mask_of(Field field, const std::vector<std::string_view>& texts) {
    std::uint8_t mask = 0;
    for (std::uint8_t v = 0; v < value_count(field); ++v)
      for (std::string_view t : texts)
        if (value_name(field, v) == t) mask = static_cast<std::uint8_t>(mask | (1u << v));
    return mask;
  }

  struct Presence {
    Ref ref;
    Field field;
    std::int32_t column = -1;
  };
  // A field whose presence is read straight from the inventory.
  std::optional<Presence> presence_field(const Node& in, const Frame* in_frame) const {
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr || n->code != Code::attribute) return std::nullopt;
    switch (n->attr.access) {
      case A::identity_date: {
        auto ref = node_ref(n->kids[0], f);
        if (!ref) return std::nullopt;
        return Presence{*ref, identity_date(n->attr.column)};
      }
      case A::edge_granted:
      case A::edge_expires:
      case A::edge_approved_by:
      case A::edge_reason: {
        if (any_ref(n->kids[0], f) != Ref::edge) return std::nullopt;
        const Field field = n->attr.access == A::edge_granted   ? Field::granted
                            : n->attr.access == A::edge_expires ? Field::edge_expires
                            : n->attr.access == A::edge_approved_by ? Field::approved_by
                                                                    : Field::reason;
        return Presence{Ref::edge, field};
      }
      case A::cell: {
        // A text or reference column of the identity being scanned: present
        // when its cell is not empty (other types parse, and may fail to).
        if (source_ != plan::SourceKind::identities || any_ref(n->kids[0], f) != Ref::self) return std::nullopt;
        if (n->type.base != T::string && !is_node_type(n->type.base)) return std::nullopt;
        return Presence{Ref::self, Field::cell, inventory_.tables[kIdentities].column(n->attr.column)};
      }
      default: return std::nullopt;
    }
  }

  // The evaluator's reading of an identity date column by name.
  static Field identity_date(const std::string& c) {
    return c == "created" ? Field::created : c == "last_active" ? Field::last_active
         : c == "terminated" ? Field::terminated : Field::expires;
  }

  std::optional<std::uint32_t> compare(const Node& n, const Frame* f) {
    const ast::Op op = n.op;
    const bool equality = op == ast::Op::eq || op == ast::Op::ne;
    if (equality) {
      // `x.id == y.id` between node fields.
      auto id_side = [&](const Node& side) -> std::optional<std::pair<Ref, Field>> {
        auto [s, sf] = resolve(side, f);
        if (s == nullptr || s->code != Code::attribute || s->attr.access != A::id) return std::nullopt;
        auto [x, xf] = resolve(s->kids[0], sf);
        if (x == nullptr) return std::nullopt;
        if (x->code == Code::attribute && x->attr.access == A::edge_approved_by) {
          if (any_ref(x->kids[0], xf) != Ref::edge) return std::nullopt;
          return std::pair{Ref::edge, Field::approved_by};
        }
        auto ref = node_ref(*x, xf);
        if (!ref) return std::nullopt;
        return std::pair{*ref, Field::node};
      };
      auto x = id_side(n.kids[0]);
      auto y = x ? id_side(n.kids[1]) : std::nullopt;
      if (x && y) {
        if (x->second == Field::approved_by && y->second == Field::approved_by) return std::nullopt;
        if (x->second == Field::approved_by) std::swap(x, y);  // the approver, if any, second
        Step s = field_step(Op::same_node, x->first, x->second);
        s.ref_b = y->first;
        s.field_b = y->second;
        s.want = op == ast::Op::eq;
        return add(s);
      }
      // An enumerated attribute against a string constant, either way round.
      for (int side = 0; side < 2; ++side) {
        auto field = enum_field(n.kids[side], f);
        auto text = field ? string_constant(n.kids[1 - side], f) : std::nullopt;
        if (!text) continue;
        // Comparisons with an absent value are false, `!=` included.
        return enum_test(*field, {*text}, op == ast::Op::ne, false);
      }
    }
    auto a = scalar(n.kids[0], f);
    auto b = a ? scalar(n.kids[1], f) : std::nullopt;
    if (!b || a->second != b->second) return std::nullopt;
    Step s;
    s.op = Op::compare;
    s.cmp = op;
    s.a = a->first;
    s.b = b->first;
    return add(s);
  }

  // A date or duration operand: its step and whether it is a date.
  std::optional<std::pair<std::uint32_t, bool>> scalar(const Node& in, const Frame* in_frame) {
    if (overflowed_) return std::nullopt;
    auto [n, f] = resolve(in, in_frame);
    if (n == nullptr) return std::nullopt;
    auto constant = [&](std::int32_t days, bool date) {
      Step s;
      s.op = Op::scalar_const;
      s.days = days;
      return std::pair{add(s), date};
    };
    auto of = [&](const plan::Constant& c) -> std::optional<std::pair<std::uint32_t, bool>> {
      if (c.type == T::date) return constant(c.days, true);
      if (c.type == T::duration) return constant(c.days, false);
      return std::nullopt;
    };
    switch (n->code) {
      case Code::constant: return of(n->constant);
      case Code::param: return of(program_.params[n->index].value);
      case Code::call:
        if (n->builtin != plan::Builtin::today || !n->kids.empty() || n->baseline) return std::nullopt;
        return constant(today_.days, true);
      case Code::attribute: {
        auto field = presence_field(*n, f);
        if (!field || field->field == Field::approved_by || field->field == Field::reason || field->field == Field::cell)
          return std::nullopt;
        return std::pair{add(field_step(Op::scalar_field, field->ref, field->field)), true};
      }
      case Code::add:
      case Code::sub: {
        auto a = scalar(n->kids[0], f);
        auto b = a ? scalar(n->kids[1], f) : std::nullopt;
        if (!b) return std::nullopt;
        // As the evaluator's arithmetic: date - date is a duration; a date
        // on either side of `+`, or before `-`, gives a date.
        bool date;
        if (n->code == Code::add) {
          if (a->second && b->second) return std::nullopt;
          date = a->second || b->second;
        } else {
          if (!a->second && b->second) return std::nullopt;
          date = a->second && !b->second;
        }
        return std::pair{operation(n->code == Code::add ? Op::scalar_add : Op::scalar_sub, a->first, b->first), date};
      }
      default: return std::nullopt;
    }
  }

  FastFilter& out_;
  const plan::Program& program_;
  std::uint32_t slot_;
  plan::SourceKind source_;
  const Inventory& inventory_;
  Date today_;
  bool overflowed_ = false;
};

std::optional<FastFilter> FastFilter::compile(const plan::Node& conjunct, const plan::Program& program, std::uint32_t slot,
                                              plan::SourceKind source, const Inventory& inventory, Date today) {
  if (source != plan::SourceKind::identities && source != plan::SourceKind::roles && source != plan::SourceKind::groups &&
      source != plan::SourceKind::entitlements && source != plan::SourceKind::edges)
    return std::nullopt;
  FastFilter out;
  FastFilterCompiler compiler(out, program, slot, source, inventory, today);
  auto root = compiler.boolean(conjunct, nullptr);
  if (!root || compiler.overflowed()) return std::nullopt;
  out.root_ = *root;
  return out;
}

namespace {

NodeId node_at(const Inventory& inv, std::uint32_t element, Ref ref) {
  switch (ref) {
    case Ref::edge_from: return inv.edges[element].from;
    case Ref::edge_to: return inv.edges[element].to;
    default: return element;
  }
}

Date date_at(const Inventory& inv, std::uint32_t element, Ref ref, Field field) {
  switch (field) {
    case Field::granted: return inv.edges[element].granted;
    case Field::edge_expires: return inv.edges[element].expires;
    default: break;
  }
  const NodeId n = node_at(inv, element, ref);
  if (!inv.is_identity(n)) return Date{};
  switch (field) {
    case Field::created: return inv.created[n];
    case Field::last_active: return inv.last_active[n];
    case Field::terminated: return inv.terminated[n];
    default: return inv.expires[n];
  }
}

}  // namespace

bool FastFilter::scalar(const Inventory& inv, std::uint32_t element, std::uint32_t step, std::int32_t& days) const {
  const Step& s = steps_[step];
  switch (s.op) {
    case Op::scalar_const: days = s.days; return true;
    case Op::scalar_field: {
      const Date d = date_at(inv, element, s.ref, s.field);
      days = d.days;
      return d.present();
    }
    default: {  // add, sub
      std::int32_t a = 0, b = 0;
      if (!scalar(inv, element, s.a, a) || !scalar(inv, element, s.b, b)) return false;
      days = s.op == Op::scalar_add ? a + b : a - b;
      return true;
    }
  }
}

bool FastFilter::holds(const Inventory& inv, std::uint32_t element, std::uint32_t step) const {
  const Step& s = steps_[step];
  switch (s.op) {
    case Op::and_: return holds(inv, element, s.a) && holds(inv, element, s.b);
    case Op::or_: return holds(inv, element, s.a) || holds(inv, element, s.b);
    case Op::not_: return !holds(inv, element, s.a);
    case Op::enum_in: {
      std::uint8_t v;
      if (s.field == Field::relation) {
        v = static_cast<std::uint8_t>(inv.edges[element].relation);
      } else {
        const NodeId n = node_at(inv, element, s.ref);
        if (s.field == Field::kind) {
          v = static_cast<std::uint8_t>(inv.kind(n));
        } else {
          if (!inv.is_identity(n)) return s.when_absent;
          v = s.field == Field::identity_type ? static_cast<std::uint8_t>(inv.identity_type[n])
                                              : static_cast<std::uint8_t>(inv.status[n]);
        }
      }
      return ((s.mask >> v) & 1u) != 0;
    }
    case Op::present: {
      bool present;
      switch (s.field) {
        case Field::approved_by: present = inv.edge_approved_by(element) != kEmptyStr; break;
        case Field::reason: present = inv.edge_reason(element) != kEmptyStr; break;
        case Field::cell:
          present = s.column >= 0 && inv.tables[kIdentities].cell(element, static_cast<std::size_t>(s.column)) != kEmptyStr;
          break;
        default: present = date_at(inv, element, s.ref, s.field).present();
      }
      return present == s.want;
    }
    case Op::flag: {
      const NodeId n = node_at(inv, element, s.ref);
      return inv.kind(n) == NodeKind::entitlement && inv.privileged[inv.node_row(n)] != 0;
    }
    case Op::same_node: {
      const NodeId x = node_at(inv, element, s.ref);
      if (s.field_b != Field::approved_by) return (x == node_at(inv, element, s.ref_b)) == s.want;
      const StrId approver = inv.edge_approved_by(element);
      if (approver == kEmptyStr) return false;  // absent: the comparison is false
      // Interned: the approver names node x exactly when its string is x's
      // id (an approver who is no node names none). This reads the name of
      // the edge's own end, not a random entry of the pool's node index.
      // (It relies on what every evaluated inventory has: a pool holding
      // each string once, and node ids that are distinct, since
      // build_inventory returns no inventory with duplicate ids.)
      return (approver == inv.node_name(x)) == s.want;
    }
    case Op::compare: {
      std::int32_t a = 0, b = 0;
      if (!scalar(inv, element, s.a, a) || !scalar(inv, element, s.b, b)) return false;
      switch (s.cmp) {
        case ast::Op::eq: return a == b;
        case ast::Op::ne: return a != b;
        case ast::Op::lt: return a < b;
        case ast::Op::le: return a <= b;
        case ast::Op::gt: return a > b;
        case ast::Op::ge: return a >= b;
        default: return false;
      }
    }
    default: return false;
  }
}

}  // namespace ward::eval
