// `ward doc`: the policies rendered for auditors, as Markdown or as one
// self-contained HTML page. Both come from one document model built from the
// syntax trees, so they always say the same thing.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "plan/compiled_policy.hpp"
#include "ward/diagnostic.hpp"
#include "ward/report.hpp"

namespace ward {

namespace {

struct DocRule {
  std::string id, title, severity, rationale, condition, location, kind;
  std::vector<std::string> controls;
};

struct DocControl {
  std::string id, title, intent;
  std::vector<std::string> maps;
  std::vector<const DocRule*> rules;  // rules whose first control this is
  std::vector<std::string> all_rule_ids;  // rules mapped to it at all
};

struct DocModel {
  std::vector<DocRule> rules;
  std::map<std::string, DocControl, ControlOrder> controls;
  struct Param {
    std::string name, type, value, location;
  };
  std::vector<Param> params;
  std::vector<std::pair<std::string, std::string>> inputs;  // path, sha256
};

std::string slice(const PolicySource& src, std::uint32_t begin, std::uint32_t end, bool whole_lines = true) {
  if (begin >= end || end > src.text.size()) return "";
  if (!whole_lines) return src.text.substr(begin, end - begin);
  // From the start of the first line, so indentation is kept consistently.
  std::uint32_t line_start = begin;
  while (line_start > 0 && src.text[line_start - 1] != '\n') --line_start;
  std::string text = src.text.substr(line_start, end - line_start);
  // Dedent by the first line's indentation.
  std::size_t indent = text.find_first_not_of(" \t");
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    std::size_t cut = std::min(indent, line.find_first_not_of(" \t") == std::string::npos ? line.size() : line.find_first_not_of(" \t"));
    out += line.substr(cut);
    if (nl == std::string::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::string constant_text(const plan::Constant& c) {
  switch (c.type) {
    case plan::T::string: return c.text;
    case plan::T::boolean: return c.b ? "true" : "false";
    case plan::T::number: {
      std::string s = fmt::format("{}", c.number);
      return s;
    }
    case plan::T::date: return format_date(Date{c.days});
    case plan::T::duration: return fmt::format("{}d", c.days);
    case plan::T::severity: return std::string(to_string(static_cast<Severity>(c.days)));
    case plan::T::set: {
      std::string out;
      for (const auto& i : c.items) out += (out.empty() ? "" : ", ") + constant_text(i);
      return "[" + out + "]";
    }
    default: return "(none)";
  }
}

DocModel build_model(const CompiledPolicy& p) {
  DocModel m;
  for (std::size_t f = 0; f < p.files.size(); ++f) {
    const ast::File& file = p.files[f];
    const PolicySource& src = p.sources[f];
    m.inputs.emplace_back(src.path, src.sha256);
    for (const auto& c : file.controls) {
      DocControl& dc = m.controls[c.id];
      dc.id = c.id;
      dc.title = c.title;
      dc.intent = c.intent;
      dc.maps = c.maps;
    }
    auto header = [&](const ast::RuleHeader& h, const char* kind) {
      DocRule r;
      r.id = file.package.text + "." + h.id.text;
      r.title = h.title;
      r.rationale = h.rationale;
      r.kind = kind;
      for (const auto& c : h.controls) r.controls.push_back(c.text);
      r.severity = h.severity ? slice(src, h.severity->span.begin, h.severity->span.end, false) : "";
      r.location = fmt::format("{}:{}", src.path, h.span.line);
      return r;
    };
    for (const auto& rule : file.rules) {
      DocRule r = header(rule.header, "rule");
      std::uint32_t begin = rule.fors.empty() ? 0 : rule.fors.front().span.begin;
      std::uint32_t end = 0;
      for (const auto& fc : rule.fors) end = std::max(end, fc.source->span.end);
      if (rule.where) end = std::max(end, rule.where->span.end);
      if (rule.unless) end = std::max(end, rule.unless->span.end);
      // A parenthesised last operand ends after its expression's span.
      while (end < src.text.size() && (src.text[end] == ')' || src.text[end] == ' ')) {
        std::uint32_t k = end;
        while (k < src.text.size() && src.text[k] == ' ') ++k;
        if (k < src.text.size() && src.text[k] == ')') end = k + 1;
        else break;
      }
      r.condition = slice(src, begin, end);
      m.rules.push_back(std::move(r));
    }
    for (const auto& c : file.conflicts) {
      DocRule r = header(c.header, "conflict");
      auto duty = [&](const std::string& name) {
        for (const auto& f2 : p.files)
          for (const auto& d : f2.duties)
            if (d.id.text == name) {
              std::string members;
              for (const auto& mbr : d.members) members += (members.empty() ? "" : ", ") + mbr.text;
              return fmt::format("{} \"{}\" ({} of {})", name, d.title, d.all ? "all" : "any", members);
            }
        return name;
      };
      r.condition = fmt::format("an identity holds both duties:\n  {}\n  {}", duty(c.left.text), duty(c.right.text));
      m.rules.push_back(std::move(r));
    }
    for (const auto& t : file.toxics) {
      DocRule r = header(t.header, "toxic combination");
      std::string members;
      for (const auto& mbr : t.members) members += (members.empty() ? "" : ", ") + mbr.text;
      r.condition = fmt::format("an identity reaches all of: {}", members);
      m.rules.push_back(std::move(r));
    }
    for (const auto& prm : file.params) {
      std::string full = file.package.text + "." + prm.name.text;
      for (const auto& pv : p.program.params)
        if (pv.name == full)
          m.params.push_back({full, plan::to_string(pv.type), constant_text(pv.value), fmt::format("{}:{}", src.path, prm.span.line)});
    }
  }
  for (const auto& r : m.rules) {
    for (const auto& c : r.controls) {
      DocControl& dc = m.controls[c];
      if (dc.id.empty()) dc.id = c;
      dc.all_rule_ids.push_back(r.id);
    }
    if (!r.controls.empty()) m.controls[r.controls.front()].rules.push_back(&r);
  }
  return m;
}

// ---- Markdown --------------------------------------------------------------------------------

// Prose (a rationale): lines of a paragraph are joined, paragraphs kept.
std::string paragraphs(std::string_view text) {
  std::string out;
  std::size_t blank_run = 0;
  for (char c : text) {
    if (c == '\n') {
      ++blank_run;
      continue;
    }
    if (blank_run) out += blank_run > 1 ? "\n\n" : " ";
    blank_run = 0;
    out += c;
  }
  return out;
}

std::string md(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    if (std::string_view("\\`*_[]<>|~&").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string fence(const std::string& code) {
  // A fence longer than any run of backticks inside.
  std::size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string render_md(const DocModel& m, const std::string& version) {
  std::string out = "# Access governance policies\n\n";
  out += fmt::format("Rendered by ward {} from {} policy file{} (listed with their SHA-256 at the end). Each rule "
                     "below is quoted from the policy text that is evaluated.\n\n",
                     version, m.inputs.size(), m.inputs.size() == 1 ? "" : "s");
  out += "## Coverage\n\n| Control | Title | Rules |\n|---|---|---|\n";
  for (const auto& [id, c] : m.controls) {
    std::string rules;
    for (const auto& r : c.all_rule_ids) rules += (rules.empty() ? "" : ", ") + md(r);
    out += fmt::format("| {} | {} | {}{} |\n", md(id), md(c.title), c.all_rule_ids.size(), rules.empty() ? "" : ": " + rules);
  }
  out += "\n";
  for (const auto& [id, c] : m.controls) {
    out += fmt::format("## {} {}\n\n", md(id), md(c.title));
    if (!c.intent.empty()) out += fmt::format("**Intent.** {}\n\n", md(c.intent));
    if (!c.maps.empty()) {
      std::string maps;
      for (const auto& x : c.maps) maps += (maps.empty() ? "" : "; ") + md(x);
      out += fmt::format("**Maps to.** {}\n\n", maps);
    }
    if (c.rules.empty()) out += "No rule of these policies has this as its first control.\n\n";
    for (const DocRule* r : c.rules) {
      out += fmt::format("### {}: {}\n\n", md(r->id), md(r->title));
      std::string controls;
      for (const auto& x : r->controls) controls += (controls.empty() ? "" : ", ") + md(x);
      out += fmt::format("| | |\n|---|---|\n| Kind | {} |\n| Controls | {} |\n| Severity | {} |\n| Policy | {} |\n\n",
                         r->kind, controls, md(r->severity), md(r->location));
      if (!r->rationale.empty()) {
        std::string p = paragraphs(r->rationale);
        std::size_t start = 0;
        for (;;) {  // md() escapes newlines, so paragraphs are rendered one by one
          std::size_t br = p.find("\n\n", start);
          out += md(p.substr(start, br == std::string::npos ? std::string::npos : br - start)) + "\n\n";
          if (br == std::string::npos) break;
          start = br + 2;
        }
      }
      if (!r->condition.empty()) {
        std::string f = fence(r->condition);
        out += fmt::format("Finding when:\n\n{}ward\n{}\n{}\n\n", f, r->condition, f);
      }
    }
  }
  if (!m.params.empty()) {
    out += "## Parameters\n\nValues in force for this rendering (`--param` overrides them).\n\n"
           "| Parameter | Type | Value | Declared at |\n|---|---|---|---|\n";
    for (const auto& p : m.params)
      out += fmt::format("| {} | {} | {} | {} |\n", md(p.name), md(p.type), md(p.value), md(p.location));
    out += "\n";
  }
  out += "## Policy files\n\n| File | SHA-256 |\n|---|---|\n";
  for (const auto& [path, sha] : m.inputs) out += fmt::format("| {} | `{}` |\n", md(path), sha);
  return out;
}

// ---- HTML ------------------------------------------------------------------------------------

std::string html(std::string_view text, bool keep_newlines = false) {
  std::string out;
  const std::string safe = keep_newlines ? printable_keeping(text, '\n') : printable(text);
  for (char c : safe) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string anchor(const std::string& id) {
  std::string out;
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

std::string render_html(const DocModel& m, const std::string& version) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Access governance policies</title>\n<style>\n"
      "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
      "line-height:1.5;color:#1b1b1b}\n"
      "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;"
      "vertical-align:top}\nth{background:#f3f3f3}\npre{background:#f6f6f6;padding:.8rem;overflow-x:auto}\n"
      "code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\n"
      ".sev{font-weight:600}\nh2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}\n"
      "@media print{body{max-width:none}}\n</style>\n</head>\n<body>\n<h1>Access governance policies</h1>\n";
  out += fmt::format("<p>Rendered by ward {} from {} policy file{} (listed with their SHA-256 at the end). Each rule below "
                     "is quoted from the policy text that is evaluated.</p>\n",
                     html(version), m.inputs.size(), m.inputs.size() == 1 ? "" : "s");
  out += "<h2 id=\"coverage\">Coverage</h2>\n<table>\n<tr><th>Control</th><th>Title</th><th>Rules</th></tr>\n";
  for (const auto& [id, c] : m.controls) {
    std::string rules;
    for (const auto& r : c.all_rule_ids) rules += (rules.empty() ? "" : ", ") + html(r);
    out += fmt::format("<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}{}</td></tr>\n", anchor(id), html(id),
                       html(c.title), c.all_rule_ids.size(), rules.empty() ? "" : ": " + rules);
  }
  out += "</table>\n";
  for (const auto& [id, c] : m.controls) {
    out += fmt::format("<h2 id=\"{}\">{} {}</h2>\n", anchor(id), html(id), html(c.title));
    if (!c.intent.empty()) out += fmt::format("<p><strong>Intent.</strong> {}</p>\n", html(c.intent));
    if (!c.maps.empty()) {
      std::string maps;
      for (const auto& x : c.maps) maps += (maps.empty() ? "" : "; ") + html(x);
      out += fmt::format("<p><strong>Maps to.</strong> {}</p>\n", maps);
    }
    if (c.rules.empty()) out += "<p>No rule of these policies has this as its first control.</p>\n";
    for (const DocRule* r : c.rules) {
      out += fmt::format("<h3 id=\"{}\">{}: {}</h3>\n", anchor(r->id), html(r->id), html(r->title));
      std::string controls;
      for (const auto& x : r->controls) controls += (controls.empty() ? "" : ", ") + html(x);
      out += fmt::format(
          "<table><tr><th>Kind</th><td>{}</td></tr><tr><th>Controls</th><td>{}</td></tr><tr><th>Severity</th><td "
          "class=\"sev\">{}</td></tr><tr><th>Policy</th><td><code>{}</code></td></tr></table>\n",
          html(r->kind), controls, html(r->severity), html(r->location));
      if (!r->rationale.empty()) {
        std::string p = paragraphs(r->rationale);
        std::size_t start = 0;
        for (;;) {
          std::size_t br = p.find("\n\n", start);
          out += fmt::format("<p>{}</p>\n", html(p.substr(start, br == std::string::npos ? std::string::npos : br - start)));
          if (br == std::string::npos) break;
          start = br + 2;
        }
      }
      if (!r->condition.empty())
        out += fmt::format("<p>Finding when:</p>\n<pre><code>{}</code></pre>\n", html(r->condition, true));
    }
  }
  if (!m.params.empty()) {
    out += "<h2 id=\"parameters\">Parameters</h2>\n<p>Values in force for this rendering (<code>--param</code> overrides "
           "them).</p>\n<table>\n<tr><th>Parameter</th><th>Type</th><th>Value</th><th>Declared at</th></tr>\n";
    for (const auto& p : m.params)
      out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n", html(p.name),
                         html(p.type), html(p.value), html(p.location));
    out += "</table>\n";
  }
  out += "<h2 id=\"files\">Policy files</h2>\n<table>\n<tr><th>File</th><th>SHA-256</th></tr>\n";
  for (const auto& [path, sha] : m.inputs)
    out += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td></tr>\n", html(path), html(sha));
  out += "</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string render_policy_doc(const CompiledPolicy& policy, bool as_html, const std::string& version) {
  DocModel m = build_model(policy);
  return as_html ? render_html(m, version) : render_md(m, version);
}

}  // namespace ward
