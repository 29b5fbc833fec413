// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: its required
// fields, its limits (25,000 results per run, 20 tags per rule, 1,000
// locations per result), and stable fingerprints so an alert survives
// lines moving. Built with nlohmann::json, which escapes every string.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "ward/report.hpp"
#include "ward/sha256.hpp"

namespace ward {

namespace {

using nlohmann::ordered_json;

constexpr std::size_t kMaxResults = 25000;  // GitHub rejects more per run
constexpr std::size_t kMaxTags = 10;        // GitHub keeps 10 of at most 20
constexpr std::size_t kMaxRelated = 100;    // GitHub shows 100 of at most 1,000

const char* level_of(Severity s) {
  switch (s) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium: return "warning";
    case Severity::low: return "note";
  }
  return "warning";
}

// GitHub's scale: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low < 4.0.
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::critical: return "9.5";
    case Severity::high: return "8.0";
    case Severity::medium: return "5.5";
    case Severity::low: return "3.0";
  }
  return "8.0";
}

// A relative URI reference for a file path: separators kept, everything
// outside RFC 3986's unreserved and sub-delimiter characters escaped.
std::string uri_of(std::string_view path) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=@").find(ch) != std::string_view::npos) out += ch;
    else if (ch == ':' && !out.empty()) out += ch;  // "HEAD:inv/x.csv" keeps its colon; a leading one would read as a scheme
    else out += fmt::format("%{:02X}", c);
  }
  if (!path.empty() && path.front() == '/') return "file://" + out;
  return out;
}

// "path:line" -> a physicalLocation; nullopt when there is no line.
std::optional<ordered_json> location_of(const std::string& where) {
  auto colon = where.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::uint32_t line = 0;
  for (std::size_t k = colon + 1; k < where.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(where[k]))) return std::nullopt;
    line = line * 10 + static_cast<std::uint32_t>(where[k] - '0');
  }
  if (line == 0) return std::nullopt;
  return ordered_json{{"physicalLocation",
                       {{"artifactLocation", {{"uri", uri_of(std::string_view(where).substr(0, colon))}}},
                        {"region", {{"startLine", line}}}}}};
}

std::string collapse_whitespace(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      out += c;
      space = false;
    }
  }
  return out;
}

ordered_json rule_descriptor(const ReportRule& r, Severity effective) {
  std::string controls;
  for (const auto& c : r.controls) controls += (controls.empty() ? "" : ", ") + c;
  std::string rationale = collapse_whitespace(r.rationale);
  ordered_json tags = ordered_json::array();
  for (const auto& c : r.controls)
    if (tags.size() < kMaxTags - 1) tags.push_back("ISO27001:2022 " + c);
  tags.push_back("security");
  ordered_json d = {
      {"id", r.id},
      {"name", r.short_id},
      {"shortDescription", {{"text", r.title}}},
      {"fullDescription", {{"text", rationale.empty() ? r.title : rationale}}},
      {"help",
       {{"text", fmt::format("{}\n\nControls: {}\nPolicy: {}", rationale, controls, r.policy)},
        {"markdown", fmt::format("**{}**\n\n{}\n\nISO/IEC 27001:2022 Annex A: {}  \nPolicy: `{}`", r.title, rationale, controls,
                                 r.policy)}}},
      {"defaultConfiguration", {{"level", level_of(effective)}}},
      {"properties", {{"tags", tags}, {"security-severity", security_severity(effective)}, {"precision", "very-high"}}},
  };
  return d;
}

}  // namespace

std::string render_sarif(const Report& r) {
  // Rules: those evaluated, plus any a finding names that the list lacks.
  std::vector<ReportRule> rules = r.rule_list;
  auto known = [&](const std::string& id) {
    return std::any_of(rules.begin(), rules.end(), [&](const ReportRule& x) { return x.id == id; });
  };
  for (const auto* list : {&r.findings, &r.excepted})
    for (const auto& f : *list)
      if (!known(f.rule)) rules.push_back({f.rule, f.rule, f.rule, f.controls, "", std::nullopt, f.policy});
  std::map<std::string, std::size_t> rule_index;
  std::map<std::string, Severity> highest;  // for rules whose severity comes from the data
  for (const auto* list : {&r.findings, &r.excepted})
    for (const auto& f : *list) {
      auto [it, added] = highest.try_emplace(f.rule, f.severity);
      if (!added) it->second = std::max(it->second, f.severity);
    }
  ordered_json descriptors = ordered_json::array();
  for (std::size_t k = 0; k < rules.size(); ++k) {
    rule_index[rules[k].id] = k;
    Severity effective = rules[k].severity ? *rules[k].severity
                         : highest.count(rules[k].id) ? highest[rules[k].id]
                                                      : Severity::high;
    descriptors.push_back(rule_descriptor(rules[k], effective));
  }

  // Results: most severe first when the limit cuts; findings before excepted ones.
  struct Item {
    const Finding* f;
    bool suppressed;
    std::int32_t cause;  // change mode: the changed row explaining it
  };
  std::vector<Item> items;
  for (std::size_t k = 0; k < r.findings.size(); ++k) {
    std::int32_t cause = -1;
    if (r.change && k < r.change->impact.new_cause.size()) cause = r.change->impact.new_cause[k];
    items.push_back({&r.findings[k], false, cause});
  }
  for (const auto& f : r.excepted) items.push_back({&f, true, -1});
  std::size_t omitted = 0;
  if (items.size() > kMaxResults) {
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      if (a.suppressed != b.suppressed) return !a.suppressed;
      return a.f->severity > b.f->severity;
    });
    omitted = items.size() - kMaxResults;
    items.resize(kMaxResults);
  }

  ordered_json results = ordered_json::array();
  for (const Item& item : items) {
    const Finding& f = *item.f;
    // Where: the changed row that explains it, else the edge completing its
    // first evidence path, else the row the rule was looking at, else the rule.
    std::string where;
    if (item.cause >= 0 && static_cast<std::size_t>(item.cause) < r.change->impact.rows.size()) {
      const RowChange& c = r.change->impact.rows[static_cast<std::size_t>(item.cause)].change;
      where = fmt::format("{}:{}", c.file, c.line);
    } else if (!f.evidence.empty() && !f.evidence.front().sources.empty()) {
      where = f.evidence.front().sources.back();
    } else if (!f.origin.empty()) {
      where = f.origin;
    } else {
      where = f.policy;
    }
    ordered_json locations = ordered_json::array();
    if (auto l = location_of(where)) locations.push_back(*l);
    ordered_json related = ordered_json::array();
    auto relate = [&](const std::string& at, const std::string& what) {
      if (related.size() >= kMaxRelated) return;
      if (auto l = location_of(at)) {
        (*l)["id"] = related.size() + 1;
        (*l)["message"] = {{"text", what}};
        related.push_back(*l);
      }
    };
    relate(f.policy, "the policy rule " + f.rule);
    if (!f.origin.empty() && f.origin != where) relate(f.origin, "the row of " + f.subject);
    for (const auto& e : f.evidence)
      for (std::size_t s = 0; s < e.sources.size() && s + 1 < e.nodes.size(); ++s)
        if (e.sources[s] != where) relate(e.sources[s], "evidence: " + e.nodes[s] + " -> " + e.nodes[s + 1]);
    ordered_json paths = ordered_json::array();
    for (const auto& e : f.evidence) paths.push_back(e.nodes);
    ordered_json result = {
        {"ruleId", f.rule},
        {"ruleIndex", rule_index[f.rule]},
        {"level", level_of(f.severity)},
        {"message", {{"text", f.message}}},
        {"locations", locations},
    };
    if (!related.empty()) result["relatedLocations"] = related;
    result["partialFingerprints"] = {{"wardFinding/v1", sha256_hex(f.rule + '\x1f' + f.subject + '\x1f' + f.key).substr(0, 32)}};
    if (item.suppressed && f.excepted) {
      result["suppressions"] = ordered_json::array(
          {{{"kind", "external"},
            {"status", "accepted"},
            {"justification", fmt::format("{} (approved by {}, until {}; {})", f.excepted->reason.empty() ? "exception" : f.excepted->reason,
                                          f.excepted->approved_by, f.excepted->expires, f.excepted->source)}}});
    }
    result["properties"] = {{"severity", to_string(f.severity)},
                            {"subject", f.subject},
                            {"key", f.key},
                            {"controls", f.controls},
                            {"evidencePaths", paths}};
    results.push_back(std::move(result));
  }

  ordered_json invocation = {{"executionSuccessful", true}};
  if (omitted > 0)
    invocation["toolExecutionNotifications"] = ordered_json::array(
        {{{"level", "warning"},
          {"message", {{"text", fmt::format("{} results were left out: code scanning accepts at most {} per run (the most "
                                            "severe are kept; the JSON report has them all)",
                                            omitted, kMaxResults)}}}}});
  ordered_json driver = {{"name", "ward"},
                         {"version", r.tool_version},
                         {"semanticVersion", r.tool_version},
                         {"rules", descriptors}};
  ordered_json run = {{"tool", {{"driver", driver}}},
                      {"invocations", ordered_json::array({invocation})},
                      {"results", results},
                      {"columnKind", "unicodeCodePoints"},
                      {"properties", {{"asOf", r.as_of}, {"command", r.command}}}};
  if (r.change) run["properties"]["baseline"] = r.change->baseline;
  ordered_json sarif = {{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", ordered_json::array({run})}};
  // Paths and revisions from the command line are not checked for UTF-8:
  // replace what is not, rather than fail.
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace ward
