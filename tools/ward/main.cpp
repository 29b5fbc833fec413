// ward: policy-as-code for access governance. This file is the table of
// subcommands; each subcommand lives in its own file.
#include <cstdio>
#include <exception>
#include <iostream>

#include "command.hpp"
#include "ward/diagnostic.hpp"

namespace {

struct CommandEntry {
  const char* name;
  const char* summary;
  ward::cli::CommandSetup setup;
};

constexpr CommandEntry kCommands[] = {
    {"check", "Evaluate policies over an inventory and report findings with evidence", ward::cli::setup_check},
    {"doc", "Render the policies for auditors (Markdown or HTML): controls, rules, conditions, parameters",
     ward::cli::setup_doc},
    {"fmt", "Rewrite policy files in the canonical layout (--check: only report)", ward::cli::setup_fmt},
    {"test", "Run the test blocks of policies; closes with `N passed, N failed`", ward::cli::setup_test},
    {"explain", "Show every way an identity reaches a target, edge by edge with file:line",
     ward::cli::setup_explain},
    {"validate", "Load an inventory, report every problem with file:line, and print what it holds",
     ward::cli::setup_validate},
    {"import", "Read SCIM, AWS IAM, LDIF, LDAP, AD lab, role-mining or mapped CSV exports into an inventory",
     ward::cli::setup_import},
};

}  // namespace

int main(int argc, char** argv) {
  try {
    CLI::App app{"ward: policy-as-code for access governance (ISO/IEC 27001)", "ward"};
    app.set_version_flag("--version", std::string("ward ") + WARD_VERSION);
    app.require_subcommand(1);
    std::vector<std::pair<CLI::App*, ward::cli::Runner>> runners;
    for (const auto& c : kCommands) {
      CLI::App* sub = app.add_subcommand(c.name, c.summary);
      runners.emplace_back(sub, c.setup(*sub));
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      // CLI11 would echo the offending argument raw: neutralise it (an
      // argument can carry terminal escapes from a script or a file name).
      std::fprintf(stderr, "%s\nRun with --help for more information.\n", ward::printable(e.what()).c_str());
      return ward::cli::kExitError;
    }
    for (auto& [sub, run] : runners)
      if (sub->parsed()) {
        int code = run();
        // Fail closed: output that did not reach standard output is not a pass.
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
          std::fputs("error: cannot write to standard output\n", stderr);
          return ward::cli::kExitError;
        }
        return code;
      }
    return ward::cli::kExitError;
  } catch (const std::bad_alloc&) {
    std::fputs("error: out of memory\n", stderr);
    return ward::cli::kExitError;
  } catch (const std::exception& e) {
    // Fail closed: an internal error is never a pass.
    std::fprintf(stderr, "error: internal error: %s\n", e.what());
    return ward::cli::kExitError;
  }
}
