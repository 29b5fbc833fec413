// Inline test fixtures (`given { ... }`) as inventories. See fixture.cpp for
// the line syntax.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "syntax/ast.hpp"
#include "ward/inventory.hpp"

namespace ward {

struct FixtureInventories {
  std::unique_ptr<Inventory> current;   // null when the fixture has errors
  std::unique_ptr<Inventory> baseline;  // the `and baseline { ... }` part, if any
  bool has_baseline = false;
};

// Builds the inventories of a test's fixture lines; every problem goes to
// `diags` at the fixture line it comes from.
FixtureInventories build_fixture(const std::vector<ast::FixtureLine>& lines, const std::string& policy_path,
                                 const std::string& test_name, Diagnostics& diags);

}  // namespace ward
