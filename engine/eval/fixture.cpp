// Inline test fixtures (`given { ... }` in a test block) turned into an
// inventory. Each line is a fact; the fixture is written out as the CSV
// tables of inventory.md and loaded by the ordinary loader, so a fixture
// obeys exactly the rules real data does. Load errors are reported at the
// fixture line that produced the offending row.
//
//   identity ID TYPE [column value]...        identity alice employee status terminated
//   group ID [column value]...                role ID [grants "e1", "e2"] [column value]...
//   entitlement ID [privileged] [column value]...
//   A member_of B, C [expires D] [approved_by X] [granted D] [reason R]
//   A grants E1, E2 [same edge attributes]    (unknown entitlements are created)
//   edge A -> B RELATION [same edge attributes]
//   review IDENTITY TARGET keep|revoke DATE [reviewer R]
//   exception RULE IDENTITY EXPIRES [approved_by A] [reason R]
//   sod ID LEFT RIGHT [severity S]
#include "eval/fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace ward {

namespace {

// One CSV table being written, with the fixture span of each row.
struct CsvOut {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<ast::Span> spans;

  void add(std::map<std::string, std::string> row, const ast::Span& span) {
    for (const auto& [k, _] : row)
      if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    rows.push_back(std::move(row));
    spans.push_back(span);
  }
  static std::string quote(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
      out += c;
      if (c == '"') out += '"';
    }
    return out + "\"";
  }
  std::string text() const {
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + quote(columns[c]);
    out += "\n";
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        auto it = row.find(columns[c]);
        out += (c ? "," : "") + (it == row.end() ? std::string() : quote(it->second));
      }
      out += "\n";
    }
    return out;
  }
};

class FixtureBuilder {
 public:
  FixtureBuilder(const std::string& policy_path, Diagnostics& diags) : path_(policy_path), diags_(diags) {
    tables_["identities"].columns = {"id", "type"};
    tables_["roles"].columns = {"id", "kind"};
    tables_["entitlements"].columns = {"id"};
    tables_["edges"].columns = {"from", "to", "relation"};
  }

  bool line(const ast::FixtureLine& l) {
    const auto& w = l.words;
    if (w.empty()) return true;
    const std::string& head = w[0].text;
    if (head == "identity") return node(l, "identities", 2, [&](auto& row) { row["type"] = w[2].text; });
    if (head == "group" || head == "role") {
      // `role ap grants "x", "y"`: the role and its grants in one line.
      std::vector<std::string> grants;
      std::size_t end = w.size();
      for (std::size_t k = 2; k < w.size(); ++k)
        if (w[k].text == "grants") {
          for (std::size_t g = k + 1; g < w.size(); ++g) grants.push_back(w[g].text);
          end = k;
          break;
        }
      ast::FixtureLine trimmed{l.span, std::vector<ast::Name>(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(end))};
      if (!node(trimmed, "roles", 1, [&](auto& row) { row["kind"] = head; })) return false;
      for (const auto& g : grants) {
        ensure_entitlement(g, l.span);
        tables_["edges"].add({{"from", w[1].text}, {"to", g}, {"relation", "grants"}}, l.span);
      }
      return true;
    }
    if (head == "entitlement") {
      std::vector<ast::Name> words = w;
      bool privileged = false;
      for (auto it = words.begin() + 1; it != words.end();)
        if (it->text == "privileged") {
          privileged = true;
          it = words.erase(it);
        } else {
          ++it;
        }
      ast::FixtureLine trimmed{l.span, words};
      return node(trimmed, "entitlements", 1, [&](auto& row) {
        if (privileged) row["privileged"] = "true";
      });
    }
    if (head == "edge") {
      // edge A -> B RELATION [attrs]
      if (w.size() < 5 || w[2].text != "->") return bad(l, "expected `edge FROM -> TO RELATION`");
      auto row = edge_attributes(l, 5);
      if (!row) return false;
      (*row)["from"] = w[1].text;
      (*row)["to"] = w[3].text;
      (*row)["relation"] = w[4].text;
      if (w[4].text == "grants") ensure_entitlement(w[3].text, l.span);
      tables_["edges"].add(*row, l.span);
      return true;
    }
    if (head == "review") {
      if (w.size() < 5) return bad(l, "expected `review IDENTITY TARGET keep|revoke DATE [reviewer ID]`");
      std::map<std::string, std::string> row{{"identity", w[1].text}, {"target", w[2].text}, {"decision", w[3].text},
                                             {"date", w[4].text}, {"reviewer", "fixture-reviewer"}};
      if (!pairs(l, 5, row)) return false;
      tables_["reviews"].add(row, l.span);
      return true;
    }
    if (head == "exception") {
      if (w.size() < 4) return bad(l, "expected `exception RULE IDENTITY EXPIRES [approved_by ID]`");
      std::map<std::string, std::string> row{
          {"rule", w[1].text}, {"identity", w[2].text}, {"expires", w[3].text}, {"approved_by", "fixture-approver"}};
      if (!pairs(l, 4, row)) return false;
      tables_["exceptions"].add(row, l.span);
      return true;
    }
    if (head == "sod") {
      if (w.size() < 4) return bad(l, "expected `sod ID LEFT RIGHT [severity S]`");
      std::map<std::string, std::string> row{{"id", w[1].text}, {"left", w[2].text}, {"right", w[3].text}};
      if (!pairs(l, 4, row)) return false;
      tables_["sod_rules"].add(row, l.span);
      return true;
    }
    // A member_of B, C [attrs] | A grants E1, E2 [attrs]
    if (w.size() >= 3 && (w[1].text == "member_of" || w[1].text == "grants")) {
      const std::string rel = w[1].text;
      std::vector<std::string> targets;
      std::size_t k = 2;
      static const std::set<std::string> kAttrs = {"expires", "approved_by", "granted", "reason"};
      while (k < w.size() && !kAttrs.count(w[k].text)) targets.push_back(w[k++].text);
      if (targets.empty()) return bad(l, fmt::format("expected at least one target after `{}`", rel));
      auto attrs = edge_attributes(l, k);
      if (!attrs) return false;
      for (const auto& t : targets) {
        if (rel == "grants") ensure_entitlement(t, l.span);
        else ensure_role(t, l.span);
        auto row = *attrs;
        row["from"] = w[0].text;
        row["to"] = t;
        row["relation"] = rel;
        tables_["edges"].add(row, l.span);
      }
      return true;
    }
    return bad(l, fmt::format("unknown fixture line `{}`", head),
               "a line starts with identity, group, role, entitlement, edge, review, exception, sod, or `A member_of B` / `A grants E`");
  }

  LoadResult load(const std::string& display) {
    // Declared nodes win over the ones created implicitly.
    for (const auto& [id, span] : implicit_roles_)
      if (!declared_.count(id)) tables_["roles"].add({{"id", id}, {"kind", "role"}}, span);
    for (const auto& [id, span] : implicit_entitlements_)
      if (!declared_.count(id)) tables_["entitlements"].add({{"id", id}}, span);
    std::vector<InMemoryFile> files;
    for (const auto& [name, t] : tables_) files.push_back(InMemoryFile{name + ".csv", t.text()});
    LoadResult r = load_inventory_csv_text(display, files);
    // Point load errors at the fixture line the row came from.
    Diagnostics mapped(r.diagnostics.limit());
    for (Diagnostic d : r.diagnostics.items()) {
      for (const auto& [name, t] : tables_)
        if (d.pos.file == display + "/" + name + ".csv" && d.pos.line >= 2 && d.pos.line - 2 < t.spans.size()) {
          const ast::Span& s = t.spans[d.pos.line - 2];
          d.pos = SourcePos{path_, s.line, s.col, 0};
        }
      mapped.add(std::move(d));
    }
    r.diagnostics = std::move(mapped);
    return r;
  }

 private:
  template <typename Extra>
  bool node(const ast::FixtureLine& l, const std::string& table, std::size_t fixed, Extra extra) {
    const auto& w = l.words;
    if (w.size() < fixed + 1) return bad(l, fmt::format("expected `{}` and an id{}", w[0].text, fixed > 1 ? " and a type" : ""));
    std::map<std::string, std::string> row{{"id", w[1].text}};
    extra(row);
    if (!pairs(l, fixed + 1, row)) return false;
    declared_.insert(w[1].text);
    tables_[table].add(row, l.span);
    return true;
  }

  // `column value` pairs from word `from` on.
  bool pairs(const ast::FixtureLine& l, std::size_t from, std::map<std::string, std::string>& row) {
    const auto& w = l.words;
    if ((w.size() - from) % 2 != 0)
      return bad(l, fmt::format("`{}` has no value", w.back().text), "attributes are written as `column value` pairs");
    for (std::size_t k = from; k + 1 < w.size(); k += 2) row[w[k].text] = w[k + 1].text;
    return true;
  }

  std::optional<std::map<std::string, std::string>> edge_attributes(const ast::FixtureLine& l, std::size_t from) {
    std::map<std::string, std::string> row;
    if (!pairs(l, from, row)) return std::nullopt;
    return row;
  }

  void ensure_entitlement(const std::string& id, const ast::Span& span) { implicit_entitlements_.emplace(id, span); }
  void ensure_role(const std::string& id, const ast::Span& span) { implicit_roles_.emplace(id, span); }

  bool bad(const ast::FixtureLine& l, std::string message, std::string hint = {}) {
    diags_.error("T0001", SourcePos{path_, l.span.line, l.span.col, 0}, std::move(message), std::move(hint));
    return false;
  }

  std::string path_;
  Diagnostics& diags_;
  std::map<std::string, CsvOut> tables_;
  std::set<std::string> declared_;
  std::map<std::string, ast::Span> implicit_roles_, implicit_entitlements_;
};

}  // namespace

FixtureInventories build_fixture(const std::vector<ast::FixtureLine>& lines, const std::string& policy_path,
                                 const std::string& test_name, Diagnostics& diags) {
  FixtureInventories out;
  FixtureBuilder current(policy_path, diags), baseline(policy_path, diags);
  FixtureBuilder* target = &current;
  bool ok = true;
  for (const auto& l : lines) {
    if (!l.words.empty() && l.words[0].text == "@baseline") {
      target = &baseline;
      out.has_baseline = true;
      continue;
    }
    ok &= target->line(l);
  }
  if (!ok) return out;
  LoadResult cur = current.load(fmt::format("{} (test \"{}\")", policy_path, test_name));
  diags.append(cur.diagnostics);
  out.current = std::move(cur.inventory);
  if (out.has_baseline) {
    LoadResult base = baseline.load(fmt::format("{} (test \"{}\" baseline)", policy_path, test_name));
    diags.append(base.diagnostics);
    out.baseline = std::move(base.inventory);
  }
  return out;
}

}  // namespace ward
