// Policies: finding, parsing, checking and compiling `.ward` files.
//
// compile_policies() runs the whole front end: parse every file (grammar/),
// check names, attributes and types across packages (check/), and lower the
// rules to a plan (plan/). It returns either a compiled policy set and
// warnings, or errors (never both a policy and errors).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ward/diagnostic.hpp"

namespace ward {

struct PolicySource {
  std::string path;  // as shown in diagnostics and findings
  // Where the file was read from, for paths relative to it (test
  // inventories); empty for in-memory sources.
  std::string location;
  std::string text;
  std::string sha256;
};

// The .ward files under each path (a file, or a directory searched
// recursively), sorted by path, each read once. Unreadable paths and paths
// with no .ward file are errors.
std::vector<PolicySource> read_policy_files(const std::vector<std::string>& paths, Diagnostics& diags);

struct CompileOptions {
  std::vector<std::pair<std::string, std::string>> params;  // --param NAME=VALUE, NAME with or without package
  std::size_t max_errors = 100;
};

class CompiledPolicy;  // opaque: see engine/plan/plan.hpp

struct CompileResult {
  std::shared_ptr<const CompiledPolicy> policy;  // null iff diagnostics has errors
  Diagnostics diagnostics;                       // errors and warnings, sorted by position
};

CompileResult compile_policies(std::vector<PolicySource> sources, const CompileOptions& options = {});

// The canonical layout of one policy file (`ward fmt`). `text` is set only
// when the file parses and its formatted text parses to the same syntax tree
// (otherwise a diagnostic says why and the file must be left alone).
struct FormatResult {
  std::string text;
  Diagnostics diagnostics;
  bool ok() const { return !diagnostics.has_errors(); }
};
FormatResult format_policy(const PolicySource& source);

// Renders diagnostics with the offending source line and a caret under the
// span, as in the house style:
//   policies/a.ward:12:7: error[W0103]: unknown attribute `ownr` on identity
//      |
//   12 |   where i.ownr is absent
//      |           ^^^^
//      = help: did you mean `owner`?
std::string render_with_source(const Diagnostics& diags, const std::vector<PolicySource>& sources);

}  // namespace ward
