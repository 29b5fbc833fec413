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
