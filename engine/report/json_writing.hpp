// Pieces of the streamed JSON report that other sections reuse (internal
// to engine/report/; defined in json_report.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ward/findings.hpp"

namespace ward::report_detail {

// A JSON string literal of `s` (valid UTF-8) appended to `out`.
void quote(std::string& out, std::string_view s);
// The elements of a findings array (after its `[`), then its `]`, indented
// for the top level of the report.
void write_findings(std::string& out, const std::vector<Finding>& findings);

}  // namespace ward::report_detail
