// What compile_policies() returns: the sources, their syntax trees (for the
// formatter and `ward doc`) and the plan.
#pragma once

#include <vector>

#include "plan/plan.hpp"
#include "syntax/ast.hpp"
#include "ward/policy.hpp"

namespace ward {

class CompiledPolicy {
 public:
  std::vector<PolicySource> sources;
  std::vector<ast::File> files;
  plan::Program program;
};

}  // namespace ward
