#include "eval/value.hpp"

#include <algorithm>
#include <cmath>

namespace ward::eval {

namespace {
template <typename X>
int cmp3(const X& a, const X& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
// Interned strings share their bytes: the same view is equal without a look.
int compare_text(std::string_view a, std::string_view b) {
  if (a.data() == b.data() && a.size() == b.size()) return 0;
  int c = a.compare(b);
  return (c > 0) - (c < 0);
}
}  // namespace

int compare(const Value& a, const Value& b) {
  if (a.kind != b.kind) {
    // A node and a string compare by id text (`i.owner == "alice"`).
    bool a_text = a.kind == Kind::node || a.kind == Kind::string;
    bool b_text = b.kind == Kind::node || b.kind == Kind::string;
    if (a_text && b_text) return compare_text(a.text, b.text);
    return cmp3(static_cast<int>(a.kind), static_cast<int>(b.kind));
  }
  switch (a.kind) {
    case Kind::absent: return 0;
    case Kind::boolean: return cmp3(a.b, b.b);
    case Kind::number: {
      // Shares and ratios come from division: 1 of 10 must equal 10%.
      double scale = std::max({1.0, std::fabs(a.number), std::fabs(b.number)});
      if (std::fabs(a.number - b.number) <= 1e-9 * scale) return 0;
      return cmp3(a.number, b.number);
    }
    case Kind::node:
      // Ranks follow id order exactly, so this is the text comparison, fast.
      if (a.b && b.b) return cmp3(a.index, b.index);
      return compare_text(a.text, b.text);
    case Kind::string: return compare_text(a.text, b.text);
    case Kind::date:
    case Kind::duration:
    case Kind::severity: return cmp3(a.days, b.days);
    case Kind::edge: return cmp3(a.index, b.index);
    case Kind::row: return a.table != b.table ? cmp3(a.table, b.table) : cmp3(a.index, b.index);
    case Kind::path:
    case Kind::set: {
      const ValueList* x = a.items.get();
      const ValueList* y = b.items.get();
      std::size_t nx = x ? x->size() : 0, ny = y ? y->size() : 0;
      for (std::size_t k = 0; k < nx && k < ny; ++k)
        if (int c = compare((*x)[k], (*y)[k]); c != 0) return c;
      return cmp3(nx, ny);
    }
  }
  return 0;
}

bool equal(const Value& a, const Value& b) { return compare(a, b) == 0; }

}  // namespace ward::eval
