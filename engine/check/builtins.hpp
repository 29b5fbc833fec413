// The built-in functions of the policy language and their arity. Type rules
// live in the checker (check/checker.cpp, check_call), next to the code that
// reports their errors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace ward::check {

struct BuiltinInfo {
  const char* name;
  plan::Builtin id;
  int min_args;
  int max_args;
  bool graph;  // evaluates on the access graph; may be prefixed with `baseline.`
  const char* summary;
};

const BuiltinInfo* find_builtin(const std::string& name);
std::vector<std::string> builtin_names();

}  // namespace ward::check
