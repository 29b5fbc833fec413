#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "inventory/utf8.hpp"

using namespace ward;

namespace {

// ASCII text of `length` bytes with `bad` spliced in at `at`.
std::string with_bytes_at(std::size_t length, std::size_t at, const std::string& bad) {
  std::string text(length, 'a');
  for (std::size_t k = 0; k < length; ++k) text[k] = static_cast<char>('a' + k % 26);
  return text.replace(at, bad.size(), bad);
}

}  // namespace

// The scan skips 64 and 8 ASCII bytes at a time: a problem must be found at
// its exact offset wherever it falls relative to those blocks.
TEST_CASE("find_utf8_problem finds the first bad byte or NUL at every offset") {
  struct Case {
    std::string bytes;
    std::size_t bad_at;  // offset of the reported byte within `bytes`
    bool is_nul;
  };
  const Case cases[] = {
      {std::string(1, '\0'), 0, true},
      {"\xff", 0, false},
      {"\xc3(", 0, false},          // a lead byte without its continuation
      {"\xe2\x82", 0, false},       // truncated three-byte sequence
      {"\xed\xa0\x80", 0, false},   // an encoded surrogate
      {"\xc3\xa9\xff", 2, false},   // valid é, then a bad byte
      {"\xe2\x82\xac" + std::string(1, '\0'), 3, true},  // €, then NUL
  };
  for (const Case& c : cases)
    for (std::size_t length = c.bytes.size(); length <= 200; ++length)
      for (std::size_t at = 0; at + c.bytes.size() <= length; ++at) {
        const std::string text = with_bytes_at(length, at, c.bytes);
        const auto problem = find_utf8_problem(text);
        INFO("length " << length << " at " << at);
        REQUIRE(problem.has_value());
        CHECK(problem->offset == at + c.bad_at);
        CHECK(problem->is_nul == c.is_nul);
      }
}

TEST_CASE("find_utf8_problem accepts valid multi-byte text at every offset") {
  for (const std::string good : {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x94\x91"})
    for (std::size_t length = good.size(); length <= 200; ++length)
      for (std::size_t at = 0; at + good.size() <= length; ++at) {
        INFO("length " << length << " at " << at);
        CHECK_FALSE(find_utf8_problem(with_bytes_at(length, at, good)).has_value());
      }
}

// The counts come from the UTF-8 scan, block by block: every range, across
// and within blocks, must count exactly the line breaks in it.
TEST_CASE("LineBreaks counts the line breaks of any range") {
  std::string text;
  std::uint32_t state = 12345;
  const std::size_t size = 3 * LineBreaks::kBlock + LineBreaks::kBlock / 2 + 17;
  while (text.size() < size) {
    state = state * 1103515245u + 12345u;
    text += (state >> 16) % 9 == 0 ? '\n' : static_cast<char>('a' + (state >> 8) % 26);
  }
  text[LineBreaks::kBlock - 1] = '\n';  // at the edges of a block
  text[LineBreaks::kBlock] = '\n';
  LineBreaks breaks;
  REQUIRE_FALSE(find_utf8_problem(text, nullptr, &breaks).has_value());
  const std::size_t points[] = {0, 1, 100, LineBreaks::kBlock - 1, LineBreaks::kBlock, LineBreaks::kBlock + 1,
                                2 * LineBreaks::kBlock + 5, 3 * LineBreaks::kBlock, size - 1, size};
  for (std::size_t from : points)
    for (std::size_t to : points) {
      if (from > to) continue;
      INFO("from " << from << " to " << to);
      CHECK(breaks.between(text, from, to) ==
            static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                                text.begin() + static_cast<std::ptrdiff_t>(to), '\n')));
    }
}
