// Schema validation and construction of the typed inventory from raw tables.
// Checks run in the spec's order (identities, roles, entitlements, edges,
// sod_rules, exceptions, reviews, then extra tables), each table top to
// bottom, so diagnostics come out in a stable, readable order.
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <fmt/format.h>

#include "inventory/raw_table.hpp"
#include "inventory/schema.hpp"
#include "ward/suggest.hpp"

namespace ward {

namespace {


// Dates repeat across millions of rows; each distinct string is parsed once.
// Safe to share between threads: an entry is written only with the one
// value its string parses to (relaxed atomics, so two threads parsing the
// same date at once is not a data race).
class DateCache {
 public:
  explicit DateCache(std::size_t pool_size) : cache_(pool_size) {}
  std::optional<Date> parse(const StringPool& pool, StrId s) {
    std::int64_t c = cache_[s].load(std::memory_order_relaxed);
    if (c == kUnparsed) {
      auto d = parse_date(pool.view(s));
      c = d ? encode(d->days) : kInvalid;
      cache_[s].store(c, std::memory_order_relaxed);
    }
    if (c == kInvalid) return std::nullopt;
    return Date{static_cast<std::int32_t>(c >> 2)};
  }

 private:
  // 0 (what the vector starts with): not parsed yet; 1: not a date;
  // otherwise the day number shifted left by 2, low bits 0b11.
  static constexpr std::int64_t kUnparsed = 0, kInvalid = 1;
  static std::int64_t encode(std::int32_t days) { return static_cast<std::int64_t>(days) * 4 + 3; }
  std::vector<std::atomic<std::int64_t>> cache_;
};

// Per-table view that knows where each schema column sits and how to report
// a problem with a cell.
class TableCheck {
 public:
  TableCheck(RawTable& raw, const schema::TableSpec& spec, Diagnostics& diags)
      : raw_(raw), spec_(spec), diags_(&diags) {
    index_.assign(spec.columns.size(), -1);
    for (std::size_t c = 0; c < spec.columns.size(); ++c) index_[c] = raw.table.column(spec.columns[c].name);
  }

  int index_of(std::string_view column) const {
    for (std::size_t c = 0; c < spec_.columns.size(); ++c)
      if (spec_.columns[c].name == column) return index_[c];
    return -1;
  }

  // CSV: a missing required column is one error at the header.
  // JSON: each row without the key is reported by check_rows.
  bool check_header() {
    if (raw_.from_json) return true;
    bool ok = true;
    for (std::size_t c = 0; c < spec_.columns.size(); ++c) {
      const auto& col = spec_.columns[c];
      if (!col.required || index_[c] >= 0) continue;
      std::string hint;
      if (auto near = closest_match(col.name, raw_.table.columns)) hint = fmt::format("the header has `{}`; did you mean `{}`?", *near, col.name);
      diags_->error("I0120", SourcePos{raw_.path, raw_.header_line, 0}, fmt::format("missing required column `{}`", col.name), hint);
      ok = false;
    }
    return ok;
  }

  std::uint32_t cell_line(std::size_t row, int col) const {
    if (!raw_.from_json || col < 0) return raw_.table.lines[row];
    std::uint32_t l = raw_.cell_lines[row * raw_.table.columns.size() + static_cast<std::size_t>(col)] & kCellLineMask;
    return l == 0 ? raw_.table.lines[row] : l;
  }
  bool cell_was_bool(std::size_t row, int col) const {
    return raw_.from_json && col >= 0 &&
           (raw_.cell_lines[row * raw_.table.columns.size() + static_cast<std::size_t>(col)] & kCellWasBool) != 0;
  }
  bool cell_reported(std::size_t row, int col) const {
    return raw_.from_json && col >= 0 &&
           (raw_.cell_lines[row * raw_.table.columns.size() + static_cast<std::size_t>(col)] & kCellReported) != 0;
  }
  bool cell_key_missing(std::size_t row, int col) const {
    return raw_.from_json && (col < 0 || raw_.cell_lines[row * raw_.table.columns.size() + static_cast<std::size_t>(col)] == 0);
  }

  void error(std::size_t row, int col, const char* code, std::string message, std::string hint = {}) const {
    diags_->error(code, SourcePos{raw_.path, cell_line(row, col), 0}, std::move(message), std::move(hint));
  }

  // The same view of the table, reporting into `diags` instead.
  TableCheck reporting_to(Diagnostics& diags) const {
    TableCheck copy = *this;
    copy.diags_ = &diags;
    return copy;
  }

  // Validates every schema cell of every row, setting row_ok[r] to 0 for
  // each invalid row r.
  void check_rows(const StringPool& pool, DateCache& dates, std::vector<std::uint8_t>& row_ok) {
    row_ok.assign(raw_.table.rows(), 1);
    for_halves([&](const TableCheck& check, std::size_t begin, std::size_t end) {
      check.check_range(pool, dates, row_ok, begin, end);
    });
  }

  // Calls work(check, begin, end) to cover every row: a large table in two
  // halves on two threads, each reporting through a `check` of its own, its
  // diagnostics merged in row order afterwards, so the result is the
  // sequential one. `work` must only write state of its own rows.
  template <typename Work>
  void for_halves(Work&& work) const {
    const std::size_t rows = raw_.table.rows();
    constexpr std::size_t kParallelRows = 1u << 18;
    if (rows < kParallelRows || std::thread::hardware_concurrency() < 2) {
      work(*this, 0, rows);
      return;
    }
    const std::size_t middle = rows / 2;
    Diagnostics first(diags_->limit()), second(diags_->limit());
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        work(reporting_to(second), middle, rows);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      work(reporting_to(first), 0, middle);
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failure) std::rethrow_exception(failure);
    diags_->append(first);
    diags_->append(second);
  }

  // check_rows for rows [begin, end).
  void check_range(const StringPool& pool, DateCache& dates, std::vector<std::uint8_t>& row_ok, std::size_t begin,
                   std::size_t end) const {
    // Closed value sets as interned ids: the hot loop compares integers.
    std::vector<std::vector<StrId>> allowed_ids(spec_.columns.size());
    for (std::size_t c = 0; c < spec_.columns.size(); ++c)
      for (auto a : spec_.columns[c].allowed) allowed_ids[c].push_back(pool.find(a));
    // Blocks of rows are first tested a column at a time, with no
    // diagnostics (almost every block is clean); a block that is not is
    // checked again row by row below, which reports in row order.
    constexpr std::size_t kBlock = 4096;
    for (std::size_t block = begin; block < end; block += kBlock) {
      const std::size_t block_end = std::min(end, block + kBlock);
      if (!raw_.from_json && block_is_clean(pool, dates, allowed_ids, block, block_end)) continue;
      check_rows_reporting(pool, dates, allowed_ids, row_ok, block, block_end);
    }
  }

  // Whether every schema cell of rows [begin, end) of a CSV table is valid,
  // tested column by column (the same tests as check_rows_reporting).
  bool block_is_clean(const StringPool& pool, DateCache& dates, const std::vector<std::vector<StrId>>& allowed_ids,
                      std::size_t begin, std::size_t end) const {
    const Table& t = raw_.table;
    const std::size_t width = t.columns.size();
    for (std::size_t c = 0; c < spec_.columns.size(); ++c) {
      const auto& col = spec_.columns[c];
      const int idx = index_[c];
      if (idx < 0) {
        if (col.required) return false;
        continue;
      }
      if (col.type == schema::ColumnType::text && !col.required) continue;  // anything goes
      const StrId* cell = t.cells.data() + begin * width + static_cast<std::size_t>(idx);
      for (std::size_t r = begin; r < end; ++r, cell += width) {
        const StrId v = *cell;
        if (v == kEmptyStr) {
          if (col.required) return false;
          continue;
        }
        if (!value_valid(pool, dates, col, allowed_ids[c], v)) return false;
      }
    }
    return true;
  }

  // check_range for rows [begin, end), row by row, reporting each problem.
  void check_rows_reporting(const StringPool& pool, DateCache& dates, const std::vector<std::vector<StrId>>& allowed_ids,
                            std::vector<std::uint8_t>& row_ok, std::size_t begin, std::size_t end) const {
    const Table& t = raw_.table;
    for (std::size_t r = begin; r < end; ++r) {
      for (std::size_t c = 0; c < spec_.columns.size(); ++c) {
        const auto& col = spec_.columns[c];
        const int idx = index_[c];
        if (idx < 0 && !raw_.from_json) {
          if (col.required) row_ok[r] = 0;  // already reported at the header
          continue;
        }
        const StrId v = idx < 0 ? kEmptyStr : t.cell(r, static_cast<std::size_t>(idx));
        if (cell_reported(r, idx)) {
          row_ok[r] = 0;
          continue;
        }
        if (v == kEmptyStr) {
          if (!col.required) continue;
          row_ok[r] = 0;
          if (cell_key_missing(r, idx))
            error(r, idx, "I0121", fmt::format("row has no `{}` (required in {})", col.name, spec_.name));
          else
            error(r, idx, "I0121", fmt::format("empty value in required column `{}`", col.name));
          continue;
        }
        if (cell_was_bool(r, idx) && col.type != schema::ColumnType::boolean) {
          row_ok[r] = 0;
          error(r, idx, "I0151", fmt::format("value of `{}` must be a string, found a boolean", col.name));
          continue;
        }
        if (value_valid(pool, dates, col, allowed_ids[c], v)) continue;
        row_ok[r] = 0;
        const std::string_view text = pool.view(v);
        switch (col.type) {
          case schema::ColumnType::text:
            break;
          case schema::ColumnType::date:
            error(r, idx, "I0123",
                  fmt::format("malformed date `{}` in column `{}` (expected YYYY-MM-DD or "
                              "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM))",
                              text, col.name));
            break;
          case schema::ColumnType::boolean:
            error(r, idx, "I0124",
                  fmt::format("malformed boolean `{}` in column `{}` (expected `true` or `false`)", text, col.name));
            break;
          case schema::ColumnType::closed: {
            std::string expected;
            for (auto a : col.allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
            std::string hint;
            if (auto near = closest_match(text, col.allowed)) hint = fmt::format("did you mean `{}`?", *near);
            error(r, idx, "I0122", fmt::format("unknown {} `{}` (expected one of: {})", col.name, text, expected), hint);
            break;
          }
        }
      }
    }
  }

  // Whether the present value `v` of column `col` is one it accepts:
  // the test both check_range passes share (`allowed`: col's closed set as
  // ids). Text accepts anything.
  static bool value_valid(const StringPool& pool, DateCache& dates, const schema::Column& col,
                          const std::vector<StrId>& allowed, StrId v) {
    switch (col.type) {
      case schema::ColumnType::text: return true;
      case schema::ColumnType::date: return dates.parse(pool, v).has_value();
      case schema::ColumnType::boolean: {
        const std::string_view text = pool.view(v);
        return text == "true" || text == "false";
      }
      case schema::ColumnType::closed: return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
    }
    return true;
  }

  // The cell of a schema column, by the index index_of() returned (-1: the
  // table has no such column, so the cell is absent).
  StrId at(std::size_t row, int idx) const {
    return idx < 0 ? kEmptyStr : raw_.table.cell(row, static_cast<std::size_t>(idx));
  }
  Date date_at(const StringPool& pool, DateCache& dates, std::size_t row, int idx) const {
    StrId s = at(row, idx);
    if (s == kEmptyStr) return Date{};
    auto d = dates.parse(pool, s);
    return d ? *d : Date{};
  }

  RawTable& raw() { return raw_; }

 private:
  RawTable& raw_;
  const schema::TableSpec& spec_;
  Diagnostics* diags_;  // where error() reports
  std::vector<int> index_;
};

template <typename Enum, std::size_t N>
Enum enum_of(std::string_view text, const std::string_view (&names)[N], Enum fallback) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return fallback;
}

std::string with_article(NodeKind k) {
  return fmt::format("{} {}", k == NodeKind::identity || k == NodeKind::entitlement ? "an" : "a", to_string(k));
}

constexpr std::string_view kTypeNames[] = {"employee", "contractor", "service", "api_key", "token", "workload"};
constexpr std::string_view kStatusNames[] = {"active", "suspended", "terminated"};
constexpr std::string_view kSeverityNames[] = {"low", "medium", "high", "critical"};

}  // namespace

std::unique_ptr<Inventory> build_inventory(StringPool pool, std::vector<SourceFile> files, std::vector<RawTable> tables,
                                           Diagnostics& diags) {
  auto inv = std::make_unique<Inventory>();
  const auto specs = schema::known_tables();

  // Order: the seven known tables (the caller adds placeholders for absent
  // optional ones and reports absent required ones), then extras by name.
  std::vector<RawTable> ordered(specs.size());
  std::vector<RawTable> extras;
  for (auto& t : tables) {
    auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == t.table.name; });
    if (it == specs.end()) {
      extras.push_back(std::move(t));
    } else {
      ordered[static_cast<std::size_t>(it - specs.begin())] = std::move(t);
    }
  }
  std::sort(extras.begin(), extras.end(), [](const RawTable& a, const RawTable& b) { return a.table.name < b.table.name; });
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (ordered[i].table.name.empty()) {
      ordered[i].table.name = std::string(specs[i].name);
      ordered[i].present = false;
      ordered[i].table.file = UINT32_MAX;
    }

  DateCache dates(pool.size());
  std::vector<TableCheck> checks;
  std::vector<std::vector<std::uint8_t>> row_ok(specs.size());
  checks.reserve(specs.size());
  bool nodes_complete = true;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    checks.emplace_back(ordered[i], specs[i], diags);
    if (!ordered[i].present) continue;
    if (!ordered[i].header_read) {  // the reader already said why
      if (i < kEdges) nodes_complete = false;
      continue;
    }
    bool header_ok = checks[i].check_header();
    if (i < kEdges && (!header_ok || !ordered[i].complete)) nodes_complete = false;
    checks[i].check_rows(pool, dates, row_ok[i]);
  }

  // --- nodes: dense ids, duplicates reported at the later occurrence ------
  inv->identity_count = static_cast<std::uint32_t>(ordered[kIdentities].table.rows());
  inv->role_count = static_cast<std::uint32_t>(ordered[kRoles].table.rows());
  inv->entitlement_count = static_cast<std::uint32_t>(ordered[kEntitlements].table.rows());
  inv->node_names_.reserve(inv->node_count());
  inv->node_of_str_.assign(pool.size(), kNoNode);
  struct NodeOrigin {
    std::size_t table;
    std::size_t row;
  };
  std::vector<NodeOrigin> origin;
  origin.reserve(inv->node_count());
  for (std::size_t ti : {std::size_t{kIdentities}, std::size_t{kRoles}, std::size_t{kEntitlements}}) {
    TableCheck& tc = checks[ti];
    const int c_id = tc.index_of("id");
    const Table& t = ordered[ti].table;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      StrId id = tc.at(r, c_id);
      NodeId n = static_cast<NodeId>(inv->node_names_.size());
      inv->node_names_.push_back(id);
      origin.push_back({ti, r});
      if (id == kEmptyStr) continue;
      NodeId& slot = inv->node_of_str_[id];
      if (slot != kNoNode) {
        const NodeOrigin& first = origin[slot];
        tc.error(r, c_id, "I0130",
                 fmt::format("duplicate id `{}` (first defined at {}:{})", pool.view(id), ordered[first.table].path,
                             checks[first.table].cell_line(first.row, checks[first.table].index_of("id"))),
                 "ids must be unique across identities, roles and entitlements");
        continue;
      }
      slot = n;
    }
  }

  // --- typed node columns ---------------------------------------------------
  {
    TableCheck& tc = checks[kIdentities];
    const int c_type = tc.index_of("type");
    const int c_status = tc.index_of("status");
    const int c_created = tc.index_of("created");
    const int c_last_active = tc.index_of("last_active");
    const int c_terminated = tc.index_of("terminated");
    const int c_expires = tc.index_of("expires");
    const std::size_t n = inv->identity_count;
    inv->identity_type.resize(n);
    inv->status.resize(n);
    inv->created.resize(n);
    inv->last_active.resize(n);
    inv->terminated.resize(n);
    inv->expires.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      inv->identity_type[r] = enum_of(pool.view(tc.at(r, c_type)), kTypeNames, IdentityType::employee);
      StrId st = tc.at(r, c_status);
      inv->status[r] = st == kEmptyStr ? Status::active : enum_of(pool.view(st), kStatusNames, Status::active);
      inv->created[r] = tc.date_at(pool, dates, r, c_created);
      inv->last_active[r] = tc.date_at(pool, dates, r, c_last_active);
      inv->terminated[r] = tc.date_at(pool, dates, r, c_terminated);
      inv->expires[r] = tc.date_at(pool, dates, r, c_expires);
    }
  }
  {
    TableCheck& tc = checks[kRoles];
    const int c_kind = tc.index_of("kind");
    inv->role_is_group.resize(inv->role_count);
    for (std::size_t r = 0; r < inv->role_count; ++r) inv->role_is_group[r] = pool.view(tc.at(r, c_kind)) == "group";
  }
  {
    TableCheck& tc = checks[kEntitlements];
    const int c_privileged = tc.index_of("privileged");
    inv->privileged.resize(inv->entitlement_count);
    for (std::size_t r = 0; r < inv->entitlement_count; ++r)
      inv->privileged[r] = pool.view(tc.at(r, c_privileged)) == "true";
  }

  // --- edges: endpoints must exist and be of the right kinds ---------------
  {
    const TableCheck& edges_check = checks[kEdges];
    const int c_from = edges_check.index_of("from");
    const int c_to = edges_check.index_of("to");
    const int c_relation = edges_check.index_of("relation");
    const int c_granted = edges_check.index_of("granted");
    const int c_expires = edges_check.index_of("expires");
    const int c_approved_by = edges_check.index_of("approved_by");
    const int c_reason = edges_check.index_of("reason");
    const Table& t = ordered[kEdges].table;
    inv->edges.resize(t.rows());
    const StrId grants = pool.find("grants");  // kNotFound if no row says it
    inv->edge_approved_by_column_ = c_approved_by;
    inv->edge_reason_column_ = c_reason;
    const Inventory& nodes = *inv;
    // Rows [begin, end) into their edges, reporting through `tc`.
    edges_check.for_halves([&](const TableCheck& tc, std::size_t begin, std::size_t end) {
      for (std::size_t r = begin; r < end; ++r) {
        Edge e;
        StrId from = tc.at(r, c_from), to = tc.at(r, c_to);
        e.relation = tc.at(r, c_relation) == grants ? Relation::grants : Relation::member_of;
        e.granted = tc.date_at(pool, dates, r, c_granted);
        e.expires = tc.date_at(pool, dates, r, c_expires);
        if (!row_ok[kEdges][r] || !nodes_complete) {
          inv->edges[r] = e;
          continue;
        }
        e.from = nodes.node_of(from);
        e.to = nodes.node_of(to);
        if (e.from == kNoNode)
          tc.error(r, c_from, "I0140", fmt::format("unknown node `{}` in column `from`", pool.view(from)),
                   "every edge endpoint must be an id in identities, roles or entitlements");
        if (e.to == kNoNode)
          tc.error(r, c_to, "I0140", fmt::format("unknown node `{}` in column `to`", pool.view(to)),
                   "every edge endpoint must be an id in identities, roles or entitlements");
        if (e.from != kNoNode && nodes.kind(e.from) == NodeKind::entitlement)
          tc.error(r, c_from, "I0141",
                   fmt::format("edge starts at entitlement `{}`; nothing goes out of an entitlement", pool.view(from)));
        if (e.to != kNoNode) {
          NodeKind k = nodes.kind(e.to);
          if (e.relation == Relation::member_of && (k == NodeKind::identity || k == NodeKind::entitlement))
            tc.error(r, c_to, "I0141",
                     fmt::format("`member_of` must end at a role or group, but `{}` is {}", pool.view(to),
                                 with_article(k)),
                     k == NodeKind::entitlement ? "use relation `grants` for an entitlement" : "");
          if (e.relation == Relation::grants && k != NodeKind::entitlement)
            tc.error(r, c_to, "I0141",
                     fmt::format("`grants` must end at an entitlement, but `{}` is {}", pool.view(to),
                                 with_article(k)),
                     k != NodeKind::identity ? "use relation `member_of` for a role or group" : "");
        }
        inv->edges[r] = e;
      }
    });
  }

  // --- sod_rules, exceptions, reviews --------------------------------------
  {
    TableCheck& tc = checks[kSodRules];
    const int c_id = tc.index_of("id");
    const int c_left = tc.index_of("left");
    const int c_right = tc.index_of("right");
    const int c_description = tc.index_of("description");
    const int c_severity = tc.index_of("severity");
    const Table& t = ordered[kSodRules].table;
    std::vector<std::size_t> first_row_of(pool.size(), SIZE_MAX);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      SodRule s;
      s.id = tc.at(r, c_id);
      s.left = tc.at(r, c_left);
      s.right = tc.at(r, c_right);
      s.description = tc.at(r, c_description);
      StrId sev = tc.at(r, c_severity);
      s.severity = sev == kEmptyStr ? Severity::high : enum_of(pool.view(sev), kSeverityNames, Severity::high);
      s.line = t.lines[r];
      if (s.id != kEmptyStr) {
        if (first_row_of[s.id] != SIZE_MAX)
          tc.error(r, tc.index_of("id"), "I0131",
                   fmt::format("duplicate sod rule id `{}` (first defined at {}:{})", pool.view(s.id),
                               ordered[kSodRules].path, t.lines[first_row_of[s.id]]));
        else
          first_row_of[s.id] = r;
      }
      inv->sod_rules.push_back(s);
    }
  }
  {
    TableCheck& tc = checks[kExceptions];
    const int c_rule = tc.index_of("rule");
    const int c_identity = tc.index_of("identity");
    const int c_approved_by = tc.index_of("approved_by");
    const int c_reason = tc.index_of("reason");
    const int c_expires = tc.index_of("expires");
    const Table& t = ordered[kExceptions].table;
    for (std::size_t r = 0; r < t.rows(); ++r)
      inv->exceptions.push_back(Exception{tc.at(r, c_rule), tc.at(r, c_identity), tc.at(r, c_approved_by),
                                          tc.at(r, c_reason), tc.date_at(pool, dates, r, c_expires), t.lines[r]});
  }
  {
    TableCheck& tc = checks[kReviews];
    const int c_identity = tc.index_of("identity");
    const int c_target = tc.index_of("target");
    const int c_reviewer = tc.index_of("reviewer");
    const int c_date = tc.index_of("date");
    const int c_decision = tc.index_of("decision");
    const Table& t = ordered[kReviews].table;
    for (std::size_t r = 0; r < t.rows(); ++r)
      inv->reviews.push_back(Review{tc.at(r, c_identity), tc.at(r, c_target), tc.at(r, c_reviewer),
                                    tc.date_at(pool, dates, r, c_date),
                                    pool.view(tc.at(r, c_decision)) == "revoke" ? Decision::revoke : Decision::keep,
                                    t.lines[r]});
  }

  // --- extra tables: JSON booleans are kept as "true"/"false" already ------
  for (auto& t : ordered) {
    t.cell_lines = {};
    inv->tables.push_back(std::move(t.table));
  }
  for (auto& t : extras) inv->tables.push_back(std::move(t.table));

  // Present problems table by table in the spec's order, each table top to
  // bottom, whichever check found them.
  std::vector<std::string> file_order;
  for (const auto& t : ordered) file_order.push_back(t.path);
  for (const auto& t : extras) file_order.push_back(t.path);
  diags.sort_by_file_order(file_order);
  if (diags.has_errors()) return nullptr;
  inv->strings = std::move(pool);
  inv->files = std::move(files);
  return inv;
}

}  // namespace ward
