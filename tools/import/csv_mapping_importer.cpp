// `ward import csv --mapping MAP.json [CSV...]`: HR and IdP exports whose
// columns have their own names, mapped to inventory tables by a small JSON
// mapping file (format and example: docs/importers.md, "csv").
//
// The CSV files are read with the engine's strict RFC 4180 reader (the
// loader's own rules and I01xx diagnostics), the mapping file with
// json_source (positions for every value). Codes M0301..M0310 are
// json_source's for the mapping file; M0311 and above are this importer's.
#include <fmt/format.h>

#include <map>
#include <unordered_map>

#include "import/importer.hpp"
#include "import/json_source.hpp"
#include "inventory/csv_reader.hpp"
#include "ward/file_io.hpp"
#include "ward/suggest.hpp"

namespace ward::import {

namespace {

using Kind = JsonNode::Kind;

struct TableRules {
  const char* name;
  std::vector<const char*> required;  // columns a row needs (the loader's required columns)
  bool nodes;                         // identities, roles, entitlements: ids must be unique
};

// Canonical order: sections are applied in this order whatever the order of
// the mapping file's keys (so duplicate ids are reported where the loader
// would report them).
const std::vector<TableRules>& table_rules() {
  static const std::vector<TableRules> t{
      {"identities", {"id", "type"}, true},
      {"roles", {"id"}, true},
      {"entitlements", {"id"}, true},
      {"edges", {"from", "to", "relation"}, false},
      {"sod_rules", {"id", "left", "right"}, false},
      {"exceptions", {"rule", "identity", "approved_by", "expires"}, false},
      {"reviews", {"identity", "target", "reviewer", "date", "decision"}, false},
  };
  return t;
}

// How one output column is filled.
struct ColumnRule {
  std::string target;
  const JsonNode* source = nullptr;  // the CSV column name in the mapping; nullptr: defaults only
  int index = -1;                    // the source column's index in the CSV header
  const JsonNode* values = nullptr;  // value map (object of strings) or nullptr
  std::unordered_map<std::string, std::string> value_map;
  std::optional<std::string> default_value;
  std::string prefix;
};

struct Section {
  const TableRules* table = nullptr;
  const JsonNode* node = nullptr;
  const JsonNode* file = nullptr;
  std::string path;  // the CSV file as read (resolved)
  std::vector<ColumnRule> rules;
};

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

class MappingReader {
 public:
  MappingReader(const std::string& path, Diagnostics& diags) : path_(path), reader_(path, "M03", diags), diags_(diags) {}

  std::string where(const JsonNode& v) const { return fmt::format("{}:{}", path_, v.line); }

  // The sections of the whole mapping document, in canonical table order.
  std::vector<Section> sections(const JsonNode& root) {
    std::vector<Section> out;
    if (!reader_.as(root, Kind::object, "an object whose keys are table names")) return out;
    for (const JsonNode& member : root.children) {
      bool known = false;
      for (const auto& t : table_rules()) known |= member.key == t.name;
      if (!known) unknown_key(member, "table", table_names());
    }
    for (const auto& t : table_rules()) {
      const JsonNode* v = root.get(t.name);
      if (v == nullptr || v->is(Kind::null)) continue;
      if (v->is(Kind::array)) {
        for (const JsonNode& item : v->children)
          if (reader_.as(item, Kind::object)) section(t, item, out);
      } else if (reader_.as(*v, Kind::object, "an object or an array of objects")) {
        section(t, *v, out);
      }
    }
    return out;
  }

  const JsonReader& reader() const { return reader_; }

 private:
  static std::vector<std::string> table_names() {
    std::vector<std::string> names;
    for (const auto& t : table_rules()) names.emplace_back(t.name);
    return names;
  }

  void unknown_key(const JsonNode& member, const char* what, const std::vector<std::string>& known) {
    std::string hint;
    if (auto m = closest_match(member.key, known)) hint = fmt::format("did you mean `{}`?", *m);
    else hint = fmt::format("expected one of: {}", fmt::join(known, ", "));
    diags_.error("M0312", reader_.pos(member), fmt::format("unknown {} `{}` in the mapping", what, member.key),
                 std::move(hint));
  }

  ColumnRule& rule(Section& s, const std::string& target) {
    for (auto& r : s.rules)
      if (r.target == target) return r;
    s.rules.emplace_back();
    s.rules.back().target = target;
    return s.rules.back();
  }

  // Members of an object member `name` that are strings (others are errors).
  std::vector<const JsonNode*> string_members(const JsonNode& obj, const char* name) {
    std::vector<const JsonNode*> out;
    if (const JsonNode* m = reader_.member(obj, name, Kind::object))
      for (const JsonNode& v : m->children)
        if (reader_.as(v, Kind::string)) out.push_back(&v);
    return out;
  }

  void section(const TableRules& t, const JsonNode& node, std::vector<Section>& out) {
    Section s;
    s.table = &t;
    s.node = &node;
    for (const JsonNode& member : node.children)
      if (member.key != "file" && member.key != "columns" && member.key != "values" && member.key != "defaults" &&
          member.key != "prefix")
        unknown_key(member, "key", {"file", "columns", "values", "defaults", "prefix"});
    s.file = reader_.member(node, "file", Kind::string);
    if (s.file == nullptr)  // absent, or not a string (`null` included): reported either way
      diags_.error("M0312", reader_.pos(node), fmt::format("mapping of `{}` has no `file`", t.name),
                   "name the CSV file to read, relative to the mapping file");
    for (const JsonNode* v : string_members(node, "columns")) rule(s, v->key).source = v;
    for (const JsonNode* v : string_members(node, "defaults")) rule(s, v->key).default_value = v->text;
    for (const JsonNode* v : string_members(node, "prefix")) {
      ColumnRule& r = rule(s, v->key);
      if (r.source == nullptr)
        diags_.error("M0319", reader_.pos(*v),
                     fmt::format("`prefix` names `{}`, which is not mapped in `columns`", v->key));
      r.prefix = v->text;
    }
    if (const JsonNode* values = reader_.member(node, "values", Kind::object))
      for (const JsonNode& map : values->children) {
        if (!reader_.as(map, Kind::object)) continue;
        ColumnRule& r = rule(s, map.key);
        if (r.source == nullptr)
          diags_.error("M0319", reader_.pos(map),
                       fmt::format("`values` names `{}`, which is not mapped in `columns`", map.key));
        r.values = &map;
        for (const JsonNode& entry : map.children)
          if (reader_.as(entry, Kind::string)) r.value_map.emplace(entry.key, entry.text);
      }
    for (const char* required : t.required) {
      bool present = false;
      for (const auto& r : s.rules) present |= r.target == required && (r.source || r.default_value);
      if (!present)
        diags_.error("M0313", reader_.pos(node),
                     fmt::format("the mapping of `{}` does not fill the required column `{}`", t.name, required),
                     "map it in `columns` or give a constant in `defaults`");
    }
    out.push_back(std::move(s));
  }

 private:
  const std::string& path_;
  JsonReader reader_;
  Diagnostics& diags_;
};

struct CsvFile {
  bool ok = false;
  RawTable raw;
  std::vector<bool> used;  // per header column: named by some section
};

// Applies one section to every row of its CSV file.
void apply(const Section& s, CsvFile& csv, const MappingReader& mapping, ImportedInventory& out, Diagnostics& diags,
           StringPool& pool) {
  const Table& table = csv.raw.table;
  const std::string& path = csv.raw.path;
  for (std::size_t row = 0; row < table.rows() && !diags.full(); ++row) {
    const std::uint32_t line = table.lines[row];
    std::vector<Cell> cells;
    cells.reserve(s.rules.size());
    bool row_ok = true;
    for (const ColumnRule& r : s.rules) {
      std::string value;
      if (r.index >= 0) {
        const std::string_view raw = pool.view(table.cell(row, static_cast<std::size_t>(r.index)));
        if (r.values != nullptr && (!raw.empty() || r.value_map.count(""))) {
          auto it = r.value_map.find(std::string(raw));
          if (it == r.value_map.end()) {
            diags.error("M0315", SourcePos{path, line, 0},
                        fmt::format("value `{}` in column `{}` is not in the value map of `{}` ({})", raw,
                                    r.source->text, r.target, mapping.where(*r.values)),
                        fmt::format("add it to `values.{}` in the mapping, or correct the export", r.target));
            row_ok = false;
            continue;
          }
          value = it->second;
        } else {
          value = std::string(raw);
        }
        if (!value.empty()) value.insert(0, r.prefix);
      }
      if (value.empty() && r.default_value) value = *r.default_value;
      cells.emplace_back(r.target, std::move(value));
    }
    if (!row_ok) continue;
    const std::string_view table_name = s.table->name;
    if (s.table->nodes) {
      std::string id;
      for (const auto& c : cells)
        if (c.first == "id") id = c.second;
      if (id.empty()) {
        diags.error("M0317", SourcePos{path, line, 0}, fmt::format("empty `id` for a row of `{}`", table_name));
        continue;
      }
      if (!out.add_node(table_name, std::move(cells)))
        diags.error("M0316", SourcePos{path, line, 0},
                    fmt::format("duplicate id `{}`: a node with this id was already imported (into `{}`)", id,
                                out.node_table(id)));
    } else if (table_name == "edges") {
      std::string from, to, relation;
      std::vector<Cell> extra;
      for (auto& c : cells) {
        if (c.first == "from") from = std::move(c.second);
        else if (c.first == "to") to = std::move(c.second);
        else if (c.first == "relation") relation = std::move(c.second);
        else extra.push_back(std::move(c));
      }
      out.add_edge(from, to, relation, std::move(extra));
    } else {
      out.add_row(table_name, std::move(cells));
    }
  }
}

}  // namespace

bool import_csv_mapped(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.mapping.empty()) {
    diags.error("M0311", SourcePos{}, "the csv importer needs a mapping file",
                "pass --mapping FILE (docs/importers.md describes the format)");
    return false;
  }
  const std::size_t errors_before = diags.error_count();
  JsonNode root;
  if (!load_json_file(options.mapping, "M03", root, diags)) return false;
  MappingReader mapping(options.mapping, diags);
  std::vector<Section> sections = mapping.sections(root);
  if (diags.error_count() > errors_before) return false;

  // CSV files: an input whose file name equals the name in the mapping wins;
  // otherwise the name is relative to the mapping file's directory.
  std::vector<bool> input_used(options.inputs.size(), false);
  const std::string mapping_dir = directory_of(options.mapping);
  for (Section& s : sections) {
    const std::string& name = s.file->text;
    s.path = name.empty() || name[0] == '/' ? name : mapping_dir + name;
    for (std::size_t k = 0; k < options.inputs.size(); ++k)
      if (options.inputs[k] == name || base_name(options.inputs[k]) == base_name(name)) {
        s.path = options.inputs[k];
        input_used[k] = true;
        break;
      }
  }
  for (std::size_t k = 0; k < options.inputs.size(); ++k)
    if (!input_used[k])
      diags.error("M0318", SourcePos{options.inputs[k], 0, 0}, "input file is not named by any `file` in the mapping",
                  fmt::format("name it in {} or leave it out", options.mapping));
  if (diags.error_count() > errors_before) return false;

  StringPool pool;
  std::map<std::string, CsvFile> files;  // by resolved path; a file may feed several sections
  for (Section& s : sections) {
    auto [it, fresh] = files.try_emplace(s.path);
    CsvFile& csv = it->second;
    if (fresh) {
      csv.raw.path = s.path;
      ReadResult r = read_file(s.path);
      if (!r.ok())
        diags.error("M0101", SourcePos{s.path, 0, 0}, fmt::format("cannot read input file: {}", r.error),
                    fmt::format("named at {}", mapping.where(*s.file)));
      else
        csv.ok = read_csv(r.bytes, pool, csv.raw, diags) && csv.raw.complete;
      csv.used.assign(csv.raw.table.columns.size(), false);
    }
    if (!csv.ok) continue;
    const auto& header = csv.raw.table.columns;
    for (ColumnRule& r : s.rules) {
      if (r.source == nullptr) continue;
      r.index = csv.raw.table.column(r.source->text);
      if (r.index < 0) {
        auto guess = closest_match(r.source->text, header);
        diags.error("M0314", mapping.reader().pos(*r.source),
                    fmt::format("column `{}` (mapped to `{}`) is not in the header of `{}` (line {})", r.source->text,
                                r.target, s.path, csv.raw.header_line),
                    guess ? fmt::format("did you mean `{}`?", *guess)
                          : fmt::format("the header has: {}", fmt::join(header, ", ")));
        continue;
      }
      csv.used[static_cast<std::size_t>(r.index)] = true;
    }
  }
  if (diags.error_count() > errors_before) return false;

  for (const Section& s : sections) apply(s, files[s.path], mapping, out, diags, pool);
  if (diags.error_count() > errors_before) return false;

  for (const auto& [path, csv] : files)
    for (std::size_t c = 0; c < csv.used.size(); ++c)
      if (!csv.used[c])
        out.skip(SourcePos{path, csv.raw.header_line, 0}, fmt::format("column `{}`", csv.raw.table.columns[c]),
                 "not named in the mapping");
  out.note(fmt::format("mapped by {}: values are copied verbatim unless a value map or prefix applies; "
                       "the loader validates types, statuses and references",
                       options.mapping));
  return true;
}

}  // namespace ward::import
