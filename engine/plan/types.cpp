#include "plan/types.hpp"

namespace ward::plan {

std::string to_string(T t) {
  switch (t) {
    case T::error: return "<error>";
    case T::any: return "absent";
    case T::string: return "string";
    case T::boolean: return "bool";
    case T::number: return "number";
    case T::date: return "date";
    case T::duration: return "duration";
    case T::severity: return "severity";
    case T::identity: return "identity";
    case T::role: return "role";
    case T::group: return "group";
    case T::entitlement: return "entitlement";
    case T::node: return "node";
    case T::edge: return "edge";
    case T::row: return "row";
    case T::path: return "path";
    case T::set: return "set";
  }
  return "?";
}

std::string to_string(const Type& t) {
  if (t.base == T::set) return "set<" + to_string(t.elem) + ">";
  return to_string(t.base);
}

namespace {
bool node_kind(T t) { return t == T::identity || t == T::role || t == T::group || t == T::entitlement || t == T::node; }
}  // namespace

bool assignable(const Type& from, const Type& to) {
  if (from.base == T::error || to.base == T::error || from.base == T::any) return true;
  if (from.base == to.base) {
    if (from.base != T::set) return true;
    return from.elem == to.elem || from.elem == T::any || (to.elem == T::node && node_kind(from.elem)) ||
           from.elem == T::error || to.elem == T::error;
  }
  if (to.base == T::node && node_kind(from.base)) return true;
  if (from.base == T::node && node_kind(to.base)) return true;  // checked at run time
  return false;
}

bool comparable(const Type& a, const Type& b) {
  if (a.base == T::error || b.base == T::error || a.base == T::any || b.base == T::any) return true;
  if (node_kind(a.base) && (node_kind(b.base) || b.base == T::string)) return true;
  if (node_kind(b.base) && a.base == T::string) return true;
  return assignable(a, b) || assignable(b, a);
}

}  // namespace ward::plan
