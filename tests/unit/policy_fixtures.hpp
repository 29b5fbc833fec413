// Compiling inline policy text and running it on inline inventories, for
// checker and evaluator unit tests.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "fixtures.hpp"
#include "ward/evaluate.hpp"
#include "ward/policy.hpp"

namespace ward::test {

// The shipped stdlib, so policies can import stdlib.identity etc.
inline std::vector<PolicySource> with_stdlib(std::vector<PolicySource> sources) {
  Diagnostics d;
  auto lib = read_policy_files({std::string(WARD_SOURCE_DIR) + "/stdlib"}, d);
  REQUIRE_FALSE(d.has_errors());
  sources.insert(sources.begin(), lib.begin(), lib.end());
  return sources;
}

inline CompileResult compile(const std::string& text, CompileOptions options = {}) {
  return compile_policies(with_stdlib({PolicySource{"p.ward", "", text, ""}}), options);
}

// `text` compiled with the stdlib; the test fails if it does not compile.
// For a policy compiled once and shared by test cases, keep it in a static.
inline std::shared_ptr<const CompiledPolicy> compile_or_fail(const std::string& text) {
  CompileResult r = compile(text);
  INFO(render_plain(r.diagnostics));
  REQUIRE(r.policy);
  return r.policy;
}

// Rendered diagnostics (errors and warnings) of compiling `text`.
inline std::string diagnostics(const std::string& text, CompileOptions options = {}) {
  CompileResult r = compile(text, options);
  return render_with_source(r.diagnostics, with_stdlib({PolicySource{"p.ward", "", text, ""}}));
}

// "rule subject key" per finding, one per line.
inline std::string run(const std::string& policy, const Inventory& inv, const std::string& today = "2026-11-23",
                       const Inventory* baseline = nullptr, CompileOptions options = {}) {
  CompileResult r = compile(policy, options);
  INFO(render_plain(r.diagnostics));
  REQUIRE(r.policy);
  EvalOptions eo;
  eo.today = *parse_date(today);
  EvalResult res = evaluate(*r.policy, inv, baseline, eo);
  std::string out;
  for (const auto& f : res.findings) out += f.rule + " " + f.subject + (f.key.empty() ? "" : " " + f.key) + "\n";
  return out;
}

}  // namespace ward::test
