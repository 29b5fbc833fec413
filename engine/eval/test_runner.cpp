#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "eval/fixture.hpp"
#include "plan/compiled_policy.hpp"
#include "ward/evaluate.hpp"
#include "ward/testing.hpp"

namespace ward {

namespace {

namespace fs = std::filesystem;

// A test's `with param x = VALUE` as the text --param would take.
std::optional<std::string> param_text(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::string: return e.text;
    case ast::ExprKind::number: return fmt::format("{}", e.number);
    case ast::ExprKind::share: return fmt::format("{}", e.number);
    case ast::ExprKind::boolean: return std::string(e.number != 0 ? "true" : "false");
    case ast::ExprKind::duration: return fmt::format("{}d", e.days);
    case ast::ExprKind::date: return format_date(Date{e.days});
    case ast::ExprKind::name: return e.text;  // severity words
    default: return std::nullopt;
  }
}

std::string describe(const ast::Expectation& x) {
  std::string where = x.subject ? fmt::format(" on {}", x.subject->text) : "";
  if (x.key) where += fmt::format(" key {}", x.key->text);
  switch (x.kind) {
    case ast::ExpectKind::finding_on: return fmt::format("expect {}{}", x.rule.text, where);
    case ast::ExpectKind::none_of: return fmt::format("expect no {}{}", x.rule.text, where);
    case ast::ExpectKind::count_of: return fmt::format("expect {} findings of {}{}", x.count, x.rule.text, where);
  }
  return "";
}

std::unique_ptr<Inventory> load_relative(const std::string& policy_path, const std::string& rel, std::vector<std::string>& failures) {
  fs::path p = fs::path(policy_path).parent_path() / rel;
  LoadResult r = load_inventory(p.generic_string());
  if (!r.inventory) failures.push_back(fmt::format("inventory `{}` did not load:\n{}", p.generic_string(), render_plain(r.diagnostics)));
  return std::move(r.inventory);
}

}  // namespace

TestRun run_policy_tests(const CompiledPolicy& policy, const CompileOptions& options, Date default_today) {
  TestRun run;
  std::vector<RuleInfo> rules = list_rules(policy);
  for (std::size_t f = 0; f < policy.files.size(); ++f) {
    const std::string& path = policy.sources[f].path;
    const std::string& location = policy.sources[f].location.empty() ? path : policy.sources[f].location;
    for (const ast::Test& t : policy.files[f].tests) {
      TestOutcome out;
      out.file = path;
      out.line = t.span.line;
      out.name = t.name;

      // The inventories.
      std::unique_ptr<Inventory> current, baseline;
      if (t.inventory_path) {
        current = load_relative(location, t.inventory_path->text, out.failures);
      } else {
        Diagnostics d;
        FixtureInventories fx = build_fixture(t.fixture, path, t.name, d);
        if (d.has_errors()) out.failures.push_back(fmt::format("the fixture does not load:\n{}", render_plain(d)));
        current = std::move(fx.current);
        baseline = std::move(fx.baseline);
      }
      if (t.baseline_path) baseline = load_relative(location, t.baseline_path->text, out.failures);

      // Parameters: recompile with the test's overrides.
      std::shared_ptr<const CompiledPolicy> own;
      const CompiledPolicy* used = &policy;
      if (!t.params.empty() && out.failures.empty()) {
        CompileOptions o = options;
        for (const auto& p : t.params) {
          auto v = param_text(*p.value);
          if (!v) out.failures.push_back(fmt::format("`with param {}` needs a literal value", p.name.text));
          else o.params.emplace_back(p.name.text, *v);
        }
        CompileResult c = compile_policies(policy.sources, o);
        if (!c.policy) out.failures.push_back(fmt::format("the parameters do not apply:\n{}", render_plain(c.diagnostics)));
        own = c.policy;
        if (own) used = own.get();
      }

      if (out.failures.empty() && current) {
        EvalOptions eo;
        eo.today = t.as_of ? Date{*t.as_of} : default_today;
        EvalResult res = evaluate(*used, *current, baseline.get(), eo);
        for (const ast::Expectation& x : t.expectations) {
          auto known = std::find_if(rules.begin(), rules.end(),
                                    [&](const RuleInfo& r) { return r.id == x.rule.text || r.short_id == x.rule.text; });
          if (known == rules.end()) {
            out.failures.push_back(fmt::format("{}:{}: {}: no rule `{}` in the policies", path, x.span.line, describe(x), x.rule.text));
            continue;
          }
          std::vector<const Finding*> matching, of_rule;
          for (const Finding& fd : res.findings) {
            if (fd.rule != known->id) continue;
            of_rule.push_back(&fd);
            if (x.subject && fd.subject != x.subject->text) continue;
            if (x.key && fd.key != x.key->text) continue;
            matching.push_back(&fd);
          }
          bool ok = x.kind == ast::ExpectKind::finding_on ? !matching.empty()
                    : x.kind == ast::ExpectKind::none_of  ? matching.empty()
                                                          : matching.size() == x.count;
          if (ok) continue;
          std::string found;
          for (const Finding* fd : of_rule)
            found += fmt::format("\n      {} {}{}: {}", fd->rule, fd->subject, fd->key.empty() ? "" : " [" + fd->key + "]", fd->message);
          out.failures.push_back(fmt::format("{}:{}: {}: found {} matching finding{}; findings of {}:{}", path, x.span.line,
                                             describe(x), matching.size(), matching.size() == 1 ? "" : "s", known->id,
                                             found.empty() ? " none" : found));
        }
      }
      run.outcomes.push_back(std::move(out));
    }
  }
  return run;
}

}  // namespace ward
