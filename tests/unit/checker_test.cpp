#include <doctest/doctest.h>

#include "policy_fixtures.hpp"

using namespace ward;

TEST_CASE("checker: unknown attribute gets a caret under the attribute and a did-you-mean") {
  std::string out = test::diagnostics(
      "package p\n"
      "control \"A.1\" \"t\" {}\n"
      "rule r \"t\" {\n"
      "  control \"A.1\"\n"
      "  severity high\n"
      "  for i in identities\n"
      "  where i.ownr is absent\n"
      "  report \"{i.id}\"\n"
      "}\n");
  CHECK(out ==
        "p.ward:7:11: error[E0211]: unknown attribute `ownr` on identity\n"
        "  |\n"
        "7 |   where i.ownr is absent\n"
        "  |           ^^^^\n"
        "  = help: did you mean `owner`?\n");
}

TEST_CASE("checker: errors across the file come out sorted by position") {
  std::string out = test::diagnostics(
      "package p\n"
      "rule r \"t\" {\n"
      "  control \"A.1\"\n"
      "  severity hihg\n"
      "  for i in identities\n"
      "  where i.status == 3 and nosuch(i)\n"
      "  report \"{i.id}\"\n"
      "}\n");
  auto first = out.find("p.ward:3:");
  auto second = out.find("p.ward:4:");
  auto third = out.find("p.ward:6:");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK(first < second);
  CHECK(second < third);
  CHECK(out.find("unknown severity `hihg`") != std::string::npos);
  CHECK(out.find("did you mean `high`?") != std::string::npos);
  CHECK(out.find("unknown function `nosuch`") != std::string::npos);
  CHECK(out.find("`==` cannot combine string and number") != std::string::npos);
}

TEST_CASE("checker: recursive definitions are rejected") {
  std::string out = test::diagnostics(
      "package p\n"
      "def f(i: identity): bool = g(i)\n"
      "def g(i: identity): bool = f(i)\n");
  CHECK(out.find("error[E0303]") != std::string::npos);
}

TEST_CASE("checker: --param overrides are typed, named and checked") {
  const std::string policy =
      "package p\n"
      "param window: duration = 90d\n"
      "param share_limit: number = 10%\n"
      "control \"A.1\" \"t\" {}\n"
      "rule r \"t\" {\n"
      "  control \"A.1\"\n"
      "  severity low\n"
      "  for i in identities\n"
      "  where today - i.last_active > window and share_limit > 0\n"
      "  report \"{i.id}\"\n"
      "}\n";
  CompileOptions ok;
  ok.params = {{"window", "12w"}, {"p.share_limit", "0.2"}};
  CHECK(test::compile(policy, ok).policy != nullptr);
  CompileOptions bad;
  bad.params = {{"window", "soon"}};
  CHECK(test::diagnostics(policy, bad).find("--param: bad value `soon` for parameter `p.window` of type duration") != std::string::npos);
  CompileOptions unknown;
  unknown.params = {{"windwo", "3d"}};
  CHECK(test::diagnostics(policy, unknown).find("did you mean `p.window`?") != std::string::npos);
}

TEST_CASE("checker: unused variables and imports are warnings, not errors") {
  CompileResult r = test::compile(
      "package p\n"
      "import stdlib.identity.{human}\n"
      "control \"A.1\" \"t\" {}\n"
      "rule r \"t\" {\n"
      "  control \"A.1\"\n"
      "  severity low\n"
      "  for i in identities\n"
      "  where any e in holds(i) where true\n"
      "  report \"{i.id}\"\n"
      "}\n");
  CHECK(r.policy != nullptr);
  std::string out = render_plain(r.diagnostics);
  CHECK(out.find("warning[W0004]: unused import of `stdlib.identity`") != std::string::npos);
  CHECK(out.find("warning[W0001]: unused variable `e`") != std::string::npos);
}
