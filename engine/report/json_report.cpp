#include <nlohmann/json.hpp>

#include "ward/report.hpp"

namespace ward {

std::string render_json(const Report& r) {
  using J = nlohmann::ordered_json;
  J j;
  j["tool"] = {{"name", "ward"}, {"version", r.tool_version}};
  j["as_of"] = r.as_of;
  j["inputs"] = J::array();
  for (const auto& in : r.inputs) j["inputs"].push_back({{"path", in.path}, {"sha256", in.sha256}});
  std::map<std::string, std::size_t> by_control;
  std::size_t by_sev[4] = {0, 0, 0, 0};
  for (const auto& f : r.findings) {
    ++by_sev[static_cast<int>(f.severity)];
    for (const auto& c : f.controls) ++by_control[c];
  }
  J sev = J::object();
  for (int s = 3; s >= 0; --s)
    if (by_sev[s]) sev[std::string(to_string(static_cast<Severity>(s)))] = by_sev[s];
  J ctl = J::object();
  for (const auto& [c, n] : by_control) ctl[c] = n;
  j["summary"] = {{"findings", r.findings.size()}, {"by_severity", sev}, {"by_control", ctl}, {"rules", r.rules},
                  {"identities", r.identities}};
  j["findings"] = J::array();
  for (const auto& f : r.findings) {
    J fj;
    fj["rule"] = f.rule;
    fj["control"] = f.controls;
    fj["severity"] = to_string(f.severity);
    fj["subject"] = f.subject;
    fj["key"] = f.key;
    fj["message"] = f.message;
    fj["evidence"] = J::array();
    for (const auto& e : f.evidence) fj["evidence"].push_back({{"path", e.nodes}, {"sources", e.sources}});
    fj["policy"] = f.policy;
    j["findings"].push_back(std::move(fj));
  }
  // Invalid UTF-8 cannot reach here (loaders reject it); replace defensively rather than throw.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace ward
