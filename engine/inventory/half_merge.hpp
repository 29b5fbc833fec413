// Joining the two halves of a file read on two threads: the second half's
// strings are interned after the first half's (merge_into: csv_reader.cpp
// and json_fast_reader.cpp), and its vectors appended without a third copy
// in memory (append_mapped: json_fast_reader.cpp; the CSV halves write
// into one table and need no append).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>
#include <sys/mman.h>
#include <unistd.h>

#include "ward/string_pool.hpp"

namespace ward {

// Interns every string of `from` into `into`, in id order; returns the id
// in `into` of each id of `from`. Strings `into` lacks get ids in the order
// `from` met them, so a pool that read a text's first half, merged with one
// that read its second half, has the ids one reader of the whole would give.
inline std::vector<StrId> merge_into(const StringPool& from, StringPool& into) {
  std::vector<std::string_view> views(from.size());
  for (StrId k = 0; k < views.size(); ++k) views[k] = from.view(k);
  into.reserve(views.size());
  std::vector<StrId> remap(views.size());
  into.intern_batch(views, remap.data());
  return remap;
}

// Appends map(x) for every x of `from` to `to`, giving `from`'s memory back
// to the system as it goes (back to front, a block at a time), so the merge
// of two halves of a large file never holds a third copy. `from` is left
// empty. REQUIRES: T is trivially destructible.
template <typename ToVector, typename FromVector, typename Map>
void append_mapped(ToVector& to, FromVector& from, Map map) {
  using T = typename FromVector::value_type;
  static_assert(std::is_trivially_destructible_v<T>);
  const std::size_t base = to.size();
  to.resize(base + from.size());
  constexpr std::size_t kBlock = (4u << 20) / sizeof(T);
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (std::size_t end = from.size(); end > 0;) {
    const std::size_t begin = end > kBlock ? end - kBlock : 0;
    for (std::size_t k = begin; k < end; ++k) to[base + k] = map(from[k]);
    // Whole pages of from[begin, end) are not read again: drop them.
    const auto lo = (reinterpret_cast<std::uintptr_t>(from.data() + begin) + page - 1) / page * page;
    const auto hi = reinterpret_cast<std::uintptr_t>(from.data() + end) / page * page;
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
    end = begin;
  }
  from.clear();
}

}  // namespace ward
