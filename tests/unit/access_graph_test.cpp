#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "fixtures.hpp"
#include "ward/access_graph.hpp"
#include "ward/paths.hpp"
#include "ward/reachability.hpp"

using namespace ward;

namespace {

// alice -> fin (group) -> ap_clerk (role) -> sap:FK01
//                      -> payer (role)   -> sap:F110
// bob -> fin; carol has a direct grant; cycle g1 <-> g2 -> sap:X; g3 self-loop;
// senior (role) member_of ap_clerk (role hierarchy); dave member_of senior only.
// erin -> d1, d2 (diamond) -> d3 -> sap:D ; frank member_of payer only (no grants through it? it grants sap:F110)
struct World {
  std::unique_ptr<Inventory> inv;
  std::unique_ptr<AccessGraph> g;
  NodeId n(std::string_view id) const {
    NodeId x = inv->find_node(id);
    REQUIRE(x != kNoNode);
    return x;
  }
  std::vector<std::string> names(const std::vector<NodeId>& ns) const {
    std::vector<std::string> out;
    for (NodeId x : ns) out.emplace_back(inv->node_id(x));
    return out;
  }
};

World world() {
  World w;
  w.inv = test::inventory(
      "id,type\nalice,employee\nbob,employee\ncarol,employee\ndave,employee\nerin,employee\nzed,service\n",
      "id,kind\nfin,group\nap_clerk,role\npayer,role\ng1,group\ng2,group\ng3,group\nsenior,role\nd1,group\nd2,"
      "group\nd3,group\nempty,role\n",
      "id,privileged\nsap:FK01,\nsap:F110,true\nsap:X,\nsap:D,\nsap:lonely,\n",
      "from,to,relation\n"
      "alice,fin,member_of\n"      // 2
      "fin,ap_clerk,member_of\n"   // 3
      "fin,payer,member_of\n"      // 4
      "ap_clerk,sap:FK01,grants\n" // 5
      "payer,sap:F110,grants\n"    // 6
      "bob,fin,member_of\n"        // 7
      "carol,sap:F110,grants\n"    // 8
      "carol,g1,member_of\n"       // 9
      "g1,g2,member_of\n"          // 10
      "g2,g1,member_of\n"          // 11
      "g2,sap:X,grants\n"          // 12
      "g3,g3,member_of\n"          // 13
      "senior,ap_clerk,member_of\n"// 14
      "dave,senior,member_of\n"    // 15
      "erin,d1,member_of\n"        // 16
      "erin,d2,member_of\n"        // 17
      "d1,d3,member_of\n"          // 18
      "d2,d3,member_of\n"          // 19
      "d3,sap:D,grants\n"          // 20
      "dave,empty,member_of\n");   // 21
  w.g = std::make_unique<AccessGraph>(*w.inv);
  return w;
}

}  // namespace

TEST_CASE("graph: holds follows nested groups, role hierarchy and direct grants") {
  World w = world();
  Traversal t(*w.g);
  std::vector<NodeId> out;
  t.holds(w.n("alice"), out);
  CHECK(w.names(out) == std::vector<std::string>{"sap:FK01", "sap:F110"});
  t.holds(w.n("dave"), out);  // senior member_of ap_clerk
  CHECK(w.names(out) == std::vector<std::string>{"sap:FK01"});
  t.holds(w.n("carol"), out);  // direct grant plus a cycle
  CHECK(w.names(out) == std::vector<std::string>{"sap:F110", "sap:X"});
  t.holds(w.n("erin"), out);  // diamond: sap:D once
  CHECK(w.names(out) == std::vector<std::string>{"sap:D"});
  t.holds(w.n("zed"), out);
  CHECK(out.empty());
  t.holds(w.n("fin"), out);  // grants(role) through its own memberships
  CHECK(w.names(out) == std::vector<std::string>{"sap:FK01", "sap:F110"});
}

TEST_CASE("graph: reaches a role by membership alone; identities never reach themselves") {
  World w = world();
  Traversal t(*w.g);
  CHECK(t.reaches(w.n("dave"), w.n("empty")));      // role with no grants
  CHECK(t.reaches(w.n("alice"), w.n("ap_clerk")));   // via a group
  CHECK_FALSE(t.reaches(w.n("alice"), w.n("alice")));
  CHECK_FALSE(t.reaches(w.n("bob"), w.n("sap:X")));
  CHECK(t.reaches(w.n("g1"), w.n("g1")));            // on a cycle
  CHECK(t.reaches(w.n("g3"), w.n("g3")));            // self-loop
  CHECK_FALSE(t.reaches(w.n("fin"), w.n("fin")));    // not on a cycle
}

TEST_CASE("graph: members lists identities that reach a node") {
  World w = world();
  Traversal t(*w.g);
  std::vector<NodeId> out;
  t.members(w.n("ap_clerk"), out);
  CHECK(w.names(out) == std::vector<std::string>{"alice", "bob", "dave"});
  t.members(w.n("sap:F110"), out);
  CHECK(w.names(out) == std::vector<std::string>{"alice", "bob", "carol"});
  t.members(w.n("g2"), out);
  CHECK(w.names(out) == std::vector<std::string>{"carol"});
  t.members(w.n("sap:lonely"), out);
  CHECK(out.empty());
}

TEST_CASE("graph: the reverse adjacency, built on first use by whichever threads ask at once, is the same") {
  World w = world();
  std::vector<std::vector<NodeId>> expected;
  {
    AccessGraph reference(*w.inv);
    Traversal t(reference);
    for (NodeId n = 0; n < w.inv->node_count(); ++n) t.members(n, expected.emplace_back());
  }
  CHECK(std::any_of(expected.begin(), expected.end(), [](const auto& m) { return m.size() > 1; }));
  for (int round = 0; round < 20; ++round) {
    AccessGraph fresh(*w.inv);  // no reverse adjacency yet: four threads ask for it together
    std::vector<std::vector<std::vector<NodeId>>> got(4);
    std::vector<std::thread> askers;
    for (auto& mine : got)
      askers.emplace_back([&] {
        Traversal t(fresh);
        for (NodeId n = 0; n < w.inv->node_count(); ++n) t.members(n, mine.emplace_back());
      });
    for (auto& a : askers) a.join();
    for (const auto& mine : got) CHECK(mine == expected);
  }
}

TEST_CASE("graph: cycles are condensed; components are numbered sinks first") {
  World w = world();
  CHECK(w.g->component(w.n("g1")) == w.g->component(w.n("g2")));
  CHECK(w.g->component_is_cyclic(w.g->component(w.n("g1"))));
  CHECK(w.g->component_is_cyclic(w.g->component(w.n("g3"))));
  CHECK_FALSE(w.g->component_is_cyclic(w.g->component(w.n("fin"))));
  CHECK(w.g->component(w.n("fin")) > w.g->component(w.n("ap_clerk")));
  CHECK(w.g->component(w.n("senior")) > w.g->component(w.n("ap_clerk")));
}

TEST_CASE("graph: the bitset closure agrees with traversal for every source and target") {
  World w = world();
  std::vector<NodeId> targets;
  for (NodeId x = w.inv->identity_count; x < w.inv->node_count(); ++x) targets.push_back(x);
  ReachClosure closure(*w.g, targets);
  Traversal t(*w.g);
  std::vector<std::uint64_t> bits(closure.words());
  for (NodeId s = 0; s < w.inv->node_count(); ++s) {
    if (w.g->is_entitlement(s)) continue;
    closure.reached_by(s, bits);
    for (std::size_t b = 0; b < closure.target_count(); ++b) {
      INFO(w.inv->node_id(s), " -> ", w.inv->node_id(closure.target(b)));
      CHECK(ReachClosure::test(bits, b) == t.reaches(s, closure.target(b)));
    }
  }
}

TEST_CASE("graph: the closure agrees with traversal where targets span many words, sparse and dense") {
  // 40 identities, 120 groups and roles nested at random (cycles and
  // diamonds included), 700 entitlements: components reach a few targets
  // spread over many words (kept as lists) or many (kept as words).
  std::uint64_t seed = 12345;
  auto next = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  std::string identities = "id,type\n", roles = "id,kind\n", entitlements = "id,privileged\n", edges = "from,to,relation\n";
  for (int i = 0; i < 40; ++i) identities += "u" + std::to_string(i) + ",employee\n";
  for (int r = 0; r < 120; ++r) roles += "r" + std::to_string(r) + (r % 3 ? ",group\n" : ",role\n");
  for (int e = 0; e < 700; ++e) entitlements += "e" + std::to_string(e) + ",\n";
  for (int r = 0; r < 120; ++r) {
    const int grants = r % 40 == 0 ? 150 : 1 + static_cast<int>(next(3));  // a few broad roles
    for (int k = 0; k < grants; ++k) edges += "r" + std::to_string(r) + ",e" + std::to_string(next(700)) + ",grants\n";
    // Mostly down the numbering (chains, diamonds), now and then back up (cycles).
    if (r + 1 < 120 && next(2)) edges += "r" + std::to_string(r) + ",r" + std::to_string(r + 1 + next(std::min<std::uint64_t>(8, 119 - r))) + ",member_of\n";
    if (next(12) == 0) edges += "r" + std::to_string(r) + ",r" + std::to_string(next(120)) + ",member_of\n";
  }
  for (int i = 0; i < 40; ++i) {
    for (int k = 0; k < 3; ++k) edges += "u" + std::to_string(i) + ",r" + std::to_string(next(120)) + ",member_of\n";
    edges += "u" + std::to_string(i) + ",e" + std::to_string(next(700)) + ",grants\n";
  }
  auto inv = test::inventory(identities, roles, entitlements, edges);
  AccessGraph g(*inv);
  for (bool every_node : {false, true}) {
    std::vector<NodeId> targets;
    for (NodeId x = every_node ? inv->identity_count : inv->identity_count + inv->role_count; x < inv->node_count(); ++x)
      targets.push_back(x);
    std::reverse(targets.begin(), targets.end());  // bits in another order than NodeIds
    ReachClosure closure(g, targets);
    REQUIRE(closure.words() > 10);
    Traversal t(g);
    std::vector<std::uint64_t> bits(closure.words(), ~std::uint64_t{0});
    for (NodeId s = 0; s < inv->identity_count + inv->role_count; ++s) {
      const auto range = closure.reached_by(s, bits);
      for (std::size_t b = 0; b < closure.target_count(); ++b) {
        INFO(inv->node_id(s), " -> ", inv->node_id(closure.target(b)));
        const bool reaches = t.reaches(s, closure.target(b));
        REQUIRE(ReachClosure::test(bits, b) == reaches);
        if (reaches) CHECK((b / 64 >= range.first && b / 64 < range.last));
      }
      // A few targets asked about: whether s reaches one of them, with no
      // bitset built, is what its bitset says (masks of one bit, of a
      // few spread bits, of none).
      for (std::size_t m = 0; m < 6; ++m) {
        std::vector<std::uint64_t> mask(closure.words(), 0);
        for (std::size_t b = m; m > 0 && b < closure.target_count(); b += 97 * m) mask[b >> 6] |= std::uint64_t{1} << (b & 63);
        const auto reaching = closure.components_reaching(mask);
        bool any = false;
        for (std::size_t w = 0; w < mask.size(); ++w) any |= (bits[w] & mask[w]) != 0;
        INFO(inv->node_id(s), " mask ", m);
        REQUIRE(closure.reaches_any_of(s, mask, reaching) == any);
      }
    }
  }
}

TEST_CASE("paths: shortest path carries the edge rows in order") {
  World w = world();
  auto p = shortest_path(*w.g, w.n("alice"), w.n("sap:F110"));
  REQUIRE(p);
  std::vector<std::uint32_t> lines;
  for (auto row : p->edges) lines.push_back(w.inv->edge_line(row));
  CHECK(lines == std::vector<std::uint32_t>{2, 4, 6});
  CHECK_FALSE(shortest_path(*w.g, w.n("bob"), w.n("sap:X")));
  auto cyc = shortest_path(*w.g, w.n("g1"), w.n("g1"));
  REQUIRE(cyc);
  CHECK(cyc->edges.size() == 2);
  auto direct = shortest_path(*w.g, w.n("carol"), w.n("sap:F110"));
  REQUIRE(direct);
  CHECK(direct->edges.size() == 1);
}

TEST_CASE("paths: all simple paths, shortest first, through a diamond and bounded") {
  World w = world();
  PathSet all = all_simple_paths(*w.g, w.n("erin"), w.n("sap:D"));
  REQUIRE(all.paths.size() == 2);
  CHECK_FALSE(all.truncated);
  auto lines = [&](const Path& p) {
    std::vector<std::uint32_t> l;
    for (auto row : p.edges) l.push_back(w.inv->edge_line(row));
    return l;
  };
  CHECK(lines(all.paths[0]) == std::vector<std::uint32_t>{16, 18, 20});
  CHECK(lines(all.paths[1]) == std::vector<std::uint32_t>{17, 19, 20});
  PathLimits one;
  one.max_paths = 1;
  PathSet capped = all_simple_paths(*w.g, w.n("erin"), w.n("sap:D"), one);
  CHECK(capped.paths.size() == 1);
  CHECK(capped.truncated);
  CHECK(capped.limit_hit == "max_paths");
  CHECK(all_simple_paths(*w.g, w.n("bob"), w.n("sap:X")).paths.empty());
  // carol reaches sap:X through the cycle without looping forever.
  PathSet through_cycle = all_simple_paths(*w.g, w.n("carol"), w.n("sap:X"));
  CHECK(through_cycle.paths.size() == 1);  // carol-g1-g2-X; going round the cycle would repeat g1
}
