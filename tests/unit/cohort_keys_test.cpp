// plan_cohort_keys (plan/passes.cpp) and the evaluator's use of it: which
// subexpressions are computed once per cohort value, and that computing
// them so finds exactly what the plain evaluator finds.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>
#include <random>
#include <string>

#include "fixtures.hpp"
#include "plan/compiled_policy.hpp"
#include "policy_fixtures.hpp"
#include "ward/date.hpp"
#include "ward/evaluate.hpp"

using namespace ward;

namespace {

// Each rule names the number of subexpressions its `where` should have
// computed per cohort value: rule `kN_...` expects N.
const char* kShapes = R"(package shapes
import stdlib.identity.{active, human}
control "A.1" "t" {}
def group(x: identity): set<identity> = [p in cohort(x, by department) where active(p) and human(p)]
def same_type(x: identity): set<identity> = [p in cohort(x, by department) where p.type == x.type]
def bigger(x: identity, n: number): bool = count(cohort(x, by department)) > n
def manager_group(x: identity): set<identity> = [p in cohort(x, by manager) where p.status != "terminated"]
rule k1_count "t" { control "A.1" severity low
  for i in identities where count(cohort(i, by department)) > 55 report "{i.id}" }
rule k0_peers "t" { control "A.1" severity low
  for i in identities where count(peers(i, by department)) > 55 report "{i.id}" }
rule k2_two_columns "t" { control "A.1" severity low
  for i in identities where count(cohort(i, by department)) > 20 * count(cohort(i, by manager)) report "{i.id}" }
rule k1_group "t" { control "A.1" severity low
  for i in identities where count(group(i)) > 15 and active(i) report "{i.id}" }
rule k0_same_type "t" { control "A.1" severity low
  for i in identities where count(same_type(i)) > 12 report "{i.id}" }
rule k1_free_argument "t" { control "A.1" severity low
  for i in identities where bigger(i, count(group(i)) + 20) report "{i.id}" }
rule k0_own_argument "t" { control "A.1" severity low
  for i in identities where bigger(i, count(direct(i)) * 20) report "{i.id}" }
rule k0_quantified "t" { control "A.1" severity low
  for i in identities where any e in holds(i) where holders(e, cohort(i, by department)) < 2 report "{i.id}" }
rule k1_reference_column "t" { control "A.1" severity low
  for i in identities where count(manager_group(i)) >= 2 report "{i.id}" }
rule k3_holds_loop "t" { control "A.1" severity low
  for i in identities for e in holds(i)
  where human(i) and count(group(i)) >= 5 and holders(e, group(i)) * 4 < count(group(i))
  report "{i.id} {e.id} {holders(e, group(i))}" key e.id }
)";

const CompiledPolicy& shapes() {
  static const std::shared_ptr<const CompiledPolicy> compiled = test::compile_or_fail(kShapes);
  return *compiled;
}

std::size_t expected_keyed(const std::string& rule_id) {  // "shapes.k2_two_columns" -> 2
  return static_cast<std::size_t>(rule_id[8] - '0');
}

// An organisation of `n` identities in four departments (and some with
// none), under a few managers, holding a random handful of 40 entitlements
// through 12 roles.
std::vector<InMemoryFile> organisation(std::uint32_t seed, int n) {
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return std::uniform_int_distribution<int>(0, k - 1)(rng); };
  static const char* kDepartments[] = {"", "fin", "ops", "eng", "hr"};
  static const char* kTypes[] = {"employee", "employee", "contractor", "service"};
  static const char* kStatus[] = {"active", "active", "active", "terminated"};
  std::string identities = "id,type,status,department,manager\n";
  for (int k = 0; k < n; ++k)
    identities += fmt::format("u{},{},{},{},{}\n", k, kTypes[pick(4)], kStatus[pick(4)], kDepartments[pick(5)],
                              pick(4) == 0 ? "" : fmt::format("u{}", pick(6)));
  std::string roles = "id,kind\n", entitlements = "id\n", edges = "from,to,relation\n";
  for (int r = 0; r < 12; ++r) roles += fmt::format("r{},role\n", r);
  for (int e = 0; e < 40; ++e) entitlements += fmt::format("sys:e{}\n", e);
  for (int r = 0; r < 12; ++r)
    for (int k = 0; k < 3; ++k) edges += fmt::format("r{},sys:e{},grants\n", r, pick(40));
  for (int k = 0; k < n; ++k) {
    for (int m = pick(3); m > 0; --m) edges += fmt::format("u{},r{},member_of\n", k, pick(12));
    if (pick(5) == 0) edges += fmt::format("u{},sys:e{},grants\n", k, pick(40));
  }
  return {{"identities.csv", identities}, {"roles.csv", roles}, {"entitlements.csv", entitlements}, {"edges.csv", edges}};
}

// Findings with their messages (which print the per-cohort counts) and evidence.
std::string render(const EvalResult& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += fmt::format("{} {} {} | {} |", f.rule, f.subject, f.key, f.message);
    for (const auto& e : f.evidence)
      for (const auto& n : e.nodes) out += " " + n;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("plan_cohort_keys marks what reads the identity only through one cohort column") {
  const auto& rules = shapes().program.rules;
  REQUIRE(rules.size() == 10);
  for (const auto& r : rules) CHECK_MESSAGE(r.cohort_memos == expected_keyed(r.id), r.id);
}

TEST_CASE("cohort-keyed subexpressions: per cohort value, the plain evaluator's findings") {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    auto inv = test::load(organisation(seed, 300));
    EvalOptions plain, one, two;
    plain.plain = true;
    one.threads = 1;
    two.threads = 2;
    plain.today = one.today = two.today = *parse_date("2026-11-23");
    const std::string want = render(evaluate(shapes(), *inv, nullptr, plain));
    EvalResult got_one = evaluate(shapes(), *inv, nullptr, one);
    INFO("seed ", seed);
    CHECK(want == render(got_one));
    CHECK(want == render(evaluate(shapes(), *inv, nullptr, two)));
    // Not vacuous: every rule finds someone, and the evaluator did key by cohort.
    std::map<std::string, std::size_t> per_rule;
    for (const auto& f : got_one.findings) ++per_rule[f.rule];
    for (const auto& t : got_one.rule_times) {
      CHECK_MESSAGE(per_rule[t.rule] > 0, t.rule);
      CHECK_MESSAGE(t.cohort_keyed == expected_keyed(t.rule), t.rule);
    }
  }
}
