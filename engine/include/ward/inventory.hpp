// The inventory: one snapshot of who can reach what (../shared/spec/inventory.md).
//
// An Inventory is immutable once loaded. Every string cell is interned in
// `strings`; every node (identity, role, group, entitlement) has a dense
// NodeId, so the graph and the evaluator work on integers only.
//
// Node ids are assigned in table order: identities first (NodeId == row of
// the identities table), then roles and groups (row of roles), then
// entitlements (row of entitlements). So `kind(n)` and the table row of a
// node are arithmetic, not lookups.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ward/date.hpp"
#include "ward/diagnostic.hpp"
#include "ward/file_io.hpp"
#include "ward/string_pool.hpp"
#include "ward/uninitialized.hpp"

namespace ward {

using NodeId = std::uint32_t;
constexpr NodeId kNoNode = UINT32_MAX;

enum class NodeKind : std::uint8_t { identity, role, group, entitlement };
enum class IdentityType : std::uint8_t { employee, contractor, service, api_key, token, workload };
enum class Status : std::uint8_t { active, suspended, terminated };
enum class Relation : std::uint8_t { member_of, grants };
enum class Severity : std::uint8_t { low, medium, high, critical };
enum class Decision : std::uint8_t { keep, revoke };

std::string_view to_string(NodeKind k);
std::string_view to_string(IdentityType t);
std::string_view to_string(Status s);
std::string_view to_string(Relation r);
std::string_view to_string(Severity s);
std::string_view to_string(Decision d);
std::optional<Severity> parse_severity(std::string_view s);

// True for service, api_key, token and workload.
inline bool is_nonhuman(IdentityType t) { return t >= IdentityType::service; }

// A file that was read, for evidence ("inputs" of a report).
struct SourceFile {
  std::string path;    // as given on the command line, joined with the file name
  std::string sha256;  // lowercase hex of the bytes read
  std::uint64_t bytes = 0;
};

// A table as read from CSV or JSON: header names and row-major cells.
// INVARIANT: cells.size() == rows() * columns.size(); a cell is kEmptyStr when
// absent (empty CSV cell, JSON null or missing key).
struct Table {
  std::string name;              // "identities", ..., or an extra table's name
  std::uint32_t file = 0;        // index into Inventory::files; UINT32_MAX: no file (optional table absent)
  std::vector<std::string> columns;
  // Readers fill these from two threads (uninitialized.hpp): resize()
  // leaves new elements unwritten.
  UninitializedVector<StrId> cells;
  UninitializedVector<std::uint32_t> lines;  // per row: line where the record (or JSON row `{`) starts
  // CSV loaded with LoadOptions::row_hashes: per row, a 64-bit hash of its
  // cells in column order, so two snapshots compare rows without reading
  // their strings. Empty otherwise.
  bool hash_rows = false;
  std::vector<std::uint64_t> row_hashes;

  std::size_t rows() const { return lines.size(); }
  StrId cell(std::size_t row, std::size_t col) const { return cells[row * columns.size() + col]; }
  // Column index, or -1 when the table has no such column.
  int column(std::string_view name) const;
};

// An edge as the graph and the evaluator read it: 20 bytes, because a large
// inventory has tens of millions. Its free-text columns (approved_by,
// reason) and its line stay in the edges table, read through
// Inventory::edge_approved_by() and friends. Edge i is row i of that table.
struct Edge {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  Date granted;
  Date expires;
  Relation relation = Relation::member_of;
};

struct SodRule {
  StrId id, left, right, description;
  Severity severity = Severity::high;
  std::uint32_t line = 0;
};

struct Exception {
  StrId rule, identity, approved_by, reason;
  Date expires;
  std::uint32_t line = 0;
};

struct Review {
  StrId identity, target, reviewer;
  Date date;
  Decision decision = Decision::keep;
  std::uint32_t line = 0;
};

// Canonical table order; tables[] always holds these seven first (an absent
// optional table is present and empty), then extra tables sorted by name.
enum TableIndex : std::size_t {
  kIdentities = 0, kRoles, kEntitlements, kEdges, kSodRules, kExceptions, kReviews, kKnownTableCount
};

class Inventory {
 public:
  StringPool strings;
  std::vector<SourceFile> files;
  std::vector<Table> tables;
  // With LoadOptions::keep_file_bytes, per entry of `files`: the bytes it
  // was read from. Mapped pages were released as they were read, so this
  // holds address space, not memory; reading it again sees exactly what
  // the tables came from, whatever happened to the file since. Borrowed
  // bytes (load_inventory_csv_text) must outlive the inventory.
  std::vector<FileContents> file_bytes;

  // --- nodes -------------------------------------------------------------
  std::uint32_t identity_count = 0, role_count = 0, entitlement_count = 0;
  std::uint32_t node_count() const { return identity_count + role_count + entitlement_count; }
  NodeKind kind(NodeId n) const;
  StrId node_name(NodeId n) const { return node_names_[n]; }
  std::string_view node_id(NodeId n) const { return strings.view(node_names_[n]); }
  // The node with this id, or kNoNode.
  NodeId find_node(std::string_view id) const;
  NodeId node_of(StrId s) const { return s < node_of_str_.size() ? node_of_str_[s] : kNoNode; }
  // Table and row a node's attributes live in.
  std::size_t node_table(NodeId n) const;
  std::size_t node_row(NodeId n) const;
  // Identity helpers. REQUIRES: n < identity_count.
  bool is_identity(NodeId n) const { return n < identity_count; }

  // --- typed columns (index: identity row / entitlement row / edge row) ---
  std::vector<IdentityType> identity_type;
  std::vector<Status> status;
  std::vector<Date> created, last_active, terminated, expires;
  std::vector<std::uint8_t> role_is_group;   // per roles row: 1 when kind == group
  std::vector<std::uint8_t> privileged;      // per entitlements row
  // Filled by the loader from two threads; see uninitialized.hpp.
  UninitializedVector<Edge> edges;
  std::vector<SodRule> sod_rules;
  std::vector<Exception> exceptions;
  std::vector<Review> reviews;

  // The file an edge came from, for "file:line" evidence.
  const std::string& edges_file() const { return files[tables[kEdges].file].path; }
  // Columns of edge `e` kept in the edges table. kEmptyStr: none recorded.
  StrId edge_approved_by(std::size_t e) const { return edge_cell(e, edge_approved_by_column_); }
  StrId edge_reason(std::size_t e) const { return edge_cell(e, edge_reason_column_); }
  // Line of edge `e` in the edges file (JSON: the line of its `{`).
  std::uint32_t edge_line(std::size_t e) const { return tables[kEdges].lines[e]; }

  // Filled by the loader (build_inventory.cpp) only.
  std::vector<StrId> node_names_;
  std::vector<NodeId> node_of_str_;  // StrId -> NodeId, sized to the pool at index time
  int edge_approved_by_column_ = -1;  // -1: the edges table has no such column
  int edge_reason_column_ = -1;

 private:
  StrId edge_cell(std::size_t e, int column) const {
    return column < 0 ? kEmptyStr : tables[kEdges].cell(e, static_cast<std::size_t>(column));
  }
};

constexpr std::uint64_t kDefaultMaxFileBytes = std::uint64_t{4} << 30;  // 4 GiB

// Whether loading the CSV files `names` (read with `fetch`) beside another
// inventory's files of the same names (read with `other_fetch`) pays: when
// at most a quarter of their bytes lie outside what they share at their
// start and end. (Otherwise both are better parsed at once, side by side.)
bool worth_loading_beside(const std::vector<std::string>& names,
                          const std::function<MapResult(const std::string&)>& fetch,
                          const std::function<MapResult(const std::string&)>& other_fetch);

struct LoadOptions {
  std::size_t max_errors = 100;
  // Files larger than this are refused (error I0105) before they are parsed,
  // so an accidental or hostile multi-gigabyte file fails fast and clearly
  // instead of exhausting memory. `--max-file-size` raises it.
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  bool row_hashes = false;  // fill Table::row_hashes (CSV), for change mode's diff
  // CSV: keep the bytes each file was read from (Inventory::file_bytes), so
  // that another snapshot can later be loaded beside this one.
  bool keep_file_bytes = false;
  // An inventory already loaded, for loading another snapshot of it (a
  // change's baseline): each CSV file then takes the records it shares at
  // its start and end with the same file of `beside` (read again from its
  // file_bytes) and parses only the records between. The result is the same
  // inventory, row for row, line for line, with the same diagnostics; only
  // the numbering of string ids differs. Files it cannot share from are
  // read in full. REQUIRES: `beside` loaded from CSV without errors, with
  // keep_file_bytes and the same row_hashes.
  const Inventory* beside = nullptr;
  // The column names the caller will read, in any table (columns_read() in
  // evaluate.hpp gives a policy's); null: every column. A column no name
  // here matches, that has no check at load (schema::may_leave_unread: an
  // optional text column of identities, roles, entitlements or edges, or
  // one the spec does not name), may then be left absent, every cell
  // kEmptyStr, instead of interned: at L the SoD check's edges carry nine
  // million approvers it never reads. Diagnostics are the same either way.
  // Not applied with `beside`, keep_file_bytes or row_hashes (change mode
  // compares whole rows), nor by the JSON reader's slow path.
  const std::vector<std::string>* read_columns = nullptr;
};

// The result of a load: either an inventory and no errors, or errors and no
// inventory (never a half-loaded one).
struct LoadResult {
  std::unique_ptr<Inventory> inventory;
  Diagnostics diagnostics;
};

// Loads a directory of CSV files, or one JSON document (a path ending in
// `.json`). On failure `inventory` is null and `diagnostics` names file, line
// and what was expected for every problem found (up to max_errors).
LoadResult load_inventory(const std::string& path, const LoadOptions& options = {});

// In-memory sources, for tests and fixtures: `files` maps table file names
// ("identities.csv", ...) to their text; `display_dir` prefixes the names in
// diagnostics.
struct InMemoryFile {
  std::string name;
  std::string text;
};
LoadResult load_inventory_csv_text(const std::string& display_dir, const std::vector<InMemoryFile>& files,
                                   const LoadOptions& options = {});
LoadResult load_inventory_json_text(const std::string& display_path, std::string_view text,
                                    const LoadOptions& options = {});

}  // namespace ward
