#include "import/imported_inventory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ward::import {

namespace {

struct TableSpec {
  const char* name;
  std::vector<std::string_view> columns;  // the spec's columns, in the spec's order
  std::size_t required;                    // the first `required` columns are always written
  bool required_table;                     // written even when it has no rows
};

// ../shared/spec/inventory.md, in canonical table order.
const std::vector<TableSpec>& specs() {
  static const std::vector<TableSpec> s{
      {"identities",
       {"id", "type", "name", "status", "owner", "department", "manager", "created", "last_active", "terminated",
        "expires", "purpose"},
       2, true},
      {"roles", {"id", "kind", "name", "owner", "description"}, 1, false},
      {"entitlements", {"id", "system", "name", "privileged", "owner"}, 1, true},
      {"edges", {"from", "to", "relation", "granted", "expires", "approved_by", "reason"}, 3, true},
      {"sod_rules", {"id", "left", "right", "severity", "description"}, 3, false},
      {"exceptions", {"rule", "identity", "approved_by", "expires", "reason"}, 4, false},
      {"reviews", {"identity", "target", "reviewer", "date", "decision"}, 5, false},
  };
  return s;
}

const TableSpec* spec_of(std::string_view table) {
  for (const auto& s : specs())
    if (table == s.name) return &s;
  return nullptr;
}

// Rank of `column` among the spec columns of `spec`, or -1 for an extra column.
int spec_rank(const TableSpec* spec, std::string_view column) {
  if (spec == nullptr) return -1;
  for (std::size_t k = 0; k < spec->columns.size(); ++k)
    if (spec->columns[k] == column) return static_cast<int>(k);
  return -1;
}

// An edge as compared for duplicates: from, to, relation and the present
// (non-empty) other cells sorted by column.
struct EdgeCells {
  std::string_view from, to, relation;
  std::vector<std::pair<std::string_view, std::string_view>> extra;
  bool operator==(const EdgeCells& o) const {
    return from == o.from && to == o.to && relation == o.relation && extra == o.extra;
  }
};

std::uint64_t hash_edge(const EdgeCells& e) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](std::string_view piece) {
    h = (h ^ std::hash<std::string_view>{}(piece)) * 0x100000001b3ull;
    h ^= h >> 29;
  };
  mix(e.from);
  mix(e.to);
  mix(e.relation);
  for (const auto& [column, value] : e.extra) {
    mix(column);
    mix(value);
  }
  return h;
}

// REQUIRES: `edges` is the edges table (from, to, relation are columns 0..2).
EdgeCells edge_cells(const ImportedTable& edges, std::size_t row) {
  const auto& r = edges.rows[row];
  EdgeCells e{r[0], r[1], r[2], {}};
  for (std::size_t c = 3; c < r.size(); ++c)
    if (!r[c].empty()) e.extra.emplace_back(edges.columns[c], r[c]);
  std::sort(e.extra.begin(), e.extra.end());
  return e;
}

bool needs_quotes(std::string_view cell) { return cell.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_csv_cell(std::string& out, std::string_view cell) {
  if (!needs_quotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_record(std::string& out, const std::vector<std::string>& cells) {
  // A record of one empty cell would be an empty line, which readers skip.
  if (cells.size() == 1 && cells[0].empty()) {
    out += "\"\"\n";
    return;
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) out += ',';
    append_csv_cell(out, cells[c]);
  }
  out += '\n';
}

}  // namespace

ImportedInventory::ImportedInventory() {
  for (const auto& s : specs())
    if (s.required_table) table(s.name);
}

ImportedTable& ImportedInventory::table(std::string_view name) {
  auto it = tables_.find(name);
  if (it != tables_.end()) return it->second;
  ImportedTable& t = tables_[std::string(name)];
  t.name = std::string(name);
  if (const TableSpec* spec = spec_of(name))
    for (std::size_t k = 0; k < spec->required; ++k) t.columns.emplace_back(spec->columns[k]);
  return t;
}

void ImportedInventory::put(ImportedTable& t, std::vector<Cell> cells) {
  const TableSpec* spec = spec_of(t.name);
  std::vector<std::string> row(t.columns.size());
  for (auto& [column, value] : cells) {
    if (value.empty()) continue;  // absent: does not make a column appear
    auto at = std::find(t.columns.begin(), t.columns.end(), column);
    std::size_t index = static_cast<std::size_t>(at - t.columns.begin());
    if (at == t.columns.end()) {
      // A new column: spec columns go to their canonical place among the
      // spec columns already present (before every extra column); extra
      // columns go last, in first-use order.
      const int rank = spec_rank(spec, column);
      index = t.columns.size();
      if (rank >= 0) {
        index = 0;
        while (index < t.columns.size()) {
          const int other = spec_rank(spec, t.columns[index]);
          if (other < 0 || other > rank) break;
          ++index;
        }
      }
      const auto pos = static_cast<std::ptrdiff_t>(index);
      t.columns.insert(t.columns.begin() + pos, column);
      for (auto& r : t.rows) r.insert(r.begin() + pos, std::string());
      row.insert(row.begin() + pos, std::string());
    }
    row[index] = std::move(value);
  }
  t.rows.push_back(std::move(row));
}

bool ImportedInventory::add_node(std::string_view table_name, std::vector<Cell> cells) {
  std::string id;
  for (const auto& [column, value] : cells)
    if (column == "id") id = value;
  if (id.empty()) return false;
  auto [it, inserted] = node_table_.emplace(std::move(id), std::string(table_name));
  if (!inserted) return false;
  put(table(table_name), std::move(cells));
  return true;
}

std::string_view ImportedInventory::node_table(std::string_view id) const {
  auto it = node_table_.find(std::string(id));
  return it == node_table_.end() ? std::string_view() : std::string_view(it->second);
}

void ImportedInventory::add_edge(std::string_view from, std::string_view to, std::string_view relation,
                                 std::vector<Cell> extra) {
  ImportedTable& edges = table("edges");
  EdgeCells wanted{from, to, relation, {}};
  for (const auto& c : extra)
    if (!c.second.empty()) wanted.extra.emplace_back(c.first, c.second);
  std::sort(wanted.extra.begin(), wanted.extra.end());
  const std::uint64_t h = hash_edge(wanted);

  if ((edges.rows.size() + 1) * 2 > edge_slots_.size()) {  // load factor <= 1/2
    std::vector<std::uint32_t> slots(std::max<std::size_t>(64, edge_slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t r = 0; r < edge_hash_.size(); ++r) {
      std::size_t s = static_cast<std::size_t>(edge_hash_[r]) & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = static_cast<std::uint32_t>(r + 1);
    }
    edge_slots_ = std::move(slots);
  }
  const std::size_t mask = edge_slots_.size() - 1;
  std::size_t s = static_cast<std::size_t>(h) & mask;
  for (; edge_slots_[s] != 0; s = (s + 1) & mask) {
    const std::size_t r = edge_slots_[s] - 1;
    if (edge_hash_[r] == h && edge_cells(edges, r) == wanted) return;  // exact duplicate
  }
  edge_slots_[s] = static_cast<std::uint32_t>(edges.rows.size() + 1);
  edge_hash_.push_back(h);

  if (extra.empty()) {  // the common case, without the cell list (INVARIANT: from, to, relation are columns 0..2)
    std::vector<std::string> row(edges.columns.size());
    row[0] = std::string(from);
    row[1] = std::string(to);
    row[2] = std::string(relation);
    edges.rows.push_back(std::move(row));
    return;
  }
  std::vector<Cell> cells;
  cells.reserve(3 + extra.size());
  cells.emplace_back("from", std::string(from));
  cells.emplace_back("to", std::string(to));
  cells.emplace_back("relation", std::string(relation));
  for (auto& c : extra) cells.push_back(std::move(c));
  put(edges, std::move(cells));
}

void ImportedInventory::add_row(std::string_view table_name, std::vector<Cell> cells) {
  if (table_name != "edges") {
    put(table(table_name), std::move(cells));
    return;
  }
  std::string from, to, relation;  // edges keep their duplicate index: go through add_edge
  std::vector<Cell> extra;
  for (auto& c : cells) {
    if (c.first == "from") from = std::move(c.second);
    else if (c.first == "to") to = std::move(c.second);
    else if (c.first == "relation") relation = std::move(c.second);
    else extra.push_back(std::move(c));
  }
  add_edge(from, to, relation, std::move(extra));
}

std::vector<const ImportedTable*> ImportedInventory::tables() const {
  std::vector<const ImportedTable*> out;
  for (const auto& s : specs()) {
    auto it = tables_.find(std::string_view(s.name));
    if (it != tables_.end() && (s.required_table || !it->second.rows.empty())) out.push_back(&it->second);
  }
  for (const auto& [name, t] : tables_)  // std::map: extra tables by name
    if (spec_of(name) == nullptr && !t.rows.empty()) out.push_back(&t);
  return out;
}

std::vector<std::pair<std::string, std::string>> to_csv_files(const ImportedInventory& inv) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const ImportedTable* t : inv.tables()) {
    std::string text;
    append_csv_record(text, t->columns);
    for (const auto& row : t->rows) append_csv_record(text, row);
    files.emplace_back(t->name + ".csv", std::move(text));
  }
  return files;
}

std::string to_json(const ImportedInventory& inv) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const ImportedTable* t : inv.tables()) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : t->rows) {
      nlohmann::ordered_json obj = nlohmann::ordered_json::object();
      for (std::size_t c = 0; c < t->columns.size(); ++c) {
        if (row[c].empty())
          obj[t->columns[c]] = nullptr;
        else
          obj[t->columns[c]] = row[c];
      }
      rows.push_back(std::move(obj));
    }
    doc[t->name] = std::move(rows);
  }
  // `replace`: invalid UTF-8 cannot make dump() throw; the loader would
  // reject such text anyway, and importers check what they copy.
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string mapping_report(const ImportedInventory& inv, std::string_view source_name) {
  std::string out = fmt::format("import {}:\n", printable(source_name));
  for (const ImportedTable* t : inv.tables())
    out += fmt::format("  {}: {} row{}\n", t->name, t->rows.size(), t->rows.size() == 1 ? "" : "s");
  const auto& skipped = inv.skipped();
  if (skipped.empty()) {
    out += "nothing skipped\n";
  } else {
    out += fmt::format("skipped ({}):\n", skipped.size());
    for (const SkippedItem& s : skipped) {
      std::string where;
      if (!s.where.file.empty()) {
        where = fmt::format("{}:{}", printable(s.where.file), s.where.line);
        if (s.where.col > 0) where += fmt::format(":{}", s.where.col);
        where += ": ";
      }
      out += fmt::format("  {}{}: {}\n", where, printable(s.what), printable(s.why));
    }
  }
  if (!inv.notes().empty()) {
    out += "notes:\n";
    for (const auto& n : inv.notes()) out += fmt::format("  - {}\n", printable(n));
  }
  return out;
}

}  // namespace ward::import
