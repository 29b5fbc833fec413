// The checker: name resolution across packages and imports, attribute and
// type checking, parameters with overrides, no recursion, unused and
// shadowed names; and lowering of every rule to the plan.
//
// Error codes: E01xx names and imports, E02xx types and attributes,
// E03xx declarations and rules, E04xx parameters; warnings W0xxx.
#pragma once

#include <vector>

#include "plan/plan.hpp"
#include "syntax/ast.hpp"
#include "ward/diagnostic.hpp"
#include "ward/policy.hpp"

namespace ward::check {

// Checks `files` (parsed from `sources`, same order) and returns the plan.
// Every problem goes to `diags`; the plan is meaningful only if no error
// was added.
plan::Program check_and_lower(const std::vector<ast::File>& files, const std::vector<PolicySource>& sources,
                              const CompileOptions& options, Diagnostics& diags);

}  // namespace ward::check
