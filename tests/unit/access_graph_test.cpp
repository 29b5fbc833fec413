#include <doctest/doctest.h>

#include <algorithm>

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
