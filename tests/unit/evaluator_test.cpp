#include <doctest/doctest.h>
#include <fmt/format.h>

#include "policy_fixtures.hpp"

using namespace ward;

namespace {

std::unique_ptr<Inventory> org() {
  return test::inventory(
      "id,type,status,last_active,owner,department\n"
      "alice,employee,,2026-11-01,,fin\n"
      "bob,employee,terminated,2026-01-01,,fin\n"
      "carol,contractor,,,,ops\n"
      "svc,service,,2026-08-25,ghost,ops\n",
      "id,kind\nfin,group\nap,role\npay,role\nloop1,group\nloop2,group\n",
      "id,privileged\nsap:FK01,\nsap:F110,true\nsap:X,\n",
      "from,to,relation,expires\n"
      "alice,fin,member_of,\n"
      "fin,ap,member_of,\n"
      "fin,pay,member_of,2026-01-01\n"
      "ap,sap:FK01,grants,\n"
      "pay,sap:F110,grants,\n"
      "bob,fin,member_of,\n"
      "carol,loop1,member_of,\n"
      "loop1,loop2,member_of,\n"
      "loop2,loop1,member_of,\n"
      "loop2,sap:X,grants,\n"
      "svc,sap:F110,grants,\n",
      {{"sod_rules.csv", "id,left,right,severity\nS1,sap:FK01,sap:F110,critical\nS2,sap:X,sap:X,\nS3,alice,sap:X,\n"},
       {"exceptions.csv", "rule,identity,approved_by,expires\nS1,bob,carol,2027-01-01\nsod_matrix,carol,alice,2026-11-22\n"}});
}

const char* kHeader = "package t\ncontrol \"A.1\" \"t\" {}\n";

std::string rule(const std::string& body) {
  return std::string(kHeader) + "rule r \"t\" {\n  control \"A.1\"\n  severity high\n" + body + "\n}\n";
}

}  // namespace

TEST_CASE("evaluator: the SoD matrix through groups, cycles, left == right, identities never reached") {
  auto inv = org();
  std::string policy = std::string(kHeader) +
                       "rule sod_matrix \"t\" {\n  control \"A.1\"\n  severity row.severity\n"
                       "  for row in table sod_rules\n  for i in identities\n"
                       "  where i reaches row.left and i reaches row.right\n  unless excepted(i, row.id)\n"
                       "  report \"{i.id}\"\n  key row.id\n}\n";
  // bob's S1 exception is valid; carol's rule-wide exception expired yesterday.
  CHECK(test::run(policy, *inv) == "t.sod_matrix alice S1\nt.sod_matrix carol S2\n");
}

TEST_CASE("evaluator: absent dates are never older; comparisons with absent are false") {
  auto inv = org();
  CHECK(test::run(rule("  for i in identities\n  where today - i.last_active > 90d\n  report \"{i.id}\""), *inv) ==
        "t.r bob\n");
  CHECK(test::run(rule("  for i in identities\n  where i.last_active is absent\n  report \"{i.id}\""), *inv) ==
        "t.r carol\n");
}

TEST_CASE("evaluator: a dangling owner reference has no attributes") {
  auto inv = org();
  CHECK(test::run(rule("  for i in identities\n  where i.owner is present and i.owner.status is absent\n  report \"{i.id}\""),
                  *inv) == "t.r svc\n");
}

TEST_CASE("evaluator: holds, members, count and set algebra") {
  auto inv = org();
  CHECK(test::run(rule("  for i in identities\n  where count(holds(i)) == 2\n  report \"{i.id}\""), *inv) ==
        "t.r alice\nt.r bob\n");
  CHECK(test::run(rule("  for e in entitlements\n  where count(members(e)) >= 3\n  report \"{e.id}\""), *inv) ==
        "t.r sap:F110\n");
  CHECK(test::run(rule("  for i in identities\n  where \"sap:F110\" in holds(i) - holds(\"ap\")\n  report \"{i.id}\""),
                  *inv) == "t.r alice\nt.r bob\nt.r svc\n");
}

TEST_CASE("evaluator: edges give their from as subject and read expiry") {
  auto inv = org();
  CHECK(test::run(rule("  for e in edges\n  where e.expires < today\n  report \"{e.from.id} -> {e.to.id}\"\n  key e.to.id"),
                  *inv) == "t.r fin pay\n");
}

TEST_CASE("evaluator: conflicts and toxic combinations") {
  auto inv = org();
  std::string policy = std::string(kHeader) +
                       "duty create \"Create vendors\" { any \"sap:FK01\" }\n"
                       "duty pay \"Pay\" { any \"sap:F110\", \"sap:X\" }\n"
                       "conflict c \"t\" { control \"A.1\" severity critical between create, pay }\n"
                       "toxic x \"t\" { control \"A.1\" severity high all \"sap:F110\", \"ap\" }\n";
  CHECK(test::run(policy, *inv) == "t.c alice\nt.c bob\nt.x alice\nt.x bob\n");
}

TEST_CASE("evaluator: drift against a baseline") {
  auto inv = org();
  auto base = test::inventory("id,type\nalice,employee\n", "id,kind\nfin,group\nap,role\n",
                              "id\nsap:FK01\n", "from,to,relation\nalice,fin,member_of\nfin,ap,member_of\nap,sap:FK01,grants\n");
  CHECK(test::run(rule("  for i in identities\n  for e in holds(i) - baseline.holds(i)\n  where i.id == \"alice\"\n"
                       "  report \"{e.id}\"\n  key e.id"),
                  *inv, "2026-11-23", base.get()) == "t.r alice sap:F110\n");
}

TEST_CASE("evaluator: sets list their members in id order, ids sharing long prefixes too") {
  // Table order is not id order, and the ids agree in their first 8 bytes
  // or more (node ranks sort by an 8-byte prefix, then the whole id).
  auto inv = test::inventory("id,type\nsvc-account-10,service\nsvc-account-9,service\nsvc-account-100,service\n"
                             "svc-acc,service\nsvc-account-1,service\n",
                             "id,kind\nrole-with-a-long-name-b,role\nrole-with-a-long-name-a,role\nrole-with-a-long-name,role\n",
                             "id,privileged\ne,false\n",
                             "from,to,relation\nsvc-acc,role-with-a-long-name-b,member_of\nsvc-acc,role-with-a-long-name,member_of\n"
                             "svc-acc,role-with-a-long-name-a,member_of\n");
  CompileResult r = test::compile(std::string(kHeader) + "rule r \"t\" {\n  control \"A.1\"\n  severity low\n  for i in identities\n"
                            "  where i.id == \"svc-acc\"\n  report \"{reachable(i)} / {identities}\"\n}\n");
  REQUIRE(r.policy);
  EvalResult res = evaluate(*r.policy, *inv, nullptr, EvalOptions{});
  REQUIRE(res.findings.size() == 1);
  CHECK(res.findings[0].message ==
        "role-with-a-long-name, role-with-a-long-name-a, role-with-a-long-name-b / svc-acc, svc-account-1, svc-account-10, "
        "svc-account-100, svc-account-9");
}

// With several threads, the outer scan of identities, entitlements and
// edges visits only its shard's blocks of 1,024 elements. Every element of
// every block must still be visited once, by one shard: the findings of 3
// threads are those of 1, over sources of several blocks each.
TEST_CASE("evaluator: sharded outer scans of identities, entitlements and edges visit every element once") {
  std::string identities = "id,type\n", entitlements = "id\n", edges = "from,to,relation,expires\n";
  for (int k = 0; k < 5000; ++k) {
    identities += fmt::format("u{},employee\n", k);
    entitlements += fmt::format("e{}\n", k);
    edges += fmt::format("u{},e{},grants,{}\n", k, (k * 7) % 5000, k % 3 == 0 ? "2020-01-01" : "");
  }
  // Roles sit between identities and entitlements in node order.
  auto loaded = load_inventory_csv_text("inv", {{"identities.csv", identities},
                                                {"roles.csv", "id,kind\nr1,role\nr2,group\nr3,role\n"},
                                                {"entitlements.csv", entitlements},
                                                {"edges.csv", edges}});
  REQUIRE(loaded.inventory);
  auto one_rule = [](const char* name, const char* body) {
    return fmt::format("rule {} \"t\" {{\n  control \"A.1\"\n  severity high\n{}\n}}\n", name, body);
  };
  const std::string policy =
      std::string(kHeader) +
      one_rule("i", "  for i in identities\n  where count(holds(i)) == 1\n  report \"{i.id}\"") +
      one_rule("e", "  for e in entitlements\n  where count(members(e)) == 1\n  report \"{e.id}\"") +
      one_rule("x", "  for x in edges\n  where x.expires < today\n  report \"{x.from.id}\"\n  key x.to.id");
  CompileResult compiled = test::compile(policy);
  INFO(render_plain(compiled.diagnostics));
  REQUIRE(compiled.policy);
  auto findings = [&](unsigned threads) {
    EvalOptions options;
    options.today = *parse_date("2026-11-23");
    options.threads = threads;
    std::vector<std::string> out;
    for (const auto& f : evaluate(*compiled.policy, *loaded.inventory, nullptr, options).findings)
      out.push_back(f.rule + " " + f.subject + " " + f.key);
    return out;
  };
  const std::vector<std::string> one = findings(1);
  CHECK(one.size() == 5000 + 5000 + 1667);
  CHECK(findings(3) == one);
  CHECK(findings(2) == one);
}
