#include <cstdio>
#include <fmt/format.h>

#include "command.hpp"
#include "ward/diagnostic.hpp"

namespace ward::cli {

std::unique_ptr<Inventory> load_or_report(const std::string& path, std::size_t max_errors) {
  LoadOptions options;
  options.max_errors = max_errors;
  LoadResult r = load_inventory(path, options);
  if (!r.inventory) {
    std::string text = render_plain(r.diagnostics);
    std::fputs(text.c_str(), stderr);
    std::fprintf(stderr, "error: inventory `%s` did not load (%zu error%s); nothing was evaluated\n",
                 printable(path).c_str(), r.diagnostics.error_count(), r.diagnostics.error_count() == 1 ? "" : "s");
  }
  return std::move(r.inventory);
}

void print_error(const std::string& message, const std::string& hint) {
  std::string out = fmt::format("error: {}\n", printable(message));
  if (!hint.empty()) out += fmt::format("  help: {}\n", printable(hint));
  std::fputs(out.c_str(), stderr);
}

}  // namespace ward::cli
