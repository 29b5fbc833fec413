// Reachability over the access graph (inventory.md, "holds" and "reaches").
//
// A node x *reaches* y when a path of one or more edges leads from x to y;
// since edges out of entitlements do not exist and `grants` always ends at
// one, every such path is `member_of`* followed by at most one `grants`. An
// identity never reaches itself; a role on a membership cycle does.
//
// Two tools, for two shapes of question:
// - Traversal: one source or one target at a time (holds(i), members(r),
//   grants(r), reaches(i, x)). Epoch-stamped scratch space, so repeated
//   queries cost only what they visit. One per thread.
// - ReachClosure: "which of these T targets does each of a million
//   identities reach?" The role/group condensation is swept once, sinks
//   first, giving each component a bitset over the T targets; an identity's
//   answer is then the OR over its own out-edges. Cost O((V + E) * T / 64),
//   memory components * T / 8 bytes. Read-only after construction, so it can
//   be shared across threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ward/access_graph.hpp"

namespace ward {

class Traversal {
 public:
  explicit Traversal(const AccessGraph& g);

  // Every node `source` reaches (>= 1 edge), sorted by NodeId.
  void reachable(NodeId source, std::vector<NodeId>& out);
  // Entitlements `source` holds (identity) or grants (role/group), sorted.
  void holds(NodeId source, std::vector<NodeId>& out);
  // Identities that reach `target`, sorted.
  void members(NodeId target, std::vector<NodeId>& out);
  bool reaches(NodeId source, NodeId target);

 private:
  bool mark(NodeId n);  // true if n was not yet visited in this epoch
  void next_epoch();

  const AccessGraph& g_;
  std::vector<std::uint32_t> seen_;  // seen_[n] == epoch_: visited in the current query
  std::uint32_t epoch_ = 0;
  std::vector<NodeId> stack_;
};

class ReachClosure {
 public:
  // REQUIRES: targets are distinct valid NodeIds.
  ReachClosure(const AccessGraph& g, std::vector<NodeId> targets);

  const AccessGraph& graph() const { return g_; }
  std::size_t target_count() const { return targets_.size(); }
  NodeId target(std::size_t bit) const { return targets_[bit]; }
  std::size_t words() const { return words_; }
  // Bit index of node n among the targets, or SIZE_MAX.
  std::size_t bit_of(NodeId n) const;

  // Writes into `out` (words() words) the targets that `source` reaches;
  // returns the range of words that can be non-zero [first, last).
  struct WordRange {
    std::size_t first = 0, last = 0;
  };
  WordRange reached_by(NodeId source, std::span<std::uint64_t> out) const;

  // A subset of the targets (`mask`, words() words) asked about for many
  // sources, most of which reach none of it (the entitlements almost
  // nobody in a department holds): per component, whether it reaches one.
  // Then whether a source reaches one costs a look at each of its
  // out-edges, with no bitset built.
  std::vector<std::uint8_t> components_reaching(std::span<const std::uint64_t> mask) const;
  // REQUIRES: `reaching` is components_reaching(mask).
  bool reaches_any_of(NodeId source, std::span<const std::uint64_t> mask, const std::vector<std::uint8_t>& reaching) const;

  static bool test(std::span<const std::uint64_t> bits, std::size_t bit) {
    return (bits[bit >> 6] >> (bit & 63)) & 1u;
  }

 private:
  void add_edge_target(NodeId v, std::uint64_t* out, WordRange& range) const;

  const AccessGraph& g_;
  std::vector<NodeId> targets_;
  std::vector<std::uint32_t> bit_of_node_;  // UINT32_MAX: not a target
  std::size_t words_;
  std::vector<std::uint64_t> component_bits_;  // component-major, words_ each
  // Per component, the words of its bitset that are not zero: a role
  // reaching a few targets costs a few words, not words_.
  std::vector<WordRange> component_range_;
  // Per component whose targets are few for the width of its range, the
  // targets as a list of bits: setting 30 bits beats ORing 150 words (an
  // identity's answer ORs the components of its ~10 out-edges). Components
  // with sparse_start_[c] == sparse_start_[c + 1] use their words.
  std::vector<std::uint32_t> sparse_start_;  // component_count + 1
  std::vector<std::uint32_t> sparse_bits_;
};

}  // namespace ward
