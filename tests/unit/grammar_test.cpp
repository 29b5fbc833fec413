// Tests for grammar/ward_grammar.hpp and grammar/error_messages.hpp: the
// grammar is well-formed (analyze), accepts every example of the language
// spec and the shapes the ISO pack needs, and rejects malformed input with
// our own message at the exact line and column of the problem.
#include <doctest/doctest.h>

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/error_messages.hpp"
#include "grammar/ward_grammar.hpp"

namespace {

namespace pegtl = tao::pegtl;

struct Outcome {
  bool ok = false;
  bool threw = false;
  std::string message;  // parse_error::message(), without the position prefix
  std::size_t line = 0;
  std::size_t column = 0;
};

template <typename Rule = ward::grammar::file>
Outcome parse_text(std::string_view text) {
  pegtl::memory_input<> in(text.data(), text.size(), "test.ward");
  Outcome out;
  try {
    out.ok = pegtl::parse<Rule, pegtl::nothing, ward::grammar::error_control>(in);
    if (out.ok && !in.empty()) {
      out.ok = false;
      out.message = "input left over";
    }
  } catch (const pegtl::parse_error& e) {
    out.threw = true;
    out.message = std::string(e.message());
    out.line = e.positions().front().line;
    out.column = e.positions().front().column;
  }
  return out;
}

// CHECKs that `text` is a valid policy file, showing the error if not.
void check_parses(std::string_view text) {
  const Outcome out = parse_text(text);
  INFO("error at " << out.line << ":" << out.column << ": " << out.message);
  INFO("in:\n" << text);
  CHECK(out.ok);
}

// Does one expression parse completely?
bool expression_parses(std::string_view text) {
  return parse_text<pegtl::seq<ward::grammar::expression, pegtl::eof>>(text).ok;
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("grammar: analyze finds no problems") {
  // analyze() prints each problem it finds to stderr and returns their count.
  CHECK(pegtl::analyze<ward::grammar::file>() == 0);
}

TEST_CASE("grammar: a valid file never fails without an error") {
  // With error_control every failure of `file` is a parse_error, never a
  // quiet `false` that would leave the caller without a position.
  const Outcome out = parse_text("package a\nbogus");
  CHECK_FALSE(out.ok);
  CHECK(out.threw);
}

// ---------------------------------------------------------------------------
// Every example of /shared/spec/language.md, verbatim (with a package line
// where the example is a fragment).

TEST_CASE("grammar: language.md declarations example") {
  check_parses(R"ward(package iso27001.a5_3                      # one package per file; dotted
import stdlib.identity.{active, nonhuman}  # names from another package

control "A.5.3" "Segregation of duties" {
  intent "Conflicting duties and areas of responsibility are segregated."
  maps "ISO27001:2013 A.6.1.2", "NIST-800-53 AC-5", "SOC2 CC6.1"
}

param review_window: duration = 90d       # tunable by the organisation (CLI/config can override)

def dormant(i: identity) = today - i.last_active > review_window   # non-recursive function
)ward");
}

TEST_CASE("grammar: language.md rule example") {
  check_parses(R"ward(package iso27001

rule ownerless_nonhuman "Non-human identity without an accountable owner" {
  control "A.5.16"
  severity high
  rationale """
    Service accounts, keys and tokens with no named, active owner cannot be
    reviewed, rotated or offboarded by anyone.
  """
  for i in identities
  where nonhuman(i) and active(i)
    and (i.owner is absent or i.owner.status == "terminated")
  report "{i.type} {i.id} has no active owner"
}
)ward");
}

TEST_CASE("grammar: language.md duties, conflicts and toxic combinations example") {
  check_parses(R"ward(package iso27001

duty create_vendor "Create or change vendor master data" { any "sap:XK01", "sap:FK01", "sap:FK02" }
duty pay_vendor    "Release payments"                     { any "sap:F110", "sap:F-53" }

conflict vendor_fraud "Create a vendor and pay it" {
  control "A.5.3"
  severity critical
  between create_vendor, pay_vendor
}

toxic ship_own_change "Deploy to production and approve one's own change" {
  control "A.5.3"
  severity critical
  all "github:prod.deploy", "jira:change.approve"
}
)ward");
}

TEST_CASE("grammar: language.md tests example") {
  check_parses(R"ward(package iso27001

test "nested groups give both duties" {
  given {
    identity alice employee
    group finance
    role ap_clerk grants "sap:FK01"
    role payer grants "sap:F110"
    alice member_of finance
    finance member_of ap_clerk, payer
  }
  expect vendor_fraud on alice
  expect no ownerless_nonhuman
}
test "fixture file" { given inventory "fixtures/acme" as of 2026-06-30  expect 3 findings of sod_matrix }
)ward");
}

TEST_CASE("grammar: language.md graph operators, each as an expression") {
  for (const char* e : {"i reaches x", "holds(i)", "members(r)", "grants(r)", "path(i, x)", "depth(i, x)",
                        "baseline.holds(i)", "baseline.members(r)", "baseline.grants(r)", "baseline.path(i, x)",
                        "a - b", "a & b", "a | b", "count(s)", "x in s", "any e in s where e.privileged",
                        "share(e, peers(i, by department))", "today - i.last_active > 90d", "i.x is absent",
                        "i.owner.status", "[\"a\", \"b\"]"}) {
    INFO(e);
    CHECK(expression_parses(e));
  }
}

// ---------------------------------------------------------------------------
// One example of each construct.

TEST_CASE("grammar: package and the three forms of import") {
  check_parses("package a\n");
  check_parses("package a.b.c\nimport x.y.{p, q}\nimport x.y.z\nimport x.*\nimport x.y.z.*\n");
  check_parses("# a licence header\n\npackage a   # trailing comment\n");
  check_parses("\xEF\xBB\xBFpackage a\n");  // a UTF-8 byte order mark
  check_parses("package a\r\nimport b.c\r\n");
  check_parses("package policies.test.rule\n");  // reserved words are fine as package segments
}

TEST_CASE("grammar: control with and without intent and maps") {
  check_parses(R"(package a
control "A.5.3" "Segregation of duties" { intent "x" maps "ISO27001:2013 A.6.1.2", "NIST-800-53 AC-5" }
control "A.5.16" "Identity management" {}
control "A.5.18" "Access rights" {
  intent """
    Access rights to information are provisioned, reviewed, modified and
    removed in accordance with the topic-specific policy.
  """
}
control "A.8.2" "Privileged access rights" { maps "SOC2 CC6.1" }
)");
}

TEST_CASE("grammar: params of every type, with set types") {
  check_parses(R"(package a
param name: string = "acme"
param strict: bool = false
param max_direct_grants: number = 5
param cutoff: date = 2026-01-31
param review_window: duration = 90d
param credential_max_age: duration = 12w
param floor: severity = high
param peer_share: share = 10%
param ratio: share = 0.1
param half: share = 12.5%
param human_types: set<string> = ["employee", "contractor"]
param empty: set<string> = []
param nested: list<set<string>> = [["a"], []]
param negative: number = -1
)");
}

TEST_CASE("grammar: attribute declarations") {
  check_parses(R"(package a
attribute identity.location: string
attribute role.cost_center: string
attribute group.mailbox: string
attribute entitlement.tier: number
attribute edge.ticket: string
attribute table sod_rules.description: string
attribute table reviews.severity: severity
)");
}

TEST_CASE("grammar: def functions and constants") {
  check_parses(R"(package a
def dormant(i: identity) = today - i.last_active > review_window
def human(i: identity): bool = i.type in ["employee", "contractor"]
def both(i: identity, a: entitlement, b: entitlement) = i reaches a and i reaches b
def nothing() = 0
def limit = 5
def horizon: duration = 2 * 90d
)");
}

TEST_CASE("grammar: a rule with every clause") {
  check_parses(R"(package a
rule sample "Every clause" {
  control "A.5.3", "A.5.18"
  severity high
  rationale "short rationale"
  for i in identities
  for e in holds(i)
  where e.privileged
  unless excepted(i, e.id)
  report "{i.id} holds {e.id} \{literal braces\} \"quoted\"\tand\\more\n"
  subject i
  key e.id
  evidence path(i, e), path(i, e.owner)
}
rule minimal "Only what is required" {
  control "A.5.3"
  severity low
  for r in roles
  report "{r.id}"
}
)");
}

TEST_CASE("grammar: clauses may share lines and rules may carry comments anywhere") {
  check_parses(R"(package a
rule r "T" { control "A.5.3" severity medium for i in identities where active(i) report "x" }
rule s "T" {   # opening comment
  control "A.5.3"   # which control
  # a whole-line comment
  severity low
  for i in identities   # every identity
  where active(i)       # that is active
    and i.department is present   # with a department
  report "x"            # the message
}
)");
}

TEST_CASE("grammar: duties with any and all") {
  check_parses(R"(package a
duty approve "Approve payments" { any "sap:F110" }
duty admin "Administer the cluster" { all "k8s:cluster-admin", "k8s:secrets.read" }
duty multiline "Spread over lines" {
  any "a",
      "b",   # comment between members
      "c"
}
)");
}

TEST_CASE("grammar: conflict with rationale and toxic with rationale") {
  check_parses(R"(package a
conflict vendor_fraud "Create a vendor and pay it" {
  control "A.5.3", "A.5.18"
  severity critical
  rationale """A single person must not both create a vendor and pay it."""
  between create_vendor, pay_vendor
}
toxic ship_own_change "Deploy and approve" {
  control "A.5.3"
  severity row.severity
  rationale "Four eyes on production changes."
  all "github:prod.deploy", "jira:change.approve", "x"
}
)");
}

TEST_CASE("grammar: test blocks in every form") {
  check_parses(R"(package a
test "every kind of fixture line" {
  given {
    identity alice employee status terminated department finance last_active 2026-01-02
    identity "svc-deploy" service owner alice
    group finance
    role ap_clerk grants "sap:FK01", "sap:FK02"
    entitlement "sap:F110" privileged
    alice member_of finance, payer
    ap_clerk grants "sap:F-53"
    edge alice -> ap_clerk member_of expires 2026-01-01 approved_by bob   # a generic edge
    review alice ap_clerk carla 2026-04-15 keep
    exception sod_matrix alice carla 2027-03-31
    sod SOD-01 "sap:FK01" "sap:F110" critical

  }
  and baseline {
    identity alice employee
  }
  as of 2026-06-30
  with param review_window = 30d
  with param peer_share = 5%
  expect vendor_fraud on alice
  expect sod_matrix on alice key "SOD-01"
  expect self_approval on "svc-deploy" key sap:F110
  expect iso27001.sod_matrix on alice key SOD-01
  expect no ownerless_nonhuman
  expect no sod_matrix on bob
  expect no sod_matrix on alice key SOD-02
  expect 3 findings of sod_matrix
  expect 1 finding of sod_matrix on alice
  expect 0 findings of access_drift
}
test "inventories on disk" {
  given inventory "fixtures/acme" and baseline "fixtures/acme-baseline"
  expect 2 findings of access_drift
}
test "one line" { given { identity alice employee } expect no x }
test "empty fixture" { given {} expect 0 findings of x }
)");
}

// ---------------------------------------------------------------------------
// Representative rules of the ISO pack (iso-pack.md).

TEST_CASE("grammar: ISO pack rules parse") {
  check_parses(R"ward(package iso27001
import stdlib.identity.{active, human, nonhuman, excepted}

param review_window: duration = 90d
param privileged_dormancy: duration = 30d
param max_direct_grants: number = 5
param min_peer_group: number = 10
param peer_share: share = 10%

rule sod_matrix "Conflicting access from the segregation-of-duties matrix" {
  control "A.5.3"
  severity row.severity
  rationale """
    The organisation's own SoD matrix: nobody may hold both sides of a row,
    directly or through nested groups and roles, unless an approved exception
    that has not expired says so.
  """
  for row in table sod_rules
  for i in identities
  where i.status != "terminated" and i reaches row.left and i reaches row.right
  unless excepted(i, row.id) or excepted(i, "sod_matrix")
  report "{i.id} can reach both {row.left} and {row.right} ({row.id})"
  subject i
  key row.id
  evidence path(i, row.left), path(i, row.right)
}

rule peer_outlier "Access that almost none of one's peers hold" {
  control "A.8.3"
  severity low
  for i in identities
  for e in holds(i)
  where active(i) and human(i) and i.department is present
    and count(peers(i, by department)) + 1 >= min_peer_group
    and count(peers(i, by department)) > 0
    and share(e, peers(i, by department)) < peer_share
  report "{i.id} holds {e.id}, which fewer than {peer_share} of the {i.department} department hold"
  key e.id
  evidence path(i, e)
}

rule access_drift "Access gained since the baseline without approval" {
  control "A.5.18"
  severity high
  for i in identities
  for e in holds(i) - baseline.holds(i)
  where i.status != "terminated"
    and (all p in paths(i, e) where any x in p where x not in baseline.edges and x.approved_by is absent)
  report "{i.id} gained {e.id} since the baseline through unapproved changes"
  key e.id
  evidence path(i, e)
}

rule role_drift "A role grants more than it did at the baseline" {
  control "A.5.18"
  severity medium
  for r in roles | groups
  where r in baseline.roles | baseline.groups and count(grants(r) - baseline.grants(r)) > 0
  report "{r.id} grants {count(grants(r) - baseline.grants(r))} entitlements it did not at the baseline"
}

rule self_approval "An edge approved by its own beneficiary" {
  control "A.5.3", "A.5.18"
  severity high
  for x in edges
  where x.approved_by is present and x.approved_by == x.from
  report "{x.from} approved their own {x.relation} edge to {x.to}"
  subject x.from
  key x.to
  evidence x
}

rule revoked_not_removed "Access certified away but never removed" {
  control "A.5.18", "A.6.5"
  severity high
  for v in table reviews
  where v.decision == "revoke" and v.date <= today and v.identity in identities
    and v.identity reaches v.target
  report "{v.identity} still reaches {v.target}, revoked on {v.date}"
  subject v.identity
  key v.target
  evidence path(v.identity, v.target)
}

rule unreviewed_privileged_access "Privileged access without a recent keep review" {
  control "A.5.18", "A.8.2"
  severity medium
  for i in identities
  for e in holds(i)
  where active(i) and e.privileged == true
  unless any v in table reviews where v.identity == i.id and v.decision == "keep"
    and today - v.date >= 0d and today - v.date <= review_window
    and (v.target == e.id or (i reaches v.target and e in grants(v.target)))
  report "{i.id} holds privileged {e.id} with no keep review in the last {review_window}"
  key e.id
  evidence path(i, e)
}

rule standing_privileged_access "Privileged access that never expires" {
  control "A.8.2"
  severity high
  for i in identities
  for e in holds(i)
  where active(i) and human(i) and e.privileged
    and any p in paths(i, e) where all x in p where x.expires is absent
  unless excepted(i, e.id)
  report "{i.id} holds {e.id} permanently"
  key e.id
}

rule dormant_privileged "Dormant identity with privileged access" {
  control "A.8.2"
  severity high
  for i in identities
  where active(i) and any e in holds(i) where e.privileged
  unless i.last_active is present and not (today - i.last_active > privileged_dormancy)
  report "{i.id} holds privileged access and was last active {i.last_active}"
}

rule excess_direct_grants "Too many direct grants" {
  control "A.8.3"
  severity low
  for i in identities
  where count(direct_grants(i)) > max_direct_grants
  report "{i.id} has {count(direct_grants(i))} direct grants (more than {max_direct_grants})"
}

rule leaver_still_active "A leaver whose account is still active" {
  control "A.6.5"
  severity critical
  for i in identities
  where (i.status == "active" or i.status == "suspended") and i.terminated <= today
  report "{i.id} left on {i.terminated} but is still {i.status}"
}

test "sod matrix: one row, one exception" {
  given {
    identity dana employee
    identity paul employee
    role ap_lead grants "sap:FK01", "sap:F110"
    dana member_of ap_lead
    paul member_of ap_lead
    sod SOD-01 "sap:FK01" "sap:F110" critical
    exception SOD-01 dana carla 2027-03-31
  }
  as of 2026-06-30
  expect sod_matrix on paul key SOD-01
  expect no sod_matrix on dana
}
)ward");
}

// ---------------------------------------------------------------------------
// Words and keywords.

TEST_CASE("grammar: keywords do not eat prefixes of identifiers") {
  for (const char* e : {"order", "order or notes", "index in isolated", "notes and android", "island",
                        "a.or", "row.severity", "e.from", "i.in", "orchid or anders", "today_x", "identities2",
                        "nothing", "isa is absent", "reachesx reaches y", "tables", "bypass", "anyone", "allowed",
                        "trueish", "falsey", "keys", "forall", "wherever", "unlessx", "baseline_x"}) {
    INFO(e);
    CHECK(expression_parses(e));
  }
}

TEST_CASE("grammar: reserved words are not names") {
  for (const char* e : {"in", "and", "or", "not", "is", "rule", "where", "for", "key", "subject", "table",
                        "by", "baseline", "a and", "a or or"}) {
    INFO(e);
    CHECK_FALSE(expression_parses(e));
  }
  // As an operand they are not variables either.
  CHECK_FALSE(expression_parses("where == 1"));
  // Contextual words are ordinary names in expressions.
  for (const char* e : {"absent", "present", "identity", "role", "group", "entitlement", "edge", "inventory", "as",
                        "of", "with", "no", "on", "findings", "high", "critical", "set", "string"}) {
    INFO(e);
    CHECK(expression_parses(e));
  }
}

TEST_CASE("grammar: expression precedence shapes are accepted") {
  for (const char* e : {"not a and b or c", "a == b and not c in d", "x not in a | b - c & d",
                        "-a * b + c / d", "f(a)(b).c", "(a or b) and (c or d)", "i.owner.status == \"x\"",
                        "count(holds(i)) >= 5", "a != b", "a <= b", "a >= b", "a < b", "a > b", "1.5 * 2",
                        "[1, 2, 3]", "[]", "[[a], [b, c]]", "\"\"", "\"{a}{b}\"", "\"nested {f(\"x\")} ok\"",
                        "\"\"\"raw {not interpolated} \\q\"\"\"", "table exceptions", "identities | roles",
                        "baseline.edges", "any x in s where all y in t where x == y",
                        "share(e, peers(i, by department)) < 10%", "2026-01-31 - 2025-12-31 > 4w",
                        "true or false", "i.x is present", "today"}) {
    INFO(e);
    CHECK(expression_parses(e));
  }
}

// ---------------------------------------------------------------------------
// Malformed input: our message, at the first character that is wrong.

namespace {

struct BadCase {
  const char* source;
  std::size_t line;
  std::size_t column;
  const char* message;
};

// The rule preamble used by many cases: the clause under test is on line 6.
#define RULE_HEAD "package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  for i in identities\n"

const BadCase bad_cases[] = {
    // File structure
    {"", 1, 1, "expected `package` and the package name at the start of the file"},
    {"rule x \"t\" {}", 1, 1, "expected `package` and the package name at the start of the file"},
    {"package\n", 2, 1, "expected a package name after `package`"},
    {"package a.\n", 1, 11, "expected a name after `.` in the package name"},
    {"package a\npackage b\n", 2, 1, "`package` must appear once, at the start of the file"},
    {"package a\nparam x: number = 1\nimport b.c\n", 3, 1, "imports must come before all other declarations"},
    {"package a\nrules x\n", 2, 1,
     "expected a declaration (control, param, attribute, def, rule, duty, conflict, toxic or test)"},
    {"package a\nimport b\n", 2, 9,
     "expected `.` and the imported name after the package (as in `import a.b.name`)"},
    {"package a\nimport b.c.\n", 2, 12, "expected a name, `{` names `}` or `*` after `.` in the import"},
    {"package a\nimport b.{x, }\n", 2, 14, "expected a name to import"},
    {"package a\nimport b.{x y}\n", 2, 13, "expected `}` to close the imported names (names are separated by `,`)"},
    // control
    {"package a\ncontrol A.5.3 \"T\" {}\n", 2, 9,
     "expected the control id (a string such as `\"A.5.3\"`) after `control`"},
    {"package a\ncontrol \"A.5.3\" {\n", 2, 17, "expected the control title (a string) after the control id"},
    {"package a\ncontrol \"A.5.3\" \"T\"\nintent \"x\"\n", 3, 1, "expected `{` after the control title"},
    {"package a\ncontrol \"A.5.3\" \"T\" {\n  intent \"x\"\n  mapz \"y\"\n}\n", 4, 3,
     "expected `}` to end the control (it holds `intent`, then `maps`)"},
    {"package a\ncontrol \"A.5.3\" \"T\" { maps \"x\", }\n", 2, 33,
     "expected a framework reference (a string) after `,`"},
    // param, attribute, def
    {"package a\nparam and: bool = true\n", 2, 7, "this is a reserved word and cannot be used as a name"},
    {"package a\nparam x number = 1\n", 2, 9, "expected `:` and a type after the name"},
    {"package a\nparam x: = 1\n", 2, 10, "expected a type (such as `string`, `duration` or `set<string>`)"},
    {"package a\nparam x: set<string = 1\n", 2, 21, "expected `>` to close the type"},
    {"package a\nparam x: number\n", 3, 1, "expected `=` and a default value after the parameter's type"},
    {"package a\nparam x: number =\n", 3, 1, "expected a default value after `=`"},
    {"package a\nattribute person.x: string\n", 2, 11,
     "expected identity, role, group, entitlement, edge or `table NAME` after `attribute`"},
    {"package a\nattribute identity location: string\n", 2, 19,
     "expected `.` and the attribute name (as in `identity.location`)"},
    {"package a\ndef f(in: identity) = 1\n", 2, 7, "this is a reserved word and cannot be used as a name"},
    {"package a\ndef f(x identity) = 1\n", 2, 9, "expected `:` and a type after the name"},
    {"package a\ndef f(x: identity = 1\n", 2, 19,
     "expected `)` to close the parameters (parameters are separated by `,`)"},
    {"package a\ndef f(x: identity), = 1\n", 2, 19, "expected `=` and the definition's body"},
    {"package a\ndef f(1) = 1\n", 2, 7, "expected a parameter as `name: type`"},
    // rule header and clause order
    {"package a\nrule where \"T\" {}\n", 2, 6, "this is a reserved word and cannot be used as a name"},
    {"package a\nrule r {}\n", 2, 8, "expected the rule title (a string) after the rule name"},
    {"package a\nrule r \"T\"\n  control \"A.5.3\"\n", 3, 3, "expected `{` after the rule title"},
    {"package a\nrule r \"T\" {\n  severity high\n", 3, 3,
     "expected `control` and the control ids (the first clause)"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\",\n  severity high\n", 4, 3,
     "expected a control id (a string) after `,`"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  for i in identities\n", 4, 3,
     "expected `severity` after the controls"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity\n  for i in identities\n", 5, 3,
     "expected a severity (low, medium, high, critical) or an expression after `severity`"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  where active(i)\n", 5, 3,
     "expected `for NAME in SOURCE` after the severity and rationale"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  for in identities\n", 5, 7,
     "expected a variable name after `for`"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  for i of identities\n", 5, 9,
     "expected `in` after the loop variable"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  for i in\n  where x\n", 6, 3,
     "expected what to iterate over after `in` (such as `identities` or `table NAME`)"},
    {RULE_HEAD "  where\n  report \"x\"\n}\n", 7, 3, "expected an expression after `where`"},
    {RULE_HEAD "  where active(i) and\n  report \"x\"\n}\n", 7, 3, "expected an expression after `and`"},
    {RULE_HEAD "  where a or\n}\n", 7, 1, "expected an expression after `or`"},
    {RULE_HEAD "  where not\n}\n", 7, 1, "expected an expression after `not`"},
    {RULE_HEAD "  where active(i)\n}\n", 7, 1, "expected `report` and the finding's message"},
    {RULE_HEAD "  report \"x\"\n  where active(i)\n}\n", 7, 3,
     "expected `}` to end the rule (clauses go in the order control, severity, rationale, for, where, unless, "
     "report, subject, key, evidence)"},
    {RULE_HEAD "  report i.id\n}\n", 6, 10, "expected the message (a string) after `report`"},
    {RULE_HEAD "  unless\n  report \"x\"\n}\n", 7, 3, "expected an expression after `unless`"},
    {RULE_HEAD "  report \"x\"\n  subject\n}\n", 8, 1, "expected an expression after `subject`"},
    {RULE_HEAD "  report \"x\"\n  key\n}\n", 8, 1, "expected an expression after `key`"},
    {RULE_HEAD "  report \"x\"\n  evidence\n}\n", 8, 1, "expected an expression after `evidence`"},
    {RULE_HEAD "  report \"x\"\n  evidence path(i, e),\n}\n", 8, 1, "expected an expression after `,`"},
    {RULE_HEAD "  rationale \"late\"\n", 6, 3, "expected `report` and the finding's message"},
    // Strings
    {RULE_HEAD "  report \"abc\n}\n", 6, 10, "unterminated string"},
    {RULE_HEAD "  report \"{i.id has\"\n}\n", 6, 17, "expected `}` to close the interpolation"},
    {RULE_HEAD "  report \"{}\"\n}\n", 6, 12, "expected an expression after `{` in the string"},
    {RULE_HEAD "  report \"a\\qb\"\n}\n", 6, 12,
     "unknown escape sequence (use `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{` or `\\}`)"},
    {"package a\nrule r \"Title {x}\" {}\n", 2, 15,
     "interpolation is not allowed in this string (write `\\{` for a literal brace)"},
    {"package a\ncontrol \"A.5.3\" \"T\" {\n  intent \"\"\"\n    never closed\n}\n", 3, 10,
     "unterminated triple-quoted string (no closing `\"\"\"`)"},
    {"package a\nrule r \"T\" {\n  control \"A.5.3\"\n  severity high\n  rationale\n  for i in identities\n", 6, 3,
     "expected the rationale text (a string or a `\"\"\"` string) after `rationale`"},
    // Expressions
    {RULE_HEAD "  where i.a == 1 == 2\n", 6, 18, "comparisons do not chain; combine them with `and`"},
    {RULE_HEAD "  where i.a = 1\n", 6, 13, "expected `==` to compare (`=` alone is not an operator)"},
    {RULE_HEAD "  where i. owner is absent\n", 6, 11, "expected an attribute name after `.`"},
    {RULE_HEAD "  where i.owner is missing\n", 6, 20, "expected `absent` or `present` after `is`"},
    {RULE_HEAD "  where i.x not y\n", 6, 17, "expected `in` after `not` (as in `x not in s`)"},
    {RULE_HEAD "  where i.x in\n", 7, 1, "expected a set after `in`"},
    {RULE_HEAD "  where i reaches\n", 7, 1, "expected a node after `reaches`"},
    {RULE_HEAD "  where i.x >\n", 7, 1, "expected an expression after the comparison operator"},
    {RULE_HEAD "  where a |\n", 7, 1, "expected an expression after `|`"},
    {RULE_HEAD "  where a & )\n", 6, 13, "expected an expression after `&`"},
    {RULE_HEAD "  where a + * b\n", 6, 13, "expected an expression after `+`"},
    {RULE_HEAD "  where a - \n", 7, 1, "expected an expression after `-`"},
    {RULE_HEAD "  where a * \n", 7, 1, "expected an expression after `*`"},
    {RULE_HEAD "  where a / \n", 7, 1, "expected an expression after `/`"},
    {RULE_HEAD "  where f(i, j\n  report \"x\"\n}\n", 7, 3,
     "expected `)` to close the argument list (arguments are separated by `,`)"},
    {RULE_HEAD "  where f(i, )\n", 6, 14, "expected an argument after `,`"},
    {RULE_HEAD "  where share(e, peers(i, by))\n", 6, 29, "expected an attribute name after `by`"},
    {RULE_HEAD "  where (a or b\n  report \"x\"\n", 7, 3, "expected `)` to close the parenthesis"},
    {RULE_HEAD "  where ()\n", 6, 10, "expected an expression after `(`"},
    {RULE_HEAD "  where x in [\"a\" \"b\"]\n", 6, 19, "expected `]` to close the list (items are separated by `,`)"},
    {RULE_HEAD "  where x in [\"a\", ]\n", 6, 20, "expected a list item after `,`"},
    {RULE_HEAD "  where any e holds(i) where e.privileged\n", 6, 15,
     "expected `in` after the quantifier's variable"},
    {RULE_HEAD "  where any in holds(i) where e.privileged\n", 6, 13,
     "expected a variable name after `any` or `all`"},
    {RULE_HEAD "  where any e in holds(i) e.privileged\n", 6, 27,
     "expected `where` and a condition after the quantifier's set"},
    {RULE_HEAD "  where any e in where e.privileged\n", 6, 18, "expected the set to range over after `in`"},
    {RULE_HEAD "  where all e in holds(i) where\n  report \"x\"\n", 7, 3, "expected a condition after `where`"},
    {RULE_HEAD "  for e in baseline holds(i)\n", 6, 20,
     "expected `.` and a graph operator after `baseline` (as in `baseline.holds(i)`)"},
    {RULE_HEAD "  for e in table\n  report \"x\"\n", 7, 3, "expected a table name after `table`"},
    {RULE_HEAD "  where -\n", 7, 1, "expected an expression after `-`"},
    // Numbers and dates
    {"package a\nparam x: duration = 90m\n", 2, 23,
     "unknown suffix after the number (use `d` for days, `w` for weeks or `%` for a share)"},
    {"package a\nparam x: duration = 90days\n", 2, 23,
     "unknown suffix after the number (use `d` for days, `w` for weeks or `%` for a share)"},
    {"package a\nparam x: date = 2026-1-31\n", 2, 17, "invalid date (expected `YYYY-MM-DD`)"},
    {"package a\nparam x: date = 2026-01-31T10:00:00Z\n", 2, 17, "invalid date (expected `YYYY-MM-DD`)"},
    // duty, conflict, toxic
    {"package a\nduty d \"T\" { \"x\" }\n", 2, 14, "expected `any` or `all` and the entitlement ids of the duty"},
    {"package a\nduty d \"T\" { any x }\n", 2, 18,
     "expected an entitlement or role id (a string) after `any` or `all`"},
    {"package a\nduty d \"T\" { any \"x\", }\n", 2, 23, "expected an entitlement or role id (a string) after `,`"},
    {"package a\nduty d \"T\" { any \"x\" \"y\" }\n", 2, 22, "expected `}` to end the duty"},
    {"package a\nduty \"T\" { any \"x\" }\n", 2, 6, "expected a duty name after `duty`"},
    {"package a\nconflict c \"T\" {\n  control \"A.5.3\"\n  severity high\n}\n", 5, 1,
     "expected `between` and the two conflicting duties"},
    {"package a\nconflict c \"T\" {\n  control \"A.5.3\"\n  severity high\n  between a\n}\n", 6, 1,
     "expected `,` and the second duty"},
    {"package a\nconflict c \"T\" {\n  control \"A.5.3\"\n  severity high\n  between a, b, c\n}\n", 5, 15,
     "expected `}` to end the conflict (a conflict is between exactly two duties)"},
    {"package a\nconflict c \"T\" {\n  control \"A.5.3\"\n  severity high\n  between\n}\n", 6, 1,
     "expected a duty name after `between`"},
    {"package a\nconflict c \"T\" {\n  control \"A.5.3\"\n  severity high\n  between a,\n}\n", 6, 1,
     "expected the second duty name after `,`"},
    {"package a\ntoxic t \"T\" {\n  control \"A.5.3\"\n  severity high\n  any \"x\", \"y\"\n}\n", 5, 3,
     "expected `all` and the entitlement ids that must not be held together"},
    {"package a\ntoxic t \"T\" {\n  control \"A.5.3\"\n  severity high\n  all \"x\" \"y\"\n}\n", 5, 11,
     "expected `}` to end the toxic combination"},
    // test
    {"package a\ntest t { }\n", 2, 6, "expected the test name (a string) after `test`"},
    {"package a\ntest \"t\" given {}\n", 2, 10, "expected `{` after the test name"},
    {"package a\ntest \"t\" { expect no x }\n", 2, 12, "expected `given` (the test's fixture) first in the test"},
    {"package a\ntest \"t\" { given \"acme\" expect no x }\n", 2, 18,
     "expected `{` and fixture lines, or `inventory` and a path, after `given`"},
    {"package a\ntest \"t\" { given inventory acme expect no x }\n", 2, 28,
     "expected the inventory path (a string) after `inventory`"},
    {"package a\ntest \"t\" { given inventory \"p\" }\n", 2, 32,
     "expected `expect` (a test reads: given, and baseline, as of, with param, then expect)"},
    {"package a\ntest \"t\" { given inventory \"p\" and \"q\" expect no x }\n", 2, 36,
     "expected `baseline` after `and`"},
    {"package a\ntest \"t\" { given inventory \"p\" and baseline q expect no x }\n", 2, 45,
     "expected `{` and fixture lines, or a path (a string), after `baseline`"},
    {"package a\ntest \"t\" { given inventory \"p\" as 2026-06-30 expect no x }\n", 2, 35, "expected `of` after `as`"},
    {"package a\ntest \"t\" { given inventory \"p\" as of June expect no x }\n", 2, 38,
     "expected a date (`YYYY-MM-DD`) after `as of`"},
    {"package a\ntest \"t\" { given inventory \"p\" as of 2026-6-30 expect no x }\n", 2, 38,
     "invalid date (expected `YYYY-MM-DD`)"},
    {"package a\ntest \"t\" { given inventory \"p\" with x = 1 expect no x }\n", 2, 37,
     "expected `param` after `with`"},
    {"package a\ntest \"t\" { given inventory \"p\" with param = 1 expect no x }\n", 2, 43,
     "expected a parameter name after `with param`"},
    {"package a\ntest \"t\" { given inventory \"p\" with param x 1 expect no x }\n", 2, 45,
     "expected `=` and a value after the parameter name"},
    {"package a\ntest \"t\" { given inventory \"p\" with param x = expect no x }\n", 2, 47,
     "expected a value after `=`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect }\n", 2, 39,
     "expected a rule name, `no RULE` or `N findings of RULE` after `expect`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect vendor_fraud }\n", 2, 52,
     "expected `on` and the subject after the rule name"},
    {"package a\ntest \"t\" { given inventory \"p\" expect r on }\n", 2, 44,
     "expected the subject (an id or a string) after `on`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect r on a key }\n", 2, 50,
     "expected the key (an id or a string) after `key`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect no }\n", 2, 42, "expected a rule name after `no`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect 3 sod }\n", 2, 41,
     "expected `findings of` and a rule name after the count"},
    {"package a\ntest \"t\" { given inventory \"p\" expect 2 finding sod }\n", 2, 49, "expected `of` after `findings`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect 2 findings of }\n", 2, 53,
     "expected a rule name after `findings of`"},
    {"package a\ntest \"t\" { given inventory \"p\" expect no x as of 2026-01-01 }\n", 2, 44,
     "expected another `expect` or `}` to end the test"},
    {"package a\ntest \"t\" {\n  given {\n    identity alice employee\n", 5, 1, "expected `}` to close the fixture"},
    {"package a\ntest \"t\" {\n  given {\n    alice member_of finance,\n  }\n", 4, 29,
     "expected a value after `,` in the fixture line"},
    {"package a\ntest \"t\" {\n  given {\n    alice member_of {finance}\n  }\n", 4, 21,
     "expected a value or the end of the fixture line"},
    {"package a\ntest \"t\" {\n  given {\n    role r grants \"sap:FK01\n  }\n", 4, 19, "unterminated string"},
};

#undef RULE_HEAD

}  // namespace

TEST_CASE("grammar: malformed input fails with our message at the exact place") {
  CHECK(std::size(bad_cases) >= 25);
  for (const BadCase& c : bad_cases) {
    INFO("source:\n" << std::string(c.source));
    const Outcome out = parse_text(c.source);
    CHECK_FALSE(out.ok);
    CHECK(out.threw);
    CHECK(out.message == std::string(c.message));
    CHECK(out.line == c.line);
    CHECK(out.column == c.column);
  }
}

TEST_CASE("grammar: error messages follow the house style") {
  for (const BadCase& c : bad_cases) {
    const std::string_view m = c.message;
    INFO(m);
    REQUIRE_FALSE(m.empty());
    CHECK_FALSE(std::isupper(static_cast<unsigned char>(m.front())));
    CHECK(m.back() != '.');
    CHECK(m.find("::") == std::string_view::npos);  // never a C++ or PEGTL rule name
    CHECK(m.find('\n') == std::string_view::npos);
  }
}
