#include "ward/paths.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace ward {

PathSearch::PathSearch(const AccessGraph& g)
    : g_(g), seen_(g.node_count(), 0), parent_edge_(g.node_count(), 0), parent_(g.node_count(), kNoNode) {}

std::optional<Path> PathSearch::shortest(NodeId source, NodeId target) {
  if (++epoch_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    epoch_ = 1;
  }
  queue_.clear();
  queue_.push_back(source);
  seen_[source] = epoch_;
  NodeId last_from = kNoNode;
  std::uint32_t last_edge = 0;
  for (std::size_t head = 0; head < queue_.size() && last_from == kNoNode; ++head) {
    NodeId u = queue_[head];
    auto nodes = g_.out_nodes(u);
    auto rows = g_.out_edges(u);
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      NodeId v = nodes[k];
      // Checked before "seen" so that a role on a cycle finds its way back to itself.
      if (v == target) {
        last_from = u;
        last_edge = rows[k];
        break;
      }
      if (seen_[v] == epoch_) continue;
      seen_[v] = epoch_;
      parent_edge_[v] = rows[k];
      parent_[v] = u;
      queue_.push_back(v);
    }
  }
  if (last_from == kNoNode) return std::nullopt;
  Path p;
  p.edges.push_back(last_edge);
  for (NodeId x = last_from; x != source; x = parent_[x]) p.edges.push_back(parent_edge_[x]);
  std::reverse(p.edges.begin(), p.edges.end());
  return p;
}

std::optional<Path> shortest_path(const AccessGraph& g, NodeId source, NodeId target) {
  return PathSearch(g).shortest(source, target);
}

namespace {

class SimplePathSearch {
 public:
  SimplePathSearch(const AccessGraph& g, NodeId source, NodeId target, const PathLimits& limits, PathSet& out)
      : g_(g), source_(source), target_(target), limits_(limits), out_(out),
        dist_(g.node_count(), kFar), on_path_(g.node_count(), 0) {}

  void run() {
    distances_to_target();
    if (dist_[source_] == kFar) return;
    // Iterative deepening on the exact length: paths come out shortest
    // first, and the distance bound prunes every branch that cannot finish.
    // (A role on a cycle is its own target at distance 0; its paths have >= 1 edge.)
    std::size_t shortest = source_ == target_ ? 1 : dist_[source_];
    for (std::size_t len = shortest; len <= limits_.max_length; ++len) {
      length_ = len;
      longer_exists_ = false;
      on_path_[source_] = 1;
      dfs(source_);
      on_path_[source_] = 0;
      if (stopped_ || !longer_exists_) return;
      if (len == limits_.max_length) return stop("max_length");
    }
  }

 private:
  static constexpr std::uint32_t kFar = std::numeric_limits<std::uint32_t>::max();

  // Reverse BFS: fewest edges from each node to the target.
  void distances_to_target() {
    std::deque<NodeId> q{target_};
    dist_[target_] = 0;
    while (!q.empty()) {
      NodeId u = q.front();
      q.pop_front();
      for (NodeId v : g_.in_nodes(u))
        if (dist_[v] == kFar) {
          dist_[v] = dist_[u] + 1;
          q.push_back(v);
        }
    }
  }

  void stop(const char* why) {
    stopped_ = true;
    out_.truncated = true;
    out_.limit_hit = why;
  }

  void dfs(NodeId u) {
    if (stopped_) return;
    auto nodes = g_.out_nodes(u);
    auto rows = g_.out_edges(u);
    for (std::size_t k = 0; k < nodes.size() && !stopped_; ++k) {
      if (++steps_ > limits_.max_steps) return stop("max_steps");
      NodeId v = nodes[k];
      const std::size_t depth = edges_.size() + 1;
      if (v == target_) {
        if (depth == length_) {
          edges_.push_back(rows[k]);
          out_.paths.push_back(Path{edges_});
          edges_.pop_back();
          if (out_.paths.size() >= limits_.max_paths) return stop("max_paths");
        }
        continue;  // a path ends at the target
      }
      if (on_path_[v] || dist_[v] == kFar) continue;
      if (depth + dist_[v] > length_) {
        longer_exists_ = true;  // a longer simple path may exist: deepen
        continue;
      }
      on_path_[v] = 1;
      edges_.push_back(rows[k]);
      dfs(v);
      edges_.pop_back();
      on_path_[v] = 0;
    }
  }

  const AccessGraph& g_;
  NodeId source_, target_;
  const PathLimits& limits_;
  PathSet& out_;
  std::vector<std::uint32_t> dist_;
  std::vector<std::uint8_t> on_path_;
  std::vector<std::uint32_t> edges_;
  std::size_t length_ = 0;
  std::size_t steps_ = 0;
  bool stopped_ = false;
  bool longer_exists_ = false;  // this round pruned a branch only for its length
};

}  // namespace

PathSet all_simple_paths(const AccessGraph& g, NodeId source, NodeId target, const PathLimits& limits) {
  PathSet out;
  SimplePathSearch(g, source, target, limits, out).run();
  return out;
}

}  // namespace ward
