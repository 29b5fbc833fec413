// The types of the policy language, as the checker infers them and the plan
// records them on every expression.
#pragma once

#include <cstdint>
#include <string>

namespace ward::plan {

enum class T : std::uint8_t {
  error,     // already reported; suppresses follow-on errors
  any,       // absent literal / empty list: compatible with everything
  string, boolean, number, date, duration, severity,
  identity, role, group, entitlement,
  node,      // any of the four node kinds (role-or-group targets, sod sides)
  edge,
  row,       // a row of a data table (table index in Type::table)
  path,
  set,       // elements in Type::elem
};

struct Type {
  T base = T::error;
  T elem = T::error;       // for set
  std::int32_t table = -1; // for row: index of the table in the schema/inventory (-1: unknown extra table)
  bool ref = false;        // a reference attribute (owner, approved_by...): may name nothing

  static Type of(T t) { return Type{t, T::error, -1, false}; }
  static Type set_of(T e) { return Type{T::set, e, -1, false}; }
  bool is(T t) const { return base == t; }
  bool is_node() const { return base == T::identity || base == T::role || base == T::group || base == T::entitlement || base == T::node; }
  bool is_error() const { return base == T::error; }
};

// "identity", "set<entitlement>", ...
std::string to_string(const Type& t);
std::string to_string(T t);
// True when a value of type `from` may be used where `to` is expected.
bool assignable(const Type& from, const Type& to);
// Node kinds unify to `node`; anything with error is error.
bool comparable(const Type& a, const Type& b);

}  // namespace ward::plan
