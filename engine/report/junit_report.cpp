// JUnit XML, the format CI systems (GitLab, Jenkins, Azure DevOps, GitHub
// test reporters) show as test results: a testsuite per control, a testcase
// per rule, one failure per failing rule listing every finding.
#include <fmt/format.h>

#include <map>

#include "ward/report.hpp"

namespace ward {

namespace {

// Text for an XML 1.0 attribute or element: markup escaped; characters XML
// cannot carry (controls other than tab, newline, return) made visible.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') out += fmt::format("\\u{:04x}", c);
        else if (c == 0x7f) out += "\\u007f";
        else out += ch;
    }
  }
  return out;
}

std::string finding_text(const Finding& f) {
  std::string s = fmt::format("{} {}{}: {}\n", to_string(f.severity), f.subject, f.key.empty() ? "" : " [" + f.key + "]", f.message);
  for (const auto& e : f.evidence) {
    std::string path;
    for (std::size_t k = 0; k < e.nodes.size(); ++k) path += (k ? " -> " : "") + e.nodes[k];
    std::string sources;
    for (const auto& src : e.sources) sources += (sources.empty() ? "" : ", ") + src;
    s += fmt::format("    path: {} ({})\n", path, sources);
  }
  return s;
}

}  // namespace

std::string render_junit(const Report& r) {
  std::map<std::string, std::vector<const Finding*>> by_rule, excepted_by_rule;
  for (const auto& f : r.findings) by_rule[f.rule].push_back(&f);
  for (const auto& f : r.excepted) excepted_by_rule[f.rule].push_back(&f);
  // Suites: every control of every evaluated rule (a rule under several
  // controls is a testcase in each).
  std::map<std::string, std::vector<const ReportRule*>, ControlOrder> suites;
  for (const auto& rule : r.rule_list)
    for (const auto& c : rule.controls.empty() ? std::vector<std::string>{"(no control)"} : rule.controls)
      suites[c].push_back(&rule);
  std::size_t tests = 0, failures = 0;
  for (const auto& [control, rules] : suites)
    for (const ReportRule* rule : rules) {
      ++tests;
      failures += by_rule.count(rule->id) ? 1 : 0;
    }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ward check\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"0\">\n", tests, failures);
  for (const auto& [control, rules] : suites) {
    std::size_t suite_failures = 0;
    for (const ReportRule* rule : rules) suite_failures += by_rule.count(rule->id) ? 1 : 0;
    auto title = r.control_titles.find(control);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"{}T00:00:00\">\n",
                       xml(control + (title != r.control_titles.end() ? " " + title->second : "")), rules.size(), suite_failures, xml(r.as_of));
    for (const ReportRule* rule : rules) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"0\"", xml(control), xml(rule->id + ": " + rule->title),
                         xml(rule->policy.substr(0, rule->policy.rfind(':'))));
      auto failing = by_rule.find(rule->id);
      auto excepted = excepted_by_rule.find(rule->id);
      if (failing == by_rule.end() && excepted == excepted_by_rule.end()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (failing != by_rule.end()) {
        std::size_t by_sev[4] = {0, 0, 0, 0};
        Severity worst = Severity::low;
        for (const Finding* f : failing->second) {
          ++by_sev[static_cast<int>(f->severity)];
          worst = std::max(worst, f->severity);
        }
        std::string counts;
        for (int s = 3; s >= 0; --s)
          if (by_sev[s]) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", by_sev[s], to_string(static_cast<Severity>(s)));
        out += fmt::format("      <failure message=\"{} finding{} ({})\" type=\"{}\">", failing->second.size(),
                           failing->second.size() == 1 ? "" : "s", counts, to_string(worst));
        for (const Finding* f : failing->second) out += xml(finding_text(*f));
        out += "</failure>\n";
      }
      if (excepted != excepted_by_rule.end()) {
        out += "      <system-out>";
        out += xml(fmt::format("{} finding{} accepted by an exception:\n", excepted->second.size(), excepted->second.size() == 1 ? "" : "s"));
        for (const Finding* f : excepted->second)
          out += xml(fmt::format("{} {}{}: approved by {} until {} ({})\n", to_string(f->severity), f->subject,
                                 f->key.empty() ? "" : " [" + f->key + "]", f->excepted->approved_by, f->excepted->expires,
                                 f->excepted->source));
        out += "</system-out>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace ward
