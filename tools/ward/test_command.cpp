// `ward test [PATH]...`: run the `test` blocks of policies; each failure with
// its file:line and what was expected vs found; closes with
// "N passed, N failed"; exit 1 on any failure, 2 when policies do not compile.
#include <cstdio>
#include <fmt/format.h>

#include "command.hpp"
#include "ward/testing.hpp"

namespace ward::cli {

namespace {

struct TestOptions {
  std::vector<std::string> paths;
  std::string today;
  bool verbose = false;
};

int run_test(const TestOptions& o) {
  auto today_opt = today_option(o.today);
  if (!today_opt) return kExitError;
  const Date today = *today_opt;
  auto loaded = load_policies(o.paths, {}, 100);
  if (!loaded.policy) return kExitError;
  TestRun run = run_policy_tests(*loaded.policy, loaded.options, today);
  std::size_t passed = 0, failed = 0;
  std::string out;
  for (const auto& t : run.outcomes) {
    if (t.passed()) {
      ++passed;
      if (o.verbose) out += fmt::format("ok    {}:{}: {}\n", printable(t.file), t.line, printable(t.name));
      continue;
    }
    ++failed;
    out += fmt::format("FAIL  {}:{}: test \"{}\"\n", printable(t.file), t.line, printable(t.name));
    for (const auto& f : t.failures) out += fmt::format("    {}\n", f);
  }
  out += fmt::format("{} passed, {} failed\n", passed, failed);
  std::fputs(out.c_str(), stdout);
  return failed ? kExitFindings : kExitOk;
}

}  // namespace

Runner setup_test(CLI::App& app) {
  auto o = std::make_shared<TestOptions>();
  app.add_option("PATH", o->paths, "Policy files or directories whose tests to run (default: the built-in pack)");
  app.add_option("--today", o->today, "Date for tests without `as of` (default: today, UTC)")
      ->check(non_empty_date());
  app.add_flag("-v,--verbose", o->verbose, "List passing tests too");
  return [o] { return run_test(*o); };
}

}  // namespace ward::cli
