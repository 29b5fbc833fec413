// The auditor's report in Markdown. Every piece of untrusted text (names,
// messages built from data) goes through md(), which neutralises control
// characters and escapes Markdown syntax, so a name cannot inject links,
// HTML, tables or headings into the report.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "ward/diagnostic.hpp"
#include "ward/report.hpp"

namespace ward {

namespace {

std::string md(std::string_view text) {
  std::string safe = printable(text);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      // Inline syntax only: untrusted text never starts a line (see callers),
      // so line-start markers (#, -, +, 1.) cannot take effect.
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '~': case '&':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

const char* kSeverities[] = {"critical", "high", "medium", "low"};

}  // namespace

bool ControlOrder::operator()(const std::string& a, const std::string& b) const {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string_view na(a.data() + i, ei - i), nb(b.data() + j, ej - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::string render_markdown(const Report& r) {
  std::string out = "# Access governance report\n\n";
  out += "| Scope | |\n|---|---|\n";
  out += fmt::format("| As of | {} |\n", r.as_of);
  out += fmt::format("| Inventory | {} ({} identities) |\n", md(r.data), r.identities);
  if (!r.baseline.empty()) out += fmt::format("| Baseline | {} |\n", md(r.baseline));
  out += fmt::format("| Rules evaluated | {} |\n", r.rules);
  out += fmt::format("| {} | {} |\n", r.change ? "New findings (change mode)" : "Findings", r.findings.size());
  out += fmt::format("| Accepted by exception | {} |\n", r.excepted.size());
  out += fmt::format("| Produced by | ward {} |\n\n", r.tool_version);

  // Summary per control and severity.
  std::map<std::string, std::array<std::size_t, 4>, ControlOrder> counts;
  for (const auto& f : r.findings)
    for (const auto& c : f.controls) counts[c][3 - static_cast<int>(f.severity)]++;
  out += "## Summary\n\n";
  if (counts.empty()) {
    out += "No findings.\n\n";
  } else {
    out += "| Control | Title | critical | high | medium | low | total |\n|---|---|---:|---:|---:|---:|---:|\n";
    for (const auto& [c, n] : counts) {
      auto title = r.control_titles.find(c);
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md(c),
                         title == r.control_titles.end() ? "" : md(title->second), n[0], n[1], n[2], n[3],
                         n[0] + n[1] + n[2] + n[3]);
    }
    out += "\nA finding that maps to several controls is counted under each.\n\n";
  }

  // Findings by first control, most severe first.
  auto finding_block = [&](const Finding& f) {
    std::string b = fmt::format("#### {} · {} · {}{}\n\n", kSeverities[3 - static_cast<int>(f.severity)], md(f.rule),
                                md(f.subject), f.key.empty() ? "" : " · " + md(f.key));
    b += "Finding: " + md(f.message) + "\n\n";
    if (!f.evidence.empty()) {
      b += "Evidence:\n\n";
      for (std::size_t k = 0; k < f.evidence.size(); ++k) {
        const Evidence& e = f.evidence[k];
        std::string path, sources;
        for (const auto& n : e.nodes) path += (path.empty() ? "" : " → ") + md(n);
        for (const auto& s : e.sources) sources += (sources.empty() ? "" : ", ") + md(s);
        b += fmt::format("{}. {}  \n   ({})\n", k + 1, path, sources);
      }
      b += "\n";
    }
    if (f.excepted)
      b += fmt::format("Accepted by exception: approved by {}, expires {}{} ({})\n\n", md(f.excepted->approved_by),
                       md(f.excepted->expires), f.excepted->reason.empty() ? "" : ", reason: " + md(f.excepted->reason),
                       md(f.excepted->source));
    b += fmt::format("Rule: {}\n\n", md(f.policy));
    return b;
  };
  if (!r.findings.empty()) {
    out += "## Findings\n\n";
    std::map<std::string, std::vector<const Finding*>, ControlOrder> groups;
    for (const auto& f : r.findings) groups[f.controls.empty() ? "" : f.controls.front()].push_back(&f);
    for (auto& [c, fs] : groups) {
      std::stable_sort(fs.begin(), fs.end(), [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
      auto title = r.control_titles.find(c);
      out += fmt::format("### {}{}\n\n", md(c), title == r.control_titles.end() ? "" : " " + md(title->second));
      for (const Finding* f : fs) out += finding_block(*f);
    }
  }
  if (!r.excepted.empty()) {
    out += "## Accepted by exception\n\n";
    out += "These would be findings; an approved, unexpired exception accepts each of them.\n\n";
    out += "| Rule | Subject | Key | Approved by | Expires | Reason | Exception |\n|---|---|---|---|---|---|---|\n";
    for (const auto& f : r.excepted)
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md(f.rule), md(f.subject), md(f.key),
                         md(f.excepted->approved_by), md(f.excepted->expires), md(f.excepted->reason),
                         md(f.excepted->source));
    out += "\n";
  }

  if (r.change) {
    // Change mode: what changed since the baseline and what each change did.
    const ChangeSummary& c = *r.change;
    out += fmt::format("## Change against {}\n\n", md(c.baseline));
    out += fmt::format("{} changed row{}, {} new finding{} (above), {} resolved.\n\n", c.changed_rows,
                       c.changed_rows == 1 ? "" : "s", r.findings.size(), r.findings.size() == 1 ? "" : "s", c.resolved.size());
    if (!c.impact.rows.empty()) {
      out += "| Changed row | Change | Row | Gives | Resolves |\n|---|---|---|---|---|\n";
      auto groups = [&](const std::vector<ImpactGroup>& gs) {
        std::string s;
        for (const auto& g : gs)
          s += fmt::format("{}{} ({}{}) for {}", s.empty() ? "" : "; ", to_string(g.severity), md(g.rule),
                           g.key.empty() ? "" : " " + md(g.key),
                           g.subjects == 1 ? md(g.first_subject)
                                           : fmt::format("{} {}", g.subjects, g.all_identities ? "identities" : "nodes"));
        return s.empty() ? std::string("none") : s;
      };
      for (const auto& row : c.impact.rows)
        out += fmt::format("| {}:{} | {} | {} | {} | {} |\n", md(row.change.file), row.change.line, to_string(row.change.kind),
                           md(row.change.row), groups(row.gained), groups(row.lost));
      out += "\n";
    }
    if (!c.resolved.empty()) {
      out += "Resolved (in the baseline, not now):\n\n| Rule | Subject | Key | Severity |\n|---|---|---|---|\n";
      for (const auto& f : c.resolved)
        out += fmt::format("| {} | {} | {} | {} |\n", md(f.rule), md(f.subject), md(f.key), to_string(f.severity));
      out += "\n";
    }
  }

  out += "## Inputs\n\nEvery file this report was built from, with its SHA-256:\n\n| File | SHA-256 |\n|---|---|\n";
  for (const auto& in : r.inputs) out += fmt::format("| {} | `{}` |\n", md(in.path), in.sha256);
  out += "\n## Reproducing this report\n\nWith the files above (check their SHA-256 first, e.g. `sha256sum FILE`), run:\n\n";
  out += fmt::format("```\n{}\n```\n\nThe same inputs and date always give the same report, byte for byte.\n", printable(r.command));
  return out;
}

}  // namespace ward
