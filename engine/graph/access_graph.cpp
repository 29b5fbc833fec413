#include "ward/access_graph.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <iterator>

namespace ward {

namespace {

using BoostCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                    boost::no_property, std::uint32_t, std::uint32_t>;

// Counting sort of (key, other, row) by key, keeping row order inside a key:
// the result lists each node's neighbours in edges-file order; `rows`
// receives the edge row of each CSR position (Boost's edge index), which is
// how an adjacency entry knows its file:line and attributes. The scatter
// writes the neighbour arrays straight into the graph's own storage, which
// the edges_are_sorted constructor would otherwise fill from a second pass
// gathering every edge again through `rows` (a random read of the edge
// array per edge in the reverse direction).
// REQUIRES: every edge's endpoints are below node_count.
BoostCsr build_csr(const UninitializedVector<Edge>& edges, std::uint32_t node_count, bool reverse,
                   std::vector<std::uint32_t>& rows) {
  std::vector<std::uint32_t> start(node_count + 1, 0);
  for (const Edge& e : edges) ++start[(reverse ? e.to : e.from) + 1];
  for (std::uint32_t n = 0; n < node_count; ++n) start[n + 1] += start[n];
  std::vector<std::uint32_t> column(edges.size());
  rows.resize(edges.size());
  std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
  for (std::uint32_t r = 0; r < edges.size(); ++r) {
    const Edge& e = edges[r];
    const std::uint32_t at = cursor[reverse ? e.to : e.from]++;
    rows[at] = r;
    column[at] = reverse ? e.from : e.to;
  }
  // Boost 1.74 keeps a CSR graph's arrays as public members "for internal
  // use" (we read them the same way below); with no edge properties these two
  // arrays are the whole edge structure, exactly what its constructor builds.
  BoostCsr g(node_count);
  g.m_forward.m_rowstart = std::move(start);
  g.m_forward.m_column = std::move(column);
  return g;
}

}  // namespace

// The Boost graph and flat views of its arrays (Boost 1.74 keeps them as
// public members "for internal use"; reading them avoids per-edge iterator
// overhead on the hot paths).
struct AccessGraph::Csr {
  std::vector<std::uint32_t> rows;  // edge row per CSR position (= Boost edge index)
  BoostCsr g;

  Csr(const UninitializedVector<Edge>& edges, std::uint32_t node_count, bool reverse)
      : g(build_csr(edges, node_count, reverse, rows)) {}
  std::span<const NodeId> nodes(NodeId n) const {
    const auto& f = g.m_forward;
    return {f.m_column.data() + f.m_rowstart[n], f.m_column.data() + f.m_rowstart[n + 1]};
  }
  std::span<const std::uint32_t> edge_rows(NodeId n) const {
    const auto& f = g.m_forward;
    return {rows.data() + f.m_rowstart[n], rows.data() + f.m_rowstart[n + 1]};
  }
};

AccessGraph::AccessGraph(const Inventory& inv)
    : inv_(inv), first_entitlement_(inv.identity_count + inv.role_count) {
  forward_ = std::make_unique<Csr>(inv.edges, inv.node_count(), false);  // the reverse waits for reverse()

  // Strongly connected components of the role/group subgraph only: identities
  // have no in-edges and entitlements no out-edges, so neither can be on a cycle.
  const std::uint32_t first_role = inv.identity_count;
  const std::uint32_t roles = inv.role_count;
  UninitializedVector<Edge> role_edges;
  std::vector<std::uint8_t> self_loop(roles, 0);
  for (const Edge& e : inv.edges) {
    if (e.from < first_role || e.from >= first_entitlement_ || e.to < first_role || e.to >= first_entitlement_) continue;
    if (e.from == e.to) self_loop[e.from - first_role] = 1;
    role_edges.push_back(Edge{e.from - first_role, e.to - first_role, {}, {}, e.relation});
  }
  std::vector<std::uint32_t> unused_rows;
  BoostCsr role_graph = build_csr(role_edges, roles, false, unused_rows);
  role_component_.assign(roles, 0);
  component_count_ = roles == 0 ? 0
                                : static_cast<std::uint32_t>(boost::strong_components(
                                      role_graph, boost::make_iterator_property_map(role_component_.begin(),
                                                                                    boost::get(boost::vertex_index, role_graph))));
  // Tarjan numbers components as they complete, which is sinks first. Check
  // the invariant the closure depends on rather than trust it silently.
  for (const Edge& e : role_edges)
    if (role_component_[e.to] > role_component_[e.from])
      throw std::logic_error("strong_components did not number components in reverse topological order");

  component_start_.assign(component_count_ + 1, 0);
  for (std::uint32_t r = 0; r < roles; ++r) ++component_start_[role_component_[r] + 1];
  for (std::uint32_t c = 0; c < component_count_; ++c) component_start_[c + 1] += component_start_[c];
  component_nodes_.resize(roles);
  std::vector<std::uint32_t> cursor(component_start_.begin(), component_start_.end() - 1);
  for (std::uint32_t r = 0; r < roles; ++r) component_nodes_[cursor[role_component_[r]]++] = first_role + r;
  cyclic_.assign(component_count_, 0);
  for (std::uint32_t c = 0; c < component_count_; ++c) {
    std::uint32_t size = component_start_[c + 1] - component_start_[c];
    cyclic_[c] = size > 1 || self_loop[component_nodes_[component_start_[c]] - first_role];
  }
}

AccessGraph::~AccessGraph() = default;

std::span<const NodeId> AccessGraph::out_nodes(NodeId n) const { return forward_->nodes(n); }
std::span<const std::uint32_t> AccessGraph::out_edges(NodeId n) const { return forward_->edge_rows(n); }
const AccessGraph::Csr& AccessGraph::reverse() const {
  std::call_once(reverse_built_, [&] { reverse_ = std::make_unique<Csr>(inv_.edges, inv_.node_count(), true); });
  return *reverse_;
}

std::span<const NodeId> AccessGraph::in_nodes(NodeId n) const { return reverse().nodes(n); }
std::span<const std::uint32_t> AccessGraph::in_edges(NodeId n) const { return reverse().edge_rows(n); }

std::span<const NodeId> AccessGraph::component_members(std::uint32_t c) const {
  return {component_nodes_.data() + component_start_[c], component_nodes_.data() + component_start_[c + 1]};
}

}  // namespace ward
