#include "ward/reachability.hpp"

#include <algorithm>

namespace ward {

Traversal::Traversal(const AccessGraph& g) : g_(g), seen_(g.node_count(), 0) {}

void Traversal::next_epoch() {
  if (++epoch_ == 0) {  // wrapped: old stamps could collide
    std::fill(seen_.begin(), seen_.end(), 0);
    epoch_ = 1;
  }
}

bool Traversal::mark(NodeId n) {
  if (seen_[n] == epoch_) return false;
  seen_[n] = epoch_;
  return true;
}

void Traversal::reachable(NodeId source, std::vector<NodeId>& out) {
  out.clear();
  next_epoch();
  stack_.clear();
  stack_.push_back(source);
  while (!stack_.empty()) {
    NodeId u = stack_.back();
    stack_.pop_back();
    for (NodeId v : g_.out_nodes(u))
      if (mark(v)) {
        out.push_back(v);
        stack_.push_back(v);
      }
  }
  std::sort(out.begin(), out.end());
}

void Traversal::holds(NodeId source, std::vector<NodeId>& out) {
  reachable(source, out);
  // Entitlements have the highest NodeIds, so they are a sorted suffix.
  auto first = std::find_if(out.begin(), out.end(), [&](NodeId n) { return g_.is_entitlement(n); });
  out.erase(out.begin(), first);
}

void Traversal::members(NodeId target, std::vector<NodeId>& out) {
  out.clear();
  next_epoch();
  stack_.clear();
  stack_.push_back(target);
  while (!stack_.empty()) {
    NodeId u = stack_.back();
    stack_.pop_back();
    for (NodeId v : g_.in_nodes(u))
      if (mark(v)) {
        if (g_.inventory().is_identity(v)) out.push_back(v);
        stack_.push_back(v);
      }
  }
  std::sort(out.begin(), out.end());
}

bool Traversal::reaches(NodeId source, NodeId target) {
  next_epoch();
  stack_.clear();
  stack_.push_back(source);
  while (!stack_.empty()) {
    NodeId u = stack_.back();
    stack_.pop_back();
    for (NodeId v : g_.out_nodes(u)) {
      if (v == target) return true;
      if (mark(v)) stack_.push_back(v);
    }
  }
  return false;
}

ReachClosure::ReachClosure(const AccessGraph& g, std::vector<NodeId> targets)
    : g_(g), targets_(std::move(targets)), bit_of_node_(g.node_count(), UINT32_MAX),
      words_((targets_.size() + 63) / 64) {
  for (std::size_t b = 0; b < targets_.size(); ++b) bit_of_node_[targets_[b]] = static_cast<std::uint32_t>(b);
  component_bits_.assign(static_cast<std::size_t>(g.component_count()) * words_, 0);
  component_range_.assign(g.component_count(), WordRange{});
  sparse_start_.assign(static_cast<std::size_t>(g.component_count()) + 1, 0);
  if (words_ == 0) return;
  // Sinks first: every edge out of component c leads to c itself or to a
  // component with a smaller number, which is already final.
  for (std::uint32_t c = 0; c < g.component_count(); ++c) {
    std::uint64_t* bits = component_bits_.data() + static_cast<std::size_t>(c) * words_;
    WordRange range{words_, 0};
    for (NodeId u : g.component_members(c))
      for (NodeId v : g.out_nodes(u)) {
        if (g.is_role_or_group(v) && g.component(v) == c) {
          // Same component: on a cycle, so v reaches every member (added
          // as its own target bit below, via the in-edge every member has).
          std::uint32_t b = bit_of_node_[v];
          if (b != UINT32_MAX) {
            bits[b >> 6] |= std::uint64_t{1} << (b & 63);
            range.first = std::min<std::size_t>(range.first, b >> 6);
            range.last = std::max<std::size_t>(range.last, (b >> 6) + 1);
          }
          continue;
        }
        add_edge_target(v, bits, range);
      }
    component_range_[c] = range.first < range.last ? range : WordRange{};
    std::size_t set = 0;
    for (std::size_t w = component_range_[c].first; w < component_range_[c].last; ++w)
      set += static_cast<std::size_t>(__builtin_popcountll(bits[w]));
    // Fewer targets than words: a list. (At L, groups reach ~10 of 10k
    // entitlements over a range of ~30 words.)
    if (set < component_range_[c].last - component_range_[c].first)
      for (std::size_t w = component_range_[c].first; w < component_range_[c].last; ++w)
        for (std::uint64_t word = bits[w]; word; word &= word - 1)
          sparse_bits_.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
    sparse_start_[c + 1] = static_cast<std::uint32_t>(sparse_bits_.size());
  }
}

std::size_t ReachClosure::bit_of(NodeId n) const {
  std::uint32_t b = bit_of_node_[n];
  return b == UINT32_MAX ? SIZE_MAX : b;
}

void ReachClosure::add_edge_target(NodeId v, std::uint64_t* out, WordRange& range) const {
  std::uint32_t b = bit_of_node_[v];
  if (b != UINT32_MAX) {
    out[b >> 6] |= std::uint64_t{1} << (b & 63);
    range.first = std::min<std::size_t>(range.first, b >> 6);
    range.last = std::max<std::size_t>(range.last, (b >> 6) + 1);
  }
  if (g_.is_role_or_group(v)) {
    const std::uint32_t c = g_.component(v);
    const WordRange r = component_range_[c];
    if (r.first == r.last) return;  // reaches no target
    if (sparse_start_[c] != sparse_start_[c + 1]) {
      for (std::uint32_t k = sparse_start_[c]; k < sparse_start_[c + 1]; ++k)
        out[sparse_bits_[k] >> 6] |= std::uint64_t{1} << (sparse_bits_[k] & 63);
    } else {
      const std::uint64_t* src = component_bits_.data() + static_cast<std::size_t>(c) * words_;
      for (std::size_t w = r.first; w < r.last; ++w) out[w] |= src[w];
    }
    range.first = std::min(range.first, r.first);
    range.last = std::max(range.last, r.last);
  }
}

std::vector<std::uint8_t> ReachClosure::components_reaching(std::span<const std::uint64_t> mask) const {
  std::vector<std::uint8_t> reaching(g_.component_count(), 0);
  for (std::uint32_t c = 0; c < g_.component_count(); ++c) {
    const WordRange r = component_range_[c];
    const std::uint64_t* bits = component_bits_.data() + static_cast<std::size_t>(c) * words_;
    for (std::size_t w = r.first; w < r.last && w < mask.size(); ++w)
      if ((bits[w] & mask[w]) != 0) {
        reaching[c] = 1;
        break;
      }
  }
  return reaching;
}

bool ReachClosure::reaches_any_of(NodeId source, std::span<const std::uint64_t> mask,
                                  const std::vector<std::uint8_t>& reaching) const {
  auto masked = [&](std::uint32_t b) { return b != UINT32_MAX && b / 64 < mask.size() && ((mask[b >> 6] >> (b & 63)) & 1u); };
  if (g_.is_role_or_group(source)) return reaching[g_.component(source)] != 0;
  for (NodeId v : g_.out_nodes(source)) {
    if (masked(bit_of_node_[v])) return true;
    if (g_.is_role_or_group(v) && reaching[g_.component(v)] != 0) return true;
  }
  return false;
}

ReachClosure::WordRange ReachClosure::reached_by(NodeId source, std::span<std::uint64_t> out) const {
  std::fill(out.begin(), out.end(), 0);
  if (words_ == 0) return {};
  if (g_.is_role_or_group(source)) {
    const std::uint32_t c = g_.component(source);
    const std::uint64_t* src = component_bits_.data() + static_cast<std::size_t>(c) * words_;
    std::copy(src + component_range_[c].first, src + component_range_[c].last, out.begin() + static_cast<std::ptrdiff_t>(component_range_[c].first));
    return component_range_[c];
  }
  WordRange range{words_, 0};
  for (NodeId v : g_.out_nodes(source)) add_edge_target(v, out.data(), range);
  return range.first < range.last ? range : WordRange{};
}

}  // namespace ward
