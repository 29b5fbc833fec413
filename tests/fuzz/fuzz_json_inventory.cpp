// libFuzzer target: the JSON inventory loader and validation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ward/inventory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ward::LoadResult r = ward::load_inventory_json_text("fuzz.json", input);
  if ((r.inventory == nullptr) != r.diagnostics.has_errors()) __builtin_trap();
  (void)ward::render_plain(r.diagnostics);
  return 0;
}
