// libFuzzer target: the CSV loader and the inventory validation. The input
// is split at the first two form feeds into identities.csv,
// entitlements.csv and edges.csv (so seeds are whole small inventories);
// without form feeds it is edges.csv next to two fixed valid tables.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ward/inventory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<ward::InMemoryFile> files;
  const std::size_t a = input.find('\f');
  const std::size_t b = a == std::string_view::npos ? a : input.find('\f', a + 1);
  if (b != std::string_view::npos) {
    files.push_back({"identities.csv", std::string(input.substr(0, a))});
    files.push_back({"entitlements.csv", std::string(input.substr(a + 1, b - a - 1))});
    files.push_back({"edges.csv", std::string(input.substr(b + 1))});
  } else {
    files.push_back({"identities.csv", "id,type,name\nalice,employee,Alice\nsvc,service,\n"});
    files.push_back({"entitlements.csv", "id,privileged\nsys:read,false\nsys:admin,true\n"});
    files.push_back({"edges.csv", std::string(input)});
  }
  ward::LoadResult r = ward::load_inventory_csv_text("fuzz", files);
  // Never half-loaded: an inventory exactly when there are no errors.
  if ((r.inventory == nullptr) != r.diagnostics.has_errors()) __builtin_trap();
  (void)ward::render_plain(r.diagnostics);
  return 0;
}
