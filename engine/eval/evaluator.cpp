// The evaluator: runs the plan over the access graph.
//
// A rule is nested scans; each `where` conjunct runs at the shallowest scan
// where every variable it reads is bound. Reachability questions about
// targets known before the run (string ids, the cells of a scanned table,
// the members of duties and toxic combinations) are answered from one
// shared ReachClosure: each identity's reached-target bitset is computed
// once (memoised) and every `reaches` on it is a bit test. A rule that scans
// a table and identities and asks `i reaches row.COL` probes an index from
// target bit to rows instead of testing every (identity, row) pair.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <array>
#include <chrono>
#include <cmath>
#include <deque>
#include <functional>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <unordered_map>

#include "eval/fast_filter.hpp"
#include "eval/rule_selection.hpp"
#include "eval/value.hpp"
#include "plan/compiled_policy.hpp"
#include "ward/access_graph.hpp"
#include "ward/evaluate.hpp"
#include "ward/paths.hpp"
#include "ward/reachability.hpp"

namespace ward {

namespace {

using eval::Kind;
using eval::Value;
using eval::ValueList;
using plan::AttrRef;
using plan::Code;
using plan::Node;
using plan::T;
using A = plan::AttrRef::Access;

// "path:line", the form of every data and policy location in a finding
// (a million of them at L: one allocation each, no format string parsed).
std::string file_line(std::string_view path, std::uint64_t line) {
  const fmt::format_int digits(line);
  std::string out;
  out.reserve(path.size() + 1 + digits.size());
  out.append(path).push_back(':');
  out.append(digits.data(), digits.size());
  return out;
}

std::string format_number(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15) return fmt::format("{}", static_cast<long long>(x));
  return fmt::format("{}", x);
}

// Big-endian, zero-padded first eight bytes of s: comparing two of these
// orders strings as comparing the strings does, up to a tie (no id holds a
// NUL byte, so padding never ties with content).
std::uint64_t order_prefix(std::string_view s) {
  std::uint64_t key = 0;
  const std::size_t n = std::min<std::size_t>(s.size(), 8);
  for (std::size_t k = 0; k < n; ++k) key |= std::uint64_t{static_cast<unsigned char>(s[k])} << (56 - 8 * k);
  return key;
}

// rank[n]: the position of node n when every node id is sorted. Sorted by
// prefix keys, so most comparisons are of integers, not strings.
std::vector<std::uint32_t> id_ranks(const Inventory& inv) {
  struct Keyed {
    std::uint64_t prefix;
    NodeId node;
  };
  std::vector<Keyed> order(inv.node_count());
  for (NodeId n = 0; n < order.size(); ++n) order[n] = Keyed{order_prefix(inv.node_id(n)), n};
  std::sort(order.begin(), order.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return inv.node_id(a.node) < inv.node_id(b.node);
  });
  std::vector<std::uint32_t> rank(order.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r].node] = r;
  return rank;
}

// What every shard reads and nobody writes: the graphs, node ranks, the
// exceptions by identity. Built once per evaluation.
struct SharedState {
  std::unique_ptr<AccessGraph> owned_current, owned_baseline;  // built here unless the caller gave them
  const AccessGraph* current_graph = nullptr;
  const AccessGraph* baseline_graph = nullptr;  // null without a baseline
  std::vector<std::uint32_t> rank;               // rank[n]: position of node n in id order
  std::unordered_map<StrId, std::vector<std::uint32_t>> exceptions_by_identity;
  // Change mode: EvalOptions::focus and ::rule_focus as NodeIds of
  // `current`, ascending (looked up once here, not by every shard).
  std::vector<NodeId> focus_nodes;
  std::map<std::string, std::vector<NodeId>> rule_focus_nodes;
  std::vector<std::string> rule_ids;  // of every rule, sorted: a finding's rule rank is its place here

  SharedState(const plan::Program& program, const Inventory& current, const Inventory* baseline,
              const AccessGraph* given_current, const AccessGraph* given_baseline, const EvalOptions& options)
      : current_graph(given_current), baseline_graph(given_baseline) {
    for (const auto& r : program.rules) rule_ids.push_back(r.id);
    std::sort(rule_ids.begin(), rule_ids.end());
    auto nodes_of = [&](const std::vector<std::string>& ids) {
      std::vector<NodeId> nodes;
      for (const auto& id : ids)
        if (NodeId n = current.find_node(id); n != kNoNode) nodes.push_back(n);
      std::sort(nodes.begin(), nodes.end());
      nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
      return nodes;
    };
    if (options.focus) focus_nodes = nodes_of(*options.focus);
    if (options.focus && options.rule_focus)
      for (const auto& [rule, ids] : *options.rule_focus) rule_focus_nodes[rule] = nodes_of(ids);
    // The ranks (a sort of every id) while the graphs are built.
    std::thread ranking([&] { rank = id_ranks(current); });
    try {
      if (!current_graph) current_graph = (owned_current = std::make_unique<AccessGraph>(current)).get();
      if (baseline && !baseline_graph) {
        // The baseline is often the current inventory itself (change mode evaluates both ways).
        baseline_graph = baseline == &current ? current_graph : (owned_baseline = std::make_unique<AccessGraph>(*baseline)).get();
      }
      if (!baseline) baseline_graph = nullptr;
    } catch (...) {
      ranking.join();
      throw;
    }
    ranking.join();
    for (std::uint32_t x = 0; x < current.exceptions.size(); ++x)
      exceptions_by_identity[current.exceptions[x].identity].push_back(x);
  }
};

// Caches the shards fill together (under `mutex`): the identities by an
// attribute's value, the cohort sets (one per value, shared by every shard
// so their counts are computed once), and how many of each cohort hold each
// entitlement.
struct SharedCaches {
  std::mutex mutex;
  struct PeerIndex {
    bool built = false;
    std::map<std::string, std::vector<NodeId>> by_value;  // identities, in rank (set) order
  };
  std::map<std::string, PeerIndex> peer_index;                  // by column
  // The same for a text or reference column of the identities table, by
  // the cell's StrId (interned: one per distinct text), with the cohort
  // sets made of it.
  struct CellPeerIndex {
    bool built = false;
    std::unordered_map<StrId, std::vector<NodeId>> by_cell;  // identities, in rank (set) order
    std::unordered_map<StrId, eval::Value> cohorts;
  };
  std::map<std::string, CellPeerIndex> cell_peer_index;        // by column
  std::map<std::string, std::map<std::string, eval::Value>> cohorts;  // by column, then value
  struct CohortCounts {
    std::once_flag once;
    std::vector<std::uint32_t> by_bit;  // by holds-index bit: members holding the entitlement
  };
  std::unordered_map<const eval::ValueList*, std::shared_ptr<CohortCounts>> cohort_counts;  // by cohort set
  // Filters of cohort sets (`[p in cohort(i, by department) where active(p)]`)
  // reading only their own variable: one result per builder and cohort,
  // shared like the cohorts themselves, so their counts are computed once too.
  std::map<std::pair<const plan::Node*, const eval::ValueList*>, eval::Value> cohort_subsets;
  // Per rule: the next block of its outermost indexed scan not yet taken
  // by a shard (shards take blocks as they go, so one that finishes early
  // takes more; each block is still visited by exactly one shard).
  std::vector<std::atomic<std::size_t>> next_outer_block;
  explicit SharedCaches(std::size_t rules) : next_outer_block(rules) {}
};

// One inventory with its (shared) graph and this shard's scratch and caches.
struct World {
  const Inventory* inv = nullptr;
  const AccessGraph* graph = nullptr;
  std::unique_ptr<Traversal> traversal;
  std::unique_ptr<PathSearch> paths;

  void init(const Inventory* i, const AccessGraph* g) {
    inv = i;
    if (!i) return;
    graph = g;
    traversal = std::make_unique<Traversal>(*graph);
    paths = std::make_unique<PathSearch>(*graph);
  }
};

// Findings as a shard emits them: in chunks that never move once filled
// (a vector of 725k Findings would move them all on every doubling), and
// free at once.
class FindingStore {
 public:
  void push(Finding&& f) {
    if (chunks_.empty() || chunks_.back().size() == kChunk) chunks_.emplace_back().reserve(kChunk);
    chunks_.back().push_back(std::move(f));
  }
  template <typename F>
  void for_each(F&& f) {
    for (auto& c : chunks_)
      for (Finding& x : c) f(x);
  }

 private:
  static constexpr std::size_t kChunk = 1024;
  std::vector<std::vector<Finding>> chunks_;
};

// The report order of findings (finding_less), with the rule as a rank and
// the origin as the last key. Of two findings equal in rule, subject, key
// and message, the one kept is thus the one with the smaller origin (a
// duplicated row), or, from the same row, the one emitted first (shards
// sort stably; a row belongs to one shard): the same however many shards
// there are.
struct Ranked {
  std::uint32_t rank;
  Finding* finding;
};
// finding_less's keys after the rule: subject, key, message (<0, 0, >0).
int compare_within_rule(const Finding& a, const Finding& b) {
  if (int c = a.subject.compare(b.subject); c != 0) return c;
  if (int c = a.key.compare(b.key); c != 0) return c;
  return a.message.compare(b.message);
}
bool ranked_less(const Ranked& x, const Ranked& y) {
  if (x.rank != y.rank) return x.rank < y.rank;
  if (int c = compare_within_rule(*x.finding, *y.finding); c != 0) return c < 0;
  return x.finding->origin < y.finding->origin;
}

// Findings and their report order (ranked_less), sorted in the shard's
// own thread; evaluate() merges the shards' lists, moving each finding once.
struct SortedFindings {
  FindingStore store;
  std::vector<Ranked> order;
};

// What one shard found.
struct ShardResult {
  SortedFindings findings, excepted;
  std::size_t rules_evaluated = 0;
  std::vector<EvalResult::RuleTime> rule_times;
};

class Evaluator {
 public:
  // Shard `shard` of `shards`: the outermost loop of every rule visits only
  // some blocks of kShardBlock elements, and the shards together visit each
  // element once. An outer scan of identities, entitlements or edges takes
  // its blocks from a counter the shards share (SharedCaches::
  // next_outer_block); other outer loops visit the blocks whose number
  // modulo `shards` is `shard`.
  Evaluator(const CompiledPolicy& policy, const Inventory& current, const Inventory* baseline, const EvalOptions& options,
            const SharedState& shared, SharedCaches& caches, std::size_t shard, std::size_t shards)
      : policy_(policy), prog_(policy.program), options_(options), caches_(caches), rule_ids_(shared.rule_ids),
        exceptions_by_identity_(shared.exceptions_by_identity), rank_(shared.rank),
        focus_nodes_(shared.focus_nodes), rule_focus_nodes_by_rule_(shared.rule_focus_nodes), shard_(shard),
        shards_(shards) {
    cur_.init(&current, shared.current_graph);
    base_.init(baseline, shared.baseline_graph);
    if (options.focus) {
      focus_.assign(current.node_count(), 0);
      for (NodeId n : focus_nodes_) focus_[n] = 1;
    }
    build_closure();
  }

  ShardResult run() {
    ShardResult result;
    for (const plan::Rule& r : prog_.rules) {
      if (!selected(r)) continue;
      rule_index_ = static_cast<std::size_t>(&r - prog_.rules.data());
      ++result.rules_evaluated;
      const auto started = std::chrono::steady_clock::now();
      rule_ = &r;
      rule_policy_ = policy_location(r);
      active_focus_ = nullptr;
      if (options_.focus && r.local) active_focus_ = &focus_;
      if (options_.focus && r.expands() && options_.rule_focus) {
        auto it = rule_focus_nodes_by_rule_.find(r.id);
        if (it != rule_focus_nodes_by_rule_.end()) {
          rule_focus_.assign(inv().node_count(), 0);
          for (NodeId n : it->second) rule_focus_[n] = 1;
          active_focus_nodes_ = &it->second;
          active_focus_ = &rule_focus_;
        }
      }
      if (active_focus_ != &rule_focus_) active_focus_nodes_ = &focus_nodes_;
      restrict_ = active_focus_ != nullptr;
      rule_tick_ = ++tick_;
      hoisted_.assign(r.hoisted, Hoisted{});
      cohort_memo_.assign(r.cohort_memos, CohortMemo{});
      bound_tick_.assign(r.scans.size() + 1, tick_);
      env_.assign(std::max<std::uint32_t>(r.slots, 1) + 64, Value{});
      switch (r.kind) {
        case plan::RuleKind::rule: run_rule(r); break;
        case plan::RuleKind::conflict:
        case plan::RuleKind::toxic: run_combination(r); break;
      }
      result.rule_times.push_back({r.id, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                                   static_cast<std::uint32_t>(fast_filters_.size()), r.cohort_memos});
      fast_filters_.clear();
    }
    result.findings = sorted(std::move(findings_));
    result.excepted = sorted(std::move(excepted_));
    return result;
  }

 private:
  const Inventory& inv() const { return *cur_.inv; }

  // `store` with its report order. A rule's rank is its id's place among
  // all rule ids (the same in every shard).
  SortedFindings sorted(FindingStore&& store) const {
    SortedFindings out{std::move(store), {}};
    std::vector<Ranked>& order = out.order;
    const std::string* last_rule = nullptr;
    std::uint32_t rank = 0;
    out.store.for_each([&](Finding& f) {
      if (!last_rule || *last_rule != f.rule) {  // findings come rule by rule
        auto it = std::lower_bound(rule_ids_.begin(), rule_ids_.end(), f.rule);
        rank = static_cast<std::uint32_t>(it - rule_ids_.begin());
        last_rule = &f.rule;
      }
      order.push_back({rank, &f});
    });
    std::stable_sort(order.begin(), order.end(), ranked_less);  // emission order breaks ties
    return out;
  }

  bool selected(const plan::Rule& r) const { return rule_selected(r, options_); }

  // ---- the shared closure ------------------------------------------------------------------
  void add_target(std::string_view id) {
    NodeId n = inv().find_node(id);
    if (n == kNoNode || inv().is_identity(n) || target_bit_.count(n)) return;
    target_bit_[n] = targets_.size();
    targets_.push_back(n);
  }

  void collect_targets(const Node& n, const plan::Rule& r) {
    if (n.code == Code::reaches) {
      const Node& rhs = n.kids[1];
      if (rhs.code == Code::constant && rhs.constant.type == T::string) add_target(rhs.constant.text);
      if (rhs.code == Code::attribute && rhs.attr.access == A::cell && rhs.kids[0].code == Code::slot) {
        // A column of a scanned table: every value of that column.
        for (const auto& s : r.scans)
          if (s.slot == rhs.kids[0].index && s.source == plan::SourceKind::table) {
            const Table* t = table(s.table_name);
            int col = t ? t->column(rhs.attr.column) : -1;
            if (col >= 0)
              for (std::size_t row = 0; row < t->rows(); ++row) add_target(inv().strings.view(t->cell(row, static_cast<std::size_t>(col))));
          }
      }
    }
    for (const auto& k : n.kids) collect_targets(k, r);
  }

  void build_closure() {
    for (const plan::Rule& r : prog_.rules) {
      if (!selected(r)) continue;
      for (const auto& w : r.where) collect_targets(w, r);
      for (const auto& u : r.unless) collect_targets(u, r);
      for (const auto& side : r.sides)
        for (const auto& id : side) add_target(id);
    }
    closure_ = std::make_unique<ReachClosure>(*cur_.graph, targets_);
    bits_.assign(closure_->words(), 0);
  }

  // The targets `n` reaches, memoised for the last node asked about.
  std::span<const std::uint64_t> bits_of(NodeId n) {
    if (n != bits_node_) {
      closure_->reached_by(n, bits_);
      bits_node_ = n;
    }
    return bits_;
  }

  bool reaches(World& w, NodeId from, NodeId to) {
    if (from == kNoNode || to == kNoNode) return false;
    if (&w == &cur_ && !options_.plain) {
      auto it = target_bit_.find(to);
      if (it != target_bit_.end()) return ReachClosure::test(bits_of(from), it->second);
    }
    return w.traversal->reaches(from, to);
  }

  // The state of one breadth-first search through `via` edges: nodes
  // stamped seen with the search's epoch, and its queue. Every search owns
  // one, so a `via` condition that itself asks `reaches ... via` (a search
  // inside a search) leaves the outer search's state alone.
  struct ViaSearch {
    std::vector<std::uint32_t> seen;  // by node: == epoch when seen in this search
    std::uint32_t epoch = 0;
    std::vector<NodeId> queue;
    // Starts a search from `from` over `nodes` nodes: nothing seen yet.
    void start(std::size_t nodes, NodeId from) {
      if (seen.size() != nodes) seen.assign(nodes, 0);
      if (++epoch == 0) {
        std::fill(seen.begin(), seen.end(), 0);
        epoch = 1;
      }
      queue.assign(1, from);
    }
    bool has_seen(NodeId v) const { return seen[v] == epoch; }
    // Runs the search started: each out-edge (row) of each node taken from
    // the queue, to a node not seen (or to `stop`), is followed when
    // passes(row); a passing edge to `stop` ends the search (true), to
    // another node marks that node seen and queues it.
    template <typename Passes>
    bool run(const AccessGraph& g, NodeId stop, Passes&& passes) {
      for (std::size_t head = 0; head < queue.size(); ++head) {
        const NodeId u = queue[head];
        auto nodes = g.out_nodes(u);
        auto rows = g.out_edges(u);
        for (std::size_t k = 0; k < nodes.size(); ++k) {
          const NodeId v = nodes[k];
          if (v != stop && has_seen(v)) continue;
          if (!passes(rows[k])) continue;
          if (v == stop) return true;
          seen[v] = epoch;
          queue.push_back(v);
        }
      }
      return false;
    }
  };
  // The search for the current depth of nesting, while `this` lives.
  class ViaDepth {
   public:
    explicit ViaDepth(Evaluator& e) : e_(e) {
      if (e_.via_depth_ == e_.via_searches_.size()) e_.via_searches_.emplace_back();
      search_ = &e_.via_searches_[e_.via_depth_++];
    }
    ~ViaDepth() { --e_.via_depth_; }
    ViaDepth(const ViaDepth&) = delete;
    ViaDepth& operator=(const ViaDepth&) = delete;
    ViaSearch& search() { return *search_; }

   private:
    Evaluator& e_;
    ViaSearch* search_;
  };

  // Reachability through the edges for which the `via` condition holds
  // (evaluated with the edge bound to the node's slot): a breadth-first
  // search that tests each edge as it meets it.
  bool reaches_via(NodeId from, NodeId to, const Node& n, std::vector<Value>& env) {
    if (from == kNoNode || to == kNoNode) return false;
    const AccessGraph& g = *cur_.graph;
    if (!options_.plain) {
      ViaCache& cache = via_caches_[&n];
      if (cache.edge_only == ViaCache::kUnknown)
        cache.edge_only = reads_other_slots(n.kids[2], n.index) ? ViaCache::kNo : ViaCache::kYes;
      if (cache.edge_only == ViaCache::kYes) return reaches_via_edge_test(from, to, n, cache, env);
    }
    ViaDepth depth(*this);
    ViaSearch& search = depth.search();
    search.start(g.node_count(), from);
    return search.run(g, to, [&](std::uint32_t row) {
      env[n.index] = Value::of_edge(row);
      return eval(n.kids[2], env).truthy();
    });
  }

  // reaches_via when the edge test reads only the edge (`i reaches e via x
  // where baseline.has_edge(x) or x.approved_by is present`): each edge is
  // tested once per run and the answer kept by its row, and the nodes
  // `from` reaches through passing edges are found once for all the
  // targets asked about next (access_drift asks about each new entitlement
  // of an identity in turn).
  // One `via` condition's kept tests and last search (conditions of one
  // rule alternate without discarding each other's).
  struct ViaCache {
    enum : std::uint8_t { kUnknown, kYes, kNo } edge_only = kUnknown;  // the condition reads only the edge
    std::vector<std::uint8_t> passes;  // by edge row: 0 not tested, 1 fails, 2 passes
    NodeId from = kNoNode;             // whose reach through passing edges `reach` holds; kNoNode: none yet
    ViaSearch reach;
  };
  bool reaches_via_edge_test(NodeId from, NodeId to, const Node& n, ViaCache& cache, std::vector<Value>& env) {
    const AccessGraph& g = *cur_.graph;
    if (cache.passes.size() != inv().edges.size()) cache.passes.assign(inv().edges.size(), 0);
    if (cache.from == from) return cache.reach.has_seen(to);
    cache.from = kNoNode;  // until the search below is complete
    ViaSearch& search = cache.reach;
    search.start(g.node_count(), from);
    search.run(g, kNoNode, [&](std::uint32_t row) {  // every node from reaches: no target ends it
      std::uint8_t& passes = cache.passes[row];
      if (passes == 0) {
        env[n.index] = Value::of_edge(row);
        passes = eval(n.kids[2], env).truthy() ? 2 : 1;
      }
      return passes == 2;
    });
    cache.from = from;
    return search.has_seen(to);
  }

  // `any/all x in SOURCE where C` without materialising the source. For
  // `any x in table T where x.COL == E and ...` (E not reading x), only the
  // rows whose COL equals E are visited, through a hash index built once.
  struct Probe {
    bool usable = false;
    const Node* key = nullptr;  // E
    std::string column;
  };
  const Probe& probe_for(const Node& q) {
    auto [it, inserted] = probes_.try_emplace(&q);
    if (!inserted) return it->second;
    Probe& p = it->second;
    if (q.code != Code::any_ || static_cast<plan::SourceKind>(q.kids[0].index) != plan::SourceKind::table) return p;
    std::vector<const Node*> conj;
    std::function<void(const Node&)> split = [&](const Node& x) {
      if (x.code == Code::and_) {
        split(x.kids[0]);
        split(x.kids[1]);
      } else {
        conj.push_back(&x);
      }
    };
    split(q.kids[1]);
    auto column_of_var = [&](const Node& x) -> std::string {
      // x.COL (a text or reference cell), or x.COL.id
      const Node* a = &x;
      if (a->code == Code::attribute && a->attr.access == A::id && a->kids[0].code == Code::attribute) a = &a->kids[0];
      if (a->code != Code::attribute || a->attr.access != A::cell || a->kids[0].code != Code::slot || a->kids[0].index != q.index)
        return "";
      plan::T t = a->type.base;
      bool textual = t == T::string || t == T::identity || t == T::role || t == T::group || t == T::entitlement || t == T::node;
      return textual ? a->attr.column : "";
    };
    for (const Node* c : conj) {
      if (c->code != Code::compare || c->op != ast::Op::eq) continue;
      for (int side = 0; side < 2; ++side) {
        std::string col = column_of_var(c->kids[side]);
        if (!col.empty() && !level_of_slot(c->kids[1 - side], q.index)) {
          p.usable = true;
          p.key = &c->kids[1 - side];
          p.column = col;
          return p;
        }
      }
    }
    return p;
  }

  bool quantify_source(const Node& q, std::vector<Value>& env, bool want_any) {
    const auto kind = static_cast<plan::SourceKind>(q.kids[0].index);
    if (want_any && kind == plan::SourceKind::table && !options_.plain) {
      const Probe& p = probe_for(q);
      const Table* t = table(q.kids[0].attr.table_name);
      if (p.usable && t) {
        Value key = eval(*p.key, env);
        if (key.is_absent()) return false;
        const auto& rows = index_rows(*t, p.column, text_of(key));
        const auto table_index = static_cast<std::uint32_t>(t - inv().tables.data());
        for (std::uint32_t row : rows) {
          env[q.index] = Value::of_row(table_index, row);
          if (eval(q.kids[1], env).truthy()) return true;
        }
        return false;
      }
    }
    bool result = !want_any, done = false;
    for_each_in_source(kind, q.kids[0].attr.table_name, [&](const Value& x) {
      if (done) return;
      env[q.index] = x;
      bool ok = eval(q.kids[1], env).truthy();
      if (want_any && ok) { result = true; done = true; }
      if (!want_any && !ok) { result = false; done = true; }
    });
    return result;
  }

  const std::vector<std::uint32_t>& index_rows(const Table& t, const std::string& column, const std::string& key) {
    static const std::vector<std::uint32_t> kNone;
    auto& index = table_indexes_[{&t, column}];
    if (!index.built) {
      index.built = true;
      int col = t.column(column);
      if (col >= 0)
        for (std::uint32_t r = 0; r < t.rows(); ++r) {
          StrId cell = t.cell(r, static_cast<std::size_t>(col));
          if (cell != kEmptyStr) index.rows[std::string(inv().strings.view(cell))].push_back(r);
        }
    }
    auto it = index.rows.find(key);
    return it == index.rows.end() ? kNone : it->second;
  }

  // ---- helpers -----------------------------------------------------------------------------
  const Table* table(const std::string& name) const {
    for (const auto& t : inv().tables)
      if (t.name == name) return &t;
    return nullptr;
  }

  // `e.from`, `e.to` or `e.approved_by` of an edge of the current inventory
  // as a NodeId without building a Value: kAbsentNode when there is no
  // approver, kNoNode when `n` is something else (or names no node).
  static constexpr NodeId kAbsentNode = kNoNode - 1;
  NodeId edge_end(const Node& n, std::vector<Value>& env) {
    if (n.code != Code::attribute || n.hoist >= 0 || n.kids.empty()) return kNoNode;
    const A access = n.attr.access;
    if (access != A::edge_from && access != A::edge_to && access != A::edge_approved_by) return kNoNode;
    Value obj = eval(n.kids[0], env);
    if (obj.kind != Kind::edge || obj.table != 0) return kNoNode;
    const Edge& e = inv().edges[obj.index];
    if (access == A::edge_from) return e.from;
    if (access == A::edge_to) return e.to;
    const StrId approver = inv().edge_approved_by(obj.index);
    if (approver == kEmptyStr) return kAbsentNode;
    return inv().node_of(approver);  // kNoNode for an approver who is no node: compared by text below
  }

  static bool is_id_of(const Node& n) { return n.code == Code::attribute && n.attr.access == A::id && n.hoist < 0; }

  // A node value. Nodes of the current inventory carry their rank in id
  // order (Value::index, with b set), so sets sort and compare by integer
  // instead of by string; the order is the same (see eval::compare).
  Value node_value(const Inventory& i, NodeId n) const {
    Value v = Value::of_node(n, i.node_id(n));
    if (&i == cur_.inv) {
      v.b = true;
      v.index = rank_[n];
    }
    return v;
  }

  // A node reference read from a cell: resolves in the current inventory;
  // an id that names nothing stays a dangling reference (node == kNoNode).
  Value ref_value(StrId s) const {
    if (s == kEmptyStr) return Value{};
    Value v = Value::of_node(inv().node_of(s), inv().strings.view(s));
    return v;
  }

  // The node named by a value (a node, or a string id), in world `w`.
  // A node value's `table` says which inventory its NodeId belongs to
  // (0 current, 1 baseline); otherwise the id is looked up by name.
  NodeId node_in(const World& w, const Value& v) const {
    if (v.kind != Kind::node && v.kind != Kind::string) return kNoNode;
    const std::uint32_t world = &w == &cur_ ? 0 : 1;
    if (v.kind == Kind::node && v.table == world && v.node != kNoNode) return v.node;
    if (v.kind == Kind::node && world == 1 && v.table == 0 && v.node != kNoNode) return baseline_node(v.node);
    return w.inv ? w.inv->find_node(v.text) : kNoNode;
  }

  // The baseline's NodeId for current node n (the same id), and the
  // current one for baseline node n; kNoNode where the other inventory has
  // no such id. Looked up once per node and shard.
  NodeId baseline_node(NodeId n) const { return same_id(cur_to_base_, inv(), base_.inv, n); }
  NodeId current_node(NodeId n) const { return same_id(base_to_cur_, *base_.inv, &inv(), n); }
  static NodeId same_id(std::vector<NodeId>& known, const Inventory& from, const Inventory* to, NodeId n) {
    if (known.size() != from.node_count()) known.assign(from.node_count(), kNotLookedUp);
    NodeId& there = known[n];
    if (there == kNotLookedUp) there = to ? to->find_node(from.node_id(n)) : kNoNode;
    return there;
  }

  std::string_view keep(std::string s) {
    arena_.push_back(std::move(s));
    return arena_.back();
  }

  std::shared_ptr<const ValueList> make_set(ValueList items) {
    std::sort(items.begin(), items.end(), [](const Value& a, const Value& b) { return eval::compare(a, b) < 0; });
    items.erase(std::unique(items.begin(), items.end(), [](const Value& a, const Value& b) { return eval::equal(a, b); }),
                items.end());
    return std::make_shared<const ValueList>(std::move(items));
  }
  Value set_value(ValueList items) {
    Value v;
    v.kind = Kind::set;
    v.items = make_set(std::move(items));
    return v;
  }
  // The set of these items. REQUIRES: distinct and in set order (a subset
  // of a set, in its order), so nothing is sorted or compared.
  static Value set_in_set_order(ValueList items) {
    Value v;
    v.kind = Kind::set;
    v.items = std::make_shared<const ValueList>(std::move(items));
    return v;
  }
  // The set of these current-inventory nodes. REQUIRES: distinct and in
  // rank order (the set order), so nothing is sorted or compared.
  Value set_in_order(const std::vector<NodeId>& nodes) const {
    ValueList items;
    items.reserve(nodes.size());
    for (NodeId n : nodes) items.push_back(node_value(inv(), n));
    return set_in_set_order(std::move(items));
  }

  // Nodes of world `w` as current-inventory values (matched by id).
  Value node_set(const World& w, std::vector<NodeId>& nodes) {
    if (&w == &cur_) {
      // Sorted by rank (the set order) on plain integers, then built in
      // order: no comparisons of Values. Traversals report each node once.
      std::sort(nodes.begin(), nodes.end(), [&](NodeId a, NodeId b) { return rank_[a] < rank_[b]; });
      nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
      return set_in_order(nodes);
    }
    // Baseline nodes: the same ids in the current inventory, looked up
    // once per node and shard. When all are there (the common case), the
    // set is built like a current one.
    scratch_nodes_.clear();
    for (NodeId n : nodes) {
      const NodeId here = current_node(n);
      if (here == kNoNode) break;
      scratch_nodes_.push_back(here);
    }
    if (scratch_nodes_.size() == nodes.size()) {
      std::sort(scratch_nodes_.begin(), scratch_nodes_.end(), [&](NodeId a, NodeId b) { return rank_[a] < rank_[b]; });
      scratch_nodes_.erase(std::unique(scratch_nodes_.begin(), scratch_nodes_.end()), scratch_nodes_.end());
      return set_in_order(scratch_nodes_);
    }
    ValueList items;
    items.reserve(nodes.size());
    for (NodeId n : nodes) {
      {
        std::string_view id = w.inv->node_id(n);
        NodeId here = current_node(n);
        if (here != kNoNode) {
          items.push_back(node_value(inv(), here));
        } else {  // only in the baseline: keep it readable there
          Value v = Value::of_node(n, id);
          v.table = 1;
          items.push_back(v);
        }
      }
    }
    return set_value(std::move(items));
  }

  static const ValueList& items(const Value& v) {
    static const ValueList kEmpty;
    return v.items ? *v.items : kEmpty;
  }

  // ---- attributes ---------------------------------------------------------------------------
  // The column attribute node `n` reads in table `t` (-1: none), looked up
  // by name once per node and table rather than on every read.
  int column_of(const Table& t, const Node& n) {
    ColumnSlot& slot = column_cache_[(reinterpret_cast<std::uintptr_t>(&n) >> 4) & (column_cache_.size() - 1)];
    if (slot.node != &n || slot.table != &t) slot = ColumnSlot{&n, &t, t.column(n.attr.column)};
    return slot.column;
  }

  Value cell_value(const Table& t, std::size_t row, const Node& n, const Inventory* from = nullptr) {
    const Inventory& i = from ? *from : inv();
    int col = column_of(t, n);
    if (col < 0) return Value{};
    StrId s = t.cell(row, static_cast<std::size_t>(col));
    if (s == kEmptyStr) return Value{};
    std::string_view text = i.strings.view(s);
    switch (n.type.base) {
      case T::date: {
        auto d = parse_date(text);
        return d ? Value::of_date(d->days) : Value{};
      }
      case T::boolean: return Value::of_bool(text == "true");
      case T::number: {
        std::string tmp(text);
        char* end = nullptr;
        double x = std::strtod(tmp.c_str(), &end);
        return end == tmp.c_str() + tmp.size() ? Value::of_number(x) : Value{};
      }
      case T::severity: {
        auto sev = parse_severity(text);
        return sev ? Value::of_severity(*sev) : Value{};
      }
      case T::identity:
      case T::role:
      case T::group:
      case T::entitlement:
      case T::node:
        if (&i != &inv()) {  // a reference read in the baseline: resolve by id in the current inventory
          NodeId here = inv().find_node(text);
          return here != kNoNode ? node_value(inv(), here) : Value::of_node(kNoNode, text);
        }
        return ref_value(s);
      default: return Value::of_string(text);
    }
  }

  Value attribute(const Node& n, const Value& obj) {
    const Inventory& i = obj.kind == Kind::node && obj.table == 1 && base_.inv ? *base_.inv : inv();
    switch (obj.kind) {
      case Kind::node: {
        if (n.attr.access == A::id) return Value::of_string(obj.text);  // known even for a dangling reference
        if (obj.node == kNoNode) return Value{};  // dangling reference: nothing else to read
        NodeId node = obj.node;
        switch (n.attr.access) {
          case A::id: return Value::of_string(obj.text);
          case A::kind: return Value::of_string(to_string(i.kind(node)));
          case A::identity_type:
            return i.is_identity(node) ? Value::of_string(to_string(i.identity_type[node])) : Value{};
          case A::identity_status:
            return i.is_identity(node) ? Value::of_string(to_string(i.status[node])) : Value{};
          case A::identity_date: {
            if (!i.is_identity(node)) return Value{};
            const std::string& c = n.attr.column;
            Date d = c == "created" ? i.created[node] : c == "last_active" ? i.last_active[node]
                   : c == "terminated" ? i.terminated[node] : i.expires[node];
            return d.present() ? Value::of_date(d.days) : Value{};
          }
          case A::privileged:
            return i.kind(node) == NodeKind::entitlement ? Value::of_bool(i.privileged[i.node_row(node)] != 0) : Value{};
          default: return cell_value(i.tables[i.node_table(node)], i.node_row(node), n, &i);
        }
      }
      case Kind::edge: {
        const Edge& e = i.edges[obj.index];
        switch (n.attr.access) {
          case A::edge_from: return node_value(i, e.from);
          case A::edge_to: return node_value(i, e.to);
          case A::edge_relation: return Value::of_string(to_string(e.relation));
          case A::edge_granted: return e.granted.present() ? Value::of_date(e.granted.days) : Value{};
          case A::edge_expires: return e.expires.present() ? Value::of_date(e.expires.days) : Value{};
          case A::edge_approved_by: return ref_value(i.edge_approved_by(obj.index));
          case A::edge_reason: {
            const StrId reason = i.edge_reason(obj.index);
            return reason == kEmptyStr ? Value{} : Value::of_string(i.strings.view(reason));
          }
          case A::edge_line: return Value::of_number(i.edge_line(obj.index));
          default: return cell_value(i.tables[kEdges], obj.index, n);
        }
      }
      case Kind::row: {
        if (n.attr.access == A::sod_severity && obj.table == kSodRules)
          return Value::of_severity(i.sod_rules[obj.index].severity);
        return cell_value(i.tables[obj.table], obj.index, n);
      }
      default: return Value{};
    }
  }

  // Whether an edge's or identity's own field is present, read from the
  // field itself: `e.approved_by is absent` need not resolve the approver
  // (two cache misses per edge over millions of edges). nullopt: evaluate
  // the attribute as usual.
  std::optional<bool> presence(const Node& a, std::vector<Value>& env) {
    if (a.code != Code::attribute || a.hoist >= 0 || a.kids.empty()) return std::nullopt;
    const A access = a.attr.access;
    const bool edge_field = access == A::edge_approved_by || access == A::edge_reason || access == A::edge_granted ||
                            access == A::edge_expires;
    if (!edge_field && access != A::identity_date) return std::nullopt;
    Value obj = eval(a.kids[0], env);
    if (edge_field) {
      if (obj.kind != Kind::edge) return false;
      const Inventory& i = obj.table == 1 && base_.inv ? *base_.inv : inv();
      const Edge& e = i.edges[obj.index];
      switch (access) {
        case A::edge_approved_by: return i.edge_approved_by(obj.index) != kEmptyStr;
        case A::edge_reason: return i.edge_reason(obj.index) != kEmptyStr;
        case A::edge_granted: return e.granted.present();
        default: return e.expires.present();
      }
    }
    if (obj.kind != Kind::node || obj.node == kNoNode) return false;
    return !attribute(a, obj).is_absent();  // dates are arrays: cheap as they are
  }

  // ---- expressions ----------------------------------------------------------------------------
  Value eval(const Node& n, std::vector<Value>& env) {
    if ((n.hoist < 0 && n.cohort_memo < 0) || options_.plain) return compute(n, env);
    if (n.hoist < 0) return by_cohort(n, env);
    // A hoisted subexpression (plan_hoisting): valid while the scans it
    // reads have not moved on since it was computed.
    Hoisted& h = hoisted_[static_cast<std::size_t>(n.hoist)];
    const std::uint64_t since = n.hoist_level == 0 ? rule_tick_ : bound_tick_[n.hoist_level - 1];
    if (h.tick <= since) {
      h.value = n.cohort_memo < 0 ? compute(n, env) : by_cohort(n, env);
      h.tick = ++tick_;
    }
    return h.value;
  }

  // The identity `v` is, or kNoNode when it is not one.
  NodeId as_identity(const Value& v) const {
    return v.kind == Kind::node && v.node != kNoNode && v.table == 0 && inv().is_identity(v.node) ? v.node : kNoNode;
  }
  // Identity `who`'s cell in column `column` of identities (-1, no such
  // column: kEmptyStr). What cohort keys are keyed by.
  StrId identity_cell(NodeId who, int column) const {
    return column < 0 ? kEmptyStr : inv().tables[kIdentities].cell(who, static_cast<std::size_t>(column));
  }

  // A cohort-keyed subexpression (plan_cohort_keys): its value for every
  // identity with the same cell in Node::cohort_column, computed for the
  // first of them (one per department, not one per identity).
  Value by_cohort(const Node& n, std::vector<Value>& env) {
    const NodeId who = as_identity(env[n.cohort_slot]);
    if (who == kNoNode) return compute(n, env);
    CohortMemo& memo = cohort_memo_[static_cast<std::size_t>(n.cohort_memo)];
    if (memo.column == CohortMemo::kUnresolved) memo.column = inv().tables[kIdentities].column(n.cohort_column);
    const StrId cell = identity_cell(who, memo.column);
    if (auto known = memo.by_cell.find(cell); known != memo.by_cell.end()) return known->second;
    Value v = compute(n, env);
    if (v.items) {
      // A set shared with the other shards (a cohort's subset): copied per
      // identity, it would bounce its reference count between the cores.
      // Kept here under a count of this shard's own, at the same address
      // (which the caches of sets are keyed by).
      auto own = std::make_shared<std::shared_ptr<const ValueList>>(v.items);
      v.items = std::shared_ptr<const ValueList>(own, own->get());
    }
    memo.by_cell.emplace(cell, v);
    return v;
  }

  // A scan (or the reach join) bound a new value to its variable.
  void bound(std::size_t scan) { bound_tick_[scan] = ++tick_; }

  Value compute(const Node& n, std::vector<Value>& env) {
    switch (n.code) {
      case Code::constant:
        if (n.constant.type == T::set) return fixed_set(n, env);
        return constant(n.constant);
      case Code::slot: return env[n.index];
      case Code::param:
        if (prog_.params[n.index].value.type == T::set) return fixed_set(n, env);
        return constant(prog_.params[n.index].value);
      case Code::attribute: return attribute(n, eval(n.kids[0], env));
      case Code::not_: return Value::of_bool(!eval(n.kids[0], env).truthy());
      case Code::neg: {
        Value v = eval(n.kids[0], env);
        if (v.kind == Kind::number) return Value::of_number(-v.number);
        if (v.kind == Kind::duration) return Value::of_duration(-v.days);
        return Value{};
      }
      case Code::and_: return Value::of_bool(eval(n.kids[0], env).truthy() && eval(n.kids[1], env).truthy());
      case Code::or_: return Value::of_bool(eval(n.kids[0], env).truthy() || eval(n.kids[1], env).truthy());
      case Code::compare: {
        if ((n.op == ast::Op::eq || n.op == ast::Op::ne) && is_id_of(n.kids[0]) && is_id_of(n.kids[1])) {
          // `x.id == y.id`: two nodes of the same inventory are the same id
          // exactly when they are the same node; no strings looked at. An
          // edge's ends and approver are read as NodeIds straight from it.
          NodeId qx = edge_end(n.kids[0].kids[0], env), qy = qx == kNoNode ? kNoNode : edge_end(n.kids[1].kids[0], env);
          if (qx == kAbsentNode || qy == kAbsentNode) return Value::of_bool(false);  // absent compares false
          if (qx != kNoNode && qy != kNoNode) return Value::of_bool((qx == qy) == (n.op == ast::Op::eq));
          Value x = eval(n.kids[0].kids[0], env), y = eval(n.kids[1].kids[0], env);
          if (x.kind == Kind::node && y.kind == Kind::node && x.node != kNoNode && y.node != kNoNode && x.table == y.table)
            return Value::of_bool((x.node == y.node) == (n.op == ast::Op::eq));
          Value xa = attribute(n.kids[0], x), ya = attribute(n.kids[1], y);
          if (xa.is_absent() || ya.is_absent()) return Value::of_bool(false);
          return Value::of_bool((eval::compare(xa, ya) == 0) == (n.op == ast::Op::eq));
        }
        Value a = eval(n.kids[0], env), b = eval(n.kids[1], env);
        // Comparisons with an absent value are false: an absent date is never older than anything.
        if (a.is_absent() || b.is_absent()) return Value::of_bool(false);
        int c = eval::compare(a, b);
        switch (n.op) {
          case ast::Op::eq: return Value::of_bool(c == 0);
          case ast::Op::ne: return Value::of_bool(c != 0);
          case ast::Op::lt: return Value::of_bool(c < 0);
          case ast::Op::le: return Value::of_bool(c <= 0);
          case ast::Op::gt: return Value::of_bool(c > 0);
          case ast::Op::ge: return Value::of_bool(c >= 0);
          default: return Value::of_bool(false);
        }
      }
      case Code::in:
      case Code::not_in: {
        Value a = eval(n.kids[0], env), s = eval(n.kids[1], env);
        const ValueList& xs = items(s);
        bool found = !a.is_absent() &&
                     std::binary_search(xs.begin(), xs.end(), a, [](const Value& x, const Value& y) { return eval::compare(x, y) < 0; });
        return Value::of_bool(n.code == Code::in ? found : !found);
      }
      case Code::reaches: {
        Value a = eval(n.kids[0], env), b = eval(n.kids[1], env);
        if (n.kids.size() == 3) return Value::of_bool(reaches_via(node_in(cur_, a), node_in(cur_, b), n, env));
        return Value::of_bool(reaches(cur_, node_in(cur_, a), node_in(cur_, b)));
      }
      case Code::set_union:
      case Code::set_minus:
      case Code::set_intersect: return set_op(n.code, eval(n.kids[0], env), eval(n.kids[1], env));
      case Code::add:
      case Code::sub:
      case Code::mul:
      case Code::div: return arithmetic(n.code, eval(n.kids[0], env), eval(n.kids[1], env));
      case Code::is_absent:
      case Code::is_present: {
        std::optional<bool> present = presence(n.kids[0], env);
        if (!present) present = !eval(n.kids[0], env).is_absent();
        return Value::of_bool(*present == (n.code == Code::is_present));
      }
      case Code::call: return call(n, env);
      case Code::call_def: {
        const plan::Def& d = prog_.defs[n.index];
        // Frames come from a pool, one per call depth (definitions do not
        // recurse, so the depth is bounded by the program); a deque keeps
        // outer frames in place while inner ones are added.
        if (frames_.size() <= frame_depth_) frames_.emplace_back();
        std::vector<Value>& frame = frames_[frame_depth_];
        frame.assign(std::max<std::uint32_t>(d.frame, 1), Value{});
        ++frame_depth_;  // calls inside the arguments and the body use deeper frames
        for (std::size_t k = 0; k < n.kids.size(); ++k) frame[k] = eval(n.kids[k], env);
        // Definitions are pure: a call with the arguments of the previous
        // call of the same definition (the common case in `for e in holds(i)`
        // loops calling f(i)) reuses its value.
        if (def_memo_.size() != prog_.defs.size()) def_memo_.resize(prog_.defs.size());
        DefMemo& memo = def_memo_[n.index];
        if (memo.valid && !options_.plain && memo.args.size() == n.kids.size() &&
            std::equal(memo.args.begin(), memo.args.end(), frame.begin(),
                       [](const Value& a, const Value& b) { return a.kind == b.kind && eval::equal(a, b); })) {
          --frame_depth_;
          return memo.result;
        }
        Value result = eval(d.body, frame);
        --frame_depth_;
        memo.args.assign(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n.kids.size()));
        memo.result = result;
        memo.valid = true;
        return result;
      }
      case Code::any_:
      case Code::all_: {
        bool want_any = n.code == Code::any_;
        if (const Candidates* c = want_any && !options_.plain ? any_candidates(n) : nullptr) {
          NodeId x = node_in(cur_, eval(n.kids[0].kids[0], env));
          return Value::of_bool(x != kNoNode && c->reaches_any(x));
        }
        if (n.kids[0].code == Code::source) return Value::of_bool(quantify_source(n, env, want_any));
        const Value src = eval(n.kids[0], env);  // keeps the set alive while its items are read
        for (const Value& x : items(src)) {
          env[n.index] = x;
          bool ok = eval(n.kids[1], env).truthy();
          if (want_any && ok) return Value::of_bool(true);
          if (!want_any && !ok) return Value::of_bool(false);
        }
        return Value::of_bool(!want_any);
      }
      case Code::set_builder: {
        Value src = eval(n.kids[0], env);
        // A filter that reads only its own variable gives the same result
        // for the same source set: cache it by the set's address.
        auto known = builder_independent_.find(&n);
        if (known == builder_independent_.end())
          known = builder_independent_.emplace(&n, !reads_other_slots(n.kids[1], n.index)).first;
        const bool independent = known->second;
        if (independent && src.items && !options_.plain) {
          auto it = builder_cache_.find({&n, src.items.get()});
          if (it != builder_cache_.end()) return it->second.second;
        }
        ValueList out;
        const eval::FastFilter* fast = builder_filter(n);
        for (const Value& x : items(src)) {
          if (fast && x.kind == Kind::node && x.table == 0 && x.node != kNoNode && inv().is_identity(x.node)) {
            if (fast->test(inv(), x.node)) out.push_back(x);
            continue;
          }
          env[n.index] = x;
          if (eval(n.kids[1], env).truthy()) out.push_back(x);
        }
        // A subset of a set keeps its order: only other sources need sorting.
        Value result = src.kind == Kind::set ? set_in_set_order(std::move(out)) : set_value(std::move(out));
        if (independent && src.items && !options_.plain) {
          std::lock_guard lock(caches_.mutex);
          if (caches_.cohort_counts.count(src.items.get()) != 0) {  // a cohort: every shard gets one subset
            auto [shared, added] = caches_.cohort_subsets.try_emplace({&n, src.items.get()}, result);
            if (added) caches_.cohort_counts[result.items.get()] = std::make_shared<SharedCaches::CohortCounts>();
            result = shared->second;
          }
        }
        if (independent && src.items) {
          if (builder_cache_.size() > 1024) builder_cache_.clear();  // sets made per identity are not asked again
          builder_cache_[{&n, src.items.get()}] = {src.items, result};
        }
        return result;
      }
      case Code::list: {
        if (std::all_of(n.kids.begin(), n.kids.end(), [](const Node& k) { return k.code == Code::constant || k.code == Code::param; }))
          return fixed_set(n, env);
        ValueList out;
        for (const auto& k : n.kids) out.push_back(eval(k, env));
        return set_value(std::move(out));
      }
      case Code::interpolate: {
        std::string s;
        interpolate_into(s, n, env);
        return Value::of_string(keep(std::move(s)));
      }
      case Code::source: return source_set(n);
    }
    return Value{};
  }

  // The condition of builder `n` compiled for identities (`[p in cohort(i,
  // by department) where active(p) and human(p)]`: a cohort's members are
  // tested on the columns, not interpreted); nullptr when it is not
  // covered, or for the plain evaluator.
  const eval::FastFilter* builder_filter(const Node& n) {
    if (options_.plain) return nullptr;
    auto [it, added] = builder_filters_.try_emplace(&n);
    if (added)
      it->second = eval::FastFilter::compile(n.kids[1], prog_, n.index, plan::SourceKind::identities, inv(), options_.today);
    return it->second ? &*it->second : nullptr;
  }

  // A set that is the same for every element (`in ["a", "b"]`, a set
  // parameter), built and sorted once per evaluator instead of per element.
  Value fixed_set(const Node& n, std::vector<Value>& env) {
    auto [it, added] = fixed_sets_.try_emplace(&n);
    if (added) {
      switch (n.code) {
        case Code::constant: it->second = constant(n.constant); break;
        case Code::param: it->second = constant(prog_.params[n.index].value); break;
        default: {
          ValueList out;
          for (const auto& k : n.kids) out.push_back(eval(k, env));
          it->second = set_value(std::move(out));
        }
      }
    }
    return it->second;
  }

  Value constant(const plan::Constant& c) {
    switch (c.type) {
      case T::string: return Value::of_string(c.text);
      case T::boolean: return Value::of_bool(c.b);
      case T::number: return Value::of_number(c.number);
      case T::date: return Value::of_date(c.days);
      case T::duration: return Value::of_duration(c.days);
      case T::severity: return Value::of_severity(static_cast<Severity>(c.days));
      case T::set: {
        ValueList out;
        for (const auto& i : c.items) out.push_back(constant(i));
        return set_value(std::move(out));
      }
      default: return Value{};
    }
  }

  std::string text_of(const Value& v) {
    std::string s;
    append_text(s, v);
    return s;
  }

  // text_of(v), appended to `out` (messages are built without temporaries).
  void append_text(std::string& out, const Value& v) {
    switch (v.kind) {
      case Kind::absent: out += "(absent)"; return;
      case Kind::boolean: out += v.b ? "true" : "false"; return;
      case Kind::number: out += format_number(v.number); return;
      case Kind::string:
      case Kind::node: out += v.text; return;
      case Kind::date: out += format_date(Date{v.days}); return;
      case Kind::duration: fmt::format_to(std::back_inserter(out), "{}d", v.days); return;
      case Kind::severity: out += to_string(static_cast<Severity>(v.days)); return;
      case Kind::edge: {
        const Edge& e = inv().edges[v.index];
        fmt::format_to(std::back_inserter(out), "{} {} {}", inv().node_id(e.from), to_string(e.relation), inv().node_id(e.to));
        return;
      }
      case Kind::row:
        fmt::format_to(std::back_inserter(out), "{} row {}", inv().tables[v.table].name, inv().tables[v.table].lines[v.index]);
        return;
      case Kind::path:
      case Kind::set: {
        const std::size_t start = out.size();
        for (const Value& x : items(v)) {
          if (out.size() > start) out += ", ";  // after the first non-empty text
          append_text(out, x);
        }
        return;
      }
    }
  }

  // An interpolated string's text, appended to `out`.
  void interpolate_into(std::string& out, const Node& n, std::vector<Value>& env) {
    for (std::size_t k = 0; k < n.pieces.size(); ++k) {
      out += n.pieces[k];
      if (k < n.kids.size()) append_text(out, eval(n.kids[k], env));
    }
  }

  Value set_op(Code code, const Value& a, const Value& b) {
    const ValueList& x = items(a);
    const ValueList& y = items(b);
    ValueList out;
    auto less = [](const Value& p, const Value& q) { return eval::compare(p, q) < 0; };
    if (code == Code::set_union) std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out), less);
    if (code == Code::set_minus) std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out), less);
    if (code == Code::set_intersect)
      std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out), less);
    Value v;
    v.kind = Kind::set;
    v.items = std::make_shared<const ValueList>(std::move(out));
    return v;
  }

  Value arithmetic(Code code, const Value& a, const Value& b) {
    if (a.is_absent() || b.is_absent()) return Value{};
    auto num = [](const Value& v) { return v.kind == Kind::number ? v.number : static_cast<double>(v.days); };
    switch (code) {
      case Code::add:
        if (a.kind == Kind::string) return Value::of_string(keep(std::string(a.text) + std::string(b.text)));
        if (a.kind == Kind::date) return Value::of_date(a.days + b.days);
        if (b.kind == Kind::date) return Value::of_date(a.days + b.days);
        if (a.kind == Kind::duration) return Value::of_duration(a.days + b.days);
        return Value::of_number(a.number + b.number);
      case Code::sub:
        if (a.kind == Kind::date && b.kind == Kind::date) return Value::of_duration(a.days - b.days);
        if (a.kind == Kind::date) return Value::of_date(a.days - b.days);
        if (a.kind == Kind::duration) return Value::of_duration(a.days - b.days);
        return Value::of_number(a.number - b.number);
      case Code::mul:
        if (a.kind == Kind::duration) return Value::of_duration(static_cast<std::int32_t>(std::lround(a.days * b.number)));
        if (b.kind == Kind::duration) return Value::of_duration(static_cast<std::int32_t>(std::lround(b.days * a.number)));
        return Value::of_number(a.number * b.number);
      case Code::div: {
        double d = num(b);
        if (d == 0) return Value{};
        return Value::of_number(num(a) / d);
      }
      default: return Value{};
    }
  }

  Value source_set(const Node& n) {
    auto kind = static_cast<plan::SourceKind>(n.index);
    ValueList out;
    for_each_in_source(kind, n.attr.table_name, [&](const Value& v) { out.push_back(v); });
    return set_value(std::move(out));
  }

  // Identities, entitlements and edges are numbered 0..n-1 in source order
  // (a shard's position in them is the element's index): their size, and
  // the element at `at`.
  static bool is_indexed(plan::SourceKind kind) {
    return kind == plan::SourceKind::identities || kind == plan::SourceKind::entitlements ||
           kind == plan::SourceKind::edges;
  }
  std::size_t indexed_size(plan::SourceKind kind) const {
    const Inventory& i = inv();
    return kind == plan::SourceKind::edges ? i.edges.size()
           : kind == plan::SourceKind::identities ? i.identity_count
                                                  : i.entitlement_count;
  }
  Value indexed_element(plan::SourceKind kind, std::size_t at) const {
    const Inventory& i = inv();
    if (kind == plan::SourceKind::edges) return Value::of_edge(static_cast<std::uint32_t>(at));
    const std::size_t first = kind == plan::SourceKind::entitlements ? i.identity_count + i.role_count : 0;
    return node_value(i, static_cast<NodeId>(first + at));
  }

  template <typename F>
  void for_each_in_source(plan::SourceKind kind, const std::string& table_name, F&& f) {
    const Inventory& i = inv();
    switch (kind) {
      case plan::SourceKind::identities:
      case plan::SourceKind::entitlements:
      case plan::SourceKind::edges:
        for (std::size_t at = 0, n = indexed_size(kind); at < n; ++at) f(indexed_element(kind, at));
        break;
      case plan::SourceKind::roles:
      case plan::SourceKind::groups: {
        bool groups = kind == plan::SourceKind::groups;
        for (std::uint32_t r = 0; r < i.role_count; ++r)
          if ((i.role_is_group[r] != 0) == groups) f(node_value(i, i.identity_count + r));
        break;
      }
      case plan::SourceKind::table:
        for (std::uint32_t t = 0; t < i.tables.size(); ++t)
          if (i.tables[t].name == table_name)
            for (std::uint32_t r = 0; r < i.tables[t].rows(); ++r) f(Value::of_row(t, r));
        break;
      case plan::SourceKind::expression: break;
    }
  }


  Value call(const Node& n, std::vector<Value>& env) {
    World& w = n.baseline ? base_ : cur_;
    using B = plan::Builtin;
    if (n.builtin == B::today) return Value::of_date(options_.today.days);
    // Builtins take at most two arguments (builtins.cpp); no heap per call.
    std::array<Value, 2> a;
    // peers' second argument names an attribute; it is read per identity, not evaluated here.
    const std::size_t evaluated =
        std::min<std::size_t>(n.builtin == B::peers || n.builtin == B::cohort ? 1 : n.kids.size(), a.size());
    for (std::size_t k = 0; k < evaluated; ++k) a[k] = eval(n.kids[k], env);
    if (n.baseline && !w.inv) {
      // No baseline given: it is empty.
      if (n.builtin == B::path || n.builtin == B::depth) return Value{};
      if (n.builtin == B::has_edge || n.builtin == B::exists) return Value::of_bool(false);
      return set_value({});
    }
    switch (n.builtin) {
      case B::holds:
      case B::grants: {
        NodeId x = node_in(w, a[0]);
        if (x == kNoNode) return set_value({});
        if (const Candidates* all = &w == &cur_ && !options_.plain ? holds_index() : nullptr) {
          return set_in_order(all->reached(x));  // already in set order
        }
        w.traversal->holds(x, scratch_);
        return node_set(w, scratch_);
      }
      case B::members: {
        NodeId x = node_in(w, a[0]);
        if (x == kNoNode) return set_value({});
        w.traversal->members(x, scratch_);
        return node_set(w, scratch_);
      }
      case B::reachable: {
        NodeId x = node_in(w, a[0]);
        if (x == kNoNode) return set_value({});
        w.traversal->reachable(x, scratch_);
        return node_set(w, scratch_);
      }
      case B::path:
      case B::depth: {
        NodeId x = node_in(w, a[0]), y = node_in(w, a[1]);
        if (x == kNoNode || y == kNoNode) return Value{};
        auto p = w.paths->shortest(x, y);
        if (!p) return Value{};
        if (n.builtin == B::depth) return Value::of_number(static_cast<double>(p->edges.size()));
        ValueList edges;
        for (auto row : p->edges) edges.push_back(Value::of_edge(row));
        Value v;
        v.kind = Kind::path;
        v.items = std::make_shared<const ValueList>(std::move(edges));
        v.table = n.baseline ? 1 : 0;  // which inventory the edge rows belong to
        return v;
      }
      case B::exists: {
        NodeId x = node_in(w, a[0]);
        if (x == kNoNode || a[0].kind != Kind::node) return Value::of_bool(x != kNoNode);
        // The same family: identity; role or group; entitlement.
        const Inventory& own = a[0].table == 1 && base_.inv ? *base_.inv : inv();
        if (a[0].node == kNoNode) return Value::of_bool(true);
        auto family = [](NodeKind k) { return k == NodeKind::group ? NodeKind::role : k; };
        return Value::of_bool(family(w.inv->kind(x)) == family(own.kind(a[0].node)));
      }
      case B::direct: {
        NodeId x = node_in(w, a[0]);
        if (x == kNoNode) return set_value({});
        scratch_.clear();
        auto nodes = w.graph->out_nodes(x);
        auto rows = w.graph->out_edges(x);
        for (std::size_t k = 0; k < nodes.size(); ++k)
          if (w.inv->edges[rows[k]].relation == Relation::grants) scratch_.push_back(nodes[k]);
        return node_set(w, scratch_);
      }
      case B::count: return Value::of_number(static_cast<double>(items(a[0]).size()));
      case B::excepted: return Value::of_bool(excepted(a[0], n.kids.size() > 1 ? a[1] : Value{}));
      case B::share:
      case B::holders: {
        const ValueList& people = items(a[1]);
        if (people.empty()) return n.builtin == B::holders ? Value::of_number(0) : Value{};
        NodeId e = node_in(cur_, a[0]);
        if (e == kNoNode) return Value::of_number(0);  // nobody reaches what does not exist
        // The same set (a cohort shared by a whole department, say) is asked
        // about many entitlements: count, once, how many of its members
        // reach each node.
        if (share_counts_.size() > 1024) share_counts_.clear();  // sets made per identity (peers) are not asked again
        auto [entry, added] = share_counts_.try_emplace(a[1].items.get());
        auto& counts = entry->second;
        if (added) {
          counts.keep = a[1].items;  // keeps the address unique while cached
          std::lock_guard lock(caches_.mutex);
          auto shared = caches_.cohort_counts.find(a[1].items.get());
          if (shared != caches_.cohort_counts.end()) counts.cohort = shared->second;
        }
        std::size_t holding = 0;
        const Candidates* all = options_.plain ? nullptr : holds_index();
        if (all && inv().kind(e) == NodeKind::entitlement) {
          auto count_members = [&](std::vector<std::uint32_t>& by_bit) {
            by_bit.assign(all->size(), 0);
            for (const Value& p : people) {
              NodeId who = node_in(cur_, p);
              if (who != kNoNode) all->for_each_bit(who, [&](std::size_t b) { ++by_bit[b]; });
            }
          };
          if (counts.cohort) {  // a cohort every shard asks about: counted once, by whichever asks first
            std::call_once(counts.cohort->once, [&] { count_members(counts.cohort->by_bit); });
            holding = counts.cohort->by_bit[all->bit_of(e)];
          } else {
            if (counts.entitlements.empty()) count_members(counts.entitlements);
            holding = counts.entitlements[all->bit_of(e)];
          }
        } else {
          if (!counts.valid) {
            counts.valid = true;
            for (const Value& p : people) {
              NodeId who = node_in(cur_, p);
              if (who == kNoNode) continue;
              cur_.traversal->reachable(who, scratch_);
              for (NodeId x : scratch_) ++counts.reached[x];
            }
          }
          auto it = counts.reached.find(e);
          holding = it == counts.reached.end() ? 0 : it->second;
        }
        if (n.builtin == B::holders) return Value::of_number(static_cast<double>(holding));
        return Value::of_number(static_cast<double>(holding) / static_cast<double>(people.size()));
      }
      case B::peers: return peers(a[0], n.kids[1], false);
      case B::cohort: return peers(a[0], n.kids[1], true);
      case B::has_edge: {
        if (a[0].kind != Kind::edge) return Value::of_bool(false);
        if (!n.baseline) return Value::of_bool(true);
        // The same from, to and relation by id: look the ends up there and
        // scan the from node's out-edges (no index of every edge needed).
        const Edge& e = inv().edges[a[0].index];
        NodeId from = baseline_node(e.from), to = baseline_node(e.to);
        if (from == kNoNode || to == kNoNode) return Value::of_bool(false);
        auto nodes = w.graph->out_nodes(from);
        auto rows = w.graph->out_edges(from);
        for (std::size_t k = 0; k < nodes.size(); ++k)
          if (nodes[k] == to && w.inv->edges[rows[k]].relation == e.relation) return Value::of_bool(true);
        return Value::of_bool(false);
      }
      case B::lower:
      case B::upper: {
        if (a[0].kind != Kind::string) return Value{};
        std::string s(a[0].text);
        for (char& c : s) c = static_cast<char>(n.builtin == B::lower ? std::tolower(static_cast<unsigned char>(c))
                                                                      : std::toupper(static_cast<unsigned char>(c)));
        return Value::of_string(keep(std::move(s)));
      }
      case B::starts_with:
      case B::ends_with:
      case B::contains: {
        if (a[0].kind != Kind::string || a[1].kind != Kind::string) return Value::of_bool(false);
        std::string_view s = a[0].text, t = a[1].text;
        bool r = n.builtin == B::starts_with ? s.substr(0, t.size()) == t
                 : n.builtin == B::ends_with ? s.size() >= t.size() && s.substr(s.size() - t.size()) == t
                                             : s.find(t) != std::string_view::npos;
        return Value::of_bool(r);
      }
      case B::days:
        if (a[0].kind == Kind::duration) return Value::of_number(a[0].days);
        if (a[0].kind == Kind::number) return Value::of_duration(static_cast<std::int32_t>(std::lround(a[0].number)));
        return Value{};
      default: return Value{};
    }
  }

  // An unexpired exception (expires >= today) for this identity and either
  // the rule (short or full id) or the given key (iso-pack.md).
  bool excepted(const Value& who, const Value& key) {
    if (who.kind != Kind::node) return false;
    StrId id = inv().strings.find(who.text);
    if (id == StringPool::kNotFound) return false;
    auto it = exceptions_by_identity_.find(id);
    if (it == exceptions_by_identity_.end()) return false;
    for (std::uint32_t x : it->second) {
      const Exception& ex = inv().exceptions[x];
      if (ex.expires.days < options_.today.days) continue;
      std::string_view rule = inv().strings.view(ex.rule);
      if (rule == rule_->id || rule == rule_->short_id ||
          ((key.kind == Kind::string || key.kind == Kind::node) && rule == key.text)) {
        last_exception_ = x;
        return true;
      }
    }
    return false;
  }

  Value peers(const Value& who, const Node& by, bool include_self) {
    if (who.kind != Kind::node || who.node == kNoNode) return set_value({});
    if (include_self && !options_.plain && who.table == 0 && inv().is_identity(who.node) && by.attr.access == A::cell &&
        (by.type.base == T::string || by.type.is_node()))
      return cohort_by_cell(who.node, by);
    const std::string& column = by.attr.column;
    Value mine = attribute(by, who);
    if (mine.is_absent()) return set_value({});
    const std::string value = text_of(mine);
    // A cohort is asked for once per identity: this shard keeps the ones it
    // has had, so the shared caches (and their lock) are visited once per
    // value (peer_outlier at M: 0.127-0.129 s against 0.133-0.136 s without).
    std::string local_key;
    if (include_self) {
      local_key.reserve(column.size() + 1 + value.size());
      local_key.append(column).push_back('\0');
      local_key.append(value);
      if (auto known = cohorts_seen_.find(local_key); known != cohorts_seen_.end()) return known->second;
    }
    std::lock_guard lock(caches_.mutex);
    auto& index = caches_.peer_index[column];
    if (!index.built) {
      index.built = true;
      for (NodeId n = 0; n < inv().identity_count; ++n) {
        Value v = attribute(by, node_value(inv(), n));
        if (!v.is_absent()) index.by_value[text_of(v)].push_back(n);
      }
      // In rank order, the set order: the sets below are then built without a sort.
      for (auto& [value, nodes] : index.by_value)
        std::sort(nodes.begin(), nodes.end(), [&](NodeId a, NodeId b) { return rank_[a] < rank_[b]; });
    }
    static const std::vector<NodeId> kNobody;
    auto found = index.by_value.find(value);
    const std::vector<NodeId>& same = found == index.by_value.end() ? kNobody : found->second;
    if (include_self) {
      // One set per value, shared by the shards: everyone in a department
      // gets the same one, so what is computed from it is cached by its address.
      auto& cached = caches_.cohorts[column][value];
      if (!cached.items) {
        cached = set_in_order(same);
        caches_.cohort_counts[cached.items.get()] = std::make_shared<SharedCaches::CohortCounts>();
      }
      cohorts_seen_.emplace(std::move(local_key), cached);
      return cached;
    }
    ValueList out;
    out.reserve(same.size());
    for (NodeId n : same)
      if (n != who.node) out.push_back(node_value(inv(), n));
    return set_in_set_order(std::move(out));
  }

  // cohort(i, by COL) for a text or reference column COL of identity i:
  // its value is the cell's text (a reference's too), so the interned cell
  // is the key, with no text made or hashed. Built once for all shards,
  // walking the identities in rank order so each cohort comes out sorted.
  Value cohort_by_cell(NodeId who, const Node& by) {
    const Table& t = inv().tables[kIdentities];
    const int col = column_of(t, by);
    const StrId cell = identity_cell(who, col);
    if (cell == kEmptyStr) return set_value({});
    const std::pair<const Node*, StrId> local_key{&by, cell};
    if (auto known = cohorts_by_cell_seen_.find(local_key); known != cohorts_by_cell_seen_.end()) return known->second;
    std::lock_guard lock(caches_.mutex);
    auto& index = caches_.cell_peer_index[by.attr.column];
    if (!index.built) {
      index.built = true;
      std::vector<NodeId> by_rank(rank_.size());
      for (NodeId n = 0; n < rank_.size(); ++n) by_rank[rank_[n]] = n;
      for (NodeId n : by_rank)
        if (inv().is_identity(n))
          if (const StrId c = t.cell(n, static_cast<std::size_t>(col)); c != kEmptyStr) index.by_cell[c].push_back(n);
    }
    auto& cached = index.cohorts[cell];
    if (!cached.items) {
      static const std::vector<NodeId> kNobody;
      auto found = index.by_cell.find(cell);
      cached = set_in_order(found == index.by_cell.end() ? kNobody : found->second);
      caches_.cohort_counts[cached.items.get()] = std::make_shared<SharedCaches::CohortCounts>();
    }
    cohorts_by_cell_seen_.emplace(local_key, cached);
    return cached;
  }

  // ---- rules --------------------------------------------------------------------------------
  // The scan depth at which a conjunct can run: one past the deepest scan slot it reads.
  static std::size_t level_of(const Node& n, std::size_t scans) {
    std::size_t level = 0;
    if (n.code == Code::slot && n.index < scans) level = n.index + 1;
    for (const auto& k : n.kids) level = std::max(level, level_of(k, scans));
    return level;
  }

  void run_rule(const plan::Rule& r) {
    const std::size_t depth = r.scans.size();
    filters_.assign(depth + 1, {});
    for (const auto& w : r.where) filters_[level_of(w, depth)].push_back(&w);
    for (const Node* f : filters_[0])
      if (!eval(*f, env_).truthy()) return;
    if (!options_.plain && try_reach_join(r)) return;
    compile_outer_filters(r);
    scan(r, 0);
  }

  // The outermost scan's conjuncts that FastFilter covers move from
  // filters_[1] to fast_filters_, which test each element before a Value
  // is made for it (they are pure: testing them first changes nothing).
  void compile_outer_filters(const plan::Rule& r) {
    fast_filters_.clear();
    if (options_.plain || r.scans.empty() || filters_.size() < 2) return;
    const plan::Scan& s = r.scans[0];
    std::vector<const Node*> interpreted;
    for (const Node* f : filters_[1]) {
      if (auto compiled = eval::FastFilter::compile(*f, prog_, s.slot, s.source, inv(), options_.today))
        fast_filters_.push_back(std::move(*compiled));
      else
        interpreted.push_back(f);
    }
    filters_[1] = std::move(interpreted);
  }

  // Change mode: a node in the focus, or an edge from one.
  bool in_focus(const Value& v) const {
    if (v.kind == Kind::node) return v.node != kNoNode && v.table == 0 && (*active_focus_)[v.node];
    if (v.kind == Kind::edge) return (*active_focus_)[inv().edges[v.index].from] != 0;
    return true;
  }

  static constexpr std::size_t kShardBlock = 1024;
  bool in_shard(std::size_t position) const { return shards_ == 1 || (position / kShardBlock) % shards_ == shard_; }

  void scan(const plan::Rule& r, std::size_t k) {
    if (k == r.scans.size()) {
      emit(r);
      return;
    }
    const plan::Scan& s = r.scans[k];
    std::size_t position = 0;
    const bool restricted = restrict_ && s.source != plan::SourceKind::table &&
                            (s.source != plan::SourceKind::expression || plan::is_source_set(s.expression));
    bool pretested = false;  // the caller already tested the compiled filters
    auto visit = [&](const Value& v) {
      if (k == 0 && !taking_blocks_ && !in_shard(position++)) return;
      if (restricted && !in_focus(v)) return;
      if (k == 0 && !pretested && !fast_filters_.empty() &&
          !passes_fast_filters(v.kind == Kind::edge ? v.index : v.node))
        return;
      env_[s.slot] = v;
      bound(k);
      for (const Node* f : filters_[k + 1])
        if (!eval(*f, env_).truthy()) return;
      scan(r, k + 1);
    };
    if (s.source == plan::SourceKind::expression) {
      if (const DriftIndex* d = options_.plain || !is_holds_drift(s.expression) ? nullptr : drift_index()) {
        // `holds(x) - baseline.holds(x)`: the two closures' bits, not two
        // sets of Values and their difference.
        const Value who = eval(s.expression.kids[0].kids[0], env_);
        const NodeId x = node_in(cur_, who);
        if (x == kNoNode) return;
        d->for_each_new(x, node_in(base_, who), [&](NodeId e) { visit(node_value(inv(), e)); });
        return;
      }
      if (const Candidates* c = options_.plain ? nullptr : scan_candidates(r, k)) {
        // Only the entitlements that pass the conjuncts reading nothing but
        // the loop variable can give a finding: visit the ones `x` reaches.
        NodeId x = node_in(cur_, eval(s.expression.kids[0], env_));
        if (x == kNoNode) return;
        for (NodeId e : c->reached(x)) visit(node_value(inv(), e));
        return;
      }
      const Value set = eval(s.expression, env_);  // keeps the set alive while its items are read
      for (const Value& v : items(set)) visit(v);
    } else if (restricted && !options_.plain &&
               (s.source == plan::SourceKind::identities || s.source == plan::SourceKind::edges)) {
      // Change mode: only the focus can pass in_focus, so visit just it, in
      // source order and with each element's own shard position, as the
      // whole scan would.
      for_each_in_focus(s.source, [&](std::size_t at, const Value& v) {
        position = at;
        visit(v);
      });
    } else if (k == 0 && !options_.plain && is_indexed(s.source)) {
      // The outer scan of a source whose elements are numbered: visit the
      // blocks this shard takes, rather than every element only to skip the
      // other shards' (a million identities, ten million edges, per rule).
      // The compiled filters test the element's number before a Value is
      // made for it.
      const std::size_t count = indexed_size(s.source);
      const auto first = static_cast<std::uint32_t>(
          s.source == plan::SourceKind::entitlements ? inv().identity_count + inv().role_count : 0);
      const bool pretest = !restricted && !fast_filters_.empty();
      pretested = pretest;
      // Blocks are taken from the rule's shared counter, not dealt out in
      // turn: a shard whose blocks hold fewer findings, or that did not
      // wait for a shared count, takes more.
      std::atomic<std::size_t>& next = caches_.next_outer_block[rule_index_];
      taking_blocks_ = true;
      for (std::size_t block = next.fetch_add(1, std::memory_order_relaxed); block * kShardBlock < count;
           block = next.fetch_add(1, std::memory_order_relaxed)) {
        const std::size_t end = std::min(count, (block + 1) * kShardBlock);
        for (std::size_t at = block * kShardBlock; at < end; ++at) {
          if (pretest && !passes_fast_filters(first + static_cast<std::uint32_t>(at))) continue;
          position = at;
          visit(indexed_element(s.source, at));
        }
      }
      taking_blocks_ = false;
    } else {
      for_each_in_source(s.source, s.table_name, visit);
    }
  }

  // Whether the outermost scan's element `element` (a NodeId, or an edge
  // row) passes its compiled filters.
  bool passes_fast_filters(std::uint32_t element) const {
    for (const eval::FastFilter& f : fast_filters_)
      if (!f.test(inv(), element)) return false;
    return true;
  }

  // The elements of an identities or edges source that in_focus() admits,
  // in source order, each with its position in the whole source.
  template <typename F>
  void for_each_in_focus(plan::SourceKind kind, F&& f) {
    const Inventory& i = inv();
    if (kind == plan::SourceKind::identities) {
      for (NodeId n : *active_focus_nodes_) {
        if (n >= i.identity_count) break;  // ascending: identities come first
        f(n, node_value(i, n));
      }
      return;
    }
    std::vector<std::uint32_t> rows_in_focus;  // its own: a nested edge scan makes another
    for (NodeId n : *active_focus_nodes_) {
      auto rows = cur_.graph->out_edges(n);
      rows_in_focus.insert(rows_in_focus.end(), rows.begin(), rows.end());
    }
    std::sort(rows_in_focus.begin(), rows_in_focus.end());
    for (std::uint32_t e : rows_in_focus) f(e, Value::of_edge(e));
  }

  // `for row in table T, for i in identities where i reaches row.COL ...`
  // (either order): for each identity, only the rows whose COL it reaches.
  bool try_reach_join(const plan::Rule& r) {
    if (r.reach_join < 0) return false;
    const Node* probe = &r.where[static_cast<std::size_t>(r.reach_join)];
    const plan::Scan& ts = r.scans[0].source == plan::SourceKind::table ? r.scans[0] : r.scans[1];
    const plan::Scan& is = r.scans[0].source == plan::SourceKind::table ? r.scans[1] : r.scans[0];
    const Table* t = table(ts.table_name);
    if (!t) return true;  // no such table: no rows, no findings
    std::uint32_t table_index = static_cast<std::uint32_t>(t - inv().tables.data());
    int col = t->column(probe->kids[1].attr.column);
    if (col < 0) return true;
    // Rows by the target bit of their COL cell.
    std::vector<std::vector<std::uint32_t>> rows_of_bit(closure_->target_count());
    for (std::uint32_t row = 0; row < t->rows(); ++row) {
      NodeId n = inv().node_of(t->cell(row, static_cast<std::size_t>(col)));
      if (n == kNoNode) continue;
      auto it = target_bit_.find(n);
      if (it != target_bit_.end()) rows_of_bit[it->second].push_back(row);
    }
    // Filters that read only the identity run once per identity.
    std::vector<const Node*> identity_filters, row_filters;
    for (std::size_t level = 1; level < filters_.size(); ++level)
      for (const Node* f : filters_[level]) {
        if (f == probe) continue;
        bool reads_table = level_of_slot(*f, ts.slot);
        (reads_table ? row_filters : identity_filters).push_back(f);
      }
    std::vector<std::uint32_t> candidates;
    for (NodeId i = 0; i < inv().identity_count; ++i) {
      if (!in_shard(i) || (restrict_ && !(*active_focus_)[i])) continue;
      env_[is.slot] = node_value(inv(), i);
      bound(&is - r.scans.data());
      bool ok = true;
      for (const Node* f : identity_filters)
        if (!eval(*f, env_).truthy()) { ok = false; break; }
      if (!ok) continue;
      auto bits = bits_of(i);
      candidates.clear();
      for (std::size_t w = 0; w < bits.size(); ++w)
        for (std::uint64_t word = bits[w]; word; word &= word - 1) {
          std::size_t b = w * 64 + static_cast<std::size_t>(__builtin_ctzll(word));
          candidates.insert(candidates.end(), rows_of_bit[b].begin(), rows_of_bit[b].end());
        }
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      for (std::uint32_t row : candidates) {
        env_[ts.slot] = Value::of_row(table_index, row);
        bound(&ts - r.scans.data());
        bool pass = true;
        for (const Node* f : row_filters)
          if (!eval(*f, env_).truthy()) { pass = false; break; }
        if (pass) emit(r);
      }
    }
    return true;
  }
  // ---- entitlement filters pushed into the closure ----------------------------------------------
  // `for e in holds(x) where P(e) ...` and `any e in holds(x) where P(e)`,
  // with P reading nothing but e: holds(x) is the entitlements x reaches, so
  // the answer is the members of {e : P(e)} that x reaches, one bitset OR
  // per identity instead of a traversal and a set per identity. Used when
  // that candidate set is small (privileged entitlements, say).
  // Two forms: few candidates get a closure of their own (a few words per
  // identity); many are a mask over the bits of holds_index(), which `all`
  // (outliving this) answers.
  class Candidates {
   public:
    Candidates(const AccessGraph& g, std::vector<NodeId> targets)
        : closure_(std::in_place, g, std::move(targets)), bits_(closure_->words()) {}
    // The mask form has no closure of its own (one would cost a word per
    // node of the graph: 4.8 MB at L, per department in peer_outlier).
    Candidates(const Candidates* all, std::vector<std::uint64_t> mask) : all_(all), mask_(std::move(mask)) {}
    // Closure form only (the holds index is one).
    std::size_t size() const { return closure_->target_count(); }
    const ReachClosure& closure() const { return *closure_; }
    std::size_t bit_of(NodeId n) const { return closure_->bit_of(n); }
    // Calls f(bit) for each candidate `x` reaches, in candidate order (closure form only).
    template <typename F>
    void for_each_bit(NodeId x, F&& f) const {
      const auto range = closure_->reached_by(x, bits_);
      for (std::size_t w = range.first; w < range.last; ++w)
        for (std::uint64_t word = bits_[w]; word; word &= word - 1) f(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word)));
    }
    // The candidates `x` reaches, in candidate order (valid until the next call).
    const std::vector<NodeId>& reached(NodeId x) const {
      out_.clear();
      if (all_) {
        // Most nodes reach none of a mask's few candidates: rejected by a
        // look at their out-edges before any bitset is built.
        if (reaching_.empty()) reaching_ = all_->closure_->components_reaching(mask_);
        if (!all_->closure_->reaches_any_of(x, mask_, reaching_)) return out_;
        const auto range = all_->closure_->reached_by(x, all_->bits_);
        for (std::size_t w = range.first; w < range.last; ++w)
          for (std::uint64_t word = all_->bits_[w] & mask_[w]; word; word &= word - 1)
            out_.push_back(all_->closure_->target(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
        return out_;
      }
      for_each_bit(x, [&](std::size_t b) { out_.push_back(closure_->target(b)); });
      return out_;
    }
    bool reaches_any(NodeId x) const {
      if (all_) return !reached(x).empty();
      const auto range = closure_->reached_by(x, bits_);
      return std::any_of(bits_.begin() + static_cast<std::ptrdiff_t>(range.first),
                         bits_.begin() + static_cast<std::ptrdiff_t>(range.last), [](std::uint64_t w) { return w != 0; });
    }

   private:
    std::optional<ReachClosure> closure_;  // the closure form
    mutable std::vector<std::uint64_t> bits_;
    mutable std::vector<NodeId> out_;
    const Candidates* all_ = nullptr;  // mask form: over this one's bits
    std::vector<std::uint64_t> mask_;
    mutable std::vector<std::uint8_t> reaching_;  // mask form: components_reaching(mask_), made on first use
  };
  // Up to this many candidates get their own closure; more, a mask over holds_index().
  static constexpr std::size_t kMaxCandidates = 1024;

  // `holds(x) - baseline.holds(x)` for one variable x: what x holds now and
  // did not hold in the baseline (access_drift's scan).
  static bool is_holds_drift(const Node& n) {
    if (n.code != Code::set_minus || n.kids.size() != 2) return false;
    const Node& now = n.kids[0];
    const Node& then = n.kids[1];
    auto holds_of_slot = [](const Node& c, bool baseline) {
      return c.code == Code::call && c.builtin == plan::Builtin::holds && c.baseline == baseline && c.kids.size() == 1 &&
             c.kids[0].code == Code::slot;
    };
    return holds_of_slot(now, false) && holds_of_slot(then, true) && now.kids[0].index == then.kids[0].index;
  }

  // The holds index, and a closure over the baseline's entitlements that
  // the holds index has too, each bit mapped to its bit there: a node's
  // new entitlements are then its bits now less its mapped bits then.
  class DriftIndex {
   public:
    DriftIndex(const Candidates& now, const AccessGraph& baseline_graph, std::vector<NodeId> baseline_targets,
               std::vector<std::uint32_t> bit_now)
        : now_(now), then_(baseline_graph, std::move(baseline_targets)), bit_now_(std::move(bit_now)),
          now_words_(now.closure().words()), then_words_(then_.words()), dropped_(now.closure().words()) {}

    // Calls f(entitlement) for each node the holds index says x (current)
    // reaches and `then` (x's baseline node, or kNoNode) did not, in set order.
    template <typename F>
    void for_each_new(NodeId x, NodeId then, F&& f) const {
      const ReachClosure& now = now_.closure();
      const auto range = now.reached_by(x, now_words_);
      if (range.first == range.last) return;
      if (then != kNoNode) {
        const auto was = then_.reached_by(then, then_words_);
        for (std::size_t w = was.first; w < was.last; ++w)
          for (std::uint64_t word = then_words_[w]; word; word &= word - 1) {
            const std::uint32_t b = bit_now_[w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))];
            dropped_[b >> 6] |= std::uint64_t{1} << (b & 63);
          }
      }
      for (std::size_t w = range.first; w < range.last; ++w) {
        for (std::uint64_t word = now_words_[w] & ~dropped_[w]; word; word &= word - 1)
          f(now.target(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
      }
      if (then != kNoNode) std::fill(dropped_.begin(), dropped_.end(), 0);
    }

   private:
    const Candidates& now_;
    ReachClosure then_;
    std::vector<std::uint32_t> bit_now_;  // then_'s bit -> the holds index's bit
    mutable std::vector<std::uint64_t> now_words_, then_words_, dropped_;
  };

  // Built on first use; nullptr when there is no baseline or no holds index.
  const DriftIndex* drift_index() {
    if (drift_index_built_) return drift_index_.get();
    drift_index_built_ = true;
    const Candidates* now = holds_index();
    if (!now || !base_.inv || !base_.graph) return nullptr;
    const std::size_t bytes = std::size_t{base_.graph->component_count()} * ((now->size() + 63) / 64) * 8;
    if (bytes > kMaxHoldsIndexBytes) return nullptr;
    std::vector<NodeId> targets;
    std::vector<std::uint32_t> bit_now;
    for (std::size_t b = 0; b < now->size(); ++b) {
      const NodeId then = baseline_node(now->closure().target(b));
      if (then == kNoNode || base_.inv->kind(then) != NodeKind::entitlement) continue;  // never held then
      targets.push_back(then);
      bit_now.push_back(static_cast<std::uint32_t>(b));
    }
    drift_index_ = std::make_unique<DriftIndex>(*now, *base_.graph, std::move(targets), std::move(bit_now));
    return drift_index_.get();
  }

  // holds(x) of the current inventory as one closure over every
  // entitlement, in set order, built on first use; nullptr (use a
  // traversal per question) when its bitsets would pass kMaxHoldsIndexBytes.
  static constexpr std::size_t kMaxHoldsIndexBytes = std::size_t{256} << 20;
  const Candidates* holds_index() {
    if (holds_index_built_) return holds_index_.get();
    holds_index_built_ = true;
    const Inventory& i = inv();
    const std::size_t bytes = std::size_t{cur_.graph->component_count()} * ((i.entitlement_count + 63) / 64) * 8;
    if (bytes > kMaxHoldsIndexBytes) return nullptr;
    std::vector<NodeId> all(i.entitlement_count);
    for (std::uint32_t e = 0; e < i.entitlement_count; ++e) all[e] = i.identity_count + i.role_count + e;
    std::sort(all.begin(), all.end(), [&](NodeId a, NodeId b) { return rank_[a] < rank_[b]; });
    holds_index_ = std::make_unique<Candidates>(*cur_.graph, std::move(all));
    return holds_index_.get();
  }

  static bool is_holds_of_current(const Node& n) {
    return n.code == Code::call && !n.baseline && (n.builtin == plan::Builtin::holds || n.builtin == plan::Builtin::grants);
  }

  // The entitlements, in set order, for which every filter holds with the
  // entitlement bound to `slot`; nullptr when more than kMaxCandidates do.
  std::unique_ptr<Candidates> make_candidates(const std::vector<const Node*>& filters, std::uint32_t slot,
                                              std::vector<Value>& env) {
    const Inventory& i = inv();
    std::vector<NodeId> passing;
    const Value saved = env[slot];
    for (std::uint32_t e = 0; e < i.entitlement_count; ++e) {
      NodeId n = i.identity_count + i.role_count + e;
      env[slot] = node_value(i, n);
      if (std::all_of(filters.begin(), filters.end(), [&](const Node* f) { return eval(*f, env).truthy(); }))
        passing.push_back(n);
    }
    env[slot] = saved;
    if (passing.size() > kMaxCandidates) {
      const Candidates* all = holds_index();
      if (!all) return nullptr;
      std::vector<std::uint64_t> mask((all->size() + 63) / 64, 0);
      for (NodeId n : passing) {
        std::size_t b = all->bit_of(n);
        mask[b >> 6] |= std::uint64_t{1} << (b & 63);
      }
      return std::make_unique<Candidates>(all, std::move(mask));
    }
    std::sort(passing.begin(), passing.end(), [&](NodeId a, NodeId b) { return rank_[a] < rank_[b]; });
    return std::make_unique<Candidates>(*cur_.graph, std::move(passing));
  }

  // The pushdown of one `for e in holds(x)` scan. Its conjuncts may also
  // read hoisted subexpressions of the outer variables (cohort(i), say):
  // then the candidate set depends on their values, and one is kept per
  // distinct value (a department's cohort, not an identity), up to kMaxKeys.
  struct ScanPushdown {
    bool analysed = false, usable = false;
    std::vector<const Node*> local;  // conjuncts over e and hoisted values only
    std::vector<const Node*> keys;   // the hoisted subexpressions they read
    struct Keyed {
      std::vector<std::shared_ptr<const ValueList>> pins;  // sets keyed by address stay alive
      std::unique_ptr<Candidates> candidates;              // null: too many, scan as usual
    };
    std::unordered_map<std::string, Keyed> by_key;  // "" when `keys` is empty
    // When every key is cohort-keyed (plan_cohort_keys) by one column of
    // one variable, the candidates by that cell: no key made per identity.
    bool by_cell_usable = false;
    std::uint32_t cell_slot = 0;
    int cell_column = -1;
    std::unordered_map<StrId, const Candidates*> by_cell;
  };
  static constexpr std::size_t kMaxKeys = 256;

  // True when `n` reads no variable but `slot`, except inside hoisted
  // subexpressions (collected in `keys`).
  static bool local_to(const Node& n, std::uint32_t slot, std::vector<const Node*>& keys) {
    if (n.hoist >= 0) {
      if (std::find(keys.begin(), keys.end(), &n) == keys.end()) keys.push_back(&n);
      return true;
    }
    if (n.code == Code::slot && n.index != slot) return false;
    if ((n.code == Code::any_ || n.code == Code::all_ || n.code == Code::set_builder) && n.index != slot) return false;
    return std::all_of(n.kids.begin(), n.kids.end(), [&](const Node& k) { return local_to(k, slot, keys); });
  }

  // Appends an identity for `v` to `key`; sets by address (pinned).
  static void append_key(std::string& key, const Value& v, std::vector<std::shared_ptr<const ValueList>>& pins) {
    auto raw = [&](const auto& x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
    raw(v.kind);
    switch (v.kind) {
      case Kind::absent: break;
      case Kind::boolean: raw(v.b); break;
      case Kind::number: raw(v.number); break;
      case Kind::date:
      case Kind::duration:
      case Kind::severity: raw(v.days); break;
      case Kind::string:
      case Kind::node:
        raw(v.text.size());
        key.append(v.text);
        raw(v.table);
        break;
      case Kind::edge:
      case Kind::row:
        raw(v.table);
        raw(v.index);
        break;
      case Kind::path:
      case Kind::set:
        raw(v.items.get());
        raw(v.table);
        pins.push_back(v.items);
        break;
    }
  }

  const Candidates* scan_candidates(const plan::Rule& r, std::size_t k) {
    const plan::Scan& s = r.scans[k];
    ScanPushdown& p = pushdowns_[&s];
    if (!p.analysed) {
      p.analysed = true;
      if (!is_holds_of_current(s.expression)) return nullptr;
      for (const Node* f : filters_[k + 1]) {
        std::vector<const Node*> keys;
        if (level_of_slot(*f, s.slot) && local_to(*f, s.slot, keys)) {
          p.local.push_back(f);
          for (const Node* key : keys)
            if (std::find(p.keys.begin(), p.keys.end(), key) == p.keys.end()) p.keys.push_back(key);
        }
      }
      p.usable = !p.local.empty();
      p.by_cell_usable = !p.keys.empty() && std::all_of(p.keys.begin(), p.keys.end(), [&](const Node* key) {
        return key->cohort_memo >= 0 && key->cohort_slot == p.keys[0]->cohort_slot &&
               key->cohort_column == p.keys[0]->cohort_column;
      });
      if (p.by_cell_usable) {
        p.cell_slot = p.keys[0]->cohort_slot;
        p.cell_column = inv().tables[kIdentities].column(p.keys[0]->cohort_column);
      }
    }
    if (!p.usable) return nullptr;
    StrId cell = kEmptyStr;
    bool keyed_by_cell = false;
    if (p.by_cell_usable) {
      if (const NodeId who = as_identity(env_[p.cell_slot]); who != kNoNode) {
        cell = identity_cell(who, p.cell_column);
        if (auto known = p.by_cell.find(cell); known != p.by_cell.end()) return known->second;
        keyed_by_cell = true;
      }
    }
    std::string key;
    std::vector<std::shared_ptr<const ValueList>> pins;
    for (const Node* h : p.keys) append_key(key, eval(*h, env_), pins);
    auto [it, added] = p.by_key.try_emplace(std::move(key));
    if (added) {
      if (p.by_key.size() > kMaxKeys) {  // values per identity, not per group: not worth it
        p.usable = false;
        p.by_key.clear();
        p.by_cell.clear();
        return nullptr;
      }
      it->second.pins = std::move(pins);
      it->second.candidates = make_candidates(p.local, s.slot, env_);
    }
    if (keyed_by_cell) p.by_cell.emplace(cell, it->second.candidates.get());
    return it->second.candidates.get();
  }

  const Candidates* any_candidates(const Node& q) {
    auto [it, inserted] = candidates_.try_emplace(&q);
    if (!inserted) return it->second.get();
    if (!is_holds_of_current(q.kids[0]) || reads_other_slots(q.kids[1], q.index)) return nullptr;
    std::vector<Value> env(std::max<std::size_t>(env_.size(), q.index + 1));
    it->second = make_candidates({&q.kids[1]}, q.index, env);
    return it->second.get();
  }

  // True when `n` reads a slot other than `own` (so its value depends on more
  // than the variable it filters with).
  static bool reads_other_slots(const Node& n, std::uint32_t own) {
    if (n.code == Code::slot && n.index != own) return true;
    return std::any_of(n.kids.begin(), n.kids.end(), [&](const Node& k) { return reads_other_slots(k, own); });
  }
  static bool level_of_slot(const Node& n, std::uint32_t slot) {
    if (n.code == Code::slot && n.index == slot) return true;
    return std::any_of(n.kids.begin(), n.kids.end(), [&](const Node& k) { return level_of_slot(k, slot); });
  }

  Evidence evidence_of(const Value& path) {
    Evidence ev;
    const Inventory& i = path.table == 1 && base_.inv ? *base_.inv : inv();
    const ValueList& edges = items(path);
    if (edges.empty()) return ev;
    ev.nodes.emplace_back(i.node_id(i.edges[edges.front().index].from));
    for (const Value& e : edges) {
      const Edge& edge = i.edges[e.index];
      ev.nodes.emplace_back(i.node_id(edge.to));
      ev.sources.push_back(file_line(i.edges_file(), i.edge_line(e.index)));
    }
    return ev;
  }

  // The data row a value stands for: a node's row in its table, an edge's
  // row, a table row; "" for anything else.
  std::string origin_of(const Value& v) const {
    const Inventory& i = inv();
    auto at = [&](std::size_t table, std::size_t row) -> std::string {
      const Table& t = i.tables[table];
      if (t.file >= i.files.size() || row >= t.rows()) return "";
      return file_line(i.files[t.file].path, t.lines[row]);
    };
    if (v.kind == Kind::node && v.node != kNoNode && v.table == 0) return at(i.node_table(v.node), i.node_row(v.node));
    if (v.kind == Kind::edge) return file_line(i.edges_file(), i.edge_line(v.index));
    if (v.kind == Kind::row) return at(v.table, v.index);
    return "";
  }

  std::string policy_location(const plan::Rule& r) const {
    return file_line(policy_.sources[r.file].path, r.span.line);
  }

  void emit(const plan::Rule& r) {
    std::optional<std::uint32_t> accepted;
    for (const auto& u : r.unless) {
      last_exception_.reset();
      if (!eval(u, env_).truthy()) continue;
      // Suppressed. By an exception? Then the finding is kept, as accepted.
      if (!last_exception_) return;
      accepted = last_exception_;
      break;
    }
    Finding f;
    f.rule = r.id;
    f.controls = r.controls;
    Value sev = eval(r.severity, env_);
    f.severity = sev.kind == Kind::severity ? static_cast<Severity>(sev.days) : Severity::high;
    Value subject = eval(r.subject, env_);
    f.subject = text_of(subject);
    Value key = eval(r.key, env_);
    f.key = key.is_absent() ? "" : text_of(key);
    if (r.message.code == Code::interpolate && r.message.hoist < 0) {
      f.message.reserve(96);  // one allocation for most messages, not one per doubling
      interpolate_into(f.message, r.message, env_);
    }
    else f.message = text_of(eval(r.message, env_));
    for (const auto& e : r.evidence) {
      Value p = eval(e, env_);
      if (p.kind == Kind::path) f.evidence.push_back(evidence_of(p));
    }
    f.policy = rule_policy_;
    if (!r.scans.empty()) f.origin = origin_of(env_[r.scans[0].slot]);
    if (accepted) {
      f.excepted = accepted_by(*accepted);
      excepted_.push(std::move(f));
    } else {
      findings_.push(std::move(f));
    }
    if (arena_.size() > 4096) {
      arena_.clear();
      def_memo_.clear();  // memoised results may view strings of the arena
      for (Hoisted& h : hoisted_) h.tick = 0;  // and so may hoisted values, at any level: recompute them
      for (CohortMemo& m : cohort_memo_) m.by_cell.clear();  // and values kept per cohort
    }
  }

  // Conflicts (two duties) and toxic combinations (every member), for every identity.
  void run_combination(const plan::Rule& r) {
    std::vector<std::vector<std::pair<NodeId, std::size_t>>> sides;  // per side: (node, bit)
    for (const auto& side : r.sides) {
      std::vector<std::pair<NodeId, std::size_t>> s;
      for (const auto& id : side) {
        NodeId n = inv().find_node(id);
        if (n == kNoNode) continue;
        auto it = target_bit_.find(n);
        if (it != target_bit_.end()) s.emplace_back(n, it->second);
      }
      sides.push_back(std::move(s));
    }
    Value severity = eval(r.severity, env_);
    std::vector<NodeId> chosen, chosen_all;
    for (NodeId i = 0; i < inv().identity_count; ++i) {
      if (!in_shard(i) || (restrict_ && !(*active_focus_)[i])) continue;
      auto bits = bits_of(i);
      chosen.clear();
      chosen_all.clear();
      bool all_sides = true;
      for (std::size_t k = 0; k < sides.size() && all_sides; ++k) {
        NodeId pick = kNoNode;
        bool need_all = r.side_all[k];
        std::size_t held = 0;
        for (auto [n, b] : sides[k])
          if (options_.plain ? cur_.traversal->reaches(i, n) : ReachClosure::test(bits, b)) {
            ++held;
            if (pick == kNoNode) pick = n;
          }
        bool ok = need_all ? (held == r.sides[k].size() && held > 0) : held > 0;
        if (!ok) {
          all_sides = false;
        } else if (need_all) {  // every member of an `all` duty is part of the evidence
          for (auto [n, b] : sides[k]) chosen_all.push_back(n);
          chosen.push_back(pick);
        } else {
          chosen.push_back(pick);
          chosen_all.push_back(pick);
        }
      }
      if (!all_sides || sides.empty()) continue;
      // An unexpired exception for this conflict or combination (short or full id).
      Value who = node_value(inv(), i);
      last_exception_.reset();
      const bool accepted = excepted(who, Value{});
      Finding f;
      f.rule = r.id;
      f.controls = r.controls;
      f.severity = severity.kind == Kind::severity ? static_cast<Severity>(severity.days) : Severity::high;
      f.subject = std::string(inv().node_id(i));
      if (r.kind == plan::RuleKind::conflict) {
        f.message = fmt::format("{} can both {} ({}) and {} ({})", f.subject, lower_first(r.side_titles[0]),
                                inv().node_id(chosen[0]), lower_first(r.side_titles[1]), inv().node_id(chosen[1]));
      } else {
        std::string list;
        for (NodeId c : chosen) list += (list.empty() ? "" : ", ") + std::string(inv().node_id(c));
        f.message = fmt::format("{} holds the toxic combination {} ({})", f.subject, lower_first(r.title), list);
      }
      for (NodeId c : chosen_all)
        if (auto p = cur_.paths->shortest(i, c)) {
          Value v;
          v.kind = Kind::path;
          ValueList edges;
          for (auto row : p->edges) edges.push_back(Value::of_edge(row));
          v.items = std::make_shared<const ValueList>(std::move(edges));
          f.evidence.push_back(evidence_of(v));
        }
      f.policy = rule_policy_;
      f.origin = origin_of(who);
      if (accepted) {
        f.excepted = accepted_by(*last_exception_);
        excepted_.push(std::move(f));
      } else {
        findings_.push(std::move(f));
      }
    }
  }

  // Exception x, as findings it accepted carry it (one copy per exception and shard).
  std::shared_ptr<const AcceptedBy> accepted_by(std::uint32_t x) {
    auto& known = accepted_by_[x];
    if (!known) {
      const Exception& ex = inv().exceptions[x];
      const Table& t = inv().tables[kExceptions];
      known = std::make_shared<const AcceptedBy>(AcceptedBy{
          std::string(inv().strings.view(ex.approved_by)), format_date(ex.expires),
          std::string(inv().strings.view(ex.reason)), file_line(inv().files[t.file].path, ex.line)});
    }
    return known;
  }

  static std::string lower_first(std::string s) {
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) && std::islower(static_cast<unsigned char>(s[1])))
      s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
  }

  const CompiledPolicy& policy_;
  const plan::Program& prog_;
  const EvalOptions& options_;
  SharedCaches& caches_;
  World cur_, base_;
  const plan::Rule* rule_ = nullptr;
  std::vector<Value> env_;
  std::vector<std::vector<const Node*>> filters_;
  std::size_t rule_index_ = 0;   // of the rule being run, in prog_.rules
  bool taking_blocks_ = false;   // the outer scan's blocks come from next_outer_block: visit() admits them all
  std::vector<eval::FastFilter> fast_filters_;  // the outermost scan's compiled conjuncts (compile_outer_filters)
  FindingStore findings_;
  FindingStore excepted_;
  const std::vector<std::string>& rule_ids_;  // SharedState::rule_ids
  std::string rule_policy_;  // policy_location() of the current rule
  std::unordered_map<std::uint32_t, std::shared_ptr<const AcceptedBy>> accepted_by_;  // by exception
  std::optional<std::uint32_t> last_exception_;  // set by excepted() when an exception matched
  std::deque<std::string> arena_;
  std::vector<NodeId> scratch_;
  std::vector<NodeId> scratch_nodes_;  // node_set()'s
  static constexpr NodeId kNotLookedUp = kNoNode - 1;
  // By NodeId: the other inventory's NodeId of the same id, kNoNode, or
  // kNotLookedUp (see baseline_node(), current_node()).
  mutable std::vector<NodeId> cur_to_base_, base_to_cur_;
  const std::unordered_map<StrId, std::vector<std::uint32_t>>& exceptions_by_identity_;
  // The shared closure over every statically known target.
  std::vector<NodeId> targets_;
  std::unordered_map<NodeId, std::size_t> target_bit_;
  std::unique_ptr<ReachClosure> closure_;
  std::vector<std::uint64_t> bits_;
  NodeId bits_node_ = kNoNode;
  const std::vector<std::uint32_t>& rank_;  // rank_[n]: position of node n in id order
  const std::vector<NodeId>& focus_nodes_;                                       // SharedState::focus_nodes
  const std::map<std::string, std::vector<NodeId>>& rule_focus_nodes_by_rule_;  // SharedState::rule_focus_nodes
  const std::size_t shard_, shards_;
  std::vector<std::uint8_t> focus_;  // by NodeId: in EvalOptions::focus
  bool restrict_ = false;            // the current rule scans only the focus
  std::vector<std::uint8_t> rule_focus_;  // the current rule's EvalOptions::rule_focus as a bitset
  const std::vector<std::uint8_t>* active_focus_ = nullptr;        // the focus of the current rule
  const std::vector<NodeId>* active_focus_nodes_ = nullptr;
  struct DefMemo {
    bool valid = false;
    std::vector<Value> args;
    Value result;
  };
  std::vector<DefMemo> def_memo_;
  std::deque<std::vector<Value>> frames_;  // call_def frames by depth
  struct Hoisted {
    Value value;
    std::uint64_t tick = 0;  // when computed; 0: never
  };
  std::vector<Hoisted> hoisted_;          // by Node::hoist, for the current rule
  struct CohortMemo {
    static constexpr int kUnresolved = -2;
    int column = kUnresolved;  // of Node::cohort_column in the identities table (-1: none)
    std::unordered_map<StrId, Value> by_cell;
  };
  std::vector<CohortMemo> cohort_memo_;  // by Node::cohort_memo, for the current rule
  std::vector<std::uint64_t> bound_tick_;  // by scan: when it last bound its variable
  std::uint64_t tick_ = 0, rule_tick_ = 0;
  std::size_t frame_depth_ = 0;
  struct ShareCounts {
    std::shared_ptr<const ValueList> keep;
    std::vector<std::uint32_t> entitlements;  // by holds_index() bit: members holding it
    std::shared_ptr<SharedCaches::CohortCounts> cohort;  // set for a shared cohort: counts kept there
    bool valid = false;                       // `reached` computed
    std::unordered_map<NodeId, std::uint32_t> reached;
  };
  std::unordered_map<const ValueList*, ShareCounts> share_counts_;
  std::unordered_map<const Node*, bool> builder_independent_;
  std::unordered_map<const Node*, std::optional<eval::FastFilter>> builder_filters_;  // builder_filter()
  std::unordered_map<const Node*, Value> fixed_sets_;  // by node: see fixed_set()
  std::unordered_map<std::string, Value> cohorts_seen_;   // "column\0value" -> the shared cohort set
  struct NodeCellHash {
    std::size_t operator()(const std::pair<const Node*, StrId>& k) const {
      return std::hash<const void*>{}(k.first) ^ (std::size_t{k.second} * 0x9E3779B97F4A7C15ull);
    }
  };
  std::unordered_map<std::pair<const Node*, StrId>, Value, NodeCellHash> cohorts_by_cell_seen_;  // cohort_by_cell()
  struct BuilderKeyHash {
    std::size_t operator()(const std::pair<const Node*, const ValueList*>& k) const {
      return std::hash<const void*>{}(k.first) ^ (std::hash<const void*>{}(k.second) * 0x9E3779B97F4A7C15ull);
    }
  };
  std::unordered_map<std::pair<const Node*, const ValueList*>, std::pair<std::shared_ptr<const ValueList>, Value>,
                     BuilderKeyHash>
      builder_cache_;
  // column_of(): the column of a cell attribute, by (node, table), direct-mapped.
  struct ColumnSlot {
    const Node* node = nullptr;
    const Table* table = nullptr;
    int column = -1;
  };
  std::array<ColumnSlot, 256> column_cache_{};
  std::unordered_map<const Node*, Probe> probes_;
  std::unordered_map<const void*, std::unique_ptr<Candidates>> candidates_;  // by quantifier
  std::unordered_map<const plan::Scan*, ScanPushdown> pushdowns_;
  std::unique_ptr<Candidates> holds_index_;
  bool holds_index_built_ = false;
  std::unique_ptr<DriftIndex> drift_index_;
  bool drift_index_built_ = false;
  struct TableIndex {
    bool built = false;
    std::unordered_map<std::string, std::vector<std::uint32_t>> rows;
  };
  std::map<std::pair<const Table*, std::string>, TableIndex> table_indexes_;
  std::deque<ViaSearch> via_searches_;  // by depth of nesting (a deque: references stay valid as it grows)
  std::size_t via_depth_ = 0;           // searches under way (ViaDepth)
  std::unordered_map<const Node*, ViaCache> via_caches_;  // by `reaches ... via` node
};

}  // namespace

bool finding_less(const Finding& a, const Finding& b) {
  if (a.rule != b.rule) return a.rule < b.rule;
  return compare_within_rule(a, b) < 0;
}

namespace {
bool same_finding(const Finding& a, const Finding& b) {
  return a.rule == b.rule && a.subject == b.subject && a.key == b.key && a.message == b.message;
}

// The shards' sorted lists merged into one vector, without duplicates:
// duplicate rows (the same edge listed twice, say) would report the same
// finding twice, and the first in ranked_less order is kept. Each Finding
// is moved once; the shards' stores are freed as a whole.
std::vector<Finding> merge_sorted(const std::vector<SortedFindings*>& shards) {
  std::vector<std::pair<const Ranked*, const Ranked*>> heads;  // [next, end) of each shard
  std::size_t total = 0;
  for (const SortedFindings* s : shards) {
    total += s->order.size();
    if (!s->order.empty()) heads.emplace_back(s->order.data(), s->order.data() + s->order.size());
  }
  std::vector<Finding> merged;
  merged.reserve(total);
  while (!heads.empty()) {
    std::size_t best = 0;
    for (std::size_t h = 1; h < heads.size(); ++h)
      if (ranked_less(*heads[h].first, *heads[best].first)) best = h;
    Finding& f = *(heads[best].first++)->finding;
    if (merged.empty() || !same_finding(merged.back(), f)) merged.push_back(std::move(f));
    if (heads[best].first == heads[best].second) heads.erase(heads.begin() + static_cast<std::ptrdiff_t>(best));
  }
  for (SortedFindings* s : shards) *s = {};
  return merged;
}
}  // namespace

EvalResult evaluate(const CompiledPolicy& policy, const Inventory& current, const Inventory* baseline,
                    const EvalOptions& options) {
  return evaluate(policy, current, nullptr, baseline, nullptr, options);
}

EvalResult evaluate(const CompiledPolicy& policy, const Inventory& current, const AccessGraph* current_graph,
                    const Inventory* baseline, const AccessGraph* baseline_graph, const EvalOptions& options) {
  const SharedState shared(policy.program, current, baseline, current_graph, baseline_graph, options);
  SharedCaches caches(policy.program.rules.size());
  std::size_t shards = options.plain         ? 1
                       : options.threads != 0 ? options.threads
                                              : std::max(1u, std::thread::hardware_concurrency());
  // Below a few blocks per shard, threads cost more than they save.
  shards = std::min<std::size_t>({shards, 64, 1 + current.identity_count / (4 * 1024)});
  std::vector<ShardResult> parts(shards);
  if (shards == 1) {
    parts[0] = Evaluator(policy, current, baseline, options, shared, caches, 0, 1).run();
  } else {
    std::vector<std::exception_ptr> failures(shards);
    std::vector<std::thread> workers;
    for (std::size_t s = 0; s < shards; ++s)
      workers.emplace_back([&, s] {
        try {
          parts[s] = Evaluator(policy, current, baseline, options, shared, caches, s, shards).run();
        } catch (...) {
          failures[s] = std::current_exception();
        }
      });
    for (auto& w : workers) w.join();
    for (auto& f : failures)
      if (f) std::rethrow_exception(f);
  }
  EvalResult result;
  result.rules_evaluated = parts[0].rules_evaluated;
  result.rule_times = std::move(parts[0].rule_times);
  std::vector<SortedFindings*> findings, excepted;
  for (std::size_t s = 0; s < shards; ++s) {
    auto& p = parts[s];
    findings.push_back(&p.findings);
    excepted.push_back(&p.excepted);
    for (std::size_t k = 0; s > 0 && k < result.rule_times.size() && k < p.rule_times.size(); ++k)
      result.rule_times[k].seconds = std::max(result.rule_times[k].seconds, p.rule_times[k].seconds);
  }
  result.findings = merge_sorted(findings);
  result.excepted = merge_sorted(excepted);
  return result;
}

namespace {
bool uses_baseline(const plan::Node& n, const plan::Program& p, std::vector<bool>& seen_defs) {
  if (n.code == plan::Code::call && n.baseline) return true;
  if (n.code == plan::Code::call_def && !seen_defs[n.index]) {
    seen_defs[n.index] = true;
    if (uses_baseline(p.defs[n.index].body, p, seen_defs)) return true;
  }
  for (const auto& k : n.kids)
    if (uses_baseline(k, p, seen_defs)) return true;
  return false;
}
}  // namespace

std::vector<RuleInfo> list_rules(const CompiledPolicy& policy) {
  std::vector<RuleInfo> out;
  const plan::Program& p = policy.program;
  for (const auto& r : p.rules) {
    RuleInfo info{r.id, r.short_id, r.controls, r.title, false, r.local, r.nonlocal_reason, r.cohort_columns,
                  r.reference_columns, r.rationale, std::nullopt,
                  fmt::format("{}:{}", r.file < policy.sources.size() ? policy.sources[r.file].path : "?", r.span.line)};
    if (r.severity.code == plan::Code::constant && r.severity.constant.type == plan::T::severity)
      info.severity = static_cast<Severity>(r.severity.constant.days);
    std::vector<bool> seen(p.defs.size(), false);
    std::vector<const plan::Node*> nodes{&r.severity, &r.subject, &r.key, &r.message};
    for (const auto& w : r.where) nodes.push_back(&w);
    for (const auto& u : r.unless) nodes.push_back(&u);
    for (const auto& e : r.evidence) nodes.push_back(&e);
    for (const auto& s : r.scans) nodes.push_back(&s.expression);
    for (const plan::Node* n : nodes) info.reads_baseline |= uses_baseline(*n, p, seen);
    out.push_back(std::move(info));
  }
  return out;
}

const std::vector<PolicySource>& policy_sources(const CompiledPolicy& policy) { return policy.sources; }

std::map<std::string, std::string> control_titles(const CompiledPolicy& policy) {
  std::map<std::string, std::string> out;
  for (const auto& f : policy.files)
    for (const auto& c : f.controls) out[c.id] = c.title;
  return out;
}

}  // namespace ward
