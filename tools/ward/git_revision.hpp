// `ward check --against REF`: the baseline inventory read from a git
// revision of the repository that holds --data, through the git command.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ward/inventory.hpp"

namespace ward::cli {

struct GitResult {
  bool started = false;  // false: git could not be run at all
  int status = -1;       // exit status
  std::string out, err;
};
// Runs `git --no-pager ARGS...` (no shell, stdin from /dev/null, no prompts).
GitResult run_git(const std::vector<std::string>& args);

// The inventory at `data` (a CSV directory or a .json file) as committed at
// `ref`, its files named "REF:path/in/repo/edges.csv". On any failure
// (no git, not a repository, no such revision, no inventory there, or one
// that does not load) appends what and why to `errors` and returns null.
// `beside_for`, when given, is asked with the committed CSV files, before
// they are parsed, for a LoadOptions::beside to load them with (nullptr: none).
using BesideFor = std::function<const Inventory*(const std::vector<InMemoryFile>& files)>;
std::unique_ptr<Inventory> load_inventory_at_revision(const std::string& data, const std::string& ref,
                                                      std::size_t max_errors, std::string& errors, bool row_hashes = false,
                                                      const BesideFor& beside_for = {});

}  // namespace ward::cli
