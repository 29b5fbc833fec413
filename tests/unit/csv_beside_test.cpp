// Reading a CSV snapshot beside another (csv_beside.hpp): whatever the edit,
// the table must be what read_csv gives, row for row and line for line.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "inventory/csv_beside.hpp"
#include "inventory/csv_reader.hpp"

using namespace ward;

namespace {

struct Read {
  bool ok = false;
  RawTable raw;
  StringPool pool;
};

Read plain_read(std::string_view text, bool hash_rows) {
  Read r;
  Diagnostics d;
  r.raw.path = "t.csv";
  r.raw.table.hash_rows = hash_rows;
  r.ok = read_csv(text, r.pool, r.raw, d) && d.items().empty();
  return r;
}

// The table as strings, lines and hashes, for comparing two reads whose
// pools number the strings differently.
std::string render(const RawTable& raw, const StringPool& pool) {
  const Table& t = raw.table;
  std::string out = "header line " + std::to_string(raw.header_line) + ":";
  for (const auto& c : t.columns) out += " [" + c + "]";
  out += "\n";
  for (std::size_t r = 0; r < t.rows(); ++r) {
    out += std::to_string(t.lines[r]) + ":";
    for (std::size_t c = 0; c < t.columns.size(); ++c) out += " [" + std::string(pool.view(t.cell(r, c))) + "]";
    if (t.hash_rows) out += " #" + std::to_string(t.row_hashes[r]);
    out += "\n";
  }
  return out;
}

// A random table: plain, empty and quoted cells (some with `""`, commas,
// line breaks), blank lines, CRLF endings, sometimes a BOM and no final
// line break.
std::string random_table(std::mt19937& rng, std::size_t rows) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const bool crlf = pick(4) == 0;
  const std::string eol = crlf ? "\r\n" : "\n";
  std::string out = pick(8) == 0 ? "\xEF\xBB\xBF" : "";
  if (pick(6) == 0) out += eol;
  out += "from,to,relation,note" + eol;
  for (std::size_t r = 0; r < rows; ++r) {
    if (pick(15) == 0) out += eol;
    out += "u" + std::to_string(pick(30)) + ",r" + std::to_string(pick(10)) + "," + (pick(2) ? "member_of" : "grants") + ",";
    switch (pick(6)) {
      case 0: break;
      case 1: out += "\"a, b\""; break;
      case 2: out += "\"two" + eol + "lines\""; break;
      case 3: out += "\"say \"\"hi\"\"\""; break;
      default: out += "n" + std::to_string(pick(5)); break;
    }
    if (r + 1 < rows || pick(5) != 0) out += eol;
  }
  return out;
}

// One edit a commit could make: lines inserted, deleted or changed, bytes
// changed anywhere (the header too), a quote opened, lines joined.
std::string edit(std::mt19937& rng, std::string text) {
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  const std::size_t at = pick(text.size() + 1);
  const std::size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;  // npos + 1 == 0
  switch (pick(9)) {
    case 0: text.insert(line_start, "u99,r1,grants,new\n"); break;
    case 1: {  // delete a line
      std::size_t end = text.find('\n', line_start);
      text.erase(line_start, end == std::string::npos ? std::string::npos : end - line_start + 1);
      break;
    }
    case 2: text.insert(at, "x"); break;
    case 3: if (at < text.size()) text.erase(at, 1); break;
    case 4: text.insert(at, "\""); break;                    // usually an error; sometimes a new quoted field
    case 5: text.insert(line_start, "u1,\"open\n"); break;  // a quote spanning what follows
    case 6: if (at < text.size()) text[at] = ','; break;     // a ragged record, or a cell split
    case 7: text.insert(line_start, "\n\n"); break;
    default: text.insert(line_start, "u2,r2,member_of,\"x\ny\"\n"); break;
  }
  return text;
}

}  // namespace

TEST_CASE("csv beside: random edits give exactly the table read_csv gives, or a fallback") {
  std::mt19937 rng(20261203);
  int shared = 0, declined = 0, declined_clean = 0;
  for (int round = 0; round < 3000; ++round) {
    const bool hash_rows = round % 2 == 0;
    const std::string current = random_table(rng, 1 + rng() % 40);
    std::string baseline = current;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) baseline = edit(rng, baseline);
    Read other = plain_read(current, hash_rows);
    if (!other.ok) continue;  // the generator writes valid tables; guard anyway
    Read expected = plain_read(baseline, hash_rows);
    StringPool pool = other.pool.clone();
    RawTable got;
    got.path = "t.csv";
    got.table.hash_rows = hash_rows;
    INFO("round ", round, "\ncurrent:\n", current, "\nbaseline:\n", baseline);
    if (!read_csv_beside(baseline, current, other.raw.table, pool, got)) {
      ++declined;
      if (expected.ok) ++declined_clean;
      CHECK(got.table.rows() == 0);  // left as it was
      continue;
    }
    ++shared;
    // Only a baseline read_csv reads cleanly may be shared: anything else
    // must fall back so that read_csv reports it.
    REQUIRE(expected.ok);
    CHECK(render(got, pool) == render(expected.raw, expected.pool));
    CHECK(got.complete);
  }
  // Not vacuous: many edits are shared, the many that break the file are
  // declined, and few clean ones are (an edit in or before the header).
  INFO("shared ", shared, ", declined ", declined, " (", declined_clean, " of them clean)");
  CHECK(shared > 1000);
  CHECK(declined - declined_clean > 1000);
  CHECK(declined_clean < shared / 4);
}

TEST_CASE("csv beside: identical files, and edits at the very start and end") {
  const std::string current = "id,name\na,1\nb,2\nc,3\n";
  Read other = plain_read(current, true);
  REQUIRE(other.ok);
  for (const std::string& baseline : {std::string("id,name\na,1\nb,2\nc,3\n"), std::string("id,name\nz,0\na,1\nb,2\nc,3\n"),
                                     std::string("id,name\na,1\nb,2\nc,3\nd,4\n"), std::string("id,name\na,1\nb,2\nc,3"),
                                     std::string("id,name\nb,2\nc,3\n"), std::string("id,name\n"),
                                     std::string("\xEF\xBB\xBFid,name\r\na,1\nb,2\nc,3\n")}) {
    INFO(baseline);
    StringPool pool = other.pool.clone();
    RawTable got;
    got.table.hash_rows = true;
    Read expected = plain_read(baseline, true);
    REQUIRE(expected.ok);
    bool identical = true;
    if (read_csv_beside(baseline, current, other.raw.table, pool, got, &identical)) {
      CHECK(render(got, pool) == render(expected.raw, expected.pool));
      CHECK(identical == (baseline == current));
    } else
      CHECK(baseline.find("\r\n") != std::string::npos);  // a changed header is read in full
  }
}

TEST_CASE("csv beside: a problem between the shared records is left to read_csv") {
  const std::string current = "id,name\na,1\nb,2\nc,3\n";
  Read other = plain_read(current, false);
  REQUIRE(other.ok);
  for (const std::string& baseline : std::vector<std::string>{"id,name\na,1\nb,\"2\nc,3\n", "id,name\na,1\nb,2,9\nc,3\n", "id,name\na,1\nb,\xFF\nc,3\n",
                                     "id,name\na,1\nb,2\rx\nc,3\n", "id,name\na,1\nb,x\"y\nc,3\n"}) {
    INFO(baseline);
    StringPool pool = other.pool.clone();
    RawTable got;
    CHECK_FALSE(read_csv_beside(baseline, current, other.raw.table, pool, got));
    CHECK(got.table.rows() == 0);
  }
}

TEST_CASE("string pool: a clone has the same ids and grows on its own") {
  StringPool pool;
  std::vector<StrId> ids;
  for (int k = 0; k < 5000; ++k) ids.push_back(pool.intern("s" + std::to_string(k * 7919 % 5000)));
  StringPool copy = pool.clone();
  REQUIRE(copy.size() == pool.size());
  for (StrId id = 0; id < pool.size(); ++id) CHECK(copy.view(id) == pool.view(id));
  for (int k = 0; k < 5000; ++k) CHECK(copy.find("s" + std::to_string(k)) == pool.find("s" + std::to_string(k)));
  const StrId added = copy.intern("only in the copy");
  CHECK(added == pool.size());
  CHECK(pool.find("only in the copy") == StringPool::kNotFound);
  CHECK(copy.intern("s17") == pool.find("s17"));
}
