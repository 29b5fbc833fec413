// Change mode in the text and JSON reports: what changed, what each changed
// row gives or takes away, what was resolved.
#include "change_sections.hpp"

#include <fmt/format.h>

#include "json_writing.hpp"
#include "ward/diagnostic.hpp"

namespace ward::report_detail {

std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return with_thousands(n) + " " + (n == 1 ? one : many);
}

// "gives 1,204 identities a new critical finding (iso27001.sod_matrix SOD-017)"
std::string group_text(const ImpactGroup& g, bool gained) {
  std::string who = g.subjects == 1    ? printable(g.first_subject)
                    : g.all_identities ? plural(g.subjects, "identity", "identities")
                                       : plural(g.subjects, "node", "nodes");
  std::string what = fmt::format("{} finding ({}{})", to_string(g.severity), printable(g.rule),
                                 g.key.empty() ? "" : " " + printable(g.key));
  if (gained) return fmt::format("gives {} a new {}", who, what);
  return fmt::format("resolves a {} for {}", what, who);
}

}  // namespace

std::string change_text(const ChangeSummary& c) {
  std::string out = fmt::format("Change against {}: {} changed, {} resolved", printable(c.baseline),
                                plural(c.changed_rows, "row", "rows"), with_thousands(c.resolved.size()));
  out += c.changed_rows ? fmt::format(" ({} evaluated by the local rules)\n", plural(c.affected_nodes, "node", "nodes")) : "\n";
  if (!c.impact.rows.empty()) out += "\nImpact of each changed row\n";
  for (const auto& r : c.impact.rows) {
    out += fmt::format("  {}:{}  {}  {}\n", printable(r.change.file), r.change.line, to_string(r.change.kind), printable(r.change.row));
    for (const auto& g : r.gained) out += "      " + group_text(g, true) + "\n";
    for (const auto& g : r.lost) out += "      " + group_text(g, false) + "\n";
    if (r.gained.empty() && r.lost.empty()) out += "      no finding changes\n";
  }
  if (c.impact.rows_not_itemised)
    out += fmt::format("  ({} more changed not itemised)\n", plural(c.impact.rows_not_itemised, "row", "rows"));
  if (!c.impact.unattributed_new.empty() || !c.impact.unattributed_resolved.empty())
    out += fmt::format("  through comparisons with other identities (no changed row on their own paths): {} new, {} resolved\n",
                       with_thousands(c.impact.unattributed_new.size()), with_thousands(c.impact.unattributed_resolved.size()));
  if (!c.resolved.empty()) {
    out += "\nResolved (in the baseline, not now)\n";
    for (const auto& f : c.resolved)
      out += fmt::format("  {:<8} {}  {}{}\n           {}\n", to_string(f.severity), f.rule, printable(f.subject),
                         f.key.empty() ? "" : "  [" + printable(f.key) + "]", printable(f.message));
  }
  return out + "\n";
}

void change_json(std::string& out, const ChangeSummary& c) {
  out += ",\n  \"change\": {\n    \"baseline\": ";
  quote(out, c.baseline);
  out += fmt::format(",\n    \"changed_rows\": {},\n    \"affected_nodes\": {},\n    \"impact\": [", c.changed_rows, c.affected_nodes);
  auto groups = [&](const std::vector<ImpactGroup>& gs) {
    if (gs.empty()) {
      out += "[]";
      return;
    }
    out += "[";
    for (std::size_t k = 0; k < gs.size(); ++k) {
      out += k ? ",\n          {\"rule\": " : "\n          {\"rule\": ";
      quote(out, gs[k].rule);
      out += ", \"key\": ";
      quote(out, gs[k].key);
      out += fmt::format(", \"severity\": \"{}\", \"subjects\": {}, \"first_subject\": ", to_string(gs[k].severity), gs[k].subjects);
      quote(out, gs[k].first_subject);
      out += "}";
    }
    out += "\n        ]";
  };
  for (std::size_t k = 0; k < c.impact.rows.size(); ++k) {
    const RowImpact& r = c.impact.rows[k];
    out += k ? ",\n      {\n        \"change\": " : "\n      {\n        \"change\": ";
    quote(out, to_string(r.change.kind));
    out += ",\n        \"table\": ";
    quote(out, r.change.table);
    out += ",\n        \"file\": ";
    quote(out, r.change.file);
    out += fmt::format(",\n        \"line\": {},\n        \"row\": ", r.change.line);
    quote(out, r.change.row);
    out += ",\n        \"gained\": ";
    groups(r.gained);
    out += ",\n        \"lost\": ";
    groups(r.lost);
    out += "\n      }";
  }
  out += c.impact.rows.empty() ? "],\n" : "\n    ],\n";
  out += fmt::format("    \"rows_not_itemised\": {},\n    \"unattributed\": {{\"new\": {}, \"resolved\": {}}},\n    \"resolved\": [",
                     c.impact.rows_not_itemised, c.impact.unattributed_new.size(), c.impact.unattributed_resolved.size());
  // The findings writer indents for the top level; the resolved list reads the same.
  write_findings(out, c.resolved);
  out += "\n  }";
}

}  // namespace ward::report_detail
