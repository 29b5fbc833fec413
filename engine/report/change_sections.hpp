// The change-mode sections of the text and JSON reports (internal to
// engine/report/).
#pragma once

#include <string>

#include "ward/report.hpp"

namespace ward::report_detail {

// "1,204": counts in impact lines are read by people.
std::string with_thousands(std::size_t n);

// The "Change against ..." headline, the impact of each changed row and the
// resolved findings, as text (untrusted text made printable).
std::string change_text(const ChangeSummary& change);

// `"change": {...}` (after a comma, at the top level of the report object).
void change_json(std::string& out, const ChangeSummary& change);

}  // namespace ward::report_detail
