// Rendering a run's findings: the text report for people and the JSON
// contract for machines (../shared/spec/cli.md). Renderers are pure
// functions of the Report, so the same inputs give byte-identical output.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ward/findings.hpp"

namespace ward {

struct ReportInput {
  std::string path;
  std::string sha256;
};

struct Report {
  std::string tool_version;
  std::string as_of;                          // YYYY-MM-DD
  std::vector<ReportInput> inputs;            // every policy and data file read
  std::vector<Finding> findings;              // sorted (finding_less)
  std::size_t rules = 0;                      // rules evaluated
  std::size_t identities = 0;                 // identities in the inventory
  std::map<std::string, std::string> control_titles;  // "A.5.3" -> "Segregation of duties"
};

std::string render_json(const Report& report);

// Grouped by control, then severity (most severe first). `color`: ANSI
// colours for severities (only when writing to a terminal). Untrusted text
// (names, messages built from data) has control characters escaped.
std::string render_text(const Report& report, bool color);

}  // namespace ward
