// Loading only the columns the rules read (LoadOptions::read_columns,
// columns_read()): which columns may be left absent, that a projected load
// differs from a full one in exactly those and reports the same problems,
// in CSV and in JSON (one reader and two), and which names a policy reads.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "inventory/json_fast_reader.hpp"
#include "inventory/json_reader.hpp"
#include "inventory/schema.hpp"
#include "policy_fixtures.hpp"
#include "ward/evaluate.hpp"

using namespace ward;

namespace {

const std::string kAcme = std::string(WARD_SOURCE_DIR) + "/docs/examples/acme";

// Compares a projected load with a full one, table by table and cell by
// cell (as text: the two pools number strings differently). A cell of a
// column schema::may_leave_unread allows must be absent in `projected`;
// every other cell, line and table must be the same. Returns how many
// cells present in `full` the projection left absent.
std::size_t left_absent(const Inventory& full, const Inventory& projected, const std::vector<std::string>& read) {
  REQUIRE(full.tables.size() == projected.tables.size());
  std::size_t absent = 0;
  for (std::size_t t = 0; t < full.tables.size(); ++t) {
    const Table& a = full.tables[t];
    const Table& b = projected.tables[t];
    INFO("table ", a.name);
    REQUIRE(a.name == b.name);
    REQUIRE(a.columns == b.columns);
    REQUIRE(a.rows() == b.rows());
    CHECK(test::as_vector(a.lines) == test::as_vector(b.lines));
    for (std::size_t c = 0; c < a.columns.size(); ++c) {
      INFO("column ", a.columns[c]);
      const bool may_drop = schema::may_leave_unread(a.name, a.columns[c], &read);
      std::size_t wrong = 0;  // cells kept that should be absent, or changed
      for (std::size_t r = 0; r < a.rows(); ++r) {
        const std::string_view x = full.strings.view(a.cell(r, c)), y = projected.strings.view(b.cell(r, c));
        if (may_drop) absent += x.empty() ? 0 : 1;
        wrong += (may_drop ? !y.empty() : x != y) ? 1 : 0;
      }
      CHECK(wrong == 0);
    }
  }
  CHECK(full.node_count() == projected.node_count());
  CHECK(full.edges.size() == projected.edges.size());
  return absent;
}

LoadResult load_csv(const std::string& dir, const std::vector<std::string>* read) {
  LoadOptions options;
  options.read_columns = read;
  return load_inventory(dir, options);
}

}  // namespace

TEST_CASE("projection: only unchecked text columns of the node and edge tables may be left absent") {
  const std::vector<std::string> read = {"owner", "reason"};
  // Optional text, and columns the spec does not name, of the four tables.
  CHECK(schema::may_leave_unread("identities", "name", &read));
  CHECK(schema::may_leave_unread("identities", "purpose", &read));
  CHECK(schema::may_leave_unread("identities", "location", &read));
  CHECK(schema::may_leave_unread("roles", "description", &read));
  CHECK(schema::may_leave_unread("entitlements", "system", &read));
  CHECK(schema::may_leave_unread("edges", "approved_by", &read));
  // Read: kept, in every table.
  CHECK_FALSE(schema::may_leave_unread("identities", "owner", &read));
  CHECK_FALSE(schema::may_leave_unread("edges", "reason", &read));
  // Checked at load: required, dates, closed sets, booleans.
  CHECK_FALSE(schema::may_leave_unread("identities", "id", &read));
  CHECK_FALSE(schema::may_leave_unread("identities", "type", &read));
  CHECK_FALSE(schema::may_leave_unread("identities", "last_active", &read));
  CHECK_FALSE(schema::may_leave_unread("entitlements", "privileged", &read));
  CHECK_FALSE(schema::may_leave_unread("edges", "to", &read));
  // The other tables feed typed rows the reports print (an exception's
  // approver and reason), and extra tables are read whole.
  CHECK_FALSE(schema::may_leave_unread("exceptions", "approved_by", &read));
  CHECK_FALSE(schema::may_leave_unread("sod_rules", "description", &read));
  CHECK_FALSE(schema::may_leave_unread("systems", "owner", &read));
  // No projection asked.
  CHECK_FALSE(schema::may_leave_unread("identities", "name", nullptr));
}

TEST_CASE("projection: a CSV load leaves exactly the unread columns absent") {
  const std::vector<std::string> read = {"id", "status"};
  LoadResult full = load_csv(kAcme, nullptr);
  LoadResult projected = load_csv(kAcme, &read);
  INFO(render_plain(projected.diagnostics));
  REQUIRE(full.inventory);
  REQUIRE(projected.inventory);
  // The example has names, owners, managers, a location, approvers: all go.
  CHECK(left_absent(*full.inventory, *projected.inventory, read) > 100);
  // Tables whose text reports print keep it: an exception's reason, a
  // SoD rule's description.
  const Inventory& p = *projected.inventory;
  REQUIRE_FALSE(p.exceptions.empty());
  CHECK(p.strings.view(p.exceptions[1].reason) == "Vendor master migration project");
  REQUIRE_FALSE(p.sod_rules.empty());
  CHECK(p.strings.view(p.sod_rules[0].description) == "Create a vendor and pay it");
  // The evidence a report is built from is the same.
  for (std::size_t f = 0; f < full.inventory->files.size(); ++f)
    CHECK(full.inventory->files[f].sha256 == projected.inventory->files[f].sha256);
}

TEST_CASE("projection: a load that also keeps whole rows (a baseline's, change mode's) reads every column") {
  const std::vector<std::string> read = {"id"};
  LoadOptions options;
  options.read_columns = &read;
  options.row_hashes = true;
  LoadResult hashed = load_inventory(kAcme, options);
  REQUIRE(hashed.inventory);
  const Table& ids = hashed.inventory->tables[kIdentities];
  CHECK(hashed.inventory->strings.view(ids.cell(0, static_cast<std::size_t>(ids.column("name")))) == "Helen Achterberg");
  // Kept for a baseline to be loaded beside it: read whole too.
  LoadOptions kept_bytes;
  kept_bytes.read_columns = &read;
  kept_bytes.keep_file_bytes = true;
  LoadResult kept = load_inventory(kAcme, kept_bytes);
  REQUIRE(kept.inventory);
  CHECK(kept.inventory->strings.view(kept.inventory->edge_approved_by(0)) == "ken");
}

TEST_CASE("projection: a large CSV file read in two halves leaves the column absent in both") {
  // Above the 32 MB at which read_csv splits a file between two threads.
  constexpr int kRows = 900000;
  std::string edges = "from,to,relation,granted,expires,approved_by,reason\n";
  edges.reserve(static_cast<std::size_t>(kRows) * 48);
  for (int r = 0; r < kRows; ++r)
    fmt::format_to(std::back_inserter(edges), "u{},e{},grants,2026-01-0{},,u{},ticket-{}\n", r % 1000, r % 50, 1 + r % 9,
                   (r * 7) % 1000, r);
  REQUIRE(edges.size() > (std::size_t{33} << 20));
  std::string identities = "id,type,name\n", entitlements = "id,system\n";
  for (int u = 0; u < 1000; ++u) identities += fmt::format("u{},employee,User {}\n", u, u);
  for (int e = 0; e < 50; ++e) entitlements += fmt::format("e{},sys\n", e);
  const std::vector<InMemoryFile> files = {
      {"identities.csv", identities}, {"entitlements.csv", entitlements}, {"edges.csv", edges}};
  const std::vector<std::string> read = {"approved_by"};
  LoadOptions options;
  options.read_columns = &read;
  LoadResult full = load_inventory_csv_text("inv", files);
  LoadResult projected = load_inventory_csv_text("inv", files, options);
  REQUIRE(full.inventory);
  REQUIRE(projected.inventory);
  // Every reason (both halves), every name and system; the approvers stay.
  CHECK(left_absent(*full.inventory, *projected.inventory, read) == kRows + 1000 + 50);
  const Inventory& p = *projected.inventory;
  CHECK(p.strings.view(p.edge_approved_by(kRows - 1)) == fmt::format("u{}", ((kRows - 1) * 7) % 1000));
  CHECK(p.edge_reason(kRows - 1) == kEmptyStr);
}

TEST_CASE("projection: problems are reported the same with or without it") {
  const std::vector<InMemoryFile> files = {
      {"identities.csv", "id,type,name,manager,created\nalice,employee,Alice,bob,2026-13-01\nbob,robot,Bob,,\n,employee,X,,\n"},
      {"entitlements.csv", "id,privileged,system\ne1,maybe,sap\n"},
      {"edges.csv", "from,to,relation,approved_by,reason\nalice,e1,grants,carol,why\nalice,e1,owns,,\nalice,nowhere,grants,,\n"
                    "alice,e1\n"}};
  const std::vector<std::string> read = {"id"};
  LoadOptions options;
  options.read_columns = &read;
  LoadResult full = load_inventory_csv_text("inv", files);
  LoadResult projected = load_inventory_csv_text("inv", files, options);
  CHECK(full.inventory == nullptr);
  CHECK(projected.inventory == nullptr);
  CHECK(full.diagnostics.error_count() >= 6);
  CHECK(render_plain(projected.diagnostics) == render_plain(full.diagnostics));

  // JSON: a boolean where text belongs is still an error in a column left absent.
  const std::string json =
      "{\"identities\": [{\"id\": \"alice\", \"type\": \"employee\", \"name\": true}, {\"id\": \"bob\", \"type\": \"droid\"}],\n"
      " \"entitlements\": [{\"id\": \"e1\"}], \"edges\": [{\"from\": \"alice\", \"to\": \"e1\", \"relation\": \"grants\"}]}";
  LoadResult full_json = load_inventory_json_text("inv.json", json);
  LoadResult projected_json = load_inventory_json_text("inv.json", json, options);
  CHECK(projected_json.inventory == nullptr);
  CHECK(full_json.diagnostics.error_count() == 2);
  CHECK(render_plain(projected_json.diagnostics) == render_plain(full_json.diagnostics));
}

namespace {

// A JSON inventory whose edges table holds most of the text, so a reader
// split at the middle starts its second half among the edges.
std::string json_inventory(const std::string& edges_table_name) {
  std::string doc = "{\"identities\": [";
  for (int u = 0; u < 20; ++u)
    doc += fmt::format("{}{{\"id\": \"u{}\", \"type\": \"employee\", \"name\": \"User {}\", \"department\": \"d{}\"}}",
                       u == 0 ? "" : ",\n", u, u, u % 3);
  doc += "],\n\"entitlements\": [{\"id\": \"e1\", \"system\": \"sap\"}, {\"id\": \"e2\", \"system\": \"sap\"}],\n";
  doc += fmt::format("\"{}\": [", edges_table_name);
  for (int r = 0; r < 400; ++r)
    doc += fmt::format("{}{{\"from\": \"u{}\", \"to\": \"e{}\", \"relation\": \"grants\", \"approved_by\": \"u{}\", "
                       "\"reason\": \"ticket {}\"}}",
                       r == 0 ? "" : ",\n", r % 20, 1 + r % 2, (r * 7) % 20, r);
  doc += "]}\n";
  return doc;
}

struct JsonRead {
  bool ok = false;
  StringPool pool;
  std::vector<RawTable> tables;
};

JsonRead read_fast(const std::string& text, std::size_t parallel_above, const std::vector<std::string>* read) {
  JsonRead r;
  r.ok = read_json_fast(text, "t.json", r.pool, r.tables, nullptr, parallel_above, read);
  return r;
}

// Cells of column `name` of table `table` as text.
std::vector<std::string> column_text(const JsonRead& r, const std::string& table, const std::string& name) {
  std::vector<std::string> out;
  for (const RawTable& t : r.tables)
    if (t.table.name == table) {
      const int c = t.table.column(name);
      REQUIRE(c >= 0);
      for (std::size_t row = 0; row < t.table.rows(); ++row)
        out.emplace_back(r.pool.view(t.table.cell(row, static_cast<std::size_t>(c))));
    }
  return out;
}

}  // namespace

TEST_CASE("projection: the JSON fast path leaves the unread columns absent, read by one reader or two") {
  const std::string doc = json_inventory("edges");
  const std::vector<std::string> read = {"department", "approved_by"};
  for (std::size_t parallel_above : {kJsonParallelBytes, std::size_t{0}}) {
    INFO("parallel above ", parallel_above);
    JsonRead full = read_fast(doc, parallel_above, nullptr);
    JsonRead projected = read_fast(doc, parallel_above, &read);
    REQUIRE(full.ok);
    REQUIRE(projected.ok);
    CHECK(column_text(projected, "identities", "department") == column_text(full, "identities", "department"));
    CHECK(column_text(projected, "edges", "approved_by") == column_text(full, "edges", "approved_by"));
    CHECK(column_text(projected, "edges", "to") == column_text(full, "edges", "to"));
    // Left absent, past the first row of the second reader (its keys tell
    // it which table it is in only after that row).
    const std::vector<std::string> reasons = column_text(projected, "edges", "reason");
    REQUIRE(reasons.size() == 400);
    const auto kept = std::count_if(reasons.begin(), reasons.end(), [](const std::string& s) { return !s.empty(); });
    CHECK(kept == (parallel_above == 0 ? 1 : 0));
    for (const std::string& name : column_text(projected, "identities", "name")) CHECK(name.empty());
    CHECK(column_text(full, "edges", "reason").back() == "ticket 399");
  }
}

TEST_CASE("projection: a second JSON reader that guessed its table wrong declines, and the slow path reads every column") {
  // Rows shaped like edges in a table that is not `edges`: the second
  // reader takes them for edges, the first reader meets the real name.
  const std::string doc = json_inventory("transfers");
  const std::vector<std::string> read = {"id"};
  CHECK_FALSE(read_fast(doc, 0, &read).ok);
  CHECK(read_fast(doc, 0, nullptr).ok);
  JsonRead one_reader = read_fast(doc, kJsonParallelBytes, &read);
  REQUIRE(one_reader.ok);
  CHECK(column_text(one_reader, "transfers", "reason").back() == "ticket 399");
  // Through read_json, the decline costs speed only.
  JsonRead automatic;
  Diagnostics d;
  REQUIRE(read_json(doc, "t.json", automatic.pool, automatic.tables, d, nullptr, &read));
  CHECK(column_text(automatic, "transfers", "reason").back() == "ticket 399");
}

TEST_CASE("projection: columns_read names what the selected rules and the definitions they call read") {
  CompileResult compiled = test::compile(R"(package p
control "A.1" "t" {}
control "A.2" "t" {}
def label(i: identity): string = i.name
def boss_status(i: identity): string = i.manager.status
rule names "n" {
  control "A.1"
  severity low
  for i in identities
  where label(i) is present and count(cohort(i, by department)) > 1
  report "{i.id}"
}
rule approvals "a" {
  control "A.2"
  severity low
  for e in edges
  where e.approved_by is absent and boss_status(e.from) == "active"
  report "{e.reason}"
}
)");
  INFO(render_plain(compiled.diagnostics));
  REQUIRE(compiled.policy);
  auto has = [](const std::vector<std::string>& names, const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  EvalOptions names_only;
  names_only.rules = {"names"};
  const std::vector<std::string> a = columns_read(*compiled.policy, names_only);
  CHECK(has(a, "name"));      // through a definition
  CHECK(has(a, "department"));  // a cohort's column
  CHECK_FALSE(has(a, "approved_by"));
  CHECK_FALSE(has(a, "manager"));
  EvalOptions by_control;
  by_control.controls = {"A.2"};
  const std::vector<std::string> b = columns_read(*compiled.policy, by_control);
  CHECK(has(b, "approved_by"));
  CHECK(has(b, "reason"));   // in the message
  CHECK(has(b, "manager"));  // through a definition, then the node it names
  CHECK_FALSE(has(b, "name"));
  EvalOptions skipped = by_control;
  skipped.skip = {"p.approvals"};
  CHECK(columns_read(*compiled.policy, skipped).empty());
}
