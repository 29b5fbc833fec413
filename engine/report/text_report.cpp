#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "change_sections.hpp"
#include "ward/diagnostic.hpp"
#include "ward/report.hpp"

namespace ward {

namespace {

const char* colour_of(Severity s) {
  switch (s) {
    case Severity::critical: return "\x1b[1;31m";
    case Severity::high: return "\x1b[31m";
    case Severity::medium: return "\x1b[33m";
    case Severity::low: return "\x1b[36m";
  }
  return "";
}

}  // namespace

std::string render_text(const Report& r, bool color) {
  std::string out;
  // Group by each finding's first control, then severity (most severe first).
  std::map<std::string, std::vector<const Finding*>, ControlOrder> groups;
  for (const auto& f : r.findings) groups[f.controls.empty() ? "(no control)" : f.controls.front()].push_back(&f);
  for (auto& [control, findings] : groups) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    auto title = r.control_titles.find(control);
    out += fmt::format("{}{}{}\n", color ? "\x1b[1m" : "", control + (title != r.control_titles.end() ? " " + title->second : ""),
                       color ? "\x1b[0m" : "");
    for (const Finding* f : findings) {
      std::string sev(to_string(f->severity));
      out += fmt::format("  {}{:<8}{} {}  {}{}\n", color ? colour_of(f->severity) : "", sev, color ? "\x1b[0m" : "", f->rule,
                         printable(f->subject), f->key.empty() ? "" : "  [" + printable(f->key) + "]");
      out += fmt::format("           {}\n", printable(f->message));
      for (const auto& e : f->evidence) {
        std::string path;
        for (const auto& n : e.nodes) path += (path.empty() ? "" : " -> ") + printable(n);
        out += fmt::format("           path: {}\n", path);
        std::string sources;
        for (const auto& s : e.sources) sources += (sources.empty() ? "" : ", ") + printable(s);
        out += fmt::format("                 {}\n", sources);
      }
      out += fmt::format("           policy: {}\n", printable(f->policy));
    }
    out += "\n";
  }
  if (r.change) out += report_detail::change_text(*r.change);
  std::size_t by_sev[4] = {0, 0, 0, 0};
  for (const auto& f : r.findings) ++by_sev[static_cast<int>(f.severity)];
  std::string parts;
  for (int s = 3; s >= 0; --s)
    if (by_sev[s]) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", by_sev[s], to_string(static_cast<Severity>(s)));
  out += fmt::format("{}{} finding{}{} from {} rule{} over {} identit{}, as of {}\n", r.findings.size(),
                     r.change ? " new" : "", r.findings.size() == 1 ? "" : "s", parts.empty() ? "" : " (" + parts + ")", r.rules, r.rules == 1 ? "" : "s",
                     r.identities, r.identities == 1 ? "y" : "ies", r.as_of);
  return out;
}

}  // namespace ward
