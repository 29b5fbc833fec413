// Rendering a run's findings: the text report for people and the JSON
// contract for machines (../shared/spec/cli.md). Renderers are pure
// functions of the Report, so the same inputs give byte-identical output.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ward/change.hpp"
#include "ward/findings.hpp"

namespace ward {

struct ReportInput {
  std::string path;
  std::string sha256;
};

// A rule that was evaluated, for formats that list rules (SARIF, JUnit).
struct ReportRule {
  std::string id;          // package-qualified
  std::string short_id;
  std::string title;
  std::vector<std::string> controls;
  std::string rationale;
  std::optional<Severity> severity;  // when fixed in the policy
  std::string policy;      // policy file:line
};

// Change mode (--new-only): the findings are those the baseline did not
// have; this says what the baseline was, what changed, and what went away.
struct ChangeSummary {
  std::string baseline;            // "HEAD" (--against) or the --baseline path
  std::size_t changed_rows = 0;
  std::size_t affected_nodes = 0;  // nodes evaluated by local rules
  ChangeImpact impact;
  std::vector<Finding> resolved;   // in the baseline's run, not in this one (sorted)
};

struct Report {
  std::string tool_version;
  std::string as_of;                          // YYYY-MM-DD
  std::vector<ReportInput> inputs;            // every policy and data file read
  std::vector<Finding> findings;              // sorted (finding_less)
  std::vector<Finding> excepted;              // accepted by an exception, sorted; not counted as findings
  std::size_t rules = 0;                      // rules evaluated
  std::size_t identities = 0;                 // identities in the inventory
  std::map<std::string, std::string> control_titles;  // "A.5.3" -> "Segregation of duties"
  // For the auditor's report: what was checked and how to run it again.
  std::string data;       // --data as given
  std::string baseline;   // --baseline as given, or empty
  std::string command;    // the ward command line that reproduces the report
  std::vector<ReportRule> rule_list;     // the rules evaluated, in policy order
  std::optional<ChangeSummary> change;   // set in change mode
};

// Control ids in reading order: A.5.3 before A.5.16 (numbers compare as numbers).
struct ControlOrder {
  bool operator()(const std::string& a, const std::string& b) const;
};

// The JSON report, handed to `sink` piece by piece in order as it is
// rendered: findings are rendered in blocks on `threads` threads (0: one
// per core), so that written to a file, a report of a million findings
// never sits in memory whole (render_json() does collect it). Stops,
// returning false, as soon as `sink` returns false; an exception from
// rendering or from `sink` propagates after every thread has been joined.
// The pieces together are render_json()'s text, whatever `threads` is.
bool write_json(const Report& report, const std::function<bool(std::string_view)>& sink, unsigned threads = 0);
std::string render_json(const Report& report);

// SARIF 2.1.0 for code-scanning UIs (GitHub's required fields and limits):
// one run, the evaluated rules as reporting descriptors (controls as tags,
// security-severity), each finding located at the data line of the edge
// that completes its evidence path (in change mode: the changed line that
// explains it), the policy rule as a related location, a fingerprint of
// rule + subject + key, excepted findings as accepted suppressions.
std::string render_sarif(const Report& report);

// JUnit XML: one testsuite per control, one testcase per rule, one
// failure per failing testcase listing its findings.
std::string render_junit(const Report& report);

// A report an auditor can file as it is: scope, as-of date, inputs with
// SHA-256, a summary per control and severity, every finding with its
// evidence, accepted exceptions separately, and how to reproduce it.
// Untrusted text is escaped for Markdown.
std::string render_markdown(const Report& report);

class CompiledPolicy;
// `ward doc`: the policies for auditors (Markdown, or one self-contained
// HTML page): coverage of the declared controls, per control its intent and
// mappings, per rule its title, controls, severity, rationale and condition
// quoted from the policy, the parameters in force, and the files with SHA-256.
std::string render_policy_doc(const CompiledPolicy& policy, bool as_html, const std::string& version);

// Grouped by control, then severity (most severe first). `color`: ANSI
// colours for severities (only when writing to a terminal). Untrusted text
// (names, messages built from data) has control characters escaped.
std::string render_text(const Report& report, bool color);

}  // namespace ward
