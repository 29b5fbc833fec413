// Small inventories written inline, for unit tests.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "ward/diagnostic.hpp"
#include "ward/inventory.hpp"

namespace ward::test {

// A table's column of cells or lines as a plain vector, to compare with a
// literal one.
template <typename Vector>
std::vector<typename Vector::value_type> as_vector(const Vector& v) {
  return {v.begin(), v.end()};
}

// Loads CSV files given as text; the test fails if the inventory does not load.
inline std::unique_ptr<Inventory> load(const std::vector<InMemoryFile>& files) {
  LoadResult r = load_inventory_csv_text("inv", files);
  INFO(render_plain(r.diagnostics));
  REQUIRE(r.inventory != nullptr);
  return std::move(r.inventory);
}

// The same, from the four main tables' text and any more files.
inline std::unique_ptr<Inventory> inventory(const std::string& identities, const std::string& roles,
                                            const std::string& entitlements, const std::string& edges,
                                            std::vector<InMemoryFile> more = {}) {
  std::vector<InMemoryFile> files{{"identities.csv", identities},
                                  {"roles.csv", roles},
                                  {"entitlements.csv", entitlements},
                                  {"edges.csv", edges}};
  for (auto& f : more) files.push_back(std::move(f));
  return load(files);
}

// The diagnostics of a load that must fail, rendered.
inline std::string load_errors(const std::vector<InMemoryFile>& files) {
  LoadResult r = load_inventory_csv_text("inv", files);
  CHECK(r.inventory == nullptr);
  return render_plain(r.diagnostics);
}

}  // namespace ward::test
