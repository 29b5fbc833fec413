// same_bytes: equality of two short byte ranges, inlined.
//
// Inventory cells and ids are a few bytes long; comparing them 8 bytes at a
// time inline costs less than a call to the C library's memcmp, which is on
// the hot path of loading (interning, repeated-cell detection).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ward {

// True when the n bytes at p and q are equal.
inline bool same_bytes(const char* p, const char* q, std::size_t n) {
  for (; n >= 8; p += 8, q += 8, n -= 8) {
    std::uint64_t x, y;
    std::memcpy(&x, p, 8);
    std::memcpy(&y, q, 8);
    if (x != y) return false;
  }
  for (; n > 0; ++p, ++q, --n)
    if (*p != *q) return false;
  return true;
}

inline bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

}  // namespace ward
