#include <doctest/doctest.h>

#include <array>

#include "fixtures.hpp"
#include "inventory/csv_reader.hpp"

using namespace ward;

namespace {

struct Parsed {
  bool ok;
  RawTable table;
  std::string errors;
  StringPool pool;
};

Parsed parse(std::string_view text, bool hash_rows = false) {
  Parsed p;
  Diagnostics d;
  p.table.path = "t.csv";
  p.table.table.hash_rows = hash_rows;
  p.ok = read_csv(text, p.pool, p.table, d);
  p.errors = render_plain(d);
  return p;
}

std::string cell(const Parsed& p, std::size_t row, std::size_t col) {
  return std::string(p.pool.view(p.table.table.cell(row, col)));
}

}  // namespace

TEST_CASE("csv: quoted fields hold commas, doubled quotes and newlines; lines are record starts") {
  auto p = parse("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n");
  REQUIRE(p.ok);
  CHECK(p.table.table.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(p.table.table.rows() == 3);
  CHECK(cell(p, 0, 0) == "x,1");
  CHECK(cell(p, 0, 1) == "say \"hi\"");
  CHECK(cell(p, 1, 0) == "multi\nline");
  CHECK(test::as_vector(p.table.table.lines) == std::vector<std::uint32_t>{2, 3, 5});
}

TEST_CASE("csv: CRLF, BOM, empty lines, no final newline, verbatim cells") {
  auto p = parse("\xEF\xBB\xBF" "a,b\r\n\r\n x , y \r\n\r\n\"\",last");
  REQUIRE(p.ok);
  CHECK(p.table.table.columns[0] == "a");
  REQUIRE(p.table.table.rows() == 2);
  CHECK(cell(p, 0, 0) == " x ");
  CHECK(cell(p, 1, 0) == "");
  CHECK(cell(p, 1, 1) == "last");
  CHECK(test::as_vector(p.table.table.lines) == std::vector<std::uint32_t>{3, 5});
}

TEST_CASE("csv: strict RFC 4180 errors name the record's line") {
  CHECK(parse("a,b\n1,x\"y\n").errors == "t.csv:2: error[I0110]: `\"` inside an unquoted field (quote the whole field and double the `\"`)\n");
  CHECK(parse("a,b\n\"1\"x,2\n").errors == "t.csv:2: error[I0111]: text after a closing quote (expected `,` or the end of the line)\n");
  CHECK(parse("a,b\n1\r2,3\n").errors == "t.csv:2: error[I0112]: bare carriage return outside quotes (expected CRLF or LF)\n");
  CHECK(parse("a,b\n1,2\n3,\"open\n\nmore\n").errors == "t.csv:3: error[I0113]: unterminated quoted field (expected a closing `\"`)\n");
  CHECK(parse("a,b\n1,2,3\n4,5\n").errors == "t.csv:2: error[I0114]: expected 2 fields as in the header, found 3\n");
  CHECK(parse("").errors == "t.csv:1: error[I0102]: file is empty (expected a header line)\n");
  CHECK(parse("\xEF\xBB\xBF").errors == "t.csv:1: error[I0102]: file is empty (expected a header line)\n");
  CHECK(parse("a,,b\n").errors == "t.csv:1: error[I0115]: empty column name in header (column 2)\n");
  CHECK(parse("a,b,a\n").errors == "t.csv:1: error[I0116]: duplicate column `a` in header\n");
  CHECK(parse("a\nok\n\xff\n").errors == "t.csv:3: error[I0103]: invalid UTF-8 (byte 0xFF); inventory files must be UTF-8\n");
  CHECK(parse(std::string_view("a\nx\0y\n", 6)).errors == "t.csv:2: error[I0104]: NUL byte in file (inventories are UTF-8 text)\n");
}

TEST_CASE("csv: a ragged row is skipped and marks the table incomplete") {
  auto p = parse("a,b\n1\n2,3\n");
  CHECK(p.ok);
  CHECK_FALSE(p.table.complete);
  CHECK(p.table.table.rows() == 1);
}

TEST_CASE("csv: a large file is parsed in two halves with the same rows, lines and errors") {
  std::string text = "a,b\n";
  const int rows = 1200000;  // ~ 36 MB: above the parallel threshold
  for (int i = 0; i < rows; ++i) text += "row" + std::to_string(i) + ",value-" + std::to_string(i % 977) + "xxxxxxxxxxx\n";
  text += "ragged\n";
  auto p = parse(text);
  CHECK(p.ok);
  CHECK_FALSE(p.table.complete);
  REQUIRE(p.table.table.rows() == static_cast<std::size_t>(rows));
  CHECK(cell(p, 0, 0) == "row0");
  CHECK(cell(p, rows / 2 + 7, 0) == "row" + std::to_string(rows / 2 + 7));
  CHECK(cell(p, rows - 1, 1) == "value-" + std::to_string((rows - 1) % 977) + "xxxxxxxxxxx");
  CHECK(p.table.table.lines[rows / 2 + 7] == static_cast<std::uint32_t>(rows / 2 + 7 + 2));
  CHECK(p.errors == "t.csv:" + std::to_string(rows + 2) + ": error[I0114]: expected 2 fields as in the header, found 1\n");
}

TEST_CASE("csv: a quoted field spanning the middle of a large file falls back to one pass") {
  std::string text = "a,b\n";
  const int rows = 600000;
  for (int i = 0; i < rows; ++i) text += "row" + std::to_string(i) + ",some-padding-value-abcdefghijklmnopqrstu\n";
  std::string multi = "\"";
  for (int i = 0; i < 400000; ++i) multi += "line,with,commas\n";  // ~6.8 MB of quoted newlines around the middle
  multi += "\"";
  const std::size_t quote_start = text.size() + 4;
  text += "big," + multi + "\n";
  const std::size_t quote_end = text.size() - 1;
  for (int i = 0; i < rows; ++i) text += "tail" + std::to_string(i) + ",some-padding-value-abcdefghijklmnopqrstu\n";
  // The split guess (the first line break after the middle) is inside the quotes.
  REQUIRE(text.size() / 2 > quote_start);
  REQUIRE(text.size() / 2 < quote_end);
  auto p = parse(text);
  REQUIRE(p.ok);
  CHECK(p.errors.empty());
  REQUIRE(p.table.table.rows() == static_cast<std::size_t>(2 * rows + 1));
  CHECK(cell(p, rows, 0) == "big");
  CHECK(cell(p, rows, 1).size() == multi.size() - 2);
  CHECK(cell(p, rows + 1, 0) == "tail0");
  CHECK(p.table.table.lines[rows + 1] == static_cast<std::uint32_t>(rows + 2 + 400001));
}

TEST_CASE("csv: a cell equal to the one above gets its id without a lookup, across batches, ragged rows and quotes") {
  // Rows repeat their neighbours' cells (as exports do); a ragged row sits
  // between two equal rows; quoted cells with doubled quotes repeat across
  // the 512-record batch boundary. Every cell must still read back as written.
  std::string text = "from,to,reason\n";
  std::vector<std::array<std::string, 3>> expected;
  for (int i = 0; i < 1500; ++i) {
    std::array<std::string, 3> row{"u" + std::to_string(i / 7), "g" + std::to_string(i % 3),
                                   i % 5 == 0 ? "" : "say \"ok\" " + std::to_string(i / 600)};
    expected.push_back(row);
    std::string reason = row[2].empty() ? "" : "\"say \"\"ok\"\" " + std::to_string(i / 600) + "\"";
    text += row[0] + "," + row[1] + "," + reason + "\n";
    if (i == 700) text += "ragged,row\n";
  }
  auto p = parse(text);
  REQUIRE(p.ok);
  CHECK_FALSE(p.table.complete);
  REQUIRE(p.table.table.rows() == expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r)
    for (std::size_t c = 0; c < 3; ++c) REQUIRE(cell(p, r, c) == expected[r][c]);
  // Interning still holds: equal text, equal id.
  CHECK(p.table.table.cell(0, 0) == p.table.table.cell(6, 0));
  CHECK(p.table.table.cell(1, 2) == p.table.table.cell(599, 2));
  CHECK(p.table.table.cell(0, 2) == kEmptyStr);
  CHECK(p.table.table.lines[701] == 704);  // after the skipped ragged record
}

TEST_CASE("csv: blank lines around the middle of a large file keep every record's line") {
  std::string text = "a,b\n";
  const int rows = 1200000;
  std::vector<std::uint32_t> lines;
  std::uint32_t line = 2;
  for (int i = 0; i < rows; ++i) {
    text += "row" + std::to_string(i) + ",value-xxxxxxxxxxxxxxxxxx\n";
    lines.push_back(line++);
    if (i > rows / 2 - 2000 && i < rows / 2 + 2000) {  // runs of blank lines wherever the split falls
      text += std::string(50, '\n');
      line += 50;
    }
  }
  // Pad the first row so that the split guess (the line start after the
  // middle) falls inside a run of blank lines, after at least one of them:
  // the first half's reader then skips past the split.
  std::size_t pad = 0;
  auto split_in_unpadded = [&](std::size_t k) { return text.find('\n', 4 + (text.size() + k - 4) / 2 - k) + 1; };
  while (pad < 400 && !(text[split_in_unpadded(pad)] == '\n' && text[split_in_unpadded(pad) - 2] == '\n')) ++pad;
  REQUIRE(pad < 400);
  text.insert(4, std::string(pad, 'p'));  // at the start of row 0
  const std::size_t split = text.find('\n', 4 + (text.size() - 4) / 2) + 1;
  REQUIRE(text[split] == '\n');
  REQUIRE(text[split - 2] == '\n');
  // The blank lines leave a gap between the two halves' rows in the table,
  // which the merge closes: rows, lines and row hashes all move.
  auto p = parse(text, true);
  REQUIRE(p.ok);
  REQUIRE(p.table.table.rows() == static_cast<std::size_t>(rows));
  CHECK(test::as_vector(p.table.table.lines) == lines);
  CHECK(cell(p, rows - 1, 0) == "row" + std::to_string(rows - 1));
  REQUIRE(p.table.table.row_hashes.size() == static_cast<std::size_t>(rows));
  for (const int r : {0, rows / 2 - 1, rows / 2, rows / 2 + 1, rows - 1}) {
    auto alone = parse("a,b\n" + cell(p, r, 0) + "," + cell(p, r, 1) + "\n", true);
    REQUIRE(alone.table.table.row_hashes.size() == 1);
    CHECK(p.table.table.row_hashes[static_cast<std::size_t>(r)] == alone.table.table.row_hashes[0]);
  }
}

// The unquoted-cell scanner reads eight bytes at a time: every separator and
// every forbidden byte must be found at each offset within a word and in
// the tail after the last whole word.
TEST_CASE("csv: separators and forbidden bytes are found at every offset of a cell") {
  for (std::size_t len = 0; len <= 20; ++len) {
    const std::string value(len, 'v');
    for (const std::string end : {"\n", "\r\n"}) {
      auto p = parse("a,b\n" + value + "," + value + "x" + end + "tail,row\n");
      REQUIRE(p.ok);
      REQUIRE(p.table.table.rows() == 2);
      CHECK(cell(p, 0, 0) == value);
      CHECK(cell(p, 0, 1) == value + "x");
      CHECK(cell(p, 1, 0) == "tail");
    }
    auto last = parse("a,b\n" + value + "," + value + "x");  // no final newline
    REQUIRE(last.ok);
    REQUIRE(last.table.table.rows() == 1);
    CHECK(cell(last, 0, 0) == value);
    CHECK(cell(last, 0, 1) == value + "x");
    for (std::size_t at = 0; at < len; ++at) {
      std::string quoted = value, bare_cr = value;
      quoted[at] = '"';
      bare_cr[at] = '\r';
      if (at == 0) continue;  // a leading quote opens a quoted field
      CHECK(parse("a,b\n1," + quoted + "\n").errors ==
            "t.csv:2: error[I0110]: `\"` inside an unquoted field (quote the whole field and double the `\"`)\n");
      CHECK(parse("a,b\n1," + bare_cr + "z\n").errors ==
            "t.csv:2: error[I0112]: bare carriage return outside quotes (expected CRLF or LF)\n");
    }
  }
}

// Files over 32 MB are read in two halves on two threads. When the pool
// already holds many strings, both halves look up in it unchanged and keep
// new strings aside until the merge. Either way every cell must get the id
// one sequential reader would give it: new strings numbered in order of
// first appearance. Also when the guessed split falls inside a quoted
// field that spans lines (then the first half reads on to the end).
TEST_CASE("csv: a large file read in two halves gives the ids of one sequential read") {
  for (const bool quoted_across_middle : {false, true}) {
    for (const std::size_t known : {std::size_t{10}, std::size_t{100000}}) {
      if (quoted_across_middle && known == 10) continue;  // the path is the same as with 100000
      CAPTURE(quoted_across_middle);
      CAPTURE(known);
      StringPool pool, expected;
      for (std::size_t k = 0; k < known; ++k) {
        pool.intern("u" + std::to_string(k));
        expected.intern("u" + std::to_string(k));
      }
      std::string text = "from,to,note\n";
      std::vector<std::string> cells;  // row-major, as expected
      const std::size_t rows = 240000;  // about 35 MB: long notes keep the cell count (and the sanitizer lane) low
      for (std::size_t r = 0; r < rows; ++r) {
        const std::string from = "u" + std::to_string((r * 7919) % 150000);  // known and new ids
        const std::string to = "g" + std::to_string(r / 3);                  // new, repeated a few times
        std::string note = r % 5 == 0 ? "" : "n" + std::to_string(r % 1000) + std::string(160, 'p');
        if (quoted_across_middle && r == rows / 2) note = "spans\n" + std::string(2u << 20, 'x') + "\nlines";
        text += from + "," + to + "," + (note.find('\n') != std::string::npos ? "\"" + note + "\"" : note) + "\n";
        cells.insert(cells.end(), {from, to, note});
      }
      REQUIRE(text.size() > (32u << 20));
      RawTable out;
      out.path = "big.csv";
      Diagnostics d;
      REQUIRE(read_csv(text, pool, out, d));
      REQUIRE(out.table.rows() == rows);
      REQUIRE(out.table.cells.size() == cells.size());
      std::size_t mismatches = 0;
      for (std::size_t k = 0; k < cells.size(); ++k)
        if (out.table.cells[k] != expected.intern(cells[k]) || pool.view(out.table.cells[k]) != cells[k]) ++mismatches;
      CHECK(mismatches == 0);
      CHECK(pool.size() == expected.size());
      CHECK(out.table.lines[rows / 2 + 1] == rows / 2 + 3 + (quoted_across_middle ? 2 : 0));  // header is line 1
    }
  }
}

// The tokenizer reads unquoted cells from a bit mask of the separators in
// the 64 bytes ahead, and falls back to a byte scan near `"`, CR and the
// end of the text. Random files with cells of 0 to 150 bytes, quoted cells
// (with commas, LFs and doubled quotes), CRLF and blank lines cross every
// block boundary; each must read as this record-by-record reference does.
TEST_CASE("csv: cells of every length across block boundaries read as a reference reader reads them") {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&](std::uint64_t below) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state % below;
  };
  auto plain = [&](std::size_t length) {
    std::string s;
    for (std::size_t k = 0; k < length; ++k) s += "abcdefghij -_.:/0123456789"[next(26)];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    CAPTURE(round);
    const std::size_t width = 1 + next(6);
    std::string text;
    std::vector<std::vector<std::string>> want;
    std::vector<std::uint32_t> want_lines;
    std::uint32_t line = 1;
    auto end_line = [&] {
      text += next(4) == 0 ? "\r\n" : "\n";
      ++line;
    };
    for (std::size_t c = 0; c < width; ++c) text += (c ? "," : "") + std::string("c") + std::to_string(c);
    end_line();
    const std::size_t rows = 1 + next(40);
    for (std::size_t r = 0; r < rows; ++r) {
      if (next(8) == 0) end_line();  // a blank line
      want_lines.push_back(line);
      std::vector<std::string>& cells = want.emplace_back();
      for (std::size_t c = 0; c < width; ++c) {
        if (c) text += ',';
        const std::uint64_t kind = next(10);
        std::size_t length = kind < 2 ? 0 : kind < 7 ? next(12) : next(150);
        if (width == 1 && length == 0) length = 1;  // a lone empty cell is a blank line, which is skipped
        if (next(9) == 0) {  // quoted, with what only a quoted cell may hold
          std::string value = plain(length / 2) + (next(2) ? "," : "\n") + plain(length / 3) + (next(2) ? "\"" : "");
          cells.push_back(value);
          text += '"';
          for (char ch : value) {
            text += ch;
            if (ch == '"') text += '"';
            if (ch == '\n') ++line;
          }
          text += '"';
        } else {
          cells.push_back(plain(length));
          text += cells.back();
        }
      }
      if (r + 1 < rows || next(3) != 0) end_line();  // sometimes no final line break
    }
    auto p = parse(text);
    REQUIRE(p.ok);
    REQUIRE(p.table.table.rows() == rows);
    CHECK(test::as_vector(p.table.table.lines) == want_lines);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < width; ++c) {
        CAPTURE(r);
        CAPTURE(c);
        CHECK(cell(p, r, c) == want[r][c]);
      }
  }
}

TEST_CASE("csv: a stray `\"` or CR far into a line of long cells names that line") {
  // Long cells before the stray byte, and more lines after it: the block
  // holding it lies inside the text, so the block scan meets it.
  const std::string cells = std::string(70, 'a') + "," + std::string(70, 'b');
  const std::string after = cells + ",ok\n" + cells + ",ok\n";
  CHECK(parse("a,b,c\n" + cells + ",ok\n" + cells + ",x\"y\n" + after).errors ==
        "t.csv:3: error[I0110]: `\"` inside an unquoted field (quote the whole field and double the `\"`)\n");
  CHECK(parse("a,b,c\n" + cells + ",ok\n" + cells + ",x\ry\n" + after).errors ==
        "t.csv:3: error[I0112]: bare carriage return outside quotes (expected CRLF or LF)\n");
  CHECK(parse("a,b,c\n" + cells + ",ok\n" + cells + ",xy\r\n" + after).errors == "");
  CHECK(parse("a,b,c\n" + cells + ",ok\n" + cells + ",\r" + after).errors ==
        "t.csv:3: error[I0112]: bare carriage return outside quotes (expected CRLF or LF)\n");
}

// A table is sized for the most records its text can hold before it is
// read. Line breaks alone are not a bound a wide header can be trusted
// with: 300,000 columns over a million blank lines would be 3 * 10^11
// cells. Each record takes at least a byte per column, which bounds it.
TEST_CASE("csv: a very wide header over many blank lines sizes the table by the bytes, not the lines") {
  std::string text;
  for (int c = 0; c < 300000; ++c) text += (c == 0 ? "c" : ",c") + std::to_string(c);
  text += "\n";
  text += std::string(1000000, '\n');
  text += "only,two\n";
  auto p = parse(text);
  CHECK(p.ok);
  CHECK_FALSE(p.table.complete);
  CHECK(p.table.table.rows() == 0);
  CHECK(p.table.table.cells.capacity() <= 5 * 300000);  // (1,000,010 bytes / 300,000) + 1 rows
  CHECK(p.errors == "t.csv:1000002: error[I0114]: expected 300000 fields as in the header, found 2\n");
}

// A syntax error in the first half of a large file stops the read. The
// table must then hold the records before the error, each cell an id of
// the shared pool, as a one-threaded read leaves it: the two halves share
// one table sized for the whole file, and a layered first half keeps ids
// of its own pool until the merge.
TEST_CASE("csv: a syntax error in the first half of a large file leaves only the rows before it, with shared ids") {
  for (const std::size_t known : {std::size_t{0}, std::size_t{100000}}) {
    CAPTURE(known);
    StringPool pool;
    for (std::size_t k = 0; k < known; ++k) pool.intern("k" + std::to_string(k));
    std::string text = "a,b\n";
    const int rows = 1200000;  // ~ 36 MB: read in two halves
    const int bad = 1000;
    for (int i = 0; i < rows; ++i)
      text += "row" + std::to_string(i) + (i == bad ? ",bad\"quote\n" : ",value-" + std::to_string(i % 977) + "xxxxxxxxxxx\n");
    RawTable out;
    out.path = "t.csv";
    Diagnostics d;
    CHECK_FALSE(read_csv(text, pool, out, d));
    CHECK(render_plain(d) == "t.csv:" + std::to_string(bad + 2) +
                                 ": error[I0110]: `\"` inside an unquoted field (quote the whole field and double the `\"`)\n");
    REQUIRE(out.table.rows() <= static_cast<std::size_t>(bad));
    REQUIRE(out.table.cells.size() == out.table.rows() * 2);
    for (std::size_t r = 0; r < out.table.rows(); ++r) {
      REQUIRE(out.table.cell(r, 0) < pool.size());
      REQUIRE(out.table.cell(r, 1) < pool.size());
      CHECK(pool.view(out.table.cell(r, 0)) == "row" + std::to_string(r));
    }
  }
}
