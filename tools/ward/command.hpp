// The pieces every subcommand shares: how a subcommand is registered, how an
// inventory is loaded and its errors shown, and the exit codes of the CLI
// contract (../shared/spec/cli.md).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <cstdio>
#include <optional>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "import/importer.hpp"
#include "ward/date.hpp"
#include "ward/inventory.hpp"
#include "ward/policy.hpp"

namespace ward::cli {

enum ExitCode : int {
  kExitOk = 0,        // ran; nothing at or above the failing severity
  kExitFindings = 1,  // ran; findings (or tests failed, or fmt --check found changes; explain: no path)
  kExitError = 2,     // could not run: bad usage, bad policy, bad inventory
};

// A subcommand adds itself to `app` and returns the function that runs it
// after parsing. The function returns the process exit code.
using Runner = std::function<int()>;
using CommandSetup = Runner (*)(CLI::App& app);

Runner setup_check(CLI::App& app);
Runner setup_test(CLI::App& app);
Runner setup_doc(CLI::App& app);
Runner setup_fmt(CLI::App& app);

// The directory holding the built-in `policies/` and `stdlib/`, if found.
std::optional<std::filesystem::path> pack_root();
Runner setup_explain(CLI::App& app);
Runner setup_validate(CLI::App& app);
Runner setup_import(CLI::App& app);

// Leaves `object` to be freed by the process's exit instead of by its
// destructor. For the large things a command is done with just before it
// returns (an inventory, a report of a million findings): destroying them
// walks millions of allocations the kernel would release at once. They stay
// reachable from a static list, so leak checkers do not count them.
void keep_until_exit(std::shared_ptr<const void> object);

// Loads an inventory; on failure prints every diagnostic to stderr and
// returns null (the caller exits 2).
std::unique_ptr<Inventory> load_or_report(const std::string& path, std::size_t max_errors);
// The same, with the diagnostics appended to `errors` instead of printed
// (for loads that run side by side).
// `row_hashes`: LoadOptions::row_hashes (change mode compares rows by them);
// `beside`, `keep_file_bytes`: LoadOptions' (a baseline loaded beside the
// inventory, which kept its bytes for that); `read_columns`: LoadOptions'
// (the columns the rules to run read).
std::unique_ptr<Inventory> load_quietly(const std::string& path, std::size_t max_errors, std::string& errors,
                                        bool row_hashes = false, const Inventory* beside = nullptr,
                                        bool keep_file_bytes = false,
                                        const std::vector<std::string>* read_columns = nullptr);

// Policies as every subcommand reads them: the shipped stdlib always, then
// `paths` (or the built-in pack when empty); built-in files are named
// relative to the pack. Prints diagnostics (warnings too) to stderr; on
// errors `policy` is null (the caller exits 2).
struct LoadedPolicies {
  std::shared_ptr<const CompiledPolicy> policy;
  CompileOptions options;
};
LoadedPolicies load_policies(const std::vector<std::string>& paths,
                             const std::vector<std::pair<std::string, std::string>>& params, std::size_t max_errors);

// --data-format SOURCE: --data is then read by that importer (tools/import/)
// instead of as an inventory; the importer's options are these.
void add_import_options(CLI::App& app, import::ImportOptions& options);
// Loads --data: an inventory when `format` is empty, else the source read by
// the importer `format` (in memory) and loaded like any inventory. On
// failure appends the diagnostics to `errors` and returns null.
std::unique_ptr<Inventory> load_data(const std::string& path, const std::string& format,
                                     const import::ImportOptions& import_options, std::size_t max_errors,
                                     std::string& errors, bool row_hashes = false, const Inventory* beside = nullptr,
                                     bool keep_file_bytes = false,
                                     const std::vector<std::string>* read_columns = nullptr);

// --max-file-size SIZE (e.g. 8G): the largest inventory file any load of this
// process reads (LoadOptions::max_file_bytes). Every subcommand that loads
// an inventory adds it; load_quietly() and the other loaders apply it.
void add_max_file_size_option(CLI::App& app);
std::uint64_t max_file_bytes();

// Output written in pieces: to standard output when `path` is empty or
// "-", in place to a device or pipe, otherwise to a temporary file beside
// `path` that commit() renames into place, so a reader never sees half a
// report: a failed or uncommitted write leaves such a `path` as it was
// (standard output and devices are written as the pieces come).
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  // False once any write has failed (or the file could not be opened).
  bool write(std::string_view text);
  // Flushes and closes (and renames); false if anything failed.
  bool commit();

 private:
  std::string path_, temporary_;
  std::FILE* file_ = nullptr;
  bool ok_ = true, committed_ = false;
};

// Writes `text` to `path` atomically (a temporary file renamed into place),
// or to standard output when `path` is empty or "-". False on failure.
bool write_output(const std::string& path, const std::string& text);

// The date of a --today option (YYYY-MM-DD), or today in UTC when `text` is
// empty. Prints the error and returns nullopt on anything else.
std::optional<Date> today_option(const std::string& text);

// Validator for --today: an explicitly empty value is an error (absent means
// today; `--today ""` from an unset shell variable must not mean today).
CLI::Validator non_empty_date();

// --param NAME=VALUE options as (name, value) pairs; prints the error and
// returns nullopt for one without `=` or without a name.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_params(const std::vector<std::string>& options);

// Prints "error: message" (and an optional help line) to stderr.
void print_error(const std::string& message, const std::string& hint = {});

}  // namespace ward::cli
