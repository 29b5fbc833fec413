// `ward doc [--policy PATH]... [--format markdown|html] [--output FILE]
//           [--param NAME=VALUE]...`: the policies rendered for auditors.
#include <cstdio>
#include <fmt/format.h>

#include "command.hpp"
#include "ward/report.hpp"

namespace ward::cli {

namespace {

struct DocOptions {
  std::vector<std::string> policies;
  std::string format = "markdown";
  std::string output;
  std::vector<std::string> params;
};

int run_doc(const DocOptions& o) {
  auto params = parse_params(o.params);
  if (!params) return kExitError;
  LoadedPolicies loaded = load_policies(o.policies, *params, 100);
  if (!loaded.policy) return kExitError;
  std::string text = render_policy_doc(*loaded.policy, o.format == "html", WARD_VERSION);
  if (!write_output(o.output, text)) {
    print_error(fmt::format("cannot write `{}`", o.output));
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

Runner setup_doc(CLI::App& app) {
  auto o = std::make_shared<DocOptions>();
  app.add_option("--policy", o->policies, "Policy file or directory; default: the built-in ISO 27001 pack");
  app.add_option("--format", o->format, "Output format")->check(CLI::IsMember({"markdown", "html"}))->default_str("markdown");
  app.add_option("--output", o->output, "Write to FILE instead of standard output");
  app.add_option("--param", o->params, "Render with a parameter overridden: NAME=VALUE; repeatable");
  return [o] { return run_doc(*o); };
}

}  // namespace ward::cli
