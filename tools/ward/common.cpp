#include <cstdio>
#include <fmt/format.h>

#include "command.hpp"
#include "ward/diagnostic.hpp"
#include "ward/evaluate.hpp"

#include <filesystem>
#include <vector>

namespace ward::cli {

namespace fs = std::filesystem;

// The built-in pack: `policies/` and `stdlib/` in the binary's install prefix
// (share/ward), next to it, or in the source tree it was built from.
std::optional<fs::path> pack_root() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    fs::path dir = exe.parent_path();
    candidates = {dir / ".." / "share" / "ward", dir / "..", dir, dir / ".." / ".."};
  }
  // Last: the source tree this binary was built from (a build directory
  // may live anywhere).
  candidates.emplace_back(WARD_SOURCE_DIR);
  for (const auto& c : candidates)
    if (fs::is_directory(c / "policies", ec) && fs::is_directory(c / "stdlib", ec)) return fs::weakly_canonical(c, ec);
  return std::nullopt;
}

LoadedPolicies load_policies(const std::vector<std::string>& policy_paths,
                             const std::vector<std::pair<std::string, std::string>>& params, std::size_t max_errors) {
  LoadedPolicies out;
  out.options.params = params;
  out.options.max_errors = max_errors;
  std::vector<std::string> paths;
  auto root = pack_root();
  if (root) paths.push_back((*root / "stdlib").generic_string());
  if (policy_paths.empty()) {
    if (!root) {
      print_error("the built-in policy pack was not found next to the ward binary", "pass --policy PATH");
      return out;
    }
    paths.push_back((*root / "policies").generic_string());
  } else {
    paths.insert(paths.end(), policy_paths.begin(), policy_paths.end());
  }
  Diagnostics read_diags(max_errors);
  std::vector<PolicySource> sources = read_policy_files(paths, read_diags);
  if (read_diags.has_errors()) {
    std::fputs(render_plain(read_diags).c_str(), stderr);
    return out;
  }
  // Files of the built-in pack are named relative to the pack
  // (`stdlib/identity.ward`), so reports and diagnostics do not depend on
  // where ward is installed or checked out; their SHA-256 identifies them.
  if (root) {
    std::string prefix = root->generic_string() + "/";
    for (auto& src : sources)
      if (src.path.rfind(prefix + "stdlib/", 0) == 0 || (policy_paths.empty() && src.path.rfind(prefix + "policies/", 0) == 0))
        src.path = src.path.substr(prefix.size());
  }
  CompileResult compiled = compile_policies(sources, out.options);
  if (!compiled.diagnostics.items().empty())
    std::fputs(render_with_source(compiled.diagnostics, compiled.policy ? policy_sources(*compiled.policy) : sources).c_str(),
               stderr);
  if (!compiled.policy) {
    std::fprintf(stderr, "error: the policies did not compile (%zu error%s); nothing was evaluated\n",
                 compiled.diagnostics.error_count(), compiled.diagnostics.error_count() == 1 ? "" : "s");
    return out;
  }
  out.policy = compiled.policy;
  return out;
}

namespace {
std::uint64_t g_max_file_bytes = kDefaultMaxFileBytes;  // set by --max-file-size before any load
}  // namespace

void add_max_file_size_option(CLI::App& app) {
  app.add_option("--max-file-size", g_max_file_bytes,
                 "Refuse inventory files larger than this (bytes, or with a unit: 500M, 8G); default 4G")
      ->transform(CLI::AsSizeValue(false));
}

std::uint64_t max_file_bytes() { return g_max_file_bytes; }

std::unique_ptr<Inventory> load_quietly(const std::string& path, std::size_t max_errors, std::string& errors,
                                        bool row_hashes, const Inventory* beside, bool keep_file_bytes,
                                        const std::vector<std::string>* read_columns) {
  LoadOptions options;
  options.max_file_bytes = max_file_bytes();
  options.max_errors = max_errors;
  options.row_hashes = row_hashes;
  options.beside = beside;
  options.keep_file_bytes = keep_file_bytes;
  options.read_columns = read_columns;
  LoadResult r = load_inventory(path, options);
  if (!r.inventory) {
    errors += render_plain(r.diagnostics);
    errors += fmt::format("error: inventory `{}` did not load ({} error{}); nothing was evaluated\n", printable(path),
                          r.diagnostics.error_count(), r.diagnostics.error_count() == 1 ? "" : "s");
  }
  return std::move(r.inventory);
}

void keep_until_exit(std::shared_ptr<const void> object) {
  static auto* kept = new std::vector<std::shared_ptr<const void>>();  // never destroyed, on purpose
  kept->push_back(std::move(object));
}

std::unique_ptr<Inventory> load_or_report(const std::string& path, std::size_t max_errors) {
  std::string errors;
  auto inv = load_quietly(path, max_errors, errors);
  std::fputs(errors.c_str(), stderr);
  return inv;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_params(const std::vector<std::string>& options) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& p : options) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_error(fmt::format("bad --param `{}`", p), "write it as NAME=VALUE, e.g. --param review_window=60d");
      return std::nullopt;
    }
    params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  return params;
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") {
    file_ = stdout;
    return;
  }
  // A file is written next to the target and renamed, so a reader never sees
  // half a report; a device or a pipe (/dev/stdout, /dev/full) is written in
  // place, since renaming over it would replace the device node.
  std::error_code ec;
  const bool in_place = std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec);
  if (!in_place) temporary_ = path + ".tmp-ward";
  file_ = std::fopen(in_place ? path.c_str() : temporary_.c_str(), "wb");
  ok_ = file_ != nullptr;
}

OutputFile::~OutputFile() {
  if (file_ && file_ != stdout) std::fclose(file_);
  if (!committed_ && !temporary_.empty()) std::remove(temporary_.c_str());
}

bool OutputFile::write(std::string_view text) {
  ok_ = ok_ && std::fwrite(text.data(), 1, text.size(), file_) == text.size();
  return ok_;
}

bool OutputFile::commit() {
  if (!file_) return false;
  if (file_ == stdout) return ok_ && std::fflush(stdout) == 0;
  ok_ &= std::fclose(file_) == 0;  // flushes: a full device fails here
  file_ = nullptr;
  if (ok_ && !temporary_.empty()) ok_ = std::rename(temporary_.c_str(), path_.c_str()) == 0;
  committed_ = ok_;
  return ok_;
}

bool write_output(const std::string& path, const std::string& text) {
  OutputFile out(path);
  return out.write(text) && out.commit();
}

CLI::Validator non_empty_date() {
  return CLI::Validator(
      [](const std::string& value) {
        return value.empty() ? std::string("empty date (write YYYY-MM-DD, or leave the option out for today)")
                             : std::string();
      },
      "DATE");
}

std::optional<Date> today_option(const std::string& text) {
  if (text.empty()) return today_utc();
  auto d = parse_date(text);
  if (!d || text.size() != 10) {
    print_error(fmt::format("bad --today `{}`", text), "write the date as YYYY-MM-DD");
    return std::nullopt;
  }
  return d;
}

void print_error(const std::string& message, const std::string& hint) {
  std::string out = fmt::format("error: {}\n", printable(message));
  if (!hint.empty()) out += fmt::format("  help: {}\n", printable(hint));
  std::fputs(out.c_str(), stderr);
}

}  // namespace ward::cli
