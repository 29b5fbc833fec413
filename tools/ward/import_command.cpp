// `ward import SOURCE [options] INPUT... --output DIR|FILE`: read a foreign
// source (tools/import/), check that what it maps to loads as an inventory,
// write it (CSV directory, or JSON when the output ends in .json) and print
// the mapping report. Also the loader behind `--data-format SOURCE` of
// `ward check` and `ward validate`, which import in memory.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "command.hpp"
#include "import/importer.hpp"

namespace ward::cli {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Runs the importer named `format` on `options`; on success also loads its
// output with the inventory loader (the same rules as any inventory).
// Diagnostics of either step go to `errors`.
struct Imported {
  import::ImportedInventory mapped;
  LoadResult loaded;
  bool ok = false;
};
Imported run_importer(const std::string& format, const import::ImportOptions& options, const std::string& display,
                      std::size_t max_errors, bool row_hashes, std::string& errors) {
  Imported out;
  const import::ImporterEntry* entry = import::find_importer(format);
  if (entry == nullptr) {
    errors += fmt::format("error: unknown source `{}` (expected one of: {})\n", printable(format), import::importer_names());
    return out;
  }
  Diagnostics diags(max_errors);
  const bool ran = entry->run(options, out.mapped, diags);
  if (!ran || diags.has_errors()) {
    errors += render_plain(diags);
    errors += fmt::format("error: {} import of `{}` failed ({} error{}); nothing was written or evaluated\n",
                          entry->name, printable(display), diags.error_count(), diags.error_count() == 1 ? "" : "s");
    return out;
  }
  errors += render_plain(diags);  // warnings
  std::vector<InMemoryFile> files;
  for (auto& [name, text] : import::to_csv_files(out.mapped)) files.push_back(InMemoryFile{name, std::move(text)});
  LoadOptions load;
  load.max_file_bytes = max_file_bytes();
  load.max_errors = max_errors;
  load.row_hashes = row_hashes;
  out.loaded = load_inventory_csv_text(display, files, load);
  if (!out.loaded.inventory) {
    errors += render_plain(out.loaded.diagnostics);
    errors += fmt::format("error: the {} import of `{}` does not load as an inventory (an importer bug: please "
                          "report it with the input); nothing was written or evaluated\n",
                          entry->name, printable(display));
    return out;
  }
  out.ok = true;
  return out;
}

// The file name ending a directory INPUT's files must have to be read by
// `source` (a directory of SCIM pages may also hold a README or a LICENSE).
std::string_view extension_for(std::string_view source) {
  if (source == "ldif") return ".ldif";
  if (source == "hp-rolemining") return ".txt";
  if (source == "csv") return ".csv";
  return ".json";
}

// The files of an INPUT that is a directory (sorted; hidden files and files
// without the source's extension skipped), or the INPUT itself.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs, std::string_view source) {
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (!fs::is_directory(in, ec)) {
      out.push_back(in);
      continue;
    }
    std::vector<std::string> files;
    std::error_code entry_ec;
    for (fs::directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] != '.' && ends_with(name, extension_for(source)) && !it->is_directory(entry_ec))
        files.push_back(it->path().string());  // an unreadable one is then reported by the importer
    }
    if (ec) files = {in};  // cannot list it: the importer reports the path as unreadable
    std::sort(files.begin(), files.end());
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

struct ImportCommandOptions {
  std::string source;
  std::vector<std::string> inputs;
  std::string output;
  bool force = false;
  std::size_t max_errors = 100;
  import::ImportOptions import;
};

// Writes the tables under `dir`: created if missing; an existing directory
// must hold nothing but .csv files, which --force replaces.
bool write_csv_directory(const std::string& dir, const import::ImportedInventory& inv, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    print_error(fmt::format("`{}` exists and is not a directory", printable(dir)),
                "name a new directory, or a file ending in .json");
    return false;
  }
  std::vector<fs::path> old_tables;
  if (fs::is_directory(dir, ec)) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() != ".csv" || !it->is_regular_file(ec)) {
        print_error(fmt::format("output directory `{}` holds `{}`, which is not an inventory table", printable(dir),
                                printable(it->path().filename().string())),
                    "write to a new or empty directory");
        return false;
      }
      old_tables.push_back(it->path());
    }
    if (!old_tables.empty() && !force) {
      print_error(fmt::format("output directory `{}` already holds an inventory", printable(dir)),
                  "pass --force to replace its .csv files, or write to a new directory");
      return false;
    }
  }
  fs::create_directories(dir, ec);
  if (ec) {
    print_error(fmt::format("cannot create `{}`: {}", printable(dir), ec.message()));
    return false;
  }
  // A stale table from an earlier import would join this inventory: remove it.
  for (const auto& p : old_tables)
    if (!fs::remove(p, ec) || ec) {
      print_error(fmt::format("cannot replace `{}`: {}", printable(p.string()), ec.message()));
      return false;
    }
  for (const auto& [name, text] : import::to_csv_files(inv))
    if (!write_output((fs::path(dir) / name).string(), text)) return false;
  return true;
}

int run_import(ImportCommandOptions& o) {
  if (import::find_importer(o.source) == nullptr) {
    print_error(fmt::format("unknown source `{}` (expected one of: {})", printable(o.source), import::importer_names()));
    return kExitError;
  }
  o.import.inputs = expand_inputs(o.inputs, o.source);
  if (o.source != "ldap" && o.source != "csv" && o.import.inputs.empty()) {
    print_error(fmt::format("`ward import {}` needs at least one INPUT file", printable(o.source)));
    return kExitError;
  }
  std::string errors;
  std::string display = o.source == "ldap"  ? o.import.ldap_url
                        : o.source == "csv" ? o.import.mapping
                        : o.inputs.front();
  Imported r = run_importer(o.source, o.import, display, o.max_errors, false, errors);
  std::fputs(errors.c_str(), stderr);
  if (!r.ok) return kExitError;
  if (o.output == "-") {  // the JSON inventory on stdout, the report on stderr
    std::fputs(import::to_json(r.mapped).c_str(), stdout);
    std::fputs(import::mapping_report(r.mapped, o.source).c_str(), stderr);
    return kExitOk;
  }
  const bool json = ends_with(o.output, ".json");
  if (json) {
    std::error_code ec;
    if (fs::exists(o.output, ec) && !o.force) {
      print_error(fmt::format("`{}` exists", printable(o.output)), "pass --force to replace it");
      return kExitError;
    }
    if (!write_output(o.output, import::to_json(r.mapped))) return kExitError;
  } else if (!write_csv_directory(o.output, r.mapped, o.force)) {
    return kExitError;
  }
  std::fputs(import::mapping_report(r.mapped, o.source).c_str(), stdout);
  std::fprintf(stdout, "wrote %s\n", printable(o.output).c_str());
  return kExitOk;
}

}  // namespace

void add_import_options(CLI::App& app, import::ImportOptions& o) {
  app.add_option("--mapping", o.mapping, "csv: the mapping file (columns and values of the export -> inventory)");
  app.add_option("--ldap-url", o.ldap_url, "ldap: server URL, e.g. ldaps://dc1.example.com");
  app.add_option("--ldap-bind-dn", o.ldap_bind_dn, "ldap: DN to bind as (none: anonymous)");
  app.add_option("--ldap-password-env", o.ldap_password_env, "ldap: environment variable holding the bind password");
  app.add_option("--ldap-password-file", o.ldap_password_file, "ldap: file holding the bind password");
  app.add_option("--ldap-base-dn", o.ldap_base_dn, "ldap: where to search, e.g. dc=example,dc=com");
  app.add_option("--ldap-user-filter", o.ldap_user_filter, "ldap: filter selecting people and accounts");
  app.add_option("--ldap-group-filter", o.ldap_group_filter, "ldap: filter selecting groups");
}

std::unique_ptr<Inventory> load_data(const std::string& path, const std::string& format,
                                     const import::ImportOptions& import_options, std::size_t max_errors,
                                     std::string& errors, bool row_hashes, const Inventory* beside,
                                     bool keep_file_bytes, const std::vector<std::string>* read_columns) {
  if (format.empty()) return load_quietly(path, max_errors, errors, row_hashes, beside, keep_file_bytes, read_columns);
  import::ImportOptions options = import_options;
  if (format == "ldap") {
    if (options.ldap_url.empty()) options.ldap_url = path;
  } else {
    options.inputs = expand_inputs({path}, format);
  }
  // Evidence then cites rows of the inventory `ward import` writes for this
  // source: "x.json [aws-iam import]/edges.csv:17".
  Imported r = run_importer(format, options, fmt::format("{} [{} import]", path, format), max_errors, row_hashes, errors);
  if (!r.ok) return nullptr;
  return std::move(r.loaded.inventory);
}

Runner setup_import(CLI::App& app) {
  auto o = std::make_shared<ImportCommandOptions>();
  std::string sources;
  for (const auto& e : import::importers()) sources += fmt::format("\n  {:<14} {}", e.name, e.summary);
  app.description("Read an export or a directory server into an inventory; print what was mapped and what was not."
                  "\nSOURCE is one of:" + sources);
  app.add_option("SOURCE", o->source, "Kind of source: " + import::importer_names())->required();
  app.add_option("INPUT", o->inputs,
                 "Files to read (a directory: its files ending in .json; .ldif for ldif, .txt for hp-rolemining, "
                 ".csv for csv)");
  app.add_option("--output,-o", o->output, "Directory to write CSV tables to, a file ending in .json, or - (JSON on standard output, "
                 "the mapping report on standard error)")->required();
  app.add_flag("--force", o->force, "Replace an existing output");
  app.add_option("--max-errors", o->max_errors, "Stop reporting errors after this many")->check(CLI::Range(1, 1000000));
  add_import_options(app, o->import);
  return [o] { return run_import(*o); };
}

}  // namespace ward::cli
