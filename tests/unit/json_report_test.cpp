// The streamed JSON report: escaping, and the pieces write_json() hands
// over, which must add up to the same document however many threads
// rendered it and however the findings fall into blocks.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "ward/report.hpp"

using namespace ward;

namespace {

Report report_with(std::size_t findings, std::size_t excepted) {
  Report r;
  r.tool_version = "test";
  r.as_of = "2026-12-06";
  r.inputs.push_back({"data/edges.csv", "ab12"});
  r.rules = 3;
  r.identities = findings;
  auto finding = [](std::size_t k) {
    Finding f;
    f.rule = k % 3 == 0 ? "pack.alpha" : k % 3 == 1 ? "pack.beta" : "pack.gamma";
    f.controls = k % 2 ? std::vector<std::string>{"A.5.3"} : std::vector<std::string>{"A.8.2", "A.5.18"};
    f.severity = static_cast<Severity>(k % 4);
    f.subject = "u" + std::to_string(k);
    f.key = k % 5 ? "" : "e\"" + std::to_string(k);
    f.message = "line\nbreak, tab\t, quote \", backslash \\, bell \x07 and " + std::to_string(k);
    if (k % 7 == 0) f.evidence.push_back({{"u" + std::to_string(k), "g1", "e1"}, {"edges.csv:2", "edges.csv:3"}});
    f.policy = "policy.ward:" + std::to_string(k % 40);
    f.origin = "identities.csv:" + std::to_string(k + 2);
    return f;
  };
  for (std::size_t k = 0; k < findings; ++k) r.findings.push_back(finding(k));
  for (std::size_t k = 0; k < excepted; ++k) {
    Finding f = finding(k);
    f.excepted = std::make_shared<const AcceptedBy>(
        AcceptedBy{"ciso", "2027-01-01", "project \"x\"", "exceptions.csv:" + std::to_string(k + 2)});
    r.excepted.push_back(std::move(f));
  }
  return r;
}

std::string pieces_of(const Report& r, unsigned threads, std::size_t* count = nullptr) {
  std::string text;
  std::size_t pieces = 0;
  CHECK(write_json(r, [&](std::string_view piece) {
    text += piece;
    ++pieces;
    return true;
  }, threads));
  if (count) *count = pieces;
  return text;
}

}  // namespace

TEST_CASE("json report: strings are escaped so that they read back as they were") {
  Report r = report_with(0, 0);
  Finding f;
  std::string every_control;
  for (int c = 1; c < 0x20; ++c) every_control += static_cast<char>(c);
  f.rule = "r";
  f.subject = "\"quoted\"\\back\\slashed\\";
  f.message = every_control + " caf\xc3\xa9 \xe2\x82\xac \x7f end";
  f.key = "";
  r.findings.push_back(f);
  const auto j = nlohmann::json::parse(render_json(r));
  CHECK(j["findings"][0]["subject"] == f.subject);
  CHECK(j["findings"][0]["message"] == f.message);
  CHECK(j["findings"][0]["key"] == "");
  CHECK(render_json(r).find("\\u0007") != std::string::npos);
  CHECK(render_json(r).find("\\n") != std::string::npos);
}

TEST_CASE("json report: an escape at any place of a string, around the sixteen-byte blocks") {
  // Plain runs are copied sixteen bytes at a time: a character to escape
  // must be found wherever it falls, and multi-byte UTF-8 must pass.
  Report r = report_with(0, 0);
  const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', '\t'};
  for (std::size_t length = 1; length <= 40; ++length)
    for (std::size_t at = 0; at < length; ++at)
      for (char special : specials) {
        Finding f;
        f.rule = "r";
        std::string before(at, 'x');
        for (std::size_t i = 1; i + 1 < at; i += 5) before.replace(i, 2, "\xc3\xa9");  // é: two bytes over 0x7F
        f.subject = before + special + std::string(length - at - 1, 'y');
        f.message = f.subject + f.subject;
        r.findings.push_back(f);
      }
  const auto j = nlohmann::json::parse(render_json(r));
  REQUIRE(j["findings"].size() == r.findings.size());
  for (std::size_t k = 0; k < r.findings.size(); ++k) {
    INFO("finding ", k);
    CHECK(j["findings"][k]["subject"] == r.findings[k].subject);
    CHECK(j["findings"][k]["message"] == r.findings[k].message);
  }
}

TEST_CASE("json report: the streamed pieces are the same document on any number of threads") {
  // Sizes around the block size (2048) and around whole rounds of blocks.
  for (std::size_t n : {0, 1, 2047, 2048, 2049, 4096, 4097, 6144, 10001}) {
    CAPTURE(n);
    const Report r = report_with(n, n / 3);
    std::size_t pieces = 0;
    const std::string one = pieces_of(r, 1);
    CHECK(pieces_of(r, 2, &pieces) == one);
    CHECK(pieces_of(r, 3) == one);
    CHECK(pieces_of(r, 8) == one);
    CHECK(render_json(r) == one);
    const auto j = nlohmann::json::parse(one);
    REQUIRE(j["findings"].size() == n);
    REQUIRE(j["excepted"].size() == n / 3);
    if (n > 0) {
      CHECK(j["findings"][n - 1]["subject"] == "u" + std::to_string(n - 1));
      CHECK(j["findings"][0]["message"] == r.findings[0].message);
    }
    if (n / 3 > 0) CHECK(j["excepted"][n / 3 - 1]["exception"]["reason"] == "project \"x\"");
    if (n > 4096) CHECK(pieces > 3);  // handed over in blocks, not as one string
  }
}

TEST_CASE("json report: a sink that fails stops the writing") {
  const Report r = report_with(20000, 0);
  for (unsigned threads : {1u, 2u}) {
    std::size_t calls = 0;
    CHECK_FALSE(write_json(r, [&](std::string_view) { return ++calls < 3; }, threads));
    CHECK(calls == 3);
  }
}

TEST_CASE("json report: a sink that throws passes its exception on, after the render threads are joined") {
  const Report r = report_with(20000, 0);
  for (unsigned threads : {1u, 2u, 4u}) {
    std::size_t calls = 0;
    CHECK_THROWS_AS(write_json(r, [&](std::string_view) -> bool {
      if (++calls == 3) throw std::runtime_error("disk full");
      return true;
    }, threads), std::runtime_error);
  }
}
