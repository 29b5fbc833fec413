// `ward check`: evaluate policies over an inventory (../shared/spec/cli.md).
//
//   ward check --data INV [--policy PATH]... [--baseline INV | --against REF]
//              [--today DATE] [--rule ID]... [--control ID]...
//              [--format text|json|sarif|junit|markdown] [--output FILE]
//              [--fail-on SEVERITY] [--new-only] [--param NAME=VALUE]...
//              [--dump-plan] [--threads N]
//
// Change mode (--new-only): the baseline (a directory, or the inventory at a
// git revision) and the current inventory are compared row by row; rules
// that are local (see plan_locality) are evaluated on both only for the
// nodes upstream of a changed row, the others in full; the report holds
// the findings the baseline did not have, the ones it had that are gone,
// and which changed row explains which.
//
// Order of work: policies first (a policy that does not compile needs no
// data), then the inventory and baseline, then evaluation, then one write of
// the whole report. Anything that fails before the write exits 2 and prints
// no report.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <filesystem>
#include <future>
#include <thread>

#include "command.hpp"
#include "git_revision.hpp"
#include "ward/change.hpp"
#include "ward/evaluate.hpp"
#include "ward/policy.hpp"
#include "ward/report.hpp"
#include "ward/suggest.hpp"

namespace ward::cli {

namespace fs = std::filesystem;

namespace {

struct CheckOptions {
  std::string data;
  std::string data_format;        // --data-format: read --data (and --baseline) with this importer
  import::ImportOptions import;   // its options
  std::vector<std::string> policies;
  std::string baseline;
  std::string against;
  std::string today;
  std::vector<std::string> rules;
  std::vector<std::string> controls;
  std::string format = "text";
  std::string output;
  std::string fail_on = "low";
  bool new_only = false;
  std::vector<std::string> params;
  bool dump_plan = false;
  std::size_t max_errors = 100;
  unsigned threads = 0;
};

// The command line that reproduces a report (with the date fixed).
std::string reproduce_command(const CheckOptions& o, const std::string& today) {
  auto arg = [](const std::string& a) {
    // Bare only when every character is harmless to a POSIX shell.
    auto harmless = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./:=@,+-").find(c) != std::string_view::npos;
    };
    if (!a.empty() && std::all_of(a.begin(), a.end(), harmless)) return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string cmd = "ward check --data " + arg(o.data);
  if (!o.data_format.empty()) cmd += " --data-format " + arg(o.data_format);
  for (const auto& p : o.policies) cmd += " --policy " + arg(p);
  if (!o.baseline.empty()) cmd += " --baseline " + arg(o.baseline);
  if (!o.against.empty()) cmd += " --against " + arg(o.against);
  cmd += " --today " + today;
  for (const auto& r : o.rules) cmd += " --rule " + arg(r);
  for (const auto& c : o.controls) cmd += " --control " + arg(c);
  for (const auto& p : o.params) cmd += " --param " + arg(p);
  if (o.new_only) cmd += " --new-only";
  return cmd + " --format markdown";
}

// Whether --rule / --control (empty: everything) select this rule.
bool rule_selected(const RuleInfo& r, const std::vector<std::string>& rules, const std::vector<std::string>& controls) {
  bool by_rule = rules.empty() || std::count(rules.begin(), rules.end(), r.id) || std::count(rules.begin(), rules.end(), r.short_id);
  bool by_control = controls.empty() || std::any_of(r.controls.begin(), r.controls.end(), [&](const std::string& c) {
                      return std::count(controls.begin(), controls.end(), c) > 0;
                    });
  return by_rule && by_control;
}

// WARD_TIMINGS=1 prints the wall time of each phase, and the peak memory so
// far, to stderr (for benchmarks and profiling; never part of a report).
class PhaseTimer {
 public:
  PhaseTimer() : on_(std::getenv("WARD_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void mark(const char* phase) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    std::fprintf(stderr, "timing: %-10s %8.3f s   peak RSS %ld MB\n", phase,
                 std::chrono::duration<double>(now - last_).count(), usage.ru_maxrss / 1024);
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

int run_check(const CheckOptions& o) {
  PhaseTimer timer;
  // --- arguments that need no file ---------------------------------------------
  EvalOptions eval;
  auto today = today_option(o.today);
  if (!today) return kExitError;
  eval.today = *today;
  eval.threads = o.threads;
  auto fail_on = parse_severity(o.fail_on);
  CompileOptions copts;
  copts.max_errors = o.max_errors;
  auto params = parse_params(o.params);
  if (!params) return kExitError;
  copts.params = std::move(*params);
  if (!o.data_format.empty() && import::find_importer(o.data_format) == nullptr) {
    print_error(fmt::format("unknown --data-format `{}` (expected one of: {})", printable(o.data_format),
                            import::importer_names()));
    return kExitError;
  }
  if (!o.data_format.empty() && !o.against.empty()) {
    print_error("--against reads inventories in ward's own format from git; it cannot be combined with --data-format",
                "import both snapshots with `ward import`, or pass the earlier export with --baseline");
    return kExitError;
  }
  if (!o.baseline.empty() && !o.against.empty()) {
    print_error("--baseline and --against both name a baseline", "use one: a directory (--baseline DIR) or a git revision (--against REF)");
    return kExitError;
  }
  const bool has_baseline = !o.baseline.empty() || !o.against.empty();
  if (o.new_only && !has_baseline) {
    print_error("--new-only needs a baseline",
                "pass the last certified inventory with --baseline DIR, or a git revision with --against REF (e.g. HEAD)");
    return kExitError;
  }
  if (o.data.empty() && !o.dump_plan) {
    print_error("--data is required", "pass an inventory: a directory of CSV files or a .json file");
    return kExitError;
  }

  // --- policies -------------------------------------------------------------------
  LoadedPolicies loaded = load_policies(o.policies, copts.params, o.max_errors);
  if (!loaded.policy) return kExitError;
  const CompiledPolicy& policy = *loaded.policy;
  timer.mark("compile");
  if (o.dump_plan) {
    std::fputs(dump_plan(policy).c_str(), stdout);
    return kExitOk;
  }

  // --rule / --control must each select something: a typo must not pass silently.
  std::vector<RuleInfo> rules = list_rules(policy);
  std::vector<std::string> control_ids;
  for (const auto& r : rules) {
    for (const auto& c : r.controls) control_ids.push_back(c);
  }
  bool bad = false;
  for (const auto& want : o.rules)
    if (std::none_of(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == want || r.short_id == want; })) {
      std::vector<std::string> shorts;
      for (const auto& r : rules) shorts.push_back(r.short_id);
      auto near = closest_match(want, shorts);
      print_error(fmt::format("no rule `{}` in the policies", want), near ? fmt::format("did you mean `{}`?", *near) : "");
      bad = true;
    }
  for (const auto& want : o.controls)
    if (std::find(control_ids.begin(), control_ids.end(), want) == control_ids.end()) {
      auto near = closest_match(want, control_ids);
      print_error(fmt::format("no rule maps to control `{}`", want), near ? fmt::format("did you mean `{}`?", *near) : "");
      bad = true;
    }
  if (!bad && (!o.rules.empty() || !o.controls.empty())) {
    // Each selector matched something, but together they may select nothing.
    bool any = std::any_of(rules.begin(), rules.end(), [&](const RuleInfo& r) { return rule_selected(r, o.rules, o.controls); });
    if (!any) {
      print_error("--rule and --control together select no rule", "a rule must match one --rule and one --control");
      bad = true;
    }
  }
  if (bad) return kExitError;
  if (!has_baseline) {
    // Drift rules without a baseline see an empty one and report everything as new: say so.
    std::vector<std::string> drift;
    for (const auto& r : rules) {
      if (rule_selected(r, o.rules, o.controls) && r.reads_baseline) drift.push_back(r.id);
    }
    if (!drift.empty()) {
      // Drift needs something to drift from: without a baseline these rules
      // are not evaluated (an empty baseline would make everything "new").
      std::string list;
      for (const auto& d : drift) list += (list.empty() ? "" : ", ") + d;
      std::fprintf(stderr, "note: %s compare%s with a baseline; without --baseline %s not evaluated\n",
                   printable(list).c_str(), drift.size() == 1 ? "s" : "", drift.size() == 1 ? "it is" : "they are");
      eval.skip = drift;
    }
  }
  eval.rules = o.rules;
  eval.controls = o.controls;
  // Without a baseline nothing compares whole rows: the inventory's
  // columns the selected rules never read need not be interned
  // (LoadOptions::read_columns). With one, change mode diffs every cell.
  const std::vector<std::string> read_columns = columns_read(policy, eval);

  // --- data -----------------------------------------------------------------------
  // The baseline loads on a second thread while the inventory loads here;
  // errors are printed afterwards, the inventory's first. When both are CSV
  // and their files differ in few bytes (a commit's worth), the baseline
  // instead waits for the inventory and takes the records their files
  // share from it (LoadOptions::beside): parsing a few changed lines beats
  // parsing the whole baseline again.
  std::unique_ptr<Inventory> inv, baseline;
  std::string baseline_errors, errors;
  std::exception_ptr baseline_failure;
  std::thread baseline_loader;
  std::error_code fs_error;
  const bool may_share = has_baseline && o.data_format.empty() && fs::is_directory(o.data, fs_error) &&
                         (!o.against.empty() || fs::is_directory(o.baseline, fs_error));
  // Row hashes let the diff compare rows of two inventories without their
  // texts. A baseline read beside the inventory shares its pool's ids
  // instead (StringPool::common_ids), so the diff compares ids and the
  // hashes (a hash of every cell's text at load) are only made when the
  // two cannot share.
  const bool hash_rows = o.new_only && !may_share;
  std::promise<void> inventory_done;
  std::shared_future<void> inventory_loaded = inventory_done.get_future().share();
  // (The comparison reads the inventory's files from disk while it loads;
  // the load beside reads the bytes the inventory kept, whatever the files
  // hold by then.)
  auto from_data = [&](const std::string& name) { return map_file((fs::path(o.data) / name).string(), max_file_bytes()); };
  auto beside_if_worth = [&](const std::vector<std::string>& names, const std::function<MapResult(const std::string&)>& fetch)
      -> const Inventory* {
    if (!worth_loading_beside(names, fetch, from_data)) return nullptr;
    inventory_loaded.wait();
    return inv.get();
  };
  if (has_baseline)
    baseline_loader = std::thread([&] {
      try {
        if (!o.against.empty()) {
          BesideFor beside_for;
          if (may_share)
            beside_for = [&](const std::vector<InMemoryFile>& files) {
              std::vector<std::string> names;
              for (const auto& f : files) names.push_back(f.name);
              return beside_if_worth(names, [&](const std::string& name) {
                for (const auto& f : files)
                  if (f.name == name) return MapResult{FileContents::borrow(f.text), {}};
                return MapResult{{}, "no such file"};
              });
            };
          baseline = load_inventory_at_revision(o.data, o.against, o.max_errors, baseline_errors, hash_rows, beside_for);
        } else {
          const Inventory* share = nullptr;
          if (may_share) {
            std::vector<std::string> names;
            std::error_code listing;
            for (fs::directory_iterator it(o.baseline, listing), end; !listing && it != end; it.increment(listing))
              if (it->path().extension() == ".csv") names.push_back(it->path().filename().string());
            share = beside_if_worth(names, [&](const std::string& name) {
              return map_file((fs::path(o.baseline) / name).string(), max_file_bytes());
            });
          }
          baseline = load_data(o.baseline, o.data_format, o.import, o.max_errors, baseline_errors, hash_rows, share);
        }
      } catch (...) {
        baseline_failure = std::current_exception();
      }
    });
  try {
    inv = load_data(o.data, o.data_format, o.import, o.max_errors, errors, hash_rows, nullptr, may_share,
                    has_baseline ? nullptr : &read_columns);
  } catch (...) {
    inventory_done.set_value();
    if (baseline_loader.joinable()) baseline_loader.join();
    throw;
  }
  inventory_done.set_value();
  if (baseline_loader.joinable()) baseline_loader.join();
  if (baseline_failure) std::rethrow_exception(baseline_failure);
  std::fputs(errors.c_str(), stderr);
  std::fputs(baseline_errors.c_str(), stderr);
  if (!inv || (has_baseline && !baseline)) return kExitError;

  timer.mark("load");
  // --- evaluate -------------------------------------------------------------------
  EvalResult result;
  std::optional<ChangeSummary> change;
  if (o.new_only) {
    ChangeResult changed = evaluate_change(policy, *baseline, *inv, eval);
    change.emplace();
    change->baseline = o.against.empty() ? o.baseline : o.against;
    change->changed_rows = changed.changed_rows;
    change->affected_nodes = changed.affected_nodes;
    change->impact = std::move(changed.impact);
    change->resolved = std::move(changed.resolved);
    result.findings = std::move(changed.findings);
    result.excepted = std::move(changed.excepted);
    result.rule_times = std::move(changed.rule_times);
    if (std::getenv("WARD_TIMINGS"))
      for (const auto& p : changed.phases) std::fprintf(stderr, "timing:   change: %-32s %8.3f s\n", p.name.c_str(), p.seconds);
    result.rules_evaluated = static_cast<std::size_t>(
        std::count_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return rule_selected(r, o.rules, o.controls); }));
  } else {
    result = evaluate(policy, *inv, baseline.get(), eval);
  }

  timer.mark("evaluate");
  if (std::getenv("WARD_TIMINGS"))
    for (const auto& t : result.rule_times) {
      std::vector<std::string> notes;
      if (t.compiled_filters != 0)
        notes.push_back(fmt::format("{} compiled filter{}", t.compiled_filters, t.compiled_filters == 1 ? "" : "s"));
      if (t.cohort_keyed != 0) notes.push_back(fmt::format("{} per cohort", t.cohort_keyed));
      std::fprintf(stderr, "timing:   %-40s %8.3f s%s\n", t.rule.c_str(), t.seconds,
                   notes.empty() ? "" : fmt::format("   ({})", fmt::join(notes, ", ")).c_str());
    }
  Report report;
  report.tool_version = WARD_VERSION;
  report.as_of = format_date(eval.today);
  for (const auto& s : policy_sources(policy)) report.inputs.push_back(ReportInput{s.path, s.sha256});
  for (const auto& f : inv->files) report.inputs.push_back(ReportInput{f.path, f.sha256});
  if (baseline)
    for (const auto& f : baseline->files) report.inputs.push_back(ReportInput{f.path, f.sha256});
  report.findings = std::move(result.findings);
  report.excepted = std::move(result.excepted);
  report.data = o.data;
  report.baseline = o.against.empty() ? o.baseline : "git revision " + o.against;
  report.change = std::move(change);
  for (const auto& r : rules)
    if (std::find(eval.skip.begin(), eval.skip.end(), r.id) == eval.skip.end() && rule_selected(r, o.rules, o.controls))
      report.rule_list.push_back({r.id, r.short_id, r.title, r.controls, r.rationale, r.severity, r.policy});
  report.command = reproduce_command(o, format_date(eval.today));
  report.rules = result.rules_evaluated;
  report.identities = inv->identity_count;
  report.control_titles = control_titles(policy);

  bool tty = o.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  // JSON is streamed to the output as it renders; the other formats are built whole.
  OutputFile output(o.output);
  const bool written =
      o.format == "json" ? write_json(report, [&](std::string_view piece) { return output.write(piece); }, o.threads)
                         : output.write(o.format == "markdown" ? render_markdown(report)
                                        : o.format == "sarif"  ? render_sarif(report)
                                        : o.format == "junit"  ? render_junit(report)
                                                               : render_text(report, tty));
  if (!written || !output.commit()) {
    print_error(fmt::format("cannot write the report to `{}`", o.output.empty() ? "standard output" : o.output));
    return kExitError;
  }
  timer.mark("write");
  bool failing = std::any_of(report.findings.begin(), report.findings.end(),
                             [&](const Finding& f) { return f.severity >= *fail_on; });
  keep_until_exit(std::move(inv));
  keep_until_exit(std::move(baseline));
  keep_until_exit(std::make_shared<const Report>(std::move(report)));
  return failing ? kExitFindings : kExitOk;
}

}  // namespace

Runner setup_check(CLI::App& app) {
  auto o = std::make_shared<CheckOptions>();
  app.add_option("--data", o->data, "Inventory: a directory of CSV files or a .json file");
  app.add_option("--data-format", o->data_format,
                 "Read --data (and --baseline) as this kind of source instead: scim, aws-iam, ldif, ldap, ad-lab, "
                 "hp-rolemining or csv (see `ward import`)");
  app.add_option("--policy", o->policies, "Policy file or directory (all .ward files below); default: the built-in ISO 27001 pack");
  app.add_option("--baseline", o->baseline, "The last certified inventory, for drift rules and --new-only");
  app.add_option("--against", o->against,
                 "Baseline = the inventory at this git revision of the repository holding --data (e.g. HEAD)");
  app.add_option("--today", o->today, "Evaluation date YYYY-MM-DD (default: today, UTC)")
      ->check(non_empty_date());
  app.add_option("--rule", o->rules, "Evaluate only this rule (id with or without package); repeatable");
  app.add_option("--control", o->controls, "Evaluate only rules mapped to this control, e.g. A.5.3; repeatable");
  app.add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "markdown"}))
      ->default_str("text");
  app.add_option("--output", o->output, "Write the report to FILE instead of standard output");
  app.add_option("--fail-on", o->fail_on, "Exit 1 when a finding is at or above this severity")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}))
      ->default_str("low");
  app.add_flag("--new-only", o->new_only, "Report only findings the baseline does not already have");
  app.add_option("--param", o->params, "Override a policy parameter: NAME=VALUE; repeatable");
  app.add_flag("--dump-plan", o->dump_plan, "Print the compiled plan and exit");
  app.add_option("--threads", o->threads, "Evaluation and report threads (default 0: one per core); results do not depend on it")
      ->check(CLI::Range(0u, 256u));
  add_import_options(app, o->import);
  add_max_file_size_option(app);
  app.add_option("--max-errors", o->max_errors, "Stop reporting errors after this many")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->default_str("100");
  return [o] { return run_check(*o); };
}

}  // namespace ward::cli
