// Findings: what a policy run reports (../shared/spec/cli.md, "JSON output").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ward/inventory.hpp"

namespace ward {

// One path that grants the finding, as node ids and the data file:line of
// each edge (sources.size() == nodes.size() - 1).
struct Evidence {
  std::vector<std::string> nodes;
  std::vector<std::string> sources;
};

// The exception that accepted a finding (exceptions.csv).
struct AcceptedBy {
  std::string approved_by;
  std::string expires;  // YYYY-MM-DD
  std::string reason;
  std::string source;   // exceptions file:line
};

struct Finding {
  std::string rule;                   // package-qualified id
  std::vector<std::string> controls;  // "A.5.3", ...
  Severity severity = Severity::high;
  std::string subject;                // node id
  std::string key;                    // empty when the rule has none
  std::string message;
  std::vector<Evidence> evidence;
  std::string policy;                 // policy file:line of the rule
  std::string origin;                 // data file:line of the row the rule's outer loop was on (the subject's row, mostly)
  // Set on findings an unexpired exception accepted; shared by the findings
  // of one exception (and small: a million findings are moved around).
  std::shared_ptr<const AcceptedBy> excepted;
};

// Sort order of reports: rule, subject, key (then message, for ties).
bool finding_less(const Finding& a, const Finding& b);

}  // namespace ward
