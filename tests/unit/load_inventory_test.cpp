#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

using namespace ward;
using ward::test::load_errors;

namespace {
const std::string kIdRows = "id,type,status\nalice,employee,\nbob,contractor,suspended\nsvc,service,\n";
const std::string kRoleRows = "id,kind\nfinance,group\nap_clerk,\n";
const std::string kEntRows = "id,privileged\nsap:F110,true\nsap:FK01,\n";
}  // namespace

TEST_CASE("load: typed columns, defaults and node ids in table order") {
  auto inv = test::inventory(kIdRows, kRoleRows, kEntRows,
                             "from,to,relation,granted,expires,approved_by\n"
                             "alice,finance,member_of,2025-01-10,2026-12-31,bob\n"
                             "finance,ap_clerk,member_of,,,\n"
                             "ap_clerk,sap:F110,grants,,,\n");
  CHECK(inv->identity_count == 3);
  CHECK(inv->node_count() == 7);
  CHECK(inv->find_node("alice") == 0);
  CHECK(inv->find_node("finance") == 3);
  CHECK(inv->kind(inv->find_node("finance")) == NodeKind::group);
  CHECK(inv->kind(inv->find_node("ap_clerk")) == NodeKind::role);
  CHECK(inv->kind(inv->find_node("sap:FK01")) == NodeKind::entitlement);
  CHECK(inv->find_node("nobody") == kNoNode);
  CHECK(inv->status[0] == Status::active);
  CHECK(inv->status[1] == Status::suspended);
  CHECK(is_nonhuman(inv->identity_type[2]));
  CHECK(inv->privileged[0] == 1);
  CHECK(inv->privileged[1] == 0);
  REQUIRE(inv->edges.size() == 3);
  CHECK(inv->edge_line(0) == 2);
  CHECK(format_date(inv->edges[0].expires) == "2026-12-31");
  CHECK(inv->strings.view(inv->edge_approved_by(0)) == "bob");
  CHECK(inv->edge_approved_by(1) == kEmptyStr);
  CHECK(inv->edges[2].relation == Relation::grants);
  CHECK(inv->files.size() == 4);
  CHECK(inv->files[0].sha256.size() == 64);
}

TEST_CASE("load: extra columns stay attributes and extra tables are kept") {
  auto inv = test::inventory("id,type,location\nalice,employee,Berlin\n", "id\n", "id\ne1\n", "from,to,relation\n",
                             {{"systems.csv", "id,criticality\nsap,high\n"}});
  const Table& ids = inv->tables[kIdentities];
  int loc = ids.column("location");
  REQUIRE(loc >= 0);
  CHECK(inv->strings.view(ids.cell(0, static_cast<std::size_t>(loc))) == "Berlin");
  REQUIRE(inv->tables.size() == kKnownTableCount + 1);
  CHECK(inv->tables[kKnownTableCount].name == "systems");
}

TEST_CASE("load: every problem is reported with file and line, in table order") {
  std::string errors = load_errors({
      {"identities.csv", "id,type\nalice,Employee\nbob,employee\n"},
      {"roles.csv", "id,kind\nbob,group\n"},
      {"entitlements.csv", "id,privileged\ne1,yes\n"},
      {"edges.csv", "from,to,relation,granted\nalice,e1,grants,2026-02-30\nghost,e1,grants,\n"},
  });
  CHECK(errors ==
        "inv/identities.csv:2: error[I0122]: unknown type `Employee` (expected one of: employee, contractor, service, "
        "api_key, token, workload)\n  help: did you mean `employee`?\n"
        "inv/roles.csv:2: error[I0130]: duplicate id `bob` (first defined at inv/identities.csv:3)\n"
        "  help: ids must be unique across identities, roles and entitlements\n"
        "inv/entitlements.csv:2: error[I0124]: malformed boolean `yes` in column `privileged` (expected `true` or "
        "`false`)\n"
        "inv/edges.csv:2: error[I0123]: malformed date `2026-02-30` in column `granted` (expected YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM))\n"
        "inv/edges.csv:3: error[I0140]: unknown node `ghost` in column `from`\n"
        "  help: every edge endpoint must be an id in identities, roles or entitlements\n");
}

TEST_CASE("load: edge typing") {
  auto errors = [](const std::string& edges) {
    return load_errors({{"identities.csv", "id,type\nalice,employee\nbob,employee\n"},
                        {"roles.csv", "id\nr1\n"},
                        {"entitlements.csv", "id\ne1\n"},
                        {"edges.csv", "from,to,relation\n" + edges}});
  };
  CHECK(errors("e1,r1,member_of\n").find("edge starts at entitlement `e1`") != std::string::npos);
  CHECK(errors("alice,e1,member_of\n").find("`member_of` must end at a role or group, but `e1` is an entitlement") !=
        std::string::npos);
  CHECK(errors("alice,bob,member_of\n").find("`member_of` must end at a role or group, but `bob` is an identity") !=
        std::string::npos);
  CHECK(errors("alice,r1,grants\n").find("`grants` must end at an entitlement, but `r1` is a role") !=
        std::string::npos);
  CHECK(errors("alice,r1,owns\n").find("unknown relation `owns`") != std::string::npos);
}

TEST_CASE("load: missing files and columns") {
  CHECK(load_errors({{"identities.csv", "id,type\n"}, {"entitlements.csv", "id\n"}}) ==
        "inv/edges.csv:0: error[I0101]: missing required file\n");
  CHECK(load_errors({{"identities.csv", "id,typ\n"}, {"entitlements.csv", "id\n"}, {"edges.csv", "from,to,relation\n"}}) ==
        "inv/identities.csv:1: error[I0120]: missing required column `type`\n"
        "  help: the header has `typ`; did you mean `type`?\n");
}

TEST_CASE("load: the error limit stops output but not the verdict") {
  std::string edges = "from,to,relation\n";
  for (int i = 0; i < 50; ++i) edges += "x" + std::to_string(i) + ",e1,grants\n";
  LoadOptions opts;
  opts.max_errors = 3;
  LoadResult r = load_inventory_csv_text(
      "inv", {{"identities.csv", "id,type\n"}, {"entitlements.csv", "id\ne1\n"}, {"edges.csv", edges}}, opts);
  CHECK(r.inventory == nullptr);
  CHECK(r.diagnostics.items().size() == 3);
  CHECK(r.diagnostics.error_count() == 50);
  CHECK(render_plain(r.diagnostics).find("... and 47 more errors") != std::string::npos);
}

TEST_CASE("load: JSON errors point at the offending value's line") {
  auto json_errors = [](std::string_view text) {
    LoadResult r = load_inventory_json_text("inv.json", text);
    CHECK(r.inventory == nullptr);
    return render_plain(r.diagnostics);
  };
  CHECK(json_errors("{\"identities\": [\n {\"id\": \"a\",\n  \"type\": 3}\n], \"entitlements\": [], \"edges\": []}") ==
        "inv.json:3: error[I0151]: value of `type` must be a string, boolean or null, found a number\n");
  CHECK(json_errors("{\"identities\": [\n {\"id\": \"a\"}\n], \"entitlements\": [], \"edges\": []}") ==
        "inv.json:2: error[I0121]: row has no `type` (required in identities)\n");
  CHECK(json_errors("{\"identities\": [\n {\"id\": \"a\", \"id\": \"b\", \"type\": \"employee\"}\n], \"entitlements\": [], "
                    "\"edges\": []}") == "inv.json:2: error[I0152]: duplicate key `id` in a row of table `identities`\n");
  CHECK(json_errors("{\"identities\": [], \"entitlements\": []}") ==
        "inv.json:0: error[I0153]: missing required table `edges`\n");
  CHECK(json_errors("{\"identities\": [{\"id\": true, \"type\": \"employee\"}], \"entitlements\": [], \"edges\": []}") ==
        "inv.json:1: error[I0151]: value of `id` must be a string, found a boolean\n");
  CHECK(json_errors("{\"identities\": [{\"id\": \"\\ud800\", \"type\": \"employee\"}]}").find("malformed JSON") !=
        std::string::npos);
  CHECK(json_errors("{\"identities\": [{\"id\": \"a\\u0000\", \"type\": \"employee\"}], \"entitlements\": [], "
                    "\"edges\": []}")
            .find("NUL character") != std::string::npos);
  CHECK(json_errors("{\"identities\": {}}") ==
        "inv.json:1: error[I0151]: table `identities` must be an array of row objects, found an object\n");
  CHECK(json_errors("[]") == "inv.json:1: error[I0151]: expected a JSON object with one array per table, found an array\n");
  CHECK(json_errors("{\"identities\": [\n{\"id\": \"a\" \"type\": 1}]}").rfind("inv.json:2: error[I0150]: malformed JSON", 0) == 0);
}

// Writes every table of a loaded inventory as the JSON form.
static std::string to_json_form(const Inventory& inv) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const Table& t : inv.tables) {
    auto rows = nlohmann::ordered_json::array();
    for (std::size_t r = 0; r < t.rows(); ++r) {
      nlohmann::ordered_json row = nlohmann::ordered_json::object();
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        StrId v = t.cell(r, c);
        if (t.columns[c] == "privileged" && v != kEmptyStr)
          row[t.columns[c]] = inv.strings.view(v) == "true";
        else
          row[t.columns[c]] = v == kEmptyStr ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(inv.strings.view(v));
      }
      rows.push_back(row);
    }
    doc[t.name] = rows;
  }
  return doc.dump(1);
}

TEST_CASE("load: the CSV and JSON forms of one inventory give the same graph") {
  auto csv = test::inventory(
      "id,type,status,last_active,location\nalice,employee,,2026-01-02,\"Berlin, DE\"\nsvc,service,terminated,,\n",
      "id,kind,cost_center\nfin,group,42\nap,role,\n", "id,privileged\nsap:F110,true\nsap:FK01,false\n",
      "from,to,relation,approved_by,expires\nalice,fin,member_of,bob,\nfin,ap,member_of,,2026-03-01T10:00:00Z\n"
      "ap,fin,member_of,,\nap,sap:F110,grants,,\nsvc,sap:FK01,grants,alice,\n",
      {{"sod_rules.csv", "id,left,right,severity\nSOD-1,sap:F110,sap:FK01,critical\n"},
       {"exceptions.csv", "rule,identity,approved_by,expires\nSOD-1,alice,bob,2027-01-01\n"},
       {"reviews.csv", "identity,target,reviewer,date,decision\nalice,ap,bob,2026-05-01,revoke\n"},
       {"systems.csv", "id,owner\nsap,alice\n"}});
  std::string json = to_json_form(*csv);
  LoadResult r = load_inventory_json_text("inv.json", json);
  INFO(render_plain(r.diagnostics));
  REQUIRE(r.inventory);
  const Inventory& js = *r.inventory;
  REQUIRE(js.node_count() == csv->node_count());
  for (NodeId n = 0; n < js.node_count(); ++n) {
    CHECK(js.node_id(n) == csv->node_id(n));
    CHECK(js.kind(n) == csv->kind(n));
  }
  CHECK(js.status == csv->status);
  CHECK(js.last_active == csv->last_active);
  CHECK(js.privileged == csv->privileged);
  REQUIRE(js.edges.size() == csv->edges.size());
  for (std::size_t e = 0; e < js.edges.size(); ++e) {
    CHECK(js.edges[e].from == csv->edges[e].from);
    CHECK(js.edges[e].to == csv->edges[e].to);
    CHECK(js.edges[e].relation == csv->edges[e].relation);
    CHECK(js.edges[e].expires == csv->edges[e].expires);
    CHECK(js.strings.view(js.edge_approved_by(e)) == csv->strings.view(csv->edge_approved_by(e)));
  }
  REQUIRE(js.sod_rules.size() == 1);
  CHECK(js.sod_rules[0].severity == Severity::critical);
  CHECK(js.exceptions.size() == 1);
  CHECK(js.reviews[0].decision == Decision::revoke);
  CHECK(js.tables.size() == csv->tables.size());
  const Table& ids = js.tables[kIdentities];
  CHECK(js.strings.view(ids.cell(0, static_cast<std::size_t>(ids.column("location")))) == "Berlin, DE");
}

// Tables of more than 2^18 rows are validated in two halves on two threads;
// their diagnostics must come out as one sequential pass would give them:
// in row order, the error limit applied to the whole table.
TEST_CASE("load: a large table's problems are reported in row order, across both halves") {
  constexpr int kRows = 300000;  // above the two-thread threshold of 2^18 rows
  auto edges_with_problems = [&] {
    std::string edges = "from,to,relation,granted\n";
    edges.reserve(kRows * 28);
    for (int r = 0; r < kRows; ++r) {
      if (r == 10) edges += "alice,e1,grants,2026-13-01\n";
      else if (r == 20) edges += "alice,e1,owns,\n";
      else if (r == 150000) edges += "alice,e1,grants,2026-00-10\n";  // alone in its block of rows: a date
      else if (r == 200000) edges += "alice,e1,grant,\n";
      else if (r == 250000) edges += "alice,,grants,2026-01-01\n";  // alone in its block: an empty required cell
      else if (r == 299990) edges += ",e1,grants,2026-02-30\n";
      else edges += "alice,e1,grants,2026-01-01\n";
    }
    return edges;
  };
  const std::vector<InMemoryFile> files = {{"identities.csv", "id,type\nalice,employee\n"},
                                           {"entitlements.csv", "id\ne1\n"},
                                           {"edges.csv", edges_with_problems()}};
  LoadResult all = load_inventory_csv_text("inv", files);
  CHECK(all.inventory == nullptr);
  const std::string date_hint = " (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM))\n";
  CHECK(render_plain(all.diagnostics) ==
        "inv/edges.csv:12: error[I0123]: malformed date `2026-13-01` in column `granted`" + date_hint +
        "inv/edges.csv:22: error[I0122]: unknown relation `owns` (expected one of: member_of, grants)\n"
        "inv/edges.csv:150002: error[I0123]: malformed date `2026-00-10` in column `granted`" + date_hint +
        "inv/edges.csv:200002: error[I0122]: unknown relation `grant` (expected one of: member_of, grants)\n"
        "  help: did you mean `grants`?\n"
        "inv/edges.csv:250002: error[I0121]: empty value in required column `to`\n"
        "inv/edges.csv:299992: error[I0121]: empty value in required column `from`\n"
        "inv/edges.csv:299992: error[I0123]: malformed date `2026-02-30` in column `granted`" + date_hint);

  LoadOptions two;
  two.max_errors = 3;
  LoadResult limited = load_inventory_csv_text("inv", files, two);
  REQUIRE(limited.diagnostics.items().size() == 3);
  CHECK(limited.diagnostics.items()[0].pos.line == 12);
  CHECK(limited.diagnostics.items()[1].pos.line == 22);
  CHECK(limited.diagnostics.items()[2].pos.line == 150002);
  CHECK(limited.diagnostics.error_count() == 7);
  CHECK(limited.diagnostics.truncated());
}

// Edges of such a table are built in the same two halves: the endpoint
// problems found there also come out in row order, and every edge lands at
// its own row.
TEST_CASE("load: a large edges table's endpoint problems are reported in row order, across both halves") {
  constexpr int kRows = 300000;
  std::string edges = "from,to,relation\n";
  edges.reserve(kRows * 24);
  for (int r = 0; r < kRows; ++r) {
    if (r == 10) edges += "alice,nobody,grants\n";
    else if (r == 150001) edges += "alice,e1,member_of\n";
    else if (r == 299990) edges += "e1,admins,member_of\n";
    else edges += r % 2 == 0 ? "alice,e1,grants\n" : "alice,admins,member_of\n";
  }
  const std::vector<InMemoryFile> files = {{"identities.csv", "id,type\nalice,employee\n"},
                                           {"roles.csv", "id,kind\nadmins,role\n"},
                                           {"entitlements.csv", "id\ne1\n"},
                                           {"edges.csv", edges}};
  LoadResult bad = load_inventory_csv_text("inv", files);
  CHECK(bad.inventory == nullptr);
  CHECK(render_plain(bad.diagnostics) ==
        "inv/edges.csv:12: error[I0140]: unknown node `nobody` in column `to`\n"
        "  help: every edge endpoint must be an id in identities, roles or entitlements\n"
        "inv/edges.csv:150003: error[I0141]: `member_of` must end at a role or group, but `e1` is an entitlement\n"
        "  help: use relation `grants` for an entitlement\n"
        "inv/edges.csv:299992: error[I0141]: edge starts at entitlement `e1`; nothing goes out of an entitlement\n");
  LoadOptions two;
  two.max_errors = 2;
  LoadResult limited = load_inventory_csv_text("inv", files, two);
  REQUIRE(limited.diagnostics.items().size() == 2);
  CHECK(limited.diagnostics.items()[0].pos.line == 12);
  CHECK(limited.diagnostics.items()[1].pos.line == 150003);
  CHECK(limited.diagnostics.error_count() == 3);

  std::string good = "from,to,relation\n";
  for (int r = 0; r < kRows; ++r) good += r % 3 == 0 ? "alice,e1,grants\n" : "alice,admins,member_of\n";
  LoadResult ok = load_inventory_csv_text("inv", {files[0], files[1], files[2], {"edges.csv", good}});
  REQUIRE(ok.inventory != nullptr);
  const Inventory& inv = *ok.inventory;
  REQUIRE(inv.edges.size() == kRows);
  const NodeId alice = inv.node_of(inv.strings.find("alice"));
  const NodeId admins = inv.node_of(inv.strings.find("admins"));
  const NodeId e1 = inv.node_of(inv.strings.find("e1"));
  for (std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{149999}, std::size_t{150000}, std::size_t{150001},
                        std::size_t{kRows - 1}}) {
    CAPTURE(r);
    CHECK(inv.edges[r].from == alice);
    CHECK(inv.edges[r].to == (r % 3 == 0 ? e1 : admins));
    CHECK(inv.edges[r].relation == (r % 3 == 0 ? Relation::grants : Relation::member_of));
  }
}

// The JSON loader releases a mapped file's pages behind the fast path and
// the hasher; a document the fast path declines late is then read again from
// the start by the slow path, from pages that must fault back in.
TEST_CASE("load: a large JSON file on disk declined late by the fast path gives the slow path's diagnostic") {
  // Over the reader's 8 MB release step (twice, outside the sanitizer
  // lane, where parsing it four times would take minutes).
  const std::size_t size = std::getenv("WARD_SANITIZED") != nullptr ? (9u << 20) : (20u << 20);
  std::string doc = "{\"identities\": [\n";
  for (int i = 0; doc.size() < size; ++i)
    doc += (i ? ",\n" : "") + std::string("{\"id\": \"user-") + std::to_string(i) +
           "\", \"type\": \"employee\", \"note\": \"n-" + std::to_string(i % 997) + "\"}";
  const std::string good = doc + "\n], \"entitlements\": [{\"id\": \"e\"}], \"edges\": []}\n";
  const std::string bad_syntax = doc + "\n], \"entitlements\": [{\"id\": \"e\" \"x\": 1}], \"edges\": []}\n";
  const std::string bad_utf8 = doc + "\n], \"entitlements\": [{\"id\": \"e\xff\"}], \"edges\": []}\n";
  const std::string bad_tail = good + std::string(1, '\0');
  for (const std::string* text : {&good, &bad_syntax, &bad_utf8, &bad_tail}) {
    // Named per process: two test runs on one machine (two build trees,
    // two lanes) must not write each other's file.
    const auto path =
        std::filesystem::temp_directory_path() / ("ward-load-json-large-" + std::to_string(::getpid()) + ".json");
    { std::ofstream(path, std::ios::binary) << *text; }
    LoadResult from_file = load_inventory(path.string());
    LoadResult from_text = load_inventory_json_text(path.string(), *text);
    std::filesystem::remove(path);
    const std::string errors = render_plain(from_file.diagnostics);
    CHECK(errors == render_plain(from_text.diagnostics));
    CHECK((from_file.inventory != nullptr) == (from_text.inventory != nullptr));
    if (text == &good) {
      CHECK(errors.empty());
      REQUIRE(from_file.inventory != nullptr);
      CHECK(from_file.inventory->strings.size() == from_text.inventory->strings.size());
      CHECK(from_file.inventory->tables.size() == from_text.inventory->tables.size());
      for (std::size_t t = 0; t < from_file.inventory->tables.size(); ++t)
        CHECK(from_file.inventory->tables[t].cells == from_text.inventory->tables[t].cells);
      CHECK(from_file.inventory->files.at(0).sha256 == from_text.inventory->files.at(0).sha256);
    } else {
      CHECK(from_file.inventory == nullptr);
    }
    if (text == &bad_syntax) CHECK(errors.find("error[I0150]: malformed JSON") != std::string::npos);
    if (text == &bad_utf8) CHECK(errors.find("error[I0103]: invalid UTF-8 (byte 0xFF)") != std::string::npos);
    if (text == &bad_tail) CHECK(errors.find("error[I0104]: NUL byte in file") != std::string::npos);
  }
}

namespace {

// An inventory as text: its tables, rows, lines, typed edges and files, for
// comparing two loads whose pools number the strings differently.
std::string describe(const Inventory& inv) {
  std::string out;
  for (const auto& f : inv.files) out += f.path + " " + f.sha256 + " " + std::to_string(f.bytes) + "\n";
  for (const Table& t : inv.tables) {
    out += t.name + " file " + std::to_string(t.file) + ":";
    for (const auto& c : t.columns) out += " " + c;
    out += "\n";
    for (std::size_t r = 0; r < t.rows(); ++r) {
      out += std::to_string(t.lines[r]) + ":";
      for (std::size_t c = 0; c < t.columns.size(); ++c) out += " [" + std::string(inv.strings.view(t.cell(r, c))) + "]";
      out += t.row_hashes.empty() ? "\n" : " #" + std::to_string(t.row_hashes[r]) + "\n";
    }
  }
  for (const Edge& e : inv.edges)
    out += fmt::format("{} -> {} {} {} {}\n", inv.node_id(e.from), inv.node_id(e.to), to_string(e.relation), e.granted.days,
                       e.expires.days);
  for (NodeId n = 0; n < inv.node_count(); ++n) out += std::string(inv.node_id(n)) + " ";
  return out;
}

}  // namespace

TEST_CASE("load: a baseline loaded beside the inventory is the inventory a plain load gives, diagnostics too") {
  std::vector<InMemoryFile> current{
      {"identities.csv", "id,type,status\nalice,employee,active\nbob,employee,active\ncarol,service,active\n"},
      {"roles.csv", "id,kind\nadmins,group\nops,role\n"},
      {"entitlements.csv", "id,privileged\ne1,true\ne2,false\n"},
      {"edges.csv", "from,to,relation,expires\nalice,admins,member_of,\nbob,ops,member_of,2027-01-01\n"
                    "admins,e1,grants,\nops,e2,grants,\n\"carol\",e2,grants,\n"},
      {"reviews.csv", "identity,target,reviewer,date,decision\nalice,e1,bob,2026-10-01,keep\n"},
  };
  LoadOptions options;
  options.row_hashes = true;
  LoadOptions keeping = options;
  keeping.keep_file_bytes = true;
  LoadResult now = load_inventory_csv_text("inv", current, keeping);
  INFO(render_plain(now.diagnostics));
  REQUIRE(now.inventory != nullptr);
  REQUIRE(now.inventory->file_bytes.size() == now.inventory->files.size());
  auto with_edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::vector<InMemoryFile> files = current;
    for (auto& f : files)
      if (f.name == file) {
        auto at = f.text.find(from);
        REQUIRE(at != std::string::npos);
        f.text.replace(at, from.size(), to);
      }
    return files;
  };
  const std::vector<std::vector<InMemoryFile>> baselines{
      current,
      with_edit("edges.csv", "bob,ops,member_of,2027-01-01\n", ""),                     // a line removed
      with_edit("edges.csv", "ops,e2,grants,\n", "ops,e2,grants,\nops,e1,grants,\n"),  // a line added
      with_edit("identities.csv", "bob,employee,active", "bob,employee,terminated"),
      with_edit("edges.csv", "ops,e2", "ghost,e2"),                                      // an unknown node: an error
      with_edit("edges.csv", "2027-01-01", "2027-02-30"),                                // a bad date: an error
      with_edit("roles.csv", "ops,role\n", "ops,role\nalice,role\n"),                    // a duplicate id: an error
      with_edit("edges.csv", "ops,e2,grants,\n", "ops,e2,\"grants\n"),                   // unterminated quote
      with_edit("reviews.csv", "keep", "revoke"),
  };
  for (std::size_t k = 0; k < baselines.size(); ++k) {
    INFO("baseline ", k);
    LoadResult plain = load_inventory_csv_text("base", baselines[k], options);
    LoadOptions sharing = options;
    sharing.beside = now.inventory.get();
    LoadResult shared = load_inventory_csv_text("base", baselines[k], sharing);
    CHECK(render_plain(shared.diagnostics) == render_plain(plain.diagnostics));
    REQUIRE((shared.inventory != nullptr) == (plain.inventory != nullptr));
    if (plain.inventory) {
      CHECK(describe(*shared.inventory) == describe(*plain.inventory));
      // It was loaded beside: its pool is a clone of the inventory's, so it
      // keeps strings only the inventory has ("2027-01-01" of baseline 1).
      CHECK(shared.inventory->strings.size() >= now.inventory->strings.size());
    }
    CHECK((plain.inventory == nullptr) == (k >= 4 && k <= 7));  // the error cases do fail
  }
}

TEST_CASE("load: loading beside pays when at most a quarter of the bytes differ") {
  std::vector<InMemoryFile> mine{{"a.csv", std::string(600, 'x') + "\n"}, {"b.csv", std::string(400, 'y') + "\n"}};
  auto fetch_from = [](const std::vector<InMemoryFile>& files) {
    return [&files](const std::string& name) {
      for (const auto& f : files)
        if (f.name == name) return MapResult{FileContents::borrow(f.text), {}};
      return MapResult{{}, "no such file"};
    };
  };
  const std::vector<std::string> names{"a.csv", "b.csv"};
  std::vector<InMemoryFile> other = mine;
  CHECK(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
  other[0].text[300] = 'z';  // one byte in the middle
  CHECK(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
  other[1].text = "id\n" + std::string(400, 'q');  // b.csv (401 of 1,002 bytes) all different
  CHECK_FALSE(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
  other = mine;
  other.pop_back();  // b.csv missing there: all of it unshared
  CHECK_FALSE(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
  other = mine;
  other[0].text = std::string(200, 'x') + std::string(230, '-') + std::string(170, 'x') + "\n";  // 230 of 1,002 differ
  CHECK(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
  other[0].text = std::string(100, 'x') + std::string(300, '-') + std::string(200, 'x') + "\n";  // 300 differ
  CHECK_FALSE(worth_loading_beside(names, fetch_from(mine), fetch_from(other)));
}

TEST_CASE("load: a baseline loaded beside reads the bytes the inventory came from, not the file as it is now") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ward-load-beside-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    // Replaced by rename, as editors and git do.
    std::ofstream(dir / (name + ".tmp"), std::ios::binary) << text;
    fs::rename(dir / (name + ".tmp"), dir / name);
  };
  const std::string edges = "from,to,relation\nalice,admins,member_of\nadmins,e1,grants\nbob,e1,grants\n";
  write("identities.csv", "id,type\nalice,employee\nbob,employee\n");
  write("roles.csv", "id,kind\nadmins,group\n");
  write("entitlements.csv", "id,privileged\ne1,true\ne2,false\n");
  write("edges.csv", edges);
  LoadOptions keeping;
  keeping.row_hashes = true;
  keeping.keep_file_bytes = true;
  LoadResult now = load_inventory(dir.string(), keeping);
  REQUIRE(now.inventory != nullptr);
  // The file changes on disk after the inventory was loaded: a row in the
  // middle, keeping its size and lines. The baseline is what the file now
  // holds, so compared with the file on disk it would look identical.
  const std::string changed = "from,to,relation\nalice,admins,member_of\nadmins,e2,grants\nbob,e1,grants\n";
  REQUIRE(changed.size() == edges.size());
  write("edges.csv", changed);
  std::vector<InMemoryFile> baseline{
      {"identities.csv", "id,type\nalice,employee\nbob,employee\n"},
      {"roles.csv", "id,kind\nadmins,group\n"},
      {"entitlements.csv", "id,privileged\ne1,true\ne2,false\n"},
      {"edges.csv", changed},
  };
  LoadOptions plain_options;
  plain_options.row_hashes = true;
  LoadResult plain = load_inventory_csv_text("base", baseline, plain_options);
  LoadOptions sharing = plain_options;
  sharing.beside = now.inventory.get();
  LoadResult shared = load_inventory_csv_text("base", baseline, sharing);
  REQUIRE(plain.inventory != nullptr);
  REQUIRE(shared.inventory != nullptr);
  CHECK(describe(*shared.inventory) == describe(*plain.inventory));
  fs::remove_all(dir);
}
