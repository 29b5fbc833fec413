// ward_bench_reach: load + graph + reachability for the SoD question.
//
//   ward_bench_reach DATA
//
// Loads the inventory, builds the access graph, computes the bitset closure
// for every target of the SoD matrix, and counts identity/row pairs where an
// identity reaches both sides. Prints the time of each phase and peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fmt/format.h>

#include "ward/access_graph.hpp"
#include "ward/reachability.hpp"

using namespace ward;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ward_bench_reach DATA\n");
    return 2;
  }
  auto t0 = Clock::now();
  LoadResult r = load_inventory(argv[1]);
  if (!r.inventory) {
    std::fputs(render_plain(r.diagnostics).c_str(), stderr);
    return 2;
  }
  const Inventory& inv = *r.inventory;
  double t_load = since(t0);

  auto t1 = Clock::now();
  AccessGraph g(inv);
  double t_graph = since(t1);

  auto t2 = Clock::now();
  std::vector<NodeId> targets;
  std::vector<std::pair<std::size_t, std::size_t>> rows;  // bit indices per sod row
  std::vector<std::uint32_t> bit(inv.node_count(), UINT32_MAX);
  auto bit_for = [&](StrId s) -> std::size_t {
    NodeId n = inv.node_of(s);
    if (n == kNoNode || inv.is_identity(n)) return SIZE_MAX;
    if (bit[n] == UINT32_MAX) {
      bit[n] = static_cast<std::uint32_t>(targets.size());
      targets.push_back(n);
    }
    return bit[n];
  };
  for (const SodRule& s : inv.sod_rules) rows.emplace_back(bit_for(s.left), bit_for(s.right));
  ReachClosure closure(g, targets);
  double t_closure = since(t2);

  auto t3 = Clock::now();
  std::vector<std::uint64_t> bits(closure.words());
  std::size_t violations = 0;
  for (NodeId i = 0; i < inv.identity_count; ++i) {
    if (inv.status[i] == Status::terminated) continue;
    closure.reached_by(i, bits);
    for (auto [a, b] : rows)
      if (a != SIZE_MAX && b != SIZE_MAX && ReachClosure::test(bits, a) && ReachClosure::test(bits, b)) ++violations;
  }
  double t_eval = since(t3);

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  fmt::print("identities {} nodes {} edges {} sod_rows {} targets {}\n", inv.identity_count, inv.node_count(),
             inv.edges.size(), inv.sod_rules.size(), targets.size());
  fmt::print("load {:.3f}s  graph {:.3f}s  closure {:.3f}s  evaluate {:.3f}s  total {:.3f}s\n", t_load, t_graph,
             t_closure, t_eval, since(t0));
  fmt::print("violations {}  peak_rss {} MB\n", violations, ru.ru_maxrss / 1024);
  return 0;
}
