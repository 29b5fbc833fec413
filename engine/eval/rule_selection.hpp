// Which rules EvalOptions select: the evaluator runs them, columns_read()
// reads them.
#pragma once

#include <algorithm>

#include "plan/plan.hpp"
#include "ward/evaluate.hpp"

namespace ward {

// Whether `r` is evaluated under `options`: not skipped, matching one
// --rule (full or short id) if any is given, and mapping to one --control
// if any is given.
inline bool rule_selected(const plan::Rule& r, const EvalOptions& options) {
  if (std::find(options.skip.begin(), options.skip.end(), r.id) != options.skip.end()) return false;
  auto matches_rule = [&](const std::string& want) { return want == r.id || want == r.short_id; };
  if (!options.rules.empty() && std::none_of(options.rules.begin(), options.rules.end(), matches_rule)) return false;
  auto maps_to = [&](const std::string& c) { return std::find(r.controls.begin(), r.controls.end(), c) != r.controls.end(); };
  return options.controls.empty() || std::any_of(options.controls.begin(), options.controls.end(), maps_to);
}

}  // namespace ward
