// ImportedInventory: what an importer produces from a foreign source (SCIM,
// AWS IAM, LDIF, ...) before it becomes an inventory in the format of
// ../shared/spec/inventory.md. Importers only *map*; validation is the
// engine's loader, run on what they produce (so an imported inventory obeys
// exactly the rules a hand-written one does).
//
// The mapping report says, per table, how many rows were written, and lists
// everything in the source that was not mapped, with where it was and why.
// Nothing is skipped silently.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ward/diagnostic.hpp"

namespace ward::import {

// One cell: column name and value. An empty value means "absent".
using Cell = std::pair<std::string, std::string>;

// A table being built. Columns are added on first use, in first-use order
// after the spec's own columns (so output is deterministic).
// INVARIANT: every row has one value per column (missing ones empty).
struct ImportedTable {
  std::string name;                       // "identities", "edges", ... or an extra table
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Something in the source that the importer did not map (or mapped only in
// part), for the mapping report. `where` is file:line (line 0: whole file).
struct SkippedItem {
  SourcePos where;
  std::string what;  // e.g. "attribute `userPassword`", "Deny statement in policy `X`"
  std::string why;   // e.g. "secrets are never copied"
};

class ImportedInventory {
 public:
  ImportedInventory();

  // Adds a node row. `table` is "identities", "roles" or "entitlements";
  // `cells` must hold "id". Returns false (and adds nothing) when a node with
  // that id exists already in any node table (ids are unique across tables).
  bool add_node(std::string_view table, std::vector<Cell> cells);
  bool has_node(std::string_view id) const { return node_table_.count(std::string(id)) != 0; }
  // The table a node was added to ("identities", "roles", "entitlements"), or "".
  std::string_view node_table(std::string_view id) const;

  // Adds an edge (relation "member_of" or "grants"); `extra` holds optional
  // columns (granted, expires, approved_by, reason, or extra columns).
  // Exact duplicates (same from, to, relation and extra cells) are dropped:
  // sources often state the same membership twice (member and memberOf).
  void add_edge(std::string_view from, std::string_view to, std::string_view relation,
                std::vector<Cell> extra = {});

  // Adds a row to any other table (sod_rules, exceptions, reviews, or an
  // extra table such as "iam_policies").
  void add_row(std::string_view table, std::vector<Cell> cells);

  void skip(SourcePos where, std::string what, std::string why) {
    skipped_.push_back(SkippedItem{std::move(where), std::move(what), std::move(why)});
  }
  // A free-text remark for the mapping report (an ambiguity and how it was resolved).
  void note(std::string text) { notes_.push_back(std::move(text)); }

  // Tables in canonical order (identities, roles, entitlements, edges,
  // sod_rules, exceptions, reviews), then extra tables by name. Tables with
  // no rows are included only when required (identities, entitlements, edges).
  std::vector<const ImportedTable*> tables() const;
  const std::vector<SkippedItem>& skipped() const { return skipped_; }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  ImportedTable& table(std::string_view name);
  static void put(ImportedTable& t, std::vector<Cell> cells);

  std::map<std::string, ImportedTable, std::less<>> tables_;
  std::unordered_map<std::string, std::string> node_table_;  // node id -> table name
  // Exact-duplicate edges are found by hash, then confirmed by comparing
  // cells (a string key per edge cost more than the rest of a 185k-edge
  // import). INVARIANT: edge_hash_ has one entry per edges row;
  // edge_slots_ is an open-addressing table of size 0 or a power of two.
  std::vector<std::uint64_t> edge_hash_;
  std::vector<std::uint32_t> edge_slots_;  // row index + 1; 0: empty slot
  std::vector<SkippedItem> skipped_;
  std::vector<std::string> notes_;
};

// Serialises to the inventory format: one RFC 4180 CSV text per table
// (file name "<table>.csv", header then rows, cells quoted only when they
// hold `,`, `"`, CR or LF), or one JSON document (values are strings; empty
// cells become null).
std::vector<std::pair<std::string, std::string>> to_csv_files(const ImportedInventory& inv);
std::string to_json(const ImportedInventory& inv);

// The mapping report as plain text: rows per table, then every skipped
// item ("file:line: what: why"), then the notes.
std::string mapping_report(const ImportedInventory& inv, std::string_view source_name);

}  // namespace ward::import
