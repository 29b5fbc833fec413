#include <doctest/doctest.h>

#include <filesystem>

#include "syntax/format.hpp"
#include "syntax/parse.hpp"
#include "ward/policy.hpp"

using namespace ward;

namespace {

// Every policy file of the repository that parses.
std::vector<PolicySource> all_policies() {
  std::vector<std::string> dirs;
  for (const char* d : {"policies", "stdlib", "docs/examples", "tests/golden"})
    dirs.push_back(std::string(WARD_SOURCE_DIR) + "/" + d);
  Diagnostics ignore(100000);
  return read_policy_files(dirs, ignore);
}

}  // namespace

TEST_CASE("fmt: meaning-preserving and idempotent on every policy file of the repository") {
  std::size_t formatted = 0;
  for (const auto& src : all_policies()) {
    ast::File original;
    Diagnostics d;
    if (!syntax::parse_file(src, 0, original, d)) continue;  // golden cases of syntax errors
    INFO(src.path);
    FormatResult once = format_policy(src);
    REQUIRE(once.ok());
    ast::File reparsed;
    PolicySource again{src.path, "", once.text, ""};
    REQUIRE(syntax::parse_file(again, 0, reparsed, d));
    CHECK(syntax::dump_ast(reparsed) == syntax::dump_ast(original));
    CHECK(reparsed.comments.size() == original.comments.size());
    FormatResult twice = format_policy(again);
    REQUIRE(twice.ok());
    CHECK(twice.text == once.text);
    ++formatted;
  }
  CHECK(formatted > 100);
}

TEST_CASE("fmt: comments are kept, precedence gets parentheses only where needed") {
  PolicySource src{"p.ward", "",
                   "# head\npackage p   # trailing\nrule r \"t\" { control \"A.1\"  # c1\n severity high\n"
                   "for i in identities where (i.id == \"a\" or i.id == \"b\") and not (i.type == \"x\")\n"
                   "# before report\nreport \"{i.id}\" }\n",
                   ""};
  FormatResult r = format_policy(src);
  REQUIRE(r.ok());
  CHECK(r.text ==
        "# head\npackage p\n\n# trailing\nrule r \"t\" {\n  control \"A.1\"\n  # c1\n  severity high\n"
        "  for i in identities\n  where (i.id == \"a\" or i.id == \"b\") and not (i.type == \"x\")\n"
        "  # before report\n  report \"{i.id}\"\n}\n");
}
