// Evidence: the paths by which a node reaches another, edge by edge.
//
// A Path is the list of edge rows (indices into Inventory::edges) from the
// source to the target; each row gives the edge's file:line, approver,
// expiry and reason. Paths are simple (no node repeats).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ward/access_graph.hpp"

namespace ward {

struct Path {
  std::vector<std::uint32_t> edges;  // edge rows, source first
};

// One shortest path (fewest edges) from `source` to `target`, or nullopt if
// `source` does not reach `target`. Among shortest paths, the one found by a
// breadth-first search that visits out-edges in file order.
//
// PathSearch keeps its scratch arrays between calls (epoch-stamped), so a
// run that needs evidence for many findings pays only for what each search
// visits. One per thread.
class PathSearch {
 public:
  explicit PathSearch(const AccessGraph& g);
  std::optional<Path> shortest(NodeId source, NodeId target);

 private:
  const AccessGraph& g_;
  std::vector<std::uint32_t> seen_;         // seen_[n] == epoch_: reached in this search
  std::vector<std::uint32_t> parent_edge_;  // valid where seen_
  std::vector<NodeId> parent_;
  std::vector<NodeId> queue_;
  std::uint32_t epoch_ = 0;
};

// Convenience for a single question (allocates scratch for the whole graph).
std::optional<Path> shortest_path(const AccessGraph& g, NodeId source, NodeId target);

struct PathLimits {
  std::size_t max_paths = 100;      // stop after this many paths
  std::size_t max_length = 64;      // ignore paths with more edges
  std::size_t max_steps = 5000000;  // search work budget, so a dense graph cannot hang ward
};

struct PathSet {
  std::vector<Path> paths;  // shortest first; equal lengths in file order of their edges
  bool truncated = false;   // some limit was hit; more paths may exist
  std::string limit_hit;    // which limit, for the message ("max_paths", ...)
};

// All simple paths from `source` to `target`, in order of length, within
// `limits`. Empty when source does not reach target.
PathSet all_simple_paths(const AccessGraph& g, NodeId source, NodeId target, const PathLimits& limits = {});

}  // namespace ward
