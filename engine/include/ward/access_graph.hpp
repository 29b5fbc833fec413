// The access graph: every node of an inventory and every edge between them,
// in compressed sparse row form (Boost.Graph's compressed_sparse_row_graph
// underneath, hidden behind this header).
//
// Nodes are the inventory's dense NodeIds. Out-edges of a node are listed in
// the order of their lines in the edges file, so traversals and evidence
// paths are deterministic. Each adjacency entry also carries the edge's row
// in Inventory::edges, which gives its file:line and attributes.
//
// Cycles of `member_of` are legal. The role/group subgraph is condensed into
// strongly connected components, numbered sinks-first:
// INVARIANT: for every edge u->v between roles/groups, component(v) <= component(u),
// with equality exactly when u and v are on a common cycle.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "ward/inventory.hpp"

namespace ward {

class AccessGraph {
 public:
  // REQUIRES: `inv` loaded without errors and outlives the graph.
  explicit AccessGraph(const Inventory& inv);
  ~AccessGraph();
  AccessGraph(const AccessGraph&) = delete;
  AccessGraph& operator=(const AccessGraph&) = delete;

  const Inventory& inventory() const { return inv_; }
  std::uint32_t node_count() const { return inv_.node_count(); }

  // Targets of n's out-edges and, in parallel, the edge rows.
  std::span<const NodeId> out_nodes(NodeId n) const;
  std::span<const std::uint32_t> out_edges(NodeId n) const;
  // Sources of n's in-edges and, in parallel, the edge rows. The reverse
  // adjacency is built on the first call (once, whichever thread asks):
  // most checks never walk edges backwards (members(), `ward explain
  // --all` and change mode's impact do), and at L it is a scatter of ten
  // million edges into 80 MB.
  std::span<const NodeId> in_nodes(NodeId n) const;
  std::span<const std::uint32_t> in_edges(NodeId n) const;

  bool is_role_or_group(NodeId n) const { return n >= inv_.identity_count && n < first_entitlement_; }
  bool is_entitlement(NodeId n) const { return n >= first_entitlement_; }

  // Condensation of the role/group subgraph. REQUIRES: is_role_or_group(n).
  std::uint32_t component(NodeId n) const { return role_component_[n - inv_.identity_count]; }
  std::uint32_t component_count() const { return component_count_; }
  // Roles/groups of component c (NodeIds).
  std::span<const NodeId> component_members(std::uint32_t c) const;
  // True when c contains a cycle (more than one node, or a self-loop), so
  // each of its nodes reaches itself.
  bool component_is_cyclic(std::uint32_t c) const { return cyclic_[c] != 0; }

 private:
  struct Csr;
  const Inventory& inv_;
  NodeId first_entitlement_;
  const Csr& reverse() const;
  std::unique_ptr<Csr> forward_;
  mutable std::unique_ptr<Csr> reverse_;  // built by reverse(), once
  mutable std::once_flag reverse_built_;
  std::vector<std::uint32_t> role_component_;
  std::uint32_t component_count_ = 0;
  std::vector<std::uint32_t> component_start_;  // size component_count_ + 1
  std::vector<NodeId> component_nodes_;
  std::vector<std::uint8_t> cyclic_;
};

}  // namespace ward
