// Entry points: find the inventory's files, read them, hand the raw tables
// to build_inventory. The only place that touches the file system.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <thread>

#include "inventory/csv_beside.hpp"
#include "inventory/csv_reader.hpp"
#include "inventory/json_reader.hpp"
#include "inventory/raw_table.hpp"
#include "inventory/schema.hpp"
#include "ward/file_io.hpp"
#include "ward/sha256.hpp"

namespace ward {

namespace fs = std::filesystem;

namespace {

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string too_large(std::uint64_t bytes, std::uint64_t limit) {
  return fmt::format("file is {} bytes, over the limit of {} bytes (raise it with --max-file-size)", bytes, limit);
}

void report_missing_required(const std::vector<RawTable>& tables, bool json, const std::string& base,
                             Diagnostics& diags) {
  for (const auto& spec : schema::known_tables()) {
    if (!spec.required) continue;
    bool found = std::any_of(tables.begin(), tables.end(), [&](const RawTable& t) { return t.table.name == spec.name; });
    if (found) continue;
    if (json)
      diags.error("I0153", SourcePos{base, 0, 0}, fmt::format("missing required table `{}`", spec.name));
    else
      diags.error("I0101", SourcePos{join_path(base, std::string(spec.name) + ".csv"), 0, 0},
                  "missing required file");
  }
}

// LoadOptions::read_columns where it applies, otherwise null (read all).
const std::vector<std::string>* projection(const LoadOptions& options) {
  const bool whole_rows = options.beside != nullptr || options.keep_file_bytes || options.row_hashes;
  return whole_rows ? nullptr : options.read_columns;
}

LoadResult finish(StringPool pool, std::vector<SourceFile> files, std::vector<RawTable> tables, Diagnostics diags) {
  LoadResult result{nullptr, std::move(diags)};
  result.inventory = build_inventory(std::move(pool), std::move(files), std::move(tables), result.diagnostics);
  return result;
}

// Reads a CSV file (`bytes`) sharing records with the same table of `inv`
// (csv_beside.hpp); false when it cannot, `t` then untouched. When the two
// files are the same bytes, `same_digest` is the other's SHA-256.
bool read_beside(const Inventory& inv, std::string_view bytes, StringPool& pool, RawTable& t, std::string& same_digest) {
  auto other = std::find_if(inv.tables.begin(), inv.tables.end(), [&](const Table& o) {
    return o.name == t.table.name && o.file < inv.files.size() && o.file < inv.file_bytes.size();
  });
  if (other == inv.tables.end()) return false;
  const FileContents& other_bytes = inv.file_bytes[other->file];
  bool identical = false;
  const bool shared = read_csv_beside(bytes, other_bytes.bytes(), *other, pool, t, &identical);
  other_bytes.release(other_bytes.bytes());
  if (!shared) return false;
  if (identical) same_digest = inv.files[other->file].sha256;
  return true;
}

// Loads the CSV tables named `names` (file names ending in .csv), reading
// each with `fetch` only when its turn comes and dropping its text once
// parsed, so peak memory holds one file's text, not all of them. The file's
// SHA-256 is computed on a second thread while it is parsed.
LoadResult load_csv_files(const std::string& display_dir, std::vector<std::string> names,
                          const std::function<MapResult(const std::string&)>& fetch, const LoadOptions& options) {
  Diagnostics diags(options.max_errors);
  const Inventory* beside = options.beside;
  const std::vector<std::string>* read_columns = projection(options);
  // Sharing rows with another inventory: its ids stay valid in a clone of its pool.
  StringPool pool = beside != nullptr ? beside->strings.clone() : StringPool{};
  // By file: its bytes while a late hash needs them or LoadOptions::keep_file_bytes asks.
  std::vector<FileContents> kept;
  auto keep = [&](FileContents bytes, bool needed) {
    kept.push_back(needed || options.keep_file_bytes ? std::move(bytes) : FileContents{});
  };
  std::vector<SourceFile> sources;
  std::vector<RawTable> tables;
  std::vector<std::size_t> late_hashes;  // files read beside: hashed while build_inventory runs
  // Known tables first in canonical order, then extras by name: diagnostics
  // then come out in the order the spec reads the tables.
  auto rank = [](const std::string& name) {
    std::string_view stem = std::string_view(name).substr(0, name.size() - 4);
    auto specs = schema::known_tables();
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].name == stem) return i;
    return specs.size();
  };
  std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    auto ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
  });
  for (const std::string& name : names) {
    RawTable t;
    t.path = join_path(display_dir, name);
    t.table.name = name.substr(0, name.size() - 4);
    t.table.file = static_cast<std::uint32_t>(sources.size());
    t.table.hash_rows = options.row_hashes;
    MapResult r = fetch(name);
    if (!r.ok()) {
      diags.error("I0100", SourcePos{t.path, 0, 0}, fmt::format("cannot read file: {}", r.error));
      t.complete = false;
      t.header_read = false;
      sources.push_back(SourceFile{t.path, "", 0});
      keep({}, false);
      tables.push_back(std::move(t));
      continue;
    }
    std::string digest;
    const std::string_view bytes = r.contents.bytes();
    if (bytes.size() > options.max_file_bytes) {
      diags.error("I0105", SourcePos{t.path, 0, 0}, too_large(bytes.size(), options.max_file_bytes));
      t.complete = false;
      t.header_read = false;
      sources.push_back(SourceFile{t.path, "", bytes.size()});
      keep({}, false);
      tables.push_back(std::move(t));
      continue;
    }
    if (beside != nullptr) {
      // Read beside: a file the same as the inventory's has its digest;
      // another is hashed while the rest loads (the reading took moments).
      std::string same_digest;
      if (read_beside(*beside, bytes, pool, t, same_digest)) {
        r.contents.release(bytes);  // compared and read: the hasher faults in what it reads, and releases it
        const bool hash_late = same_digest.empty();
        if (hash_late) late_hashes.push_back(sources.size());
        sources.push_back(SourceFile{t.path, std::move(same_digest), bytes.size()});
        keep(std::move(r.contents), hash_late);
        tables.push_back(std::move(t));
        continue;
      }
    }
    std::thread hasher([&] { digest = sha256_hex(bytes, [&](std::string_view piece) { r.contents.release(piece); }); });
    read_csv(bytes, pool, t, diags, &r.contents, read_columns);
    hasher.join();
    sources.push_back(SourceFile{t.path, std::move(digest), bytes.size()});
    keep(std::move(r.contents), false);
    tables.push_back(std::move(t));
  }
  report_missing_required(tables, false, display_dir, diags);
  std::vector<std::string> digests(late_hashes.size());
  LoadResult result;
  {
    std::vector<std::jthread> hashers;
    for (std::size_t k = 0; k < late_hashes.size(); ++k)
      hashers.emplace_back([&, k] {
        const FileContents& file = kept[late_hashes[k]];
        digests[k] = sha256_hex(file.bytes(), [&](std::string_view piece) { file.release(piece); });
      });
    result = finish(std::move(pool), std::move(sources), std::move(tables), std::move(diags));
  }  // joins the hashers
  if (result.inventory) {
    for (std::size_t k = 0; k < late_hashes.size(); ++k) result.inventory->files[late_hashes[k]].sha256 = std::move(digests[k]);
    if (options.keep_file_bytes) result.inventory->file_bytes = std::move(kept);
  }
  return result;
}

// Loads the JSON inventory `text`. `source`, when given, is the mapped file
// `text` lies in: the parser and the hasher release its pages behind them.
LoadResult load_json(const std::string& display_path, std::string_view text, const LoadOptions& options,
                     const FileContents* source) {
  Diagnostics diags(options.max_errors);
  if (text.size() > options.max_file_bytes) {
    diags.error("I0105", SourcePos{display_path, 0, 0}, too_large(text.size(), options.max_file_bytes));
    return LoadResult{nullptr, std::move(diags)};
  }
  StringPool pool;  // fresh, as read_json requires
  std::vector<RawTable> tables;
  // The SHA-256 is computed on a second thread while the text is parsed.
  std::string digest;
  bool ok = false;
  {
    std::jthread hasher([&] {
      digest = source == nullptr ? sha256_hex(text)
                                 : sha256_hex(text, [&](std::string_view piece) { source->release(piece); });
    });
    ok = read_json(text, display_path, pool, tables, diags, source, projection(options));
  }  // joins the hasher
  std::vector<SourceFile> sources{SourceFile{display_path, std::move(digest), text.size()}};
  if (ok) report_missing_required(tables, true, display_path, diags);
  return finish(std::move(pool), std::move(sources), std::move(tables), std::move(diags));
}

}  // namespace

bool worth_loading_beside(const std::vector<std::string>& names,
                          const std::function<MapResult(const std::string&)>& fetch,
                          const std::function<MapResult(const std::string&)>& other_fetch) {
  std::uint64_t total = 0, unshared = 0;
  for (const std::string& name : names) {
    MapResult mine = fetch(name);
    if (!mine.ok()) continue;  // the load reports it
    const std::string_view bytes = mine.contents.bytes();
    total += bytes.size();
    MapResult other = other_fetch(name);
    unshared += other.ok() ? unshared_bytes(bytes, other.contents.bytes()) : bytes.size();
    mine.contents.release(bytes);  // compared: these pages need not stay in this process's memory
    if (other.ok()) other.contents.release(other.contents.bytes());
  }
  return total > 0 && unshared * 4 <= total;
}

LoadResult load_inventory_csv_text(const std::string& display_dir, const std::vector<InMemoryFile>& files,
                                   const LoadOptions& options) {
  std::vector<std::string> names;
  for (const auto& f : files)
    if (ends_with(f.name, ".csv")) names.push_back(f.name);
  return load_csv_files(display_dir, std::move(names), [&](const std::string& name) {
    for (const auto& f : files)
      if (f.name == name) return MapResult{FileContents::borrow(f.text), {}};
    return MapResult{{}, "no such file"};
  }, options);
}

LoadResult load_inventory_json_text(const std::string& display_path, std::string_view text,
                                    const LoadOptions& options) {
  return load_json(display_path, text, options, nullptr);
}

LoadResult load_inventory(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (ends_with(path, ".json")) {
    MapResult r = map_file(path, options.max_file_bytes);
    if (!r.ok()) {
      LoadResult result{nullptr, Diagnostics(options.max_errors)};
      result.diagnostics.error("I0100", SourcePos{path, 0, 0}, fmt::format("cannot read inventory: {}", r.error));
      return result;
    }
    return load_json(path, r.contents.bytes(), options, &r.contents);
  }
  if (!fs::is_directory(path, ec)) {
    LoadResult result{nullptr, Diagnostics(options.max_errors)};
    const bool exists = fs::exists(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)  // a symlink loop, no permission...
      result.diagnostics.error("I0100", SourcePos{path, 0, 0}, fmt::format("cannot read inventory: {}", ec.message()));
    else
      result.diagnostics.error(
          "I0100", SourcePos{path, 0, 0},
          exists ? "an inventory is a directory of CSV files or a `.json` file" : "no such inventory",
          "pass a directory holding identities.csv, entitlements.csv and edges.csv, or a .json inventory");
    return result;
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    // Every `.csv` entry, whatever it is: one that cannot be read (a
    // directory, a looping link, a pipe) is then an error naming it, not a
    // "missing" table.
    if (ends_with(name, ".csv")) names.push_back(name);
  }
  return load_csv_files(path, std::move(names),
                        [&](const std::string& name) { return map_file(join_path(path, name), options.max_file_bytes); }, options);
}

}  // namespace ward
