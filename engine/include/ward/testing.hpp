// Running the `test` blocks of policies (`ward test`).
//
// Each test builds its inventory (an inline fixture or an inventory on disk,
// relative to the policy file), evaluates every rule of the compiled
// policies as of its date with its parameters, and checks its expectations:
//   expect RULE on SUBJECT [key K]     at least one such finding
//   expect no RULE [on SUBJECT [key K]] none
//   expect N findings of RULE [on S]   exactly N
// An expectation naming a rule that does not exist fails: a typo must never
// pass.
#pragma once

#include <string>
#include <vector>

#include "ward/date.hpp"
#include "ward/diagnostic.hpp"
#include "ward/policy.hpp"

namespace ward {

struct TestOutcome {
  std::string file;
  std::uint32_t line = 0;
  std::string name;
  std::vector<std::string> failures;  // empty: passed; each names the expectation and what was found
  bool passed() const { return failures.empty(); }
};

struct TestRun {
  std::vector<TestOutcome> outcomes;  // in file order
};

// REQUIRES: `policy` compiled from `options` (tests with `with param` are
// re-compiled with their overrides added).
TestRun run_policy_tests(const CompiledPolicy& policy, const CompileOptions& options, Date default_today);

}  // namespace ward
