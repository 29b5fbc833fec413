// The JSON fast path against the slow path: on every document the fast path
// accepts, the two must give the same tables, cells, StrIds, lines and flags;
// on every document it declines, read_json must give exactly what the slow
// path alone gives, diagnostics included.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "inventory/json_fast_reader.hpp"
#include "inventory/json_reader.hpp"

using namespace ward;

namespace {

// fast_split: the fast path with two readers on any text, the second from
// the first `}, {` after the middle (json_fast_reader.cpp).
enum class Path { fast_only, fast_split, automatic, slow_only };

struct Read {
  bool ok = false;
  std::vector<RawTable> tables;
  StringPool pool;
  std::string errors;
};

Read read(std::string_view text, Path path) {
  Read r;
  Diagnostics d;
  switch (path) {
    case Path::fast_only: r.ok = read_json_fast(text, "t.json", r.pool, r.tables); break;
    case Path::fast_split: r.ok = read_json_fast(text, "t.json", r.pool, r.tables, nullptr, 0); break;
    case Path::automatic: r.ok = read_json(text, "t.json", r.pool, r.tables, d); break;
    case Path::slow_only: r.ok = read_json_slow_path_only(text, "t.json", r.pool, r.tables, d); break;
  }
  r.errors = render_plain(d);
  return r;
}

// Everything a reader produces, compared field by field.
void check_same(const Read& a, const Read& b) {
  CHECK(a.ok == b.ok);
  CHECK(a.errors == b.errors);
  REQUIRE(a.tables.size() == b.tables.size());
  for (std::size_t i = 0; i < a.tables.size(); ++i) {
    const RawTable& x = a.tables[i];
    const RawTable& y = b.tables[i];
    INFO("table " << i << " `" << y.table.name << "`");
    CHECK(x.table.name == y.table.name);
    CHECK(x.table.file == y.table.file);
    CHECK(x.table.columns == y.table.columns);
    CHECK(x.table.cells == y.table.cells);
    CHECK(x.table.lines == y.table.lines);
    CHECK(x.table.hash_rows == y.table.hash_rows);
    CHECK(x.table.row_hashes == y.table.row_hashes);
    CHECK(x.path == y.path);
    CHECK(x.cell_lines == y.cell_lines);
    CHECK(x.from_json == y.from_json);
    CHECK(x.header_line == y.header_line);
    CHECK(x.header_read == y.header_read);
    CHECK(x.complete == y.complete);
    CHECK(x.present == y.present);
  }
  REQUIRE(a.pool.size() == b.pool.size());
  for (StrId id = 0; id < a.pool.size(); ++id) CHECK(a.pool.view(id) == b.pool.view(id));
}

// `doc` must be taken by the fast path and read exactly as the slow path reads it.
void check_fast_path_takes(std::string_view doc) {
  INFO("document: " << doc);
  Read slow = read(doc, Path::slow_only);
  REQUIRE(slow.ok);
  REQUIRE(slow.errors.empty());
  Read fast = read(doc, Path::fast_only);
  REQUIRE(fast.ok);
  check_same(fast, slow);
  Read split = read(doc, Path::fast_split);
  REQUIRE(split.ok);
  check_same(split, slow);
  check_same(read(doc, Path::automatic), slow);
}

// `doc` must be declined by the fast path, and read_json must then give
// what the slow path gives. Returns the diagnostics.
std::string check_fast_path_declines(std::string_view doc) {
  INFO("document: " << doc);
  CHECK_FALSE(read(doc, Path::fast_only).ok);
  CHECK_FALSE(read(doc, Path::fast_split).ok);
  Read slow = read(doc, Path::slow_only);
  check_same(read(doc, Path::automatic), slow);
  return slow.errors;
}

std::string cell(const Read& r, std::size_t table, std::size_t row, std::size_t col) {
  return std::string(r.pool.view(r.tables[table].table.cell(row, col)));
}

}  // namespace

TEST_CASE("json fast path: a small inventory, checked by hand as well as against the slow path") {
  const std::string doc =
      "{\"identities\": [\n"
      "  {\"id\": \"u1\", \"type\": \"employee\", \"status\": true},\n"
      "  {\"id\": \"u2\",\n   \"type\": null}\n"
      "],\n"
      "\"edges\": []}\n";
  check_fast_path_takes(doc);
  Read r = read(doc, Path::fast_only);
  REQUIRE(r.tables.size() == 2);
  const RawTable& ids = r.tables[0];
  CHECK(ids.table.name == "identities");
  CHECK(ids.path == "t.json");
  CHECK(ids.from_json);
  CHECK(ids.complete);
  CHECK(ids.table.columns == std::vector<std::string>{"id", "type", "status"});
  CHECK(test::as_vector(ids.table.lines) == std::vector<std::uint32_t>{2, 3});
  CHECK(ids.cell_lines == std::vector<std::uint32_t>{2, 2, 2 | kCellWasBool, 3, 4, 0});
  CHECK(cell(r, 0, 0, 2) == "true");
  CHECK(ids.table.cell(1, 1) == kEmptyStr);
  CHECK(ids.table.cell(1, 2) == kEmptyStr);
  // Interned in document order: u1, employee, true, u2.
  REQUIRE(r.pool.size() == 5);
  CHECK(r.pool.view(1) == "u1");
  CHECK(r.pool.view(2) == "employee");
  CHECK(r.pool.view(3) == "true");
  CHECK(r.pool.view(4) == "u2");
  CHECK(r.tables[1].table.name == "edges");
  CHECK(r.tables[1].table.rows() == 0);
  CHECK(r.tables[1].table.columns.empty());
}

TEST_CASE("json fast path: escapes decode exactly as the slow path decodes them") {
  check_fast_path_takes(R"({"t": [{"a": "q\"b\\s\/f\b\f\n\r\t."}]})");
  check_fast_path_takes(R"({"t": [{"a": "\u00e9\u00E9 \u20ac \u0041 \u007f \u0080 \u07ff \u0800 \uffff"}]})");
  check_fast_path_takes(R"({"t": [{"a": "\ud83d\ude00 \uD83D\uDE00 \udbff\udfff \ud800\udc00"}]})");
  check_fast_path_takes(R"({"t": [{"\u0069d": "x", "k\u00e9y": "\"quoted\""}, {"id": "y", "kéy": "z"}]})");
  check_fast_path_takes(R"({"t\u00e1ble": [{"a": "1"}], "t\\2": []})");
  check_fast_path_takes(R"({"t": [{"a": "\\", "b": "\\\\", "c": "\"", "d": "end\\"}]})");
  // Raw UTF-8 of every length, and escaped and raw forms of one string (one id).
  check_fast_path_takes("{\"t\": [{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}, {\"a\": \"\\u00e9\\u20ac\\ud83d\\ude00\"}]}");
  Read r = read(R"({"t": [{"a": "caf\u00e9", "b": "café", "c": "\ud83d\ude00"}]})", Path::fast_only);
  REQUIRE(r.ok);
  CHECK(r.tables[0].table.cell(0, 0) == r.tables[0].table.cell(0, 1));
  CHECK(cell(r, 0, 0, 2) == "\xf0\x9f\x98\x80");
}

TEST_CASE("json fast path: whitespace, CRLF and blank lines give the slow path's lines") {
  check_fast_path_takes("{\"t\":[{\"a\":\"1\",\"b\":true},{\"a\":\"2\",\"b\":false}]}");
  check_fast_path_takes("\r\n\r\n{\r\n  \"t\" : [\r\n\r\n    {\r\n      \"a\" : \"1\" ,\r\n      \"b\" :\r\n true\r\n    }\r\n  ]\r\n}\r\n");
  check_fast_path_takes("\n\n\t{ \"t\":\n\n[ { \"a\"\n:\n\"x\" } ,\n\n\n{ \"a\" : null }\n ] }\n\n\n");
  check_fast_path_takes("{\"t\": [{\"a\": \"x\"}\n,\n{\"a\": \"y\"}]}   \t \r\n ");
  check_fast_path_takes("{\"t\":\r[{\"a\":\r\"x\"}]}");  // a bare CR is whitespace but not a line
}

TEST_CASE("json fast path: booleans, nulls, empty strings, empty rows and empty tables") {
  check_fast_path_takes(R"({"t": [{"a": true, "b": false, "c": null, "d": ""}, {"a": false, "b": true, "c": "", "d": null}]})");
  check_fast_path_takes(R"({"t": [{"a": "false", "b": false, "c": "true", "d": true}]})");  // "true" interned once
  check_fast_path_takes(R"({"t": [{}, {}, {"a": "x"}, {}]})");
  check_fast_path_takes(R"({"t": [{}]})");
  check_fast_path_takes(R"({"t": []})");
  check_fast_path_takes(R"({"t": [], "u": [], "v": [{"": ""}]})");
  check_fast_path_takes(R"({})");
  check_fast_path_takes(" { } ");
  check_fast_path_takes(R"({"": [{"a": "b"}]})");
}

TEST_CASE("json fast path: missing keys, keys in other orders, new keys in later rows") {
  check_fast_path_takes(R"({"t": [{"a": "1", "b": "2"}, {"b": "3", "a": "4"}, {"a": "5"}, {"b": "6"}, {"c": "7", "a": "8"}]})");
  check_fast_path_takes(R"({"t": [{"a": "1"}, {"a": "2", "b": "x"}, {"c": "y"}, {"a": "3", "b": "4", "c": "5", "d": "6"}]})");
  check_fast_path_takes(R"({"t": [{"a": "1", "b": "2", "c": "3"}, {"a": "1", "c": "3", "b": "2"}, {"c": "3"}]})");
  // Columns of one table do not leak into the next.
  check_fast_path_takes(R"({"t": [{"a": "1", "b": "2"}], "u": [{"b": "3", "z": "4"}, {"a": "5"}]})");
  // Every row adds a column: the rows are widened (doubling) and narrowed at the end.
  std::string doc = "{\"t\": [";
  for (int i = 0; i < 100; ++i) doc += (i ? "," : "") + std::string("{\"k") + std::to_string(i) + "\": \"v\", \"base\": \"w\"}";
  doc += "], \"u\": [{\"x\": \"1\"}]}";
  check_fast_path_takes(doc);
  // More columns than the short scan covers, in one row and spread over rows, in varying orders.
  std::string wide = "{\"t\": [{";
  for (int i = 0; i < 300; ++i) wide += (i ? "," : "") + std::string("\"c") + std::to_string(i) + "\": \"" + std::to_string(i % 7) + "\"";
  wide += "}, {";
  for (int i = 299; i >= 0; i -= 3) wide += (i != 299 ? "," : "") + std::string("\"c") + std::to_string(i) + "\": true";
  wide += ", \"new\": null}]}";
  check_fast_path_takes(wide);
}

TEST_CASE("json fast path: keys that need decoding, repeated row after row") {
  check_fast_path_takes(R"({"t": [{"q\"k": "1", "back\\slash": "2", "nl\n": "3", "a\\": "4", "\u00e9": "5"},
                                 {"q\"k": "1", "back\\slash": "2", "nl\n": "3", "a\\": "4", "\u00e9": "5"},
                                 {"q\"k": "6", "back\\slash": "7", "nl\n": "8", "a\\": "9", "é": "0"}]})");
  // A key whose raw bytes start like a column name but go on.
  check_fast_path_takes(R"({"t": [{"id": "1", "type": "2"}, {"idx": "3", "type2": "4"}, {"i": "5", "typ": "6"}]})");
}

TEST_CASE("json fast path: large tables, repeated values and booleans first met late keep the intern order") {
  std::string doc = "{\"edges\": [\n";
  for (int i = 0; i < 6000; ++i) {
    if (i) doc += ",\n";
    doc += "{\"from\": \"u" + std::to_string(i / 3) + "\", \"to\": \"" + (i % 7 == 0 ? "\\u00e9" : "") + "g" +
           std::to_string(i % 50) + "\", \"relation\": \"member_of\"";
    if (i >= 4500) doc += i % 2 ? ", \"flag\": true" : ", \"flag\": false";
    if (i == 5000) doc += ", \"late\": \"x\"";
    doc += "}";
  }
  doc += "\n], \"more\": [{\"flag\": \"true\", \"v\": \"u1\"}]}";
  check_fast_path_takes(doc);
}

TEST_CASE("json fast path: declines what it is not sure of, and read_json still reports as the slow path does") {
  // Each of these is an error the slow path reports (the messages are pinned
  // in tests/golden/inventory/json-* and tests/golden/hostile/json-*).
  CHECK(check_fast_path_declines(R"({"t": [{"a": 1}]})").find("error[I0151]: value of `a` must be a string, boolean or null, found a number") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": -1.5e3}]})").find("found a number") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": {"b": "c"}}]})").find("found an object") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": ["b"]}]})").find("found an array") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x", "a": "y"}]})") == "t.json:1: error[I0152]: duplicate key `a` in a row of table `t`\n");
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\"},\n{\"b\": \"y\", \"a\": \"z\", \"b\": \"w\"}]}") ==
        "t.json:2: error[I0152]: duplicate key `b` in a row of table `t`\n");
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x", "\u0061": "y"}]})").find("I0152") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [],\n\"t\": []}") == "t.json:2: error[I0151]: duplicate key `t` (each table may appear once)\n");
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x\u0000y"}]})").find("I0104") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a\u0000": "x"}]})").find("NUL character") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t\u0000": []})").find("NUL character") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\ud800"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\udc00"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\ude00\ud83d"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\ud83d\u0041"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\ud83dx"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\u12g4"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "\x41"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\ny\"}]}").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\ty\"}]}").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"\x1b[31m\"}]}").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("[]") == "t.json:1: error[I0151]: expected a JSON object with one array per table, found an array\n");
  CHECK(check_fast_path_declines("\"x\"").find("found a string") != std::string::npos);
  CHECK(check_fast_path_declines("3").find("found a number") != std::string::npos);
  CHECK(check_fast_path_declines("null").find("found a null") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": {}})").find("must be an array of row objects, found an object") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": "x"})").find("found a string") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": null})").find("found a null") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": ["x"]})").find("each row of table `t` must be an object") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [[]]})").find("found an array") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [true]})").find("found a boolean") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": []} x)").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": []}{})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [],})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x"},]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x",}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": "x" "b": "y"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a" "x"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": tru}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": truex}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": True}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{"a": NaN}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({'t': []})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines(R"({"t": [{a: "x"}]})").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [] /* c */}").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\"}").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"\\u00").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\\").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\"").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": []}\xEF\xBB\xBF").find("I0150") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"x\"}]}\x0c").find("I0150") != std::string::npos);  // form feed: not JSON whitespace
  // Checked before either path runs; the fast path declines them on its own too.
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"\xc3\"}]}").find("I0103") != std::string::npos);
  CHECK(check_fast_path_declines("{\"t\": [{\"a\": \"\xed\xa0\x80\"}]}").find("I0103") != std::string::npos);
  CHECK(check_fast_path_declines(std::string("{\"t\": [{\"a\": \"x\0y\"}]}", 21)).find("I0104") != std::string::npos);
  CHECK(check_fast_path_declines("   \n").find("I0102") != std::string::npos);
}

TEST_CASE("json fast path: declines invalid UTF-8 and NUL bytes anywhere, so read_json checks UTF-8 only before the slow path") {
  // read_json runs its UTF-8 check only when the fast path declines: these
  // pin that the fast path declines every such document wherever the bad
  // byte is, and that the diagnostic is still the check's, at its line.
  const std::string nul(1, '\0');
  const std::vector<std::string> bad = {"\xc3", "\xff", "\x80", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", nul};
  for (const std::string& b : bad) {
    const bool is_nul = b == nul;
    const std::string code = is_nul ? "I0104" : "I0103";
    const std::vector<std::string> docs = {
        b + "{\"t\": []}",                                // before the document
        "{" + b + "\"t\": []}",                           // between tokens
        "{\"t\": [\n" + b + "{\"a\": \"x\"}]}",             // before a row
        "{\"t\": [{\"a\": \"x\"}" + b + "]}",               // after a row
        "{\"t\": [{\"a\"" + b + ": \"x\"}]}",               // after a key
        "{\"t\": [{\"a\": " + b + "\"x\"}]}",               // before a value
        "{\"t\": [{\"a\": \"x\"" + b + "}]}",               // after a value
        "{\"t\": [{\"a\": tr" + b + "ue}]}",                 // inside a literal
        "{\"t\": [{\"a\": \"x" + b + "\"}]}",               // in a value
        "{\"t\": [{\"a" + b + "\": \"x\"}]}",               // in a key
        "{\"t" + b + "\": []}",                            // in a table name
        "{\"t\": [{\"a\": \"x\\n" + b + "\"}]}",            // after an escape
        "{\"t\": [{\"a\": \"x\"}]}" + b,                  // after the last `}`
        "{\"t\": [{\"a\": \"x\"}]}\n\n " + b,            // after trailing whitespace
        "{\"t\": [{\"a\": \"x\"}]}\n" + b + "\n",        // between trailing whitespace
    };
    for (const std::string& doc : docs) {
      const std::string errors = check_fast_path_declines(doc);
      CHECK(errors.find("error[" + code + "]") != std::string::npos);
    }
  }
  // After a long accepted prefix, past the fast path's word-at-a-time scans,
  // with the key that the previous row's order predicts.
  std::string doc = "{\"a\": [";
  for (int i = 0; i < 3000; ++i) doc += (i ? ",\n" : "") + std::string("{\"id\": \"x") + std::to_string(i) + "abcdefgh\", \"k\": true}";
  for (const std::string& b : bad) {
    const std::string errors = check_fast_path_declines(doc + ",\n{\"id\": \"abcdefghijkl" + b + "mnop\", \"k\": true}]}");
    CHECK(errors == "t.json:3001: error[" + std::string(b == nul ? "I0104" : "I0103") + "]: " +
                        (b == nul ? std::string("NUL byte in file (inventories are UTF-8 text)")
                                  : fmt::format("invalid UTF-8 (byte 0x{:02X}); inventory files must be UTF-8",
                                                static_cast<unsigned char>(b[0]))) +
                        "\n");
    CHECK(check_fast_path_declines(doc + "]}  " + b).find(b == nul ? "I0104" : "I0103") != std::string::npos);
  }
}

TEST_CASE("json fast path: a declined document after a long accepted prefix leaves no trace") {
  // The fast path has interned and laid out rows when it meets the number.
  std::string doc = "{\"a\": [";
  for (int i = 0; i < 500; ++i) doc += (i ? "," : "") + std::string("{\"id\": \"x") + std::to_string(i) + "\", \"k\": true}";
  doc += "],\n\"b\": [{\"id\": \"late\"},\n{\"id\": 7}]}";
  CHECK(check_fast_path_declines(doc) == "t.json:3: error[I0151]: value of `id` must be a string, boolean or null, found a number\n");
}

TEST_CASE("json fast path: a BOM is removed by read_json before either path reads") {
  const std::string body = "{\"t\": [{\"a\": \"x\"}]}";
  check_fast_path_takes(body);
  Read with_bom = read("\xEF\xBB\xBF" + body, Path::automatic);
  CHECK(with_bom.ok);
  check_same(with_bom, read("\xEF\xBB\xBF" + body, Path::slow_only));
  check_same(with_bom, read(body, Path::slow_only));
}

TEST_CASE("json fast path: read_json given a pool that is not fresh reads with the slow path alone") {
  const std::string doc = "{\"t\": [{\"a\": \"x\"}, {\"a\": 1}]}";
  auto read_into_used_pool = [&](bool slow_only) {
    Read r;
    r.pool.intern("already");
    Diagnostics d;
    r.ok = slow_only ? read_json_slow_path_only(doc, "t.json", r.pool, r.tables, d)
                     : read_json(doc, "t.json", r.pool, r.tables, d);
    r.errors = render_plain(d);
    return r;
  };
  Read automatic = read_into_used_pool(false);
  CHECK(automatic.pool.view(1) == "already");
  check_same(automatic, read_into_used_pool(true));
}

namespace {

// A random inventory-shaped document: varied whitespace (CRLF, blank
// lines), keys from a small set in random orders, some missing, some new in
// later rows, and values of every accepted kind, escapes and UTF-8 included.
std::string random_document(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto ws = [&] {
    static const char* const kWs[] = {"", "", "", " ", "\n", "\r\n", "  ", "\n\n  ", "\t", "\r\n\r\n\t "};
    return std::string(kWs[pick(10)]);
  };
  auto string_body = [&] {
    static const char* const kPieces[] = {"a",      "id-7",   "",        "\\\"",     "\\\\",         "\\/",
                                          "\\n",    "\\t",    "\\r\\n", "\\b\\f",   "\\u00e9",      "\\u00C9",
                                          "\\u20ac", "\\ud83d\\ude00",   "\\uDBFF\\uDFFF", "\xc3\xa9", "\xe2\x82\xac",
                                          "\xf0\x9f\x98\x80", "true", "null", " ", "x y", "\\u0041", "\x7f", "'"};
    std::string s;
    for (int n = pick(4); n > 0; --n) s += kPieces[pick(25)];
    return s;
  };
  static const char* const kKeys[] = {"id", "type", "status", "d\\u00e9pt", "owner", "\\u0069d2", ""};
  std::string doc = ws() + "{" + ws();
  const int tables = pick(4);
  for (int t = 0; t < tables; ++t) {
    if (t) doc += "," + ws();
    doc += "\"table" + std::to_string(t) + "\"" + ws() + ":" + ws() + "[" + ws();
    const int rows = pick(6);
    const int key_count = 1 + pick(6);
    for (int r = 0; r < rows; ++r) {
      if (r) doc += "," + ws();
      doc += "{" + ws();
      // A row uses a random subset of the keys, usually in a fixed order.
      std::vector<int> keys;
      for (int k = 0; k < key_count; ++k)
        if (pick(5) != 0) keys.push_back(k);
      if (pick(4) == 0) std::shuffle(keys.begin(), keys.end(), rng);
      for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k) doc += "," + ws();
        doc += "\"" + std::string(kKeys[keys[k]]) + "\"" + ws() + ":" + ws();
        switch (pick(6)) {
          case 0: doc += "true"; break;
          case 1: doc += "false"; break;
          case 2: doc += "null"; break;
          default: doc += "\"" + string_body() + "\""; break;
        }
        doc += ws();
      }
      doc += "}" + ws();
    }
    doc += "]" + ws();
  }
  doc += "}" + ws();
  return doc;
}

}  // namespace

TEST_CASE("json fast path: random documents read the same both ways; mutated ones too") {
  std::mt19937 rng(20240611);
  int declined = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::string doc = random_document(rng);
    check_fast_path_takes(doc);
    // A few random byte edits: whatever the fast path then does, read_json
    // must give the slow path's result (the fast path may only accept what
    // the slow path reads without a diagnostic, and must read it the same).
    std::string bad = doc;
    static const char kBytes[] = "{}[]\",:\\ \nu0tfn1-x\xc3\xa9";
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0 && !bad.empty(); --edits) {
      const std::size_t at = rng() % bad.size();
      const char byte = kBytes[rng() % (sizeof(kBytes) - 1)];
      switch (rng() % 3) {
        case 0: bad[at] = byte; break;
        case 1: bad.insert(bad.begin() + static_cast<std::ptrdiff_t>(at), byte); break;
        default: bad.erase(at, 1); break;
      }
    }
    INFO("mutated: " << bad);
    const Read slow = read(bad, Path::slow_only);
    check_same(read(bad, Path::automatic), slow);
    const bool fast_ok = read(bad, Path::fast_only).ok;
    if (!fast_ok) ++declined;
    // Two readers accept exactly what one accepts, and read it the same.
    const Read split = read(bad, Path::fast_split);
    CHECK(split.ok == fast_ok);
    if (split.ok) check_same(split, slow);
  }
  CHECK(declined > 500);  // the mutations do exercise the fallback
}

// The second reader starts at the first `}, {` after the middle of the
// text. When that lies inside a string, the first reader passes it and
// reads the whole document alone; when the second half brings new keys, a
// key order of its own, or a table named as in the first half, the join
// gives what one reader gives, or declines as one reader would.
TEST_CASE("json fast path: two readers split at a row read as one reader does") {
  auto rows = [](int n, const std::string& row) {
    std::string s;
    for (int i = 0; i < n; ++i) s += (i ? ",\n  " : "") + row;
    return s;
  };
  const std::string plain = "{\"id\": \"u1\", \"type\": \"employee\", \"on\": true}";
  SUBCASE("a split in the middle of one table") {
    check_fast_path_takes("{\"identities\": [\n  " + rows(40, plain) + "],\n\"roles\": [{\"id\": \"r\"}]}");
  }
  SUBCASE("the guess falls inside a string") {
    std::string inside;
    for (int i = 0; i < 60; ++i) inside += "}, {";
    const std::string tricky = "{\"id\": \"" + inside + "\"}";
    const std::string doc = "{\"t\": [" + plain + ", " + tricky + ", " + plain + "]}";
    check_fast_path_takes(doc);
  }
  SUBCASE("new keys, other key orders, booleans and values first met in the second half") {
    const std::string late = "{\"type\": \"svc\", \"id\": \"u9\", \"extra\": false, \"more\": \"\\u00e9\"}";
    check_fast_path_takes("{\"t\": [" + rows(30, "{\"id\": \"u1\"}") + ", " + rows(30, late) + "],\r\n\"u\": [" +
                          rows(5, late) + "]}");
  }
  SUBCASE("tables after the split, with lines, nulls and missing keys") {
    const std::string sparse = "{\"id\": null,\n\"b\": \"x\"}";
    check_fast_path_takes("{\"a\": [" + rows(20, plain) + "],\n\"b\": [" + rows(20, sparse) + "],\n\"c\": [],\n\"d\": [{}]}");
  }
  SUBCASE("a table named in both halves is declined, as one reader declines it") {
    const std::string doc = "{\"t\": [" + rows(40, plain) + "], \"u\": [" + rows(40, plain) + "], \"t\": []}";
    check_fast_path_declines(doc);
  }
  SUBCASE("an error in the second half is declined") {
    check_fast_path_declines("{\"t\": [" + rows(40, plain) + ", {\"id\": 7}, " + rows(40, plain) + "]}");
  }
}

// A hostile document may give its rows hundreds of thousands of keys: the
// join of two halves finds each of the second half's columns by name, not
// by a scan of the first half's (which, 60,000 keys a side, would be 3.6
// billion comparisons). New keys on both sides of the split.
TEST_CASE("json fast path: a split between rows of 60,000 keys each joins their columns by name") {
  auto wide_row = [](char prefix) {
    std::string row = "{";
    for (int k = 0; k < 60000; ++k) row += fmt::format("{}\"{}{}\": \"v\"", k ? ", " : "", prefix, k);
    return row + "}";
  };
  const std::string doc = "{\"t\": [" + wide_row('a') + ", {\"b\": \"x\"}, " + wide_row('c') + "]}";
  check_fast_path_takes(doc);
  Read split = read(doc, Path::fast_split);
  REQUIRE(split.ok);
  CHECK(split.tables[0].table.columns.size() == 120001);
  CHECK(split.tables[0].table.columns.back() == "c59999");
}
