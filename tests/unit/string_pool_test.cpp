#include <doctest/doctest.h>

#include <string>

#include "ward/string_pool.hpp"

using namespace ward;

TEST_CASE("string pool interns to dense ids, 0 is the empty string") {
  StringPool pool;
  CHECK(pool.intern("") == kEmptyStr);
  StrId a = pool.intern("alice");
  StrId b = pool.intern("bob");
  CHECK(a != b);
  CHECK(pool.intern("alice") == a);
  CHECK(pool.view(a) == "alice");
  CHECK(pool.find("bob") == b);
  CHECK(pool.find("carol") == StringPool::kNotFound);
}

TEST_CASE("string pool survives growth and keeps views stable") {
  StringPool pool;
  StrId first = pool.intern("first");
  std::string_view v = pool.view(first);
  for (int i = 0; i < 200000; ++i) pool.intern("id-" + std::to_string(i));
  CHECK(v == "first");
  CHECK(pool.find("id-123456") == pool.intern("id-123456"));
  CHECK(pool.size() == 200002);
  std::string big(3 << 20, 'x');  // larger than a chunk
  CHECK(pool.view(pool.intern(big)).size() == big.size());
}

// A slot decides most probes from its tag (length capped at 255, low hash
// bits) and first 8 bytes: strings that agree on those must still differ.
TEST_CASE("string pool tells apart strings sharing a prefix, a capped length or a table slot") {
  StringPool pool;
  pool.reserve(50000);
  std::vector<std::string> texts = {"a", "a\x01", "abcdefgh", "abcdefghi", "abcdefghj", std::string(255, 'x'),
                                    std::string(256, 'x'), std::string(300, 'x'), std::string(300, 'x') + "y",
                                    std::string(254, 'x') + "yz"};
  for (int i = 0; i < 40000; ++i) texts.push_back("user-" + std::to_string(i));
  std::vector<StrId> ids;
  for (const auto& t : texts) ids.push_back(pool.intern(t));
  for (std::size_t k = 0; k < texts.size(); ++k) {
    CHECK(pool.view(ids[k]) == texts[k]);
    CHECK(pool.find(texts[k]) == ids[k]);
    CHECK(pool.intern(texts[k]) == ids[k]);
  }
  CHECK(pool.size() == texts.size() + 1);
  CHECK(pool.find(std::string(257, 'x')) == StringPool::kNotFound);
  CHECK(pool.find("abcdefgh!") == StringPool::kNotFound);
}

// Short strings are hashed and compared from word loads that overlap
// (lengths 1-8 and 9-16 each take their own path): a string must still
// differ from every string that differs from it in any one byte, at every
// length, including by a zero byte, which a zero-padded word shares.
TEST_CASE("string pool tells apart strings of every short length that differ in one byte") {
  StringPool pool;
  std::vector<std::string> texts;
  for (std::size_t length = 1; length <= 24; ++length) {
    const std::string base(length, 'm');
    texts.push_back(base);
    for (std::size_t at = 0; at < length; ++at)
      for (char c : {'n', '\0'}) {
        std::string t = base;
        t[at] = c;
        texts.push_back(t);
      }
  }
  std::vector<StrId> ids;
  for (const auto& t : texts) ids.push_back(pool.intern(t));
  CHECK(pool.size() == texts.size() + 1);  // all distinct, and the empty string
  for (std::size_t k = 0; k < texts.size(); ++k) {
    CHECK(pool.view(ids[k]) == texts[k]);
    CHECK(pool.find(texts[k]) == ids[k]);
  }
  CHECK(pool.find(std::string(25, 'm')) == StringPool::kNotFound);
  CHECK(pool.find(std::string(8, 'm') + 'z') == StringPool::kNotFound);
}

// The diff compares a baseline read beside the inventory by ids: only ids
// both pools got before the clone may be compared so.
TEST_CASE("string pool: a clone shares the ids its original had, and only those") {
  StringPool original;
  const StrId a = original.intern("alpha"), b = original.intern("beta");
  StringPool clone = original.clone();
  CHECK(StringPool::common_ids(original, clone) == 3);  // "", alpha, beta
  CHECK(StringPool::common_ids(clone, original) == 3);
  CHECK(StringPool::common_ids(original, original) == original.size());
  // Both grow apart: the same new text gets the same id in each, the ids
  // above the shared ones are not comparable.
  const StrId in_original = original.intern("gamma");
  const StrId in_clone = clone.intern("delta");
  CHECK(in_original == in_clone);  // same id, different strings: above the shared ones
  CHECK(StringPool::common_ids(original, clone) == 3);
  CHECK(clone.intern("alpha") == a);
  CHECK(clone.intern("beta") == b);
  // A clone of the clone shares with the original only what the first clone did.
  StringPool second = clone.clone();
  CHECK(StringPool::common_ids(original, second) == 3);
  CHECK(StringPool::common_ids(clone, second) == 3);
  // Unrelated pools share nothing, even when built alike.
  StringPool other;
  other.intern("alpha");
  other.intern("beta");
  CHECK(StringPool::common_ids(original, other) == 0);
  // A pool moved keeps its lineage.
  StringPool moved = std::move(clone);
  CHECK(StringPool::common_ids(original, moved) == 3);
}
