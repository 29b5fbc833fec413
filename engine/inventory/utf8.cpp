#include "inventory/utf8.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ward {

std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

std::size_t count_line_breaks(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  while (i + 16 <= n) {
    __m128i counters = _mm_setzero_si128();
    for (int step = 0; step < 255 && i + 16 <= n; ++step, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(v, lf));  // a match is -1
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; ++i) count += p[i] == '\n';
  return count;
}

std::size_t LineBreaks::before(std::string_view text, std::size_t offset) const {
  const std::size_t block = offset / kBlock;
  return before_block_[block] + count_line_breaks(text.substr(block * kBlock, offset - block * kBlock));
}

std::size_t LineBreaks::between(std::string_view text, std::size_t from, std::size_t to) const {
  return before(text, to) - before(text, from);
}

std::optional<Utf8Problem> find_utf8_problem(std::string_view text, const FileContents* source, LineBreaks* breaks) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  constexpr std::size_t kReleaseStep = 8u << 20;
  static_assert(kReleaseStep % LineBreaks::kBlock == 0, "a block is counted before it is released");
  std::size_t released = 0;
  std::size_t i = 0;
  std::vector<std::size_t> before_block{0};
  // Block by block: its bytes are checked, then (while they are in the
  // cache) its line breaks counted. A sequence may run past the block's
  // end; the next block's check starts after it.
  for (std::size_t block_start = 0; block_start < n; block_start += LineBreaks::kBlock) {
    const std::size_t block_end = std::min(n, block_start + LineBreaks::kBlock);
    if (source != nullptr && block_start - released >= kReleaseStep) {
      source->release(text.substr(released, block_start - released));
      released = block_start;
    }
    while (i < block_end) {
      // Fast path: 64 ASCII bytes with no NUL (most of every inventory).
#if defined(__SSE2__)
      if (i + 64 <= n) {
        const __m128i zero = _mm_setzero_si128();
        __m128i any_high = zero, any_nul = zero;
        for (int k = 0; k < 4; ++k) {
          const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 16 * k));
          any_high = _mm_or_si128(any_high, v);
          any_nul = _mm_or_si128(any_nul, _mm_cmpeq_epi8(v, zero));
        }
        if (_mm_movemask_epi8(_mm_or_si128(any_high, any_nul)) == 0) {
          i += 64;
          continue;
        }
      }
#endif
      // 8 ASCII bytes with no NUL.
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
      if (s[i] == 0) return Utf8Problem{i, true};
      std::uint32_t cp = 0;
      const std::size_t len = utf8_sequence(text, i, cp);
      if (len == 0) return Utf8Problem{i, false};
      i += len;
    }
    if (breaks != nullptr)
      before_block.push_back(before_block.back() + count_line_breaks(text.substr(block_start, block_end - block_start)));
  }
  if (breaks != nullptr) breaks->before_block_ = std::move(before_block);
  return std::nullopt;
}

std::uint32_t line_of_offset(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::uint32_t>(count_line_breaks(text.substr(0, std::min(offset, text.size()))));
}

std::string_view without_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

bool check_utf8(std::string_view text, const std::string& path, Diagnostics& diags, const FileContents* source,
                LineBreaks* breaks) {
  const auto problem = find_utf8_problem(text, source, breaks);
  if (!problem) return true;
  const std::uint32_t line = line_of_offset(text, problem->offset);
  if (problem->is_nul)
    diags.error("I0104", SourcePos{path, line, 0}, "NUL byte in file (inventories are UTF-8 text)");
  else
    diags.error("I0103", SourcePos{path, line, 0},
                fmt::format("invalid UTF-8 (byte 0x{:02X}); inventory files must be UTF-8",
                            static_cast<unsigned char>(text[problem->offset])));
  return false;
}

}  // namespace ward
