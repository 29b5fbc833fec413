// Row-level difference between two inventories (see ward/change.hpp).
#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "ward/change.hpp"

namespace ward {

namespace {

// The columns that identify a row of each known table; other tables: the whole row.
const std::vector<std::string>& key_columns(std::string_view table) {
  static const std::vector<std::string> kId{"id"}, kEdge{"from", "to", "relation"}, kException{"rule", "identity"},
      kReview{"identity", "target", "date"}, kWholeRow{};
  if (table == "identities" || table == "roles" || table == "entitlements" || table == "sod_rules") return kId;
  if (table == "edges") return kEdge;
  if (table == "exceptions") return kException;
  if (table == "reviews") return kReview;
  return kWholeRow;
}

// One table of one inventory, read by column name.
struct TableView {
  const Inventory& inv;
  const Table& t;
  std::string_view cell(std::size_t row, std::string_view column) const {
    int c = t.column(column);
    return c < 0 ? std::string_view{} : inv.strings.view(t.cell(row, static_cast<std::size_t>(c)));
  }
  std::string key(std::size_t row, const std::vector<std::string>& columns) const {
    std::string k;
    if (columns.empty()) {
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        k += t.columns[c];
        k += '=';
        k += inv.strings.view(t.cell(row, c));
        k += '\x1f';
      }
      return k;
    }
    for (const auto& c : columns) {
      k += cell(row, c);
      k += '\x1f';
    }
    return k;
  }
  const std::string& file() const {
    static const std::string kNone;
    return t.file < inv.files.size() ? inv.files[t.file].path : kNone;
  }
};

// Every column either side has, compared as text.
bool same_cells(const TableView& a, std::size_t ra, const TableView& b, std::size_t rb) {
  for (const auto& c : a.t.columns)
    if (a.cell(ra, c) != b.cell(rb, c)) return false;
  for (const auto& c : b.t.columns)
    if (a.t.column(c) < 0 && !b.cell(rb, c).empty()) return false;
  return true;
}

std::string readable(const TableView& v, std::size_t row) {
  const std::string& name = v.t.name;
  if (name == "edges") return fmt::format("{} {} {}", v.cell(row, "from"), v.cell(row, "relation"), v.cell(row, "to"));
  if (name == "identities") return fmt::format("identity {}", v.cell(row, "id"));
  if (name == "roles") {
    std::string_view kind = v.cell(row, "kind");
    return fmt::format("{} {}", kind.empty() ? "role" : kind, v.cell(row, "id"));
  }
  if (name == "entitlements") return fmt::format("entitlement {}", v.cell(row, "id"));
  if (name == "sod_rules")
    return fmt::format("SoD rule {}: {} / {}", v.cell(row, "id"), v.cell(row, "left"), v.cell(row, "right"));
  if (name == "exceptions") return fmt::format("exception to {} for {}", v.cell(row, "rule"), v.cell(row, "identity"));
  if (name == "reviews")
    return fmt::format("review of {} on {} ({})", v.cell(row, "identity"), v.cell(row, "target"), v.cell(row, "date"));
  return fmt::format("{} row", name);
}

std::vector<std::string> touched_nodes(const TableView& v, std::size_t row) {
  const std::string& name = v.t.name;
  std::vector<std::string> out;
  auto add = [&](std::string_view column) {
    std::string_view id = v.cell(row, column);
    if (!id.empty()) out.emplace_back(id);
  };
  if (name == "edges") add("from");
  if (name == "identities" || name == "roles" || name == "entitlements") add("id");
  if (name == "sod_rules") {
    add("left");
    add("right");
  }
  if (name == "exceptions" || name == "reviews") add("identity");
  return out;
}

RowChange make_change(RowChange::Kind kind, const TableView& v, std::size_t row) {
  RowChange c{kind, v.t.name, v.file(), v.t.lines[row], readable(v, row), touched_nodes(v, row), ""};
  if (v.t.name == "edges") c.to = std::string(v.cell(row, "to"));
  return c;
}

void diff_table(const TableView& before, const TableView& after, std::vector<RowChange>& out) {
  if (before.t.file < before.inv.files.size() && after.t.file < after.inv.files.size() &&
      before.inv.files[before.t.file].sha256 == after.inv.files[after.t.file].sha256)
    return;  // the same bytes: the same rows
  const auto& columns = key_columns(after.t.name);
  // Rows with the same key pair up in order (a key listed twice on both
  // sides is two unchanged rows; once more now is one added row).
  std::unordered_map<std::string, std::vector<std::uint32_t>> before_rows;
  before_rows.reserve(before.t.rows());
  for (std::uint32_t r = before.t.rows(); r-- > 0;) before_rows[before.key(r, columns)].push_back(r);
  std::vector<std::uint8_t> matched(before.t.rows(), 0);
  for (std::uint32_t r = 0; r < after.t.rows(); ++r) {
    auto it = before_rows.find(after.key(r, columns));
    if (it == before_rows.end() || it->second.empty()) {
      out.push_back(make_change(RowChange::Kind::added, after, r));
      continue;
    }
    const std::uint32_t was = it->second.back();
    it->second.pop_back();
    matched[was] = 1;
    if (!same_cells(before, was, after, r)) {
      RowChange c = make_change(RowChange::Kind::modified, after, r);
      for (auto& n : touched_nodes(before, was))
        if (std::find(c.nodes.begin(), c.nodes.end(), n) == c.nodes.end()) c.nodes.push_back(std::move(n));
      out.push_back(std::move(c));
    }
  }
  for (std::uint32_t r = 0; r < before.t.rows(); ++r)
    if (!matched[r]) out.push_back(make_change(RowChange::Kind::removed, before, r));
}

}  // namespace

std::string_view to_string(RowChange::Kind k) {
  switch (k) {
    case RowChange::Kind::added: return "added";
    case RowChange::Kind::removed: return "removed";
    case RowChange::Kind::modified: return "modified";
  }
  return "?";
}

InventoryDiff diff_inventories(const Inventory& before, const Inventory& after) {
  InventoryDiff diff;
  static const Table kEmpty{};
  auto find = [](const Inventory& inv, const std::string& name) -> const Table& {
    for (const auto& t : inv.tables)
      if (t.name == name) return t;
    return kEmpty;
  };
  std::vector<std::string> names;
  for (const auto& t : after.tables) names.push_back(t.name);
  for (const auto& t : before.tables)
    if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
  for (const auto& name : names) {
    std::vector<RowChange> changes;
    const Table& b = find(before, name);
    const Table& a = find(after, name);
    // A table only one side has is compared with an empty one of the same name.
    Table empty_named;
    empty_named.name = name;
    empty_named.file = UINT32_MAX;
    diff_table(TableView{before, b.name.empty() ? empty_named : b}, TableView{after, a.name.empty() ? empty_named : a}, changes);
    // Rows of the current file by line, then removed rows (lines of the baseline's file).
    std::stable_sort(changes.begin(), changes.end(), [](const RowChange& x, const RowChange& y) {
      bool xr = x.kind == RowChange::Kind::removed, yr = y.kind == RowChange::Kind::removed;
      return xr != yr ? yr : x.line < y.line;
    });
    diff.changes.insert(diff.changes.end(), std::make_move_iterator(changes.begin()), std::make_move_iterator(changes.end()));
  }
  return diff;
}

}  // namespace ward
