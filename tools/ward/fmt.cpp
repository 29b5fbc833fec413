// `ward fmt [--check] [PATH]...`: rewrite policy files in the one canonical
// layout, keeping comments. --check changes nothing and exits 1 listing the
// files that would change. Default paths: the built-in pack and stdlib.
#include <cstdio>
#include <fmt/format.h>

#include "command.hpp"

namespace ward::cli {

namespace {

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
};

int run_fmt(const FmtOptions& o) {
  std::vector<std::string> paths = o.paths;
  if (paths.empty()) {
    auto root = pack_root();
    if (!root) {
      print_error("the built-in policy pack was not found next to the ward binary", "pass the files to format");
      return kExitError;
    }
    paths = {(*root / "policies").generic_string(), (*root / "stdlib").generic_string()};
  }
  Diagnostics read_diags;
  std::vector<PolicySource> sources = read_policy_files(paths, read_diags);
  if (read_diags.has_errors()) {
    std::fputs(render_plain(read_diags).c_str(), stderr);
    return kExitError;
  }
  std::vector<std::string> changed;
  bool failed = false;
  for (const auto& src : sources) {
    FormatResult r = format_policy(src);
    if (!r.ok()) {
      std::fputs(render_with_source(r.diagnostics, {src}).c_str(), stderr);
      failed = true;
      continue;
    }
    if (r.text == src.text) continue;
    changed.push_back(src.path);
    if (!o.check && !write_output(src.location.empty() ? src.path : src.location, r.text)) {
      print_error(fmt::format("cannot write `{}`", src.path));
      failed = true;
    }
  }
  if (failed) return kExitError;
  for (const auto& c : changed) std::printf("%s%s\n", o.check ? "would reformat " : "formatted ", printable(c).c_str());
  return o.check && !changed.empty() ? kExitFindings : kExitOk;
}

}  // namespace

Runner setup_fmt(CLI::App& app) {
  auto o = std::make_shared<FmtOptions>();
  app.add_option("PATH", o->paths, "Policy files or directories (default: the built-in pack and stdlib)");
  app.add_flag("--check", o->check, "Change nothing; exit 1 and list the files that are not formatted");
  return [o] { return run_fmt(*o); };
}

}  // namespace ward::cli
