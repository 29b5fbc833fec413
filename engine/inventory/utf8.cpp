#include "inventory/utf8.hpp"

#include <algorithm>
#include <cstring>

namespace ward {

std::optional<Utf8Problem> find_utf8_problem(std::string_view text, const FileContents* source) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  constexpr std::size_t kReleaseStep = 8u << 20;
  std::size_t released = 0;
  std::size_t i = 0;
  while (i < n) {
    if (source != nullptr && i - released >= kReleaseStep) {
      source->release(text.substr(released, i - released));
      released = i;
    }
    // Fast path: 8 ASCII bytes with no NUL.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      const bool ascii = (w & 0x8080808080808080ull) == 0;
      const bool has_zero = ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0;
      if (ascii && !has_zero) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c == 0) return Utf8Problem{i, true};
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return Utf8Problem{i, false};
    }
    if (i + len > n) return Utf8Problem{i, false};
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return Utf8Problem{i, false};
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return Utf8Problem{i, false};
    i += len;
  }
  return std::nullopt;
}

std::uint32_t line_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace ward
