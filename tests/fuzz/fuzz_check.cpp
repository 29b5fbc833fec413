// libFuzzer target: a whole `ward check` of a fuzzed policy, compiled with
// the shipped stdlib and evaluated over the acme example inventory and its
// baseline, with the report rendered in every format. Exercises the checker
// and compiler past the parser, the planner's passes, the evaluator (plain
// and optimised, which must agree) and the writers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ward/date.hpp"
#include "ward/evaluate.hpp"
#include "ward/policy.hpp"
#include "ward/report.hpp"

namespace {

struct World {
  std::vector<ward::PolicySource> stdlib;
  std::unique_ptr<ward::Inventory> current, baseline;
};

World& world() {
  static World* w = [] {
    auto* made = new World;
    const std::string root = WARD_SOURCE_DIR;
    ward::Diagnostics d;
    made->stdlib = ward::read_policy_files({root + "/stdlib"}, d);
    made->current = ward::load_inventory(root + "/docs/examples/acme").inventory;
    made->baseline = ward::load_inventory(root + "/docs/examples/acme-baseline").inventory;
    if (d.has_errors() || !made->current || !made->baseline) std::abort();
    return made;
  }();
  return *w;
}

bool same_findings(const std::vector<ward::Finding>& a, const std::vector<ward::Finding>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k].rule != b[k].rule || a[k].subject != b[k].subject || a[k].key != b[k].key) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  std::vector<ward::PolicySource> sources = w.stdlib;
  sources.push_back({"fuzz.ward", "", std::string(reinterpret_cast<const char*>(data), size), ""});
  ward::CompileResult compiled = ward::compile_policies(std::move(sources));
  if (!compiled.policy) return 0;
  ward::EvalOptions options;
  options.today = ward::Date{ward::days_from_civil(2026, 11, 23)};
  options.threads = 2;
  ward::EvalResult fast = ward::evaluate(*compiled.policy, *w.current, w.baseline.get(), options);
  options.plain = true;
  options.threads = 1;
  ward::EvalResult plain = ward::evaluate(*compiled.policy, *w.current, w.baseline.get(), options);
  if (!same_findings(fast.findings, plain.findings) || !same_findings(fast.excepted, plain.excepted)) __builtin_trap();
  ward::Report report;
  report.as_of = "2026-11-23";
  report.findings = std::move(fast.findings);
  report.excepted = std::move(fast.excepted);
  report.rules = fast.rules_evaluated;
  (void)ward::render_json(report);
  (void)ward::render_sarif(report);
  (void)ward::render_junit(report);
  (void)ward::render_markdown(report);
  (void)ward::render_text(report, false);
  return 0;
}
