#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ward/change.hpp"
#include "ward/inventory.hpp"

using namespace ward;

namespace {

std::vector<InMemoryFile> files(const std::string& edges, const std::string& extra_identity) {
  std::string identities = "id,type,department\n";
  for (int i = 0; i < 60; ++i) identities += "u" + std::to_string(i) + ",employee,d" + std::to_string(i % 4) + "\n";
  identities += extra_identity;
  return {{"identities.csv", identities},
          {"roles.csv", "id,kind\ng0,group\ng1,group\n"},
          {"entitlements.csv", "id,privileged\ne0,false\ne1,true\n"},
          {"edges.csv", edges}};
}

std::string render(const InventoryDiff& d) {
  std::string out;
  for (const RowChange& c : d.changes)
    out += std::string(to_string(c.kind)) + " " + c.table + ":" + std::to_string(c.line) + " " + c.row + "\n";
  return out;
}

}  // namespace

// Change mode diffs the inventory against its baseline. A baseline read
// beside the inventory shares its pool's ids, and its rows are compared as
// ids, with no row hashes made at load; otherwise rows compare by hash, or
// by text. All three must find the same changes, including rows whose
// cells are strings only the baseline has.
TEST_CASE("diff: a baseline read beside compares by ids and finds what hashes and texts find") {
  std::string before_edges = "from,to,relation,reason\n", after_edges = "from,to,relation,reason\n";
  for (int i = 0; i < 60; ++i) {
    const std::string row = "u" + std::to_string(i) + ",g" + std::to_string(i % 2) + ",member_of,";
    before_edges += row + (i == 30 ? "only in the baseline" : "") + "\n";  // a string the inventory lacks
    if (i == 20) continue;                                                  // a row removed
    after_edges += row + (i == 30 ? "" : "") + "\n";
    if (i == 40) after_edges += "u41,e1,grants,new access\n";               // a row added
  }
  after_edges += "g0,e0,grants,\n";
  before_edges += "g0,e0,grants,\n";
  const auto now_files = files(after_edges, "u99,contractor,d9\n");
  const auto before_files = files(before_edges, "");

  LoadOptions keeping;
  keeping.keep_file_bytes = true;
  LoadResult now = load_inventory_csv_text("now", now_files, keeping);
  REQUIRE(now.inventory != nullptr);
  LoadOptions beside;
  beside.beside = now.inventory.get();
  LoadResult by_ids = load_inventory_csv_text("base", before_files, beside);
  REQUIRE(by_ids.inventory != nullptr);
  REQUIRE(StringPool::common_ids(by_ids.inventory->strings, now.inventory->strings) > 0);
  REQUIRE(by_ids.inventory->tables[kEdges].row_hashes.empty());

  LoadOptions hashing;
  hashing.row_hashes = true;
  LoadResult now_hashed = load_inventory_csv_text("now", now_files, hashing);
  LoadResult before_hashed = load_inventory_csv_text("base", before_files, hashing);
  LoadResult now_plain = load_inventory_csv_text("now", now_files, {});
  LoadResult before_plain = load_inventory_csv_text("base", before_files, {});
  REQUIRE(now_hashed.inventory != nullptr);
  REQUIRE(before_hashed.inventory != nullptr);
  REQUIRE(now_plain.inventory != nullptr);
  REQUIRE(before_plain.inventory != nullptr);

  const std::string want = render(diff_inventories(*before_hashed.inventory, *now_hashed.inventory));
  CHECK(want == render(diff_inventories(*before_plain.inventory, *now_plain.inventory)));
  CHECK(want == render(diff_inventories(*by_ids.inventory, *now.inventory)));
  // Not vacuous: the removed row, the added one, the row whose reason only
  // the baseline had, and the new identity.
  CHECK(want.find("removed edges:22 u20 member_of g0") != std::string::npos);
  CHECK(want.find("added edges:42 u41 grants e1") != std::string::npos);
  CHECK(want.find("u30 member_of g0") != std::string::npos);
  CHECK(want.find("added identities:62 identity u99") != std::string::npos);
}
