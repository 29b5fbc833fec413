// libFuzzer target: the JSON inventory loader and validation, and the fast
// reader's two-thread split, which must read any input exactly as one
// reader does (accept the same inputs, give the same tables and ids).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "inventory/json_fast_reader.hpp"
#include "ward/inventory.hpp"

namespace {

bool same_tables(const std::vector<ward::RawTable>& a, const std::vector<ward::RawTable>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const ward::RawTable& x = a[i];
    const ward::RawTable& y = b[i];
    if (x.table.name != y.table.name || x.table.columns != y.table.columns || x.table.cells != y.table.cells ||
        x.table.lines != y.table.lines || x.cell_lines != y.cell_lines || x.complete != y.complete)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ward::LoadResult r = ward::load_inventory_json_text("fuzz.json", input);
  if ((r.inventory == nullptr) != r.diagnostics.has_errors()) __builtin_trap();
  (void)ward::render_plain(r.diagnostics);

  ward::StringPool one_pool, split_pool;
  std::vector<ward::RawTable> one, split;
  const bool one_ok = ward::read_json_fast(input, "fuzz.json", one_pool, one);
  const bool split_ok = ward::read_json_fast(input, "fuzz.json", split_pool, split, nullptr, 0);
  if (one_ok != split_ok) __builtin_trap();
  if (one_ok) {
    if (!same_tables(one, split) || one_pool.size() != split_pool.size()) __builtin_trap();
    for (ward::StrId id = 0; id < one_pool.size(); ++id)
      if (one_pool.view(id) != split_pool.view(id)) __builtin_trap();
  }
  return 0;
}
