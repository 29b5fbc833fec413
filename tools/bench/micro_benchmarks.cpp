// Microbenchmarks (Google Benchmark) of the pieces the end-to-end runner
// (run_bench.py) measures together: CSV and JSON loading, interning, the
// reachability closure, and evaluating one rule.
//
//   ward_micro [--benchmark_filter=REGEX]
//
// The inventory is generated in memory: N identities in teams nested three
// deep under departments, each team in a role granting a few entitlements,
// 1% of people in an admin group, an SoD matrix over the admin
// entitlements. Arguments are N.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "ward/access_graph.hpp"
#include "ward/evaluate.hpp"
#include "ward/inventory.hpp"
#include "ward/policy.hpp"
#include "ward/reachability.hpp"
#include "ward/string_pool.hpp"

namespace {

using namespace ward;

struct Org {
  std::vector<InMemoryFile> csv;
  std::string json;
};

const Org& org(std::int64_t n) {
  static std::map<std::int64_t, Org> cache;
  auto [it, added] = cache.try_emplace(n);
  if (!added) return it->second;
  Org& o = it->second;
  const std::int64_t teams = std::max<std::int64_t>(4, n / 200), depts = 12;
  std::string ids = "id,type,status,department\n", roles = "id,kind\n", ents = "id,privileged\n",
              edges = "from,to,relation\n", sod = "id,left,right\n";
  std::string json_ids, json_roles, json_ents, json_edges, json_sod;
  auto add = [](std::string& json, const std::string& object) { json += (json.empty() ? "" : ",") + object; };
  for (std::int64_t d = 0; d < depts; ++d) {
    roles += fmt::format("d{},group\n", d);
    add(json_roles, fmt::format(R"({{"id":"d{}","kind":"group"}})", d));
  }
  for (std::int64_t t = 0; t < teams; ++t) {
    roles += fmt::format("t{},group\nr{},role\n", t, t);
    add(json_roles, fmt::format(R"({{"id":"t{}","kind":"group"}},{{"id":"r{}","kind":"role"}})", t, t));
    edges += fmt::format("t{},d{},member_of\nt{},r{},member_of\n", t, t % depts, t, t);
    add(json_edges, fmt::format(R"({{"from":"t{}","to":"d{}","relation":"member_of"}},{{"from":"t{}","to":"r{}","relation":"member_of"}})",
                                t, t % depts, t, t));
    for (int g = 0; g < 5; ++g) {
      edges += fmt::format("r{},e{},grants\n", t, (t * 7 + g * 13) % 2000);
      add(json_edges, fmt::format(R"({{"from":"r{}","to":"e{}","relation":"grants"}})", t, (t * 7 + g * 13) % 2000));
    }
  }
  for (int e = 0; e < 2000; ++e) {
    ents += fmt::format("e{},{}\n", e, e < 60 ? "true" : "");
    add(json_ents, fmt::format(R"({{"id":"e{}","privileged":{}}})", e, e < 60 ? "true" : "false"));
  }
  for (int k = 0; k < 10; ++k) {
    roles += fmt::format("admins{},group\n", k);
    add(json_roles, fmt::format(R"({{"id":"admins{}","kind":"group"}})", k));
    for (int g = 0; g < 3; ++g) {
      edges += fmt::format("admins{},e{},grants\n", k, (k * 3 + g) % 60);
      add(json_edges, fmt::format(R"({{"from":"admins{}","to":"e{}","relation":"grants"}})", k, (k * 3 + g) % 60));
    }
  }
  for (int s = 0; s < 300; ++s) {
    sod += fmt::format("S{},e{},e{}\n", s, s % 60, (s * 7 + 1) % 60);
    add(json_sod, fmt::format(R"({{"id":"S{}","left":"e{}","right":"e{}"}})", s, s % 60, (s * 7 + 1) % 60));
  }
  for (std::int64_t i = 0; i < n; ++i) {
    const char* status = i % 50 == 7 ? "terminated" : "";
    ids += fmt::format("u{},{},{},dep{}\n", i, i % 10 == 9 ? "service" : "employee", status, i % depts);
    add(json_ids, fmt::format(R"({{"id":"u{}","type":"{}","status":{},"department":"dep{}"}})", i,
                              i % 10 == 9 ? "service" : "employee", *status ? "\"terminated\"" : "null", i % depts));
    edges += fmt::format("u{},t{},member_of\nu{},t{},member_of\n", i, i % teams, i, (i * 31 + 7) % teams);
    add(json_edges, fmt::format(R"({{"from":"u{}","to":"t{}","relation":"member_of"}},{{"from":"u{}","to":"t{}","relation":"member_of"}})",
                                i, i % teams, i, (i * 31 + 7) % teams));
    if (i % 100 == 3) {
      edges += fmt::format("u{},admins{},member_of\n", i, i % 10);
      add(json_edges, fmt::format(R"({{"from":"u{}","to":"admins{}","relation":"member_of"}})", i, i % 10));
    }
  }
  o.csv = {{"identities.csv", ids}, {"roles.csv", roles}, {"entitlements.csv", ents}, {"edges.csv", edges},
           {"sod_rules.csv", sod}};
  o.json = fmt::format(R"({{"identities":[{}],"roles":[{}],"entitlements":[{}],"edges":[{}],"sod_rules":[{}]}})", json_ids,
                       json_roles, json_ents, json_edges, json_sod);
  return o;
}

std::unique_ptr<Inventory> load(std::int64_t n) {
  LoadResult r = load_inventory_csv_text("bench", org(n).csv);
  if (!r.inventory) throw std::runtime_error(render_plain(r.diagnostics));
  return std::move(r.inventory);
}

std::size_t bytes_of(const Org& o) {
  std::size_t b = 0;
  for (const auto& f : o.csv) b += f.text.size();
  return b;
}

void BM_LoadCsv(benchmark::State& state) {
  const Org& o = org(state.range(0));
  for (auto _ : state) {
    LoadResult r = load_inventory_csv_text("bench", o.csv);
    benchmark::DoNotOptimize(r.inventory.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_of(o)));
}
BENCHMARK(BM_LoadCsv)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_LoadJson(benchmark::State& state) {
  const Org& o = org(state.range(0));
  for (auto _ : state) {
    LoadResult r = load_inventory_json_text("bench.json", o.json);
    benchmark::DoNotOptimize(r.inventory.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * o.json.size()));
}
BENCHMARK(BM_LoadJson)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Intern(benchmark::State& state) {
  std::vector<std::string> words;
  for (std::int64_t k = 0; k < state.range(0); ++k) words.push_back(fmt::format("u{}", (k * 2654435761u) % state.range(0)));
  std::vector<std::string_view> views(words.begin(), words.end());
  std::vector<StrId> ids(views.size());
  for (auto _ : state) {
    StringPool pool;
    pool.intern_batch(views, ids.data());
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * views.size()));
}
BENCHMARK(BM_Intern)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Lookups of ids already in a large pool, in the batches the CSV reader
// hands over: an edges file mostly names identities and groups it has seen.
void BM_InternHits(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  StringPool pool;
  std::vector<std::string> words;
  for (std::int64_t k = 0; k < n; ++k) words.push_back(fmt::format("u{}", k));
  for (const auto& w : words) pool.intern(w);
  std::vector<std::string_view> views;
  for (std::int64_t k = 0; k < n; ++k) views.push_back(words[static_cast<std::size_t>((k * 2654435761u) % n)]);
  std::vector<StrId> ids(views.size());
  constexpr std::size_t kBatch = 2048;
  for (auto _ : state) {
    for (std::size_t at = 0; at < views.size(); at += kBatch) {
      const std::size_t len = std::min(kBatch, views.size() - at);
      pool.intern_batch(std::span<const std::string_view>(views.data() + at, len), ids.data() + at);
    }
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * views.size()));
}
BENCHMARK(BM_InternHits)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_ClosureBuild(benchmark::State& state) {
  auto inv = load(state.range(0));
  AccessGraph g(*inv);
  std::vector<NodeId> targets;
  for (std::uint32_t e = 0; e < 60; ++e) targets.push_back(inv->identity_count + inv->role_count + e);
  for (auto _ : state) {
    ReachClosure closure(g, targets);
    benchmark::DoNotOptimize(&closure);
  }
}
BENCHMARK(BM_ClosureBuild)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_ClosureQueryAllIdentities(benchmark::State& state) {
  auto inv = load(state.range(0));
  AccessGraph g(*inv);
  std::vector<NodeId> targets;
  for (std::uint32_t e = 0; e < 60; ++e) targets.push_back(inv->identity_count + inv->role_count + e);
  ReachClosure closure(g, targets);
  std::vector<std::uint64_t> bits(closure.words());
  for (auto _ : state) {
    std::size_t reached = 0;
    for (NodeId i = 0; i < inv->identity_count; ++i) {
      closure.reached_by(i, bits);
      reached += bits[0] != 0;
    }
    benchmark::DoNotOptimize(reached);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inv->identity_count));
}
BENCHMARK(BM_ClosureQueryAllIdentities)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_EvaluateSodRule(benchmark::State& state) {
  auto inv = load(state.range(0));
  const std::string text = R"(package bench
control "A.5.3" "Segregation of duties" {}
rule sod "SoD" {
  control "A.5.3"
  severity high
  rationale "r"
  for row in table sod_rules
  for i in identities
  where i.status != "terminated" and i reaches row.left and i reaches row.right
  report "{i.id} {row.id}"
  key row.id
}
)";
  CompileResult compiled = compile_policies({PolicySource{"bench.ward", "", text, ""}});
  if (!compiled.policy) throw std::runtime_error(render_plain(compiled.diagnostics));
  EvalOptions options;
  options.today = *parse_date("2026-11-23");
  options.threads = 1;
  for (auto _ : state) {
    EvalResult r = evaluate(*compiled.policy, *inv, nullptr, options);
    benchmark::DoNotOptimize(r.findings.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inv->identity_count));
}
BENCHMARK(BM_EvaluateSodRule)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
