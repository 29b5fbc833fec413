// compile_policies: parse every file, then check and lower them together.
#include <fmt/format.h>

#include "check/checker.hpp"
#include "plan/compiled_policy.hpp"
#include "syntax/parse.hpp"

namespace ward {

CompileResult compile_policies(std::vector<PolicySource> sources, const CompileOptions& options) {
  // Collect more than will be shown, so that after sorting the ones shown
  // are the first by position, not the first found.
  CompileResult result{nullptr, Diagnostics(options.max_errors * 10 + 100)};
  auto policy = std::make_shared<CompiledPolicy>();
  policy->files.resize(sources.size());
  bool parsed = true;
  for (std::uint32_t f = 0; f < sources.size(); ++f)
    parsed &= syntax::parse_file(sources[f], f, policy->files[f], result.diagnostics);
  if (parsed) {
    policy->program = check::check_and_lower(policy->files, sources, options, result.diagnostics);
    plan::plan_reach_joins(policy->program);
    plan::plan_hoisting(policy->program);
    plan::plan_cohort_keys(policy->program);
    plan::plan_locality(policy->program);
  }
  // Files in order given, each top to bottom.
  std::vector<std::string> order;
  for (const auto& s : sources) order.push_back(s.path);
  result.diagnostics.sort_by_file_order(order);
  result.diagnostics.truncate(options.max_errors);
  policy->sources = std::move(sources);
  if (!result.diagnostics.has_errors()) result.policy = std::move(policy);
  return result;
}

}  // namespace ward
