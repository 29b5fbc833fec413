// Row-level difference between two inventories (see ward/change.hpp).
#include <algorithm>
#include <fmt/format.h>
#include <cstring>
#include <functional>

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
  // The key cells of each row (all cells when `columns` is empty), as column indexes.
  std::vector<int> key_indexes(const std::vector<std::string>& columns) const {
    std::vector<int> out;
    if (columns.empty()) {
      for (std::size_t c = 0; c < t.columns.size(); ++c) out.push_back(static_cast<int>(c));
    } else {
      for (const auto& c : columns) out.push_back(t.column(c));
    }
    return out;
  }
  std::string_view cell_at(std::size_t row, int column) const {
    return column < 0 ? std::string_view{} : inv.strings.view(t.cell(row, static_cast<std::size_t>(column)));
  }
  std::uint64_t key_hash(std::size_t row, const std::vector<int>& key) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int c : key) h = (h ^ std::hash<std::string_view>{}(cell_at(row, c))) * 0x100000001b3ull + 0x7f4a7c15;
    return h;
  }
  const std::string& file() const {
    static const std::string kNone;
    return t.file < inv.files.size() ? inv.files[t.file].path : kNone;
  }
};

// Every column either side has, compared as text; `pairs` maps them
// (column in a, column in b; -1 where a side lacks it).
std::vector<std::pair<int, int>> column_pairs(const TableView& a, const TableView& b) {
  std::vector<std::pair<int, int>> pairs;
  for (std::size_t c = 0; c < a.t.columns.size(); ++c) pairs.emplace_back(static_cast<int>(c), b.t.column(a.t.columns[c]));
  for (std::size_t c = 0; c < b.t.columns.size(); ++c)
    if (a.t.column(b.t.columns[c]) < 0) pairs.emplace_back(-1, static_cast<int>(c));
  return pairs;
}
// With row hashes over the same columns (both CSV, same header), rows
// compare by hash without reading a string.
bool hashes_comparable(const TableView& a, const TableView& b) {
  return a.t.row_hashes.size() == a.t.rows() && b.t.row_hashes.size() == b.t.rows() && a.t.columns == b.t.columns;
}
// How two rows compare: by row hash (both CSV with hashes), else cell by
// cell, as ids where the two pools number strings alike (a baseline read
// beside the inventory clones its pool: StringPool::common_ids), as text
// where they do not.
struct RowCompare {
  bool by_hash = false;
  std::size_t common_ids = 0;
  bool same_columns = false;  // the same header: a row's cells line up
};
bool same_cells(const TableView& a, std::size_t ra, const TableView& b, std::size_t rb,
                const std::vector<std::pair<int, int>>& pairs, const RowCompare& how) {
  if (how.by_hash) return a.t.row_hashes[ra] == b.t.row_hashes[rb];
  if (how.same_columns && how.common_ids > 0) {
    // The row's cells side by side: equal ids, all shared, are equal rows
    // (the common case, a whole unchanged file's worth of rows).
    const std::size_t width = a.t.columns.size();
    const StrId* x = a.t.cells.data() + ra * width;
    const StrId* y = b.t.cells.data() + rb * width;
    if (std::memcmp(x, y, width * sizeof(StrId)) == 0 &&
        std::all_of(x, x + width, [&](StrId id) { return id < how.common_ids; }))
      return true;
  }
  for (auto [ca, cb] : pairs) {
    if (ca >= 0 && cb >= 0) {
      const StrId x = a.t.cell(ra, static_cast<std::size_t>(ca)), y = b.t.cell(rb, static_cast<std::size_t>(cb));
      if (x < how.common_ids || y < how.common_ids) {
        if (x != y) return false;
        continue;
      }
    }
    if (a.cell_at(ra, ca) != b.cell_at(rb, cb)) return false;
  }
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
  // sides is two unchanged rows; once more now is one added row). Keys are
  // hashed into one sorted array, not a map of strings: a million edges
  // are compared in tens of milliseconds.
  const std::vector<int> before_key = before.key_indexes(columns), after_key = after.key_indexes(columns);
  if (columns.empty() && before.t.columns != after.t.columns) {
    // Whole-row keys over different columns never match: all removed, all added.
    for (std::uint32_t r = 0; r < after.t.rows(); ++r) out.push_back(make_change(RowChange::Kind::added, after, r));
    for (std::uint32_t r = 0; r < before.t.rows(); ++r) out.push_back(make_change(RowChange::Kind::removed, before, r));
    return;
  }
  const auto pairs = column_pairs(before, after);
  const RowCompare how{hashes_comparable(before, after), StringPool::common_ids(before.inv.strings, after.inv.strings),
                       before.t.columns == after.t.columns};
  // Most of a file is unchanged, in place: rows equal at the start and at
  // the end are skipped by a linear scan; only the middle is matched by key.
  std::uint32_t lo = 0, b_hi = static_cast<std::uint32_t>(before.t.rows()), a_hi = static_cast<std::uint32_t>(after.t.rows());
  while (lo < b_hi && lo < a_hi && same_cells(before, lo, after, lo, pairs, how)) ++lo;
  while (b_hi > lo && a_hi > lo && same_cells(before, b_hi - 1, after, a_hi - 1, pairs, how)) {
    --b_hi;
    --a_hi;
  }
  // The middle: both sides' (key hash, row) sorted and merged, rows with
  // equal keys paired in row order.
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  std::vector<Entry> b_rows, a_rows;
  for (std::uint32_t r = lo; r < b_hi; ++r) b_rows.emplace_back(before.key_hash(r, before_key), r);
  for (std::uint32_t r = lo; r < a_hi; ++r) a_rows.emplace_back(after.key_hash(r, after_key), r);
  std::sort(b_rows.begin(), b_rows.end());
  std::sort(a_rows.begin(), a_rows.end());
  auto same_key = [&](std::uint32_t b, std::uint32_t a) {
    for (std::size_t k = 0; k < before_key.size(); ++k)
      if (before.cell_at(b, before_key[k]) != after.cell_at(a, after_key[k])) return false;
    return true;
  };
  std::size_t i = 0, j = 0;
  while (i < b_rows.size() || j < a_rows.size()) {
    if (j == a_rows.size() || (i < b_rows.size() && b_rows[i].first < a_rows[j].first)) {
      out.push_back(make_change(RowChange::Kind::removed, before, b_rows[i++].second));
      continue;
    }
    if (i == b_rows.size() || a_rows[j].first < b_rows[i].first) {
      out.push_back(make_change(RowChange::Kind::added, after, a_rows[j++].second));
      continue;
    }
    const std::uint64_t h = a_rows[j].first;
    std::size_t i_end = i, j_end = j;
    while (i_end < b_rows.size() && b_rows[i_end].first == h) ++i_end;
    while (j_end < a_rows.size() && a_rows[j_end].first == h) ++j_end;
    std::vector<std::uint8_t> taken(i_end - i, 0);
    for (std::size_t a = j; a < j_end; ++a) {
      const std::uint32_t r = a_rows[a].second;
      std::size_t pick = i_end;
      for (std::size_t b = i; b < i_end; ++b)
        if (!taken[b - i] && same_key(b_rows[b].second, r)) {
          pick = b;
          break;
        }
      if (pick == i_end) {
        out.push_back(make_change(RowChange::Kind::added, after, r));
        continue;
      }
      taken[pick - i] = 1;
      const std::uint32_t was = b_rows[pick].second;
      if (!same_cells(before, was, after, r, pairs, how)) {
        RowChange c = make_change(RowChange::Kind::modified, after, r);
        for (auto& n : touched_nodes(before, was))
          if (std::find(c.nodes.begin(), c.nodes.end(), n) == c.nodes.end()) c.nodes.push_back(std::move(n));
        out.push_back(std::move(c));
      }
    }
    for (std::size_t b = i; b < i_end; ++b)
      if (!taken[b - i]) out.push_back(make_change(RowChange::Kind::removed, before, b_rows[b].second));
    i = i_end;
    j = j_end;
  }
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
