// The JSON report, written as a stream: a million findings must not become a
// million-node DOM first. Layout matches nlohmann's dump(2) so small reports
// read the same as before; key order is the contract's.
#include <fmt/format.h>

#include <map>

#include "change_sections.hpp"
#include "json_writing.hpp"
#include "ward/report.hpp"

namespace ward {

namespace report_detail {

// A JSON string literal. Inputs are valid UTF-8 (loaders reject anything
// else), so only quotes, backslashes and control characters need escaping.
void quote(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += ch;
    }
  }
  out += '"';
}

static void string_array(std::string& out, const std::vector<std::string>& items, const std::string& indent) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (std::size_t k = 0; k < items.size(); ++k) {
    out += indent + "  ";
    quote(out, items[k]);
    out += k + 1 < items.size() ? ",\n" : "\n";
  }
  out += indent + "]";
}

// The elements of a findings array (after its `[`), then its `]`.
void write_findings(std::string& out, const std::vector<Finding>& findings) {
  for (std::size_t k = 0; k < findings.size(); ++k) {
    const Finding& f = findings[k];
    out += k ? ",\n    {\n      \"rule\": " : "\n    {\n      \"rule\": ";
    quote(out, f.rule);
    out += ",\n      \"control\": ";
    string_array(out, f.controls, "      ");
    out += fmt::format(",\n      \"severity\": \"{}\",\n      \"subject\": ", to_string(f.severity));
    quote(out, f.subject);
    out += ",\n      \"key\": ";
    quote(out, f.key);
    out += ",\n      \"message\": ";
    quote(out, f.message);
    out += ",\n      \"evidence\": [";
    for (std::size_t e = 0; e < f.evidence.size(); ++e) {
      out += e ? ",\n        {\n          \"path\": " : "\n        {\n          \"path\": ";
      string_array(out, f.evidence[e].nodes, "          ");
      out += ",\n          \"sources\": ";
      string_array(out, f.evidence[e].sources, "          ");
      out += "\n        }";
    }
    out += f.evidence.empty() ? "],\n" : "\n      ],\n";
    out += "      \"policy\": ";
    quote(out, f.policy);
    if (f.excepted) {
      out += ",\n      \"exception\": {\n        \"approved_by\": ";
      quote(out, f.excepted->approved_by);
      out += ",\n        \"expires\": ";
      quote(out, f.excepted->expires);
      out += ",\n        \"reason\": ";
      quote(out, f.excepted->reason);
      out += ",\n        \"source\": ";
      quote(out, f.excepted->source);
      out += "\n      }";
    }
    out += "\n    }";
  }
  out += findings.empty() ? "]" : "\n  ]";
}

}  // namespace report_detail

using report_detail::quote;
using report_detail::write_findings;

std::string render_json(const Report& r) {
  std::string out;
  out.reserve(1024 + r.findings.size() * 600);
  out += "{\n  \"tool\": {\n    \"name\": \"ward\",\n    \"version\": ";
  quote(out, r.tool_version);
  out += "\n  },\n  \"as_of\": ";
  quote(out, r.as_of);
  out += ",\n  \"inputs\": [";
  for (std::size_t k = 0; k < r.inputs.size(); ++k) {
    out += k ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ";
    quote(out, r.inputs[k].path);
    out += ",\n      \"sha256\": ";
    quote(out, r.inputs[k].sha256);
    out += "\n    }";
  }
  out += r.inputs.empty() ? "],\n" : "\n  ],\n";

  std::map<std::string, std::size_t> by_control;
  std::size_t by_sev[4] = {0, 0, 0, 0};
  for (const auto& f : r.findings) {
    ++by_sev[static_cast<int>(f.severity)];
    for (const auto& c : f.controls) ++by_control[c];
  }
  out += fmt::format("  \"summary\": {{\n    \"findings\": {},\n    \"by_severity\": {{", r.findings.size());
  bool first = true;
  for (int s = 3; s >= 0; --s)
    if (by_sev[s]) {
      out += fmt::format("{}\n      \"{}\": {}", first ? "" : ",", to_string(static_cast<Severity>(s)), by_sev[s]);
      first = false;
    }
  out += first ? "},\n" : "\n    },\n";
  out += "    \"by_control\": {";
  first = true;
  for (const auto& [c, n] : by_control) {
    out += first ? "\n      " : ",\n      ";
    quote(out, c);
    out += fmt::format(": {}", n);
    first = false;
  }
  out += first ? "},\n" : "\n    },\n";
  out += fmt::format("    \"rules\": {},\n    \"identities\": {}\n  }},\n  \"findings\": [", r.rules, r.identities);

  write_findings(out, r.findings);
  out += ",\n  \"excepted\": [";
  write_findings(out, r.excepted);
  if (r.change)
    report_detail::change_json(out, *r.change);
  out += "\n}\n";
  return out;
}

}  // namespace ward
