// The importers (tools/import): the inventory writer, hp-rolemining, the csv
// mapping, LDIF and the directory mapping, the live LDAP importer's
// failures. Every import is also loaded back with the engine's loader: an
// imported inventory must obey the rules a hand-written one does.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "import/directory_mapping.hpp"
#include "import/importer.hpp"
#include "ward/inventory.hpp"

using namespace ward;
using namespace ward::import;
namespace fs = std::filesystem;

namespace {

// A scratch directory removed at the end of the test.
class Scratch {
 public:
  Scratch() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("ward-import-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // Rendered diagnostics with this directory left out of the paths.
  std::string render(const Diagnostics& d) const {
    std::string text = render_plain(d);
    const std::string prefix = dir_.string() + "/";
    for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
    return text;
  }

 private:
  fs::path dir_;
};

struct Imported {
  bool ok = false;
  ImportedInventory inv;
  Diagnostics diags;
  std::string errors;
};

Imported run(const char* source, const ImportOptions& options, const Scratch& scratch) {
  Imported r;
  const ImporterEntry* e = find_importer(source);
  REQUIRE(e != nullptr);
  r.ok = e->run(options, r.inv, r.diags);
  r.errors = scratch.render(r.diags);
  return r;
}

std::string csv_of(const ImportedInventory& inv, const std::string& table) {
  for (const auto& [name, text] : to_csv_files(inv))
    if (name == table + ".csv") return text;
  return "(no " + table + ".csv)";
}

// Loads the CSV and the JSON form with the engine's loader; both must load.
void check_loads(const ImportedInventory& inv) {
  std::vector<InMemoryFile> files;
  for (auto& [name, text] : to_csv_files(inv)) files.push_back({name, text});
  LoadResult csv = load_inventory_csv_text("out", files);
  INFO(render_plain(csv.diagnostics));
  CHECK(csv.inventory != nullptr);
  LoadResult json = load_inventory_json_text("out.json", to_json(inv));
  INFO(render_plain(json.diagnostics));
  CHECK(json.inventory != nullptr);
}

std::string shared_data(const std::string& rest) { return std::string(WARD_SOURCE_DIR) + "/../shared/data/" + rest; }

}  // namespace

// ---- the writer ---------------------------------------------------------------

TEST_CASE("import writer: spec columns first in canonical order, extra columns in first-use order, RFC 4180 quoting") {
  ImportedInventory inv;
  CHECK(inv.add_node("identities", {{"name", "Ann, \"the\" boss"}, {"cost_center", "CC1"}, {"id", "ann"}, {"type", "employee"}}));
  CHECK(inv.add_node("identities", {{"id", "bob"}, {"type", "contractor"}, {"status", "suspended"}, {"site", "two\nlines"}}));
  CHECK(inv.add_node("entitlements", {{"id", "app:read"}}));
  inv.add_edge("ann", "app:read", "grants");
  CHECK(csv_of(inv, "identities") ==
        "id,type,name,status,cost_center,site\n"
        "ann,employee,\"Ann, \"\"the\"\" boss\",,CC1,\n"
        "bob,contractor,,suspended,,\"two\nlines\"\n");
  CHECK(csv_of(inv, "entitlements") == "id\napp:read\n");
  CHECK(csv_of(inv, "edges") == "from,to,relation\nann,app:read,grants\n");
  std::vector<std::string> names;
  for (const auto& f : to_csv_files(inv)) names.push_back(f.first);
  CHECK(names == std::vector<std::string>{"identities.csv", "entitlements.csv", "edges.csv"});  // no rows: no roles.csv
  CHECK(to_json(inv) ==
        "{\n  \"identities\": [\n    {\n      \"id\": \"ann\",\n      \"type\": \"employee\",\n"
        "      \"name\": \"Ann, \\\"the\\\" boss\",\n      \"status\": null,\n      \"cost_center\": \"CC1\",\n"
        "      \"site\": null\n    },\n    {\n      \"id\": \"bob\",\n      \"type\": \"contractor\",\n"
        "      \"name\": null,\n      \"status\": \"suspended\",\n      \"cost_center\": null,\n"
        "      \"site\": \"two\\nlines\"\n    }\n  ],\n  \"entitlements\": [\n    {\n      \"id\": \"app:read\"\n"
        "    }\n  ],\n  \"edges\": [\n    {\n      \"from\": \"ann\",\n      \"to\": \"app:read\",\n"
        "      \"relation\": \"grants\"\n    }\n  ]\n}\n");
  check_loads(inv);
}

TEST_CASE("import writer: node ids are unique across tables; exact duplicate edges are dropped") {
  ImportedInventory inv;
  CHECK(inv.add_node("identities", {{"id", "x"}, {"type", "employee"}}));
  CHECK_FALSE(inv.add_node("roles", {{"id", "x"}, {"kind", "group"}}));
  CHECK_FALSE(inv.add_node("identities", {{"id", ""}, {"type", "employee"}}));
  CHECK(inv.node_table("x") == "identities");
  CHECK(inv.node_table("nope").empty());
  CHECK(inv.add_node("roles", {{"id", "g"}, {"kind", "group"}}));
  inv.add_edge("x", "g", "member_of");
  inv.add_edge("x", "g", "member_of");
  inv.add_edge("x", "g", "member_of", {{"reason", "r"}, {"granted", "2024-01-01"}});
  inv.add_edge("x", "g", "member_of", {{"granted", "2024-01-01"}, {"reason", "r"}});  // same cells, other order
  inv.add_edge("x", "g", "member_of", {{"granted", ""}});                           // empty = absent: a duplicate
  inv.add_row("edges", {{"from", "x"}, {"to", "g"}, {"relation", "member_of"}});   // through add_edge too
  CHECK(csv_of(inv, "edges") == "from,to,relation,granted,reason\nx,g,member_of,,\nx,g,member_of,2024-01-01,r\n");
  CHECK(csv_of(inv, "roles") == "id,kind\ng,group\n");
}

TEST_CASE("import writer: the mapping report lists rows, skipped items with their place, and notes") {
  ImportedInventory inv;
  inv.add_node("identities", {{"id", "a"}, {"type", "employee"}});
  inv.skip(SourcePos{"in.ldif", 12, 0}, "attribute `userPassword` of `a`", "secrets are never copied");
  inv.skip(SourcePos{"in.txt", 0, 0}, "3 more duplicate pairs", "one edge is written");
  inv.note("a choice");
  CHECK(mapping_report(inv, "ldif") ==
        "import ldif:\n  identities: 1 row\n  entitlements: 0 rows\n  edges: 0 rows\nskipped (2):\n"
        "  in.ldif:12: attribute `userPassword` of `a`: secrets are never copied\n"
        "  in.txt:0: 3 more duplicate pairs: one edge is written\nnotes:\n  - a choice\n");
}

TEST_CASE("import registry: every source, in --help order") {
  std::vector<std::string> names;
  for (const auto& e : importers()) names.push_back(e.name);
  CHECK(names == std::vector<std::string>{"scim", "aws-iam", "ldif", "ldap", "ad-lab", "hp-rolemining", "csv"});
  REQUIRE(find_importer("ldif") != nullptr);
  CHECK((find_importer("ldif")->run == &import_ldif));
  CHECK(find_importer("LDIF") == nullptr);
}

// ---- hp-rolemining ------------------------------------------------------------

TEST_CASE("hp-rolemining: pairs become grants; blank lines skipped; duplicates dropped and reported") {
  Scratch s;
  ImportOptions o;
  o.inputs = {s.write("tiny.txt", "        1          2\n\n   \n1 3\r\n\t2\t3\n1 2\n")};
  Imported r = run("hp-rolemining", o, s);
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  CHECK(csv_of(r.inv, "identities") == "id,type\nu1,employee\nu2,employee\n");
  CHECK(csv_of(r.inv, "entitlements") == "id,system,name\ntiny:p2,tiny,p2\ntiny:p3,tiny,p3\n");
  CHECK(csv_of(r.inv, "edges") == "from,to,relation\nu1,tiny:p2,grants\nu1,tiny:p3,grants\nu2,tiny:p3,grants\n");
  REQUIRE(r.inv.skipped().size() == 1);
  CHECK(r.inv.skipped()[0].where.line == 6);
  CHECK(r.inv.skipped()[0].what == "duplicate pair `1 2`");
  check_loads(r.inv);
}

TEST_CASE("hp-rolemining: anything but two non-negative integers is an error at line:col") {
  Scratch s;
  ImportOptions o;
  o.inputs = {s.write("bad.txt", "1 2\n  -1 2\n3 x7\n4\n5 6 7\n99999999999999999999 1\n8 9z\n")};
  Imported r = run("hp-rolemining", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors ==
        "bad.txt:2:3: error[M0202]: expected a user id (a non-negative integer), found `-1`\n"
        "bad.txt:3:3: error[M0203]: expected a permission id (a non-negative integer), found `x7`\n"
        "bad.txt:4:2: error[M0203]: expected a permission id (a non-negative integer) after the user id\n"
        "bad.txt:5:5: error[M0205]: unexpected `7` after the permission id (expected the end of the line)\n"
        "bad.txt:6:1: error[M0204]: a user id `99999999999999999999` is too large (at most 18446744073709551615)\n"
        "bad.txt:7:3: error[M0203]: expected a permission id (a non-negative integer), found `9z`\n");
  Imported none = run("hp-rolemining", ImportOptions{}, s);
  CHECK(none.errors ==
        "error[M0201]: hp-rolemining reads exactly one input file, 0 given\n"
        "  help: import each data set on its own: user ids of different data sets are unrelated\n");
}

TEST_CASE("hp-rolemining: the published counts of americas_large") {
  const std::string path = shared_data("hp-rolemining/raw/americas_large.txt");
  if (!fs::exists(path)) {
    MESSAGE("skipped: " << path << " is not present");
    return;
  }
  ImportOptions o;
  o.inputs = {path};
  ImportedInventory inv;
  Diagnostics d;
  REQUIRE(import_hp_rolemining(o, inv, d));
  std::map<std::string, std::size_t> rows;
  for (const ImportedTable* t : inv.tables()) rows[t->name] = t->rows.size();
  CHECK(rows["identities"] == 3485);
  CHECK(rows["entitlements"] == 10127);
  CHECK(rows["edges"] == 185294);
  CHECK(inv.skipped().empty());
  // Its speed is measured by tests/import/check_real_data.py and quoted in
  // docs/importers.md, not asserted here (no timed tests).
}

// ---- csv mapping ----------------------------------------------------------------

namespace {

const char* const kMapping = R"({
  "identities": {
    "file": "hr.csv",
    "columns": {"id": "EmployeeID", "name": "Full Name", "type": "Worker Type", "status": "Status",
                "department": "Dept", "manager": "Manager"},
    "values": {"type": {"FTE": "employee", "Contractor": "contractor"},
               "status": {"Active": "active", "Leave": "suspended", "Terminated": "terminated"}},
    "defaults": {"type": "employee"}
  },
  "roles": {"file": "groups.csv", "columns": {"id": "Group"}, "defaults": {"kind": "group"}},
  "edges": [
    {"file": "members.csv", "columns": {"from": "Employee", "to": "Group", "granted": "Since"},
     "defaults": {"relation": "member_of"}}
  ]
}
)";

}  // namespace

TEST_CASE("csv mapping: renamed columns, value maps, defaults; unmapped columns are reported") {
  Scratch s;
  ImportOptions o;
  o.mapping = s.write("map.json", kMapping);
  s.write("hr.csv", "EmployeeID,Full Name,Worker Type,Status,Dept,Manager,Salary\n"
                    "e1,Ann,FTE,Active,Finance,,100\ne2,\"Bo, Jr\",Contractor,Leave,IT,e1,90\ne3,Cy,,Active,IT,e1,80\n");
  s.write("groups.csv", "Group\nfinance\n");
  s.write("members.csv", "Employee,Group,Since\ne1,finance,2024-01-02\ne2,finance,\n");
  Imported r = run("csv", o, s);
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(csv_of(r.inv, "identities") ==
        "id,type,name,status,department,manager\ne1,employee,Ann,active,Finance,\n"
        "e2,contractor,\"Bo, Jr\",suspended,IT,e1\ne3,employee,Cy,active,IT,e1\n");
  CHECK(csv_of(r.inv, "edges") == "from,to,relation,granted\ne1,finance,member_of,2024-01-02\ne2,finance,member_of,\n");
  REQUIRE(r.inv.skipped().size() == 1);
  CHECK(r.inv.skipped()[0].what == "column `Salary`");
  CHECK(r.inv.skipped()[0].where.line == 1);
  check_loads(r.inv);
}

TEST_CASE("csv mapping: a value outside the value map is an error at the CSV line") {
  Scratch s;
  ImportOptions o;
  o.mapping = s.write("map.json", kMapping);
  s.write("hr.csv", "EmployeeID,Full Name,Worker Type,Status,Dept,Manager\ne1,Ann,FTE,Active,F,\ne2,Bo,Intern,Active,F,\n");
  s.write("groups.csv", "Group\ng\n");
  s.write("members.csv", "Employee,Group,Since\n");
  Imported r = run("csv", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors ==
        "hr.csv:3: error[M0315]: value `Intern` in column `Worker Type` is not in the value map of `type` (map.json:6)\n"
        "  help: add it to `values.type` in the mapping, or correct the export\n");
}

TEST_CASE("csv mapping: a mapped column missing from the header is an error at the mapping's line") {
  Scratch s;
  ImportOptions o;
  o.mapping = s.write("map.json", kMapping);
  s.write("hr.csv", "EmployeeID,Full Name,Worker Type,Status,Department,Manager\n");
  s.write("groups.csv", "Group\n");
  // An input given on the command line wins over the file next to the mapping.
  o.inputs = {s.write("other-members.csv", "Employee,Group,Since\n")};
  Imported r = run("csv", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors == "other-members.csv:0: error[M0318]: input file is not named by any `file` in the mapping\n"
                    "  help: name it in map.json or leave it out\n");
  o.inputs.clear();
  s.write("members.csv", "Employee,Group,Since\n");
  r = run("csv", o, s);
  CHECK(r.errors == "map.json:5:31: error[M0314]: column `Dept` (mapped to `department`) is not in the header of "
                    "`hr.csv` (line 1)\n"
                    "  help: the header has: EmployeeID, Full Name, Worker Type, Status, Department, Manager\n");
  Imported no_map = run("csv", ImportOptions{}, s);
  CHECK(no_map.errors.find("error[M0311]") == 0);
}

TEST_CASE("csv mapping: unknown keys and unfilled required columns are errors in the mapping") {
  Scratch s;
  ImportOptions o;
  o.mapping = s.write("map.json", "{\"identites\": {}, \"edges\": {\"file\": \"e.csv\", \"columns\": {\"from\": \"A\"}, \"colums\": {}}}");
  Imported r = run("csv", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors.find("map.json:1:15: error[M0312]: unknown table `identites` in the mapping\n"
                      "  help: did you mean `identities`?\n") == 0);
  CHECK(r.errors.find("error[M0312]: unknown key `colums` in the mapping") != std::string::npos);
  CHECK(r.errors.find("error[M0313]: the mapping of `edges` does not fill the required column `to`") != std::string::npos);
  CHECK(r.errors.find("error[M0313]: the mapping of `edges` does not fill the required column `relation`") != std::string::npos);
}

TEST_CASE("csv mapping: a `file` that is null is an error, not a crash") {
  Scratch s;
  ImportOptions o;
  o.mapping = s.write("map.json", "{\"identities\": {\"file\": null, \"columns\": {\"id\": \"A\", \"type\": \"B\"}}}");
  Imported r = run("csv", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors.find("error[M0312]: mapping of `identities` has no `file`") != std::string::npos);
}

// ---- directory values -------------------------------------------------------------

TEST_CASE("directory: DN normal form and matching key") {
  CHECK(normalize_dn("CN=Loop\\2C Endless , OU=Groups,dc=example") == "cn=Loop\\, Endless,ou=Groups,dc=example");
  CHECK(normalize_dn("cn=Loop\\, Endless,ou=Groups,dc=example") == "cn=Loop\\, Endless,ou=Groups,dc=example");
  CHECK(normalize_dn("cn=\"Doe, John\",dc=x") == "cn=Doe\\, John,dc=x");
  // An escape inside quotes is taken once (it used to be appended twice).
  CHECK(normalize_dn("cn=\"a\\,b\\2Cc\",dc=x") == "cn=a\\,b\\,c,dc=x");
  CHECK(normalize_dn("cn=\\ padded\\ ,dc=x") == "cn=\\ padded\\ ,dc=x");
  CHECK(normalize_dn("cn=trailing   ,dc=x") == "cn=trailing,dc=x");
  CHECK(normalize_dn("uid=b + cn=a,dc=x") == "cn=a+uid=b,dc=x");
  CHECK(normalize_dn("cn=Ren\\C3\\A9,dc=x") == "cn=Ren\xC3\xA9,dc=x");
  CHECK(normalize_dn("cn=a\\+b\\#,dc=x") == "cn=a\\+b#,dc=x");
  CHECK(normalize_dn("1.2.3=#04024869,dc=x") == "1.2.3=#04024869,dc=x");
  CHECK(normalize_dn("") == "");
  CHECK_FALSE(normalize_dn("cn"));
  CHECK_FALSE(normalize_dn("cn=a\\"));
  CHECK_FALSE(normalize_dn("=x"));
  CHECK_FALSE(normalize_dn("c n=x"));
  CHECK(dn_key(*normalize_dn("CN=Bob,DC=Example")) == "cn=bob,dc=example");
}

TEST_CASE("directory: LDAP and Windows times") {
  CHECK(generalized_time_to_iso("20230102150405Z") == "2023-01-02T15:04:05Z");
  CHECK(generalized_time_to_iso("20230102150405.0Z") == "2023-01-02T15:04:05Z");
  CHECK(generalized_time_to_iso("202301021504+0200") == "2023-01-02T15:04:00+02:00");
  CHECK(generalized_time_to_iso("2023010215") == "2023-01-02");
  CHECK_FALSE(generalized_time_to_iso("20231302000000Z"));
  CHECK_FALSE(generalized_time_to_iso("20230230000000Z"));
  CHECK_FALSE(generalized_time_to_iso("2023-01-02"));
  CHECK(filetime_to_iso("133170048000000000") == "2023-01-01T00:00:00Z");
  CHECK(filetime_to_iso("0") == "");
  CHECK(filetime_to_iso("9223372036854775807") == "");
  CHECK_FALSE(filetime_to_iso("-5"));
  CHECK_FALSE(filetime_to_iso("12ab"));
  CHECK(is_directory_secret("userPassword"));
  CHECK(is_directory_secret("USERPASSWORD;binary"));
  CHECK(is_directory_secret("unicodePwd"));
  CHECK(is_directory_secret("msLAPS-Password"));
  CHECK_FALSE(is_directory_secret("pwdLastSet"));
  CHECK_FALSE(is_directory_secret("secretary"));
}

// ---- LDIF -------------------------------------------------------------------------

namespace {

const char* const kLdif =
    "version: 1\n"
    "# a comment\n"
    "#  folded into the comment\n"
    "dn: cn=Alice Example,ou=People,dc=ex\n"
    " ample,dc=com\n"
    "objectClass: inetOrgPerson\n"
    "cn:: QWxpY2UgRXhhbXBsZQ==\n"
    "userPassword: s3cr3t-value-42\n"
    "departmentNumber: 42\n"
    "whenCreated: 20230102150405.0Z\n"
    "mail: alice@example.com\n"
    "jpegPhoto:< file:///tmp/alice.jpg\n"
    "\n"
    "dn: CN=Loop\\2C One , OU=Groups,DC=example,DC=com\n"
    "objectClass: groupOfNames\n"
    "cn: Loop, One\n"
    "member: cn=alice example,ou=people,dc=example,dc=com\n"
    "member: cn=Loop Two,ou=Groups,dc=example,dc=com\n"
    "member: cn=Ghost,dc=example,dc=com\n"
    "\n"
    "dn:: Y249TG9vcCBUd28sb3U9R3JvdXBzLGRjPWV4YW1wbGUsZGM9Y29t\n"
    "objectClass: groupOfNames\n"
    "member: cn=Loop\\, One,ou=Groups,dc=example,dc=com\n"
    "\n"
    "dn: cn=pc1,ou=Computers,dc=example,dc=com\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "userAccountControl: 4098\n"
    "accountExpires: 133170048000000000\n"
    "memberOf: cn=Loop Two,ou=Groups,dc=example,dc=com\n"
    "\n"
    "dn: cn=x,dc=example,dc=com\n"
    "changetype: delete\n";

}  // namespace

TEST_CASE("ldif: folding, base64, DN escapes, a membership loop, dangling members, change records") {
  Scratch s;
  ImportOptions o;
  o.inputs = {s.write("dir.ldif", kLdif)};
  Imported r = run("ldif", o, s);
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(csv_of(r.inv, "identities") ==
        "id,type,name,status,department,created,expires\n"
        "\"cn=Alice Example,ou=People,dc=example,dc=com\",employee,Alice Example,,42,2023-01-02T15:04:05Z,\n"
        "\"cn=pc1,ou=Computers,dc=example,dc=com\",workload,,suspended,,,2023-01-01T00:00:00Z\n");
  CHECK(csv_of(r.inv, "roles") ==
        "id,kind,name\n\"cn=Loop Two,ou=Groups,dc=example,dc=com\",group,\n"  // by DN: ' ' sorts before '\\'
        "\"cn=Loop\\, One,ou=Groups,dc=example,dc=com\",group,\"Loop, One\"\n");
  // Entries in DN order; per entry its memberships (member values, memberOf), then a group's grant.
  CHECK(csv_of(r.inv, "edges") ==
        "from,to,relation\n"
        "\"cn=Loop\\, One,ou=Groups,dc=example,dc=com\",\"cn=Loop Two,ou=Groups,dc=example,dc=com\",member_of\n"
        "\"cn=Loop Two,ou=Groups,dc=example,dc=com\",\"ldap:cn=Loop Two,ou=Groups,dc=example,dc=com\",grants\n"
        "\"cn=Alice Example,ou=People,dc=example,dc=com\",\"cn=Loop\\, One,ou=Groups,dc=example,dc=com\",member_of\n"
        "\"cn=Loop Two,ou=Groups,dc=example,dc=com\",\"cn=Loop\\, One,ou=Groups,dc=example,dc=com\",member_of\n"
        "\"cn=Loop\\, One,ou=Groups,dc=example,dc=com\",\"ldap:cn=Loop\\, One,ou=Groups,dc=example,dc=com\",grants\n"
        "\"cn=pc1,ou=Computers,dc=example,dc=com\",\"cn=Loop Two,ou=Groups,dc=example,dc=com\",member_of\n");
  const std::string report = mapping_report(r.inv, "ldif");
  CHECK(report.find("dir.ldif:4: attribute `userPassword` of `cn=Alice Example,ou=People,dc=example,dc=com`: "
                    "secrets are never copied") != std::string::npos);
  CHECK(report.find("member `cn=Ghost,dc=example,dc=com` of `cn=Loop\\, One,ou=Groups,dc=example,dc=com`: no entry "
                    "with this DN in the input: no edge") != std::string::npos);
  CHECK(report.find("dir.ldif:12: attribute `jpegPhoto` of `cn=Alice Example,ou=People,dc=example,dc=com` given by "
                    "URL") != std::string::npos);
  CHECK(report.find("change record for `cn=x,dc=example,dc=com` (changetype: delete)") != std::string::npos);
  CHECK(report.find("attribute `mail` (1 value, first here): not part of the inventory model") != std::string::npos);
  // The secret is in no output.
  for (const auto& [name, text] : to_csv_files(r.inv)) CHECK(text.find("s3cr3t") == std::string::npos);
  CHECK(to_json(r.inv).find("s3cr3t") == std::string::npos);
  CHECK(report.find("s3cr3t") == std::string::npos);
  CHECK(r.errors.find("s3cr3t") == std::string::npos);
  check_loads(r.inv);
}

TEST_CASE("ldif: syntax errors at line:col; a base64 secret never appears in an error") {
  Scratch s;
  auto errors = [&](const std::string& text) {
    ImportOptions o;
    o.inputs = {s.write("e.ldif", text)};
    return run("ldif", o, s).errors;
  };
  CHECK(errors("dn: cn=a,dc=x\nfoo bar: y\n") ==
        "e.ldif:2:4: error[M0401]: expected `:` after the attribute name (an LDIF line is `attribute: value`, "
        "`attribute:: base64` or `attribute:< URL`)\n");
  CHECK(errors("dn: cn=a,dc=x\nuserPassword:: c2Vj*mV0\n") == "e.ldif:2:20: error[M0403]: invalid base64 character\n");
  CHECK(errors("dn: cn=a,dc=x\ncn:: QQ=\n") ==
        "e.ldif:2:9: error[M0403]: invalid base64 (the length is not a multiple of 4)\n");
  CHECK(errors("cn: a\nsn: b\n") ==
        "e.ldif:1:1: error[M0404]: record does not start with `dn:` (found `cn:`); every LDIF record names its entry "
        "first\n");
  CHECK(errors(" folded\n") ==
        "e.ldif:1:1: error[M0402]: folded line (starting with a space) with no line before it to continue\n");
  CHECK(errors("dn: cn=a,dc=x\ncn: a\n b\n-\n") ==
        "e.ldif:4:1: error[M0401]: `-` separates modifications and belongs only in a change record\n");
  CHECK(errors("dn: ou\n") == "e.ldif:1:5: error[M0406]: malformed DN `ou`\n");
  CHECK(errors("dn: cn=a\\,dc=x\n").empty());  // an escaped comma: one RDN
  CHECK(errors("version: 2\n\ndn: cn=a,dc=x\n") ==
        "e.ldif:1:10: error[M0405]: unsupported LDIF version (expected `version: 1`)\n");
  CHECK(errors("dn: cn=a,dc=x\nobjectClass: person\n\nTRUE\n\n").empty());  // ldapcompare output: reported, skipped
}

TEST_CASE("ldif: every OpenLDAP test file imports and loads") {
  const std::string dir = shared_data("openldap-ldif/raw");
  if (!fs::exists(dir)) {
    MESSAGE("skipped: " << dir << " is not present");
    return;
  }
  struct Expect {
    const char* file;
    std::size_t identities, roles, edges;
  };
  for (const Expect& e : {Expect{"test.ldif", 11, 3, 25}, Expect{"test-ordered.ldif", 11, 3, 25},
                          Expect{"nestgroup.out.1", 13, 15, 58}, Expect{"nestgroup.out.2", 13, 15, 98},
                          Expect{"memberof.out", 7, 4, 14}, Expect{"dynlist.out", 8, 7, 34}}) {
    CAPTURE(e.file);
    ImportOptions o;
    o.inputs = {dir + "/" + e.file};
    ImportedInventory inv;
    Diagnostics d;
    REQUIRE(import_ldif(o, inv, d));
    CHECK(render_plain(d).empty());
    std::map<std::string, std::size_t> rows;
    for (const ImportedTable* t : inv.tables()) rows[t->name] = t->rows.size();
    CHECK(rows["identities"] == e.identities);
    CHECK(rows["roles"] == e.roles);
    CHECK(rows["entitlements"] == e.roles);
    CHECK(rows["edges"] == e.edges);
    const std::string report = mapping_report(inv, "ldif");
    for (const char* secret : {"YmplbnNlbg==", "bjensen\n", "Ympvcm4=", "amFq", "c2VjcmV0"}) {
      for (const auto& [name, text] : to_csv_files(inv)) CHECK(text.find(secret) == std::string::npos);
      CHECK(report.find(secret) == std::string::npos);
    }
    check_loads(inv);
  }
}

TEST_CASE("directory: a live import and an LDIF import of the same entries are equal whatever the order") {
  auto entry = [](std::string dn, std::vector<std::pair<std::string, std::string>> attributes) {
    return DirectoryEntry{std::move(dn), std::move(attributes), SourcePos{"ldap://h", 0, 0}};
  };
  std::vector<DirectoryEntry> entries{
      entry("cn=G,dc=x", {{"objectClass", "group"}, {"member", "cn=B,dc=x"}, {"member", "cn=A,dc=x"}}),
      entry("cn=A,dc=x", {{"objectClass", "user"}, {"memberOf", "cn=G,dc=x"}, {"manager", "CN=b,DC=x"}}),
      entry("cn=B,dc=x", {{"objectClass", "person"}, {"lastLogonTimestamp", "133170048000000000"}}),
  };
  ImportedInventory one, two;
  map_directory(entries, one);
  std::reverse(entries.begin(), entries.end());
  map_directory(entries, two);
  CHECK(to_json(one) == to_json(two));
  CHECK(csv_of(one, "identities") ==
        "id,type,manager,last_active\n\"cn=A,dc=x\",employee,\"cn=B,dc=x\",\n"
        "\"cn=B,dc=x\",employee,,2023-01-01T00:00:00Z\n");
  CHECK(csv_of(one, "edges") ==
        "from,to,relation\n\"cn=A,dc=x\",\"cn=G,dc=x\",member_of\n\"cn=B,dc=x\",\"cn=G,dc=x\",member_of\n"
        "\"cn=G,dc=x\",\"ldap:cn=G,dc=x\",grants\n");
}

// ---- live LDAP (failures only: no server in unit tests) --------------------------

TEST_CASE("ldap: options and connection failures are errors; the password is never shown") {
  Scratch s;
  ImportOptions o;
  CHECK(run("ldap", o, s).errors.find("error[M0501]: --ldap-url is required") == 0);
  o.ldap_url = "ldap://127.0.0.1:1";
  o.ldap_base_dn = "dc=example,dc=com";
  o.ldap_bind_dn = "cn=admin,dc=example,dc=com";
  CHECK(run("ldap", o, s).errors.find("error[M0502]: binding as `cn=admin,dc=example,dc=com` needs a password") == 0);
  o.ldap_password_env = "WARD_IMPORT_TEST_UNSET_VARIABLE";
  CHECK(run("ldap", o, s).errors ==
        "error[M0502]: environment variable `WARD_IMPORT_TEST_UNSET_VARIABLE` is not set or empty\n");
  o.ldap_password_env.clear();
  o.ldap_password_file = s.write("pw", "hunter2-top-secret\n");
  Imported r = run("ldap", o, s);
  CHECK_FALSE(r.ok);
  CHECK(r.errors.find("ldap://127.0.0.1:1:0: warning[M0506]: the bind password is sent unencrypted") == 0);
  CHECK(r.errors.find("error[M0503]: bind as `cn=admin,dc=example,dc=com` to ldap://127.0.0.1:1 failed: ") !=
        std::string::npos);
  CHECK(r.errors.find("hunter2") == std::string::npos);
  o.inputs = {"x.ldif"};
  CHECK(run("ldap", o, s).errors.find("error[M0102]") == 0);
}
