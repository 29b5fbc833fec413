// Runtime values of the policy language.
//
// A Value is small and trivially copyable except for sets, which share their
// elements. Strings are views: into the inventory's string pool, into the
// program's constants, or into the evaluator's per-rule arena; all outlive
// the evaluation of one finding.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ward/inventory.hpp"

namespace ward::eval {

enum class Kind : std::uint8_t {
  absent,
  boolean, number, string, date, duration, severity,
  node,    // `node` set; a dangling reference has node == kNoNode and its id in `text`;
           // b set: `index` is the node's rank in id order (current inventory only)
  edge,    // `index`: edge row
  row,     // `table`, `index`
  path,    // `path` holds edge rows
  set,
};

struct Value;
using ValueList = std::vector<Value>;

struct Value {
  Kind kind = Kind::absent;
  bool b = false;
  std::int32_t days = 0;     // date, duration; severity rank
  double number = 0;
  NodeId node = kNoNode;
  std::uint32_t index = 0;   // edge row, table row
  std::uint32_t table = 0;
  std::string_view text;     // string; id of a (possibly dangling) node reference
  std::shared_ptr<const ValueList> items;  // set (sorted, unique) or path edge rows (as edge values)

  static Value absent_value() { return {}; }
  static Value of_bool(bool v) { Value x; x.kind = Kind::boolean; x.b = v; return x; }
  static Value of_number(double v) { Value x; x.kind = Kind::number; x.number = v; return x; }
  static Value of_string(std::string_view s) { Value x; x.kind = Kind::string; x.text = s; return x; }
  static Value of_date(std::int32_t d) { Value x; x.kind = Kind::date; x.days = d; return x; }
  static Value of_duration(std::int32_t d) { Value x; x.kind = Kind::duration; x.days = d; return x; }
  static Value of_severity(Severity s) { Value x; x.kind = Kind::severity; x.days = static_cast<std::int32_t>(s); return x; }
  static Value of_node(NodeId n, std::string_view id) { Value x; x.kind = Kind::node; x.node = n; x.text = id; return x; }
  static Value of_edge(std::uint32_t row) { Value x; x.kind = Kind::edge; x.index = row; return x; }
  static Value of_row(std::uint32_t table, std::uint32_t row) { Value x; x.kind = Kind::row; x.table = table; x.index = row; return x; }

  bool is_absent() const { return kind == Kind::absent; }
  // Truth of a condition: only `true` is true (absent is false).
  bool truthy() const { return kind == Kind::boolean && b; }
};

// Total order used for sets and sorting: by kind, then by value (nodes by
// id text, so sets from the baseline and the current inventory compare).
int compare(const Value& a, const Value& b);
bool equal(const Value& a, const Value& b);

}  // namespace ward::eval
