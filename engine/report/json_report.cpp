// The JSON report, written as a stream: a million findings must not become a
// million-node DOM first. Layout matches nlohmann's dump(2) so small reports
// read the same as before; key order is the contract's.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <thread>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "change_sections.hpp"
#include "json_writing.hpp"
#include "ward/report.hpp"

namespace ward {

namespace report_detail {

// A JSON string literal. Inputs are valid UTF-8 (loaders reject anything
// else), so only quotes, backslashes and control characters need escaping.
void quote(std::string& out, std::string_view s) {
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes that need no escape
  std::size_t k = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time while none needs escaping (the common case:
  // ids, dates, messages): bytes up to 0x1F, `"` and `\`.
  const __m128i control_max = _mm_set1_epi8(0x1F), quote_char = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; k + 16 <= s.size(); k += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + k));
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, quote_char), _mm_cmpeq_epi8(v, backslash)));
    if (_mm_movemask_epi8(special) != 0) break;  // the byte loop below handles this block
  }
#endif
  for (; k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, k - plain);
    plain = k + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

static void string_array(std::string& out, const std::vector<std::string>& items, const std::string& indent) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (std::size_t k = 0; k < items.size(); ++k) {
    out += indent + "  ";
    quote(out, items[k]);
    out += k + 1 < items.size() ? ",\n" : "\n";
  }
  out += indent + "]";
}

// One element of a findings array, with the separator before it.
static void write_finding(std::string& out, const Finding& f, bool first) {
  out += first ? "\n    {\n      \"rule\": " : ",\n    {\n      \"rule\": ";
  quote(out, f.rule);
  out += ",\n      \"control\": ";
  string_array(out, f.controls, "      ");
  out += ",\n      \"severity\": \"";
  out += to_string(f.severity);
  out += "\",\n      \"subject\": ";
  quote(out, f.subject);
  out += ",\n      \"key\": ";
  quote(out, f.key);
  out += ",\n      \"message\": ";
  quote(out, f.message);
  out += ",\n      \"evidence\": [";
  for (std::size_t e = 0; e < f.evidence.size(); ++e) {
    out += e ? ",\n        {\n          \"path\": " : "\n        {\n          \"path\": ";
    string_array(out, f.evidence[e].nodes, "          ");
    out += ",\n          \"sources\": ";
    string_array(out, f.evidence[e].sources, "          ");
    out += "\n        }";
  }
  out += f.evidence.empty() ? "],\n" : "\n      ],\n";
  out += "      \"policy\": ";
  quote(out, f.policy);
  if (f.excepted) {
    out += ",\n      \"exception\": {\n        \"approved_by\": ";
    quote(out, f.excepted->approved_by);
    out += ",\n        \"expires\": ";
    quote(out, f.excepted->expires);
    out += ",\n        \"reason\": ";
    quote(out, f.excepted->reason);
    out += ",\n        \"source\": ";
    quote(out, f.excepted->source);
    out += "\n      }";
  }
  out += "\n    }";
}

// The end of a findings array of `n` elements.
static void close_findings(std::string& out, std::size_t n) { out += n == 0 ? "]" : "\n  ]"; }

void write_findings(std::string& out, const std::vector<Finding>& findings) {
  for (std::size_t k = 0; k < findings.size(); ++k) write_finding(out, findings[k], k == 0);
  close_findings(out, findings.size());
}

}  // namespace report_detail

using report_detail::quote;
using report_detail::close_findings;
using report_detail::write_finding;
using report_detail::write_findings;

namespace {

// Findings are rendered in blocks of this many, on all threads at once.
constexpr std::size_t kBlock = 2048;

// The elements of a findings array, then its `]`, handed to `sink` in
// order after `out` (which is handed over first). Large arrays render in
// rounds of `threads` blocks on as many threads, each block into a buffer
// of its own that is reused, while this thread hands the previous round to
// `sink` (writing a file costs the kernel as much as rendering it). Memory
// stays at two rounds of blocks whatever the size of the report.
bool stream_findings(std::string& out, const std::vector<Finding>& findings, unsigned threads,
                     const std::function<bool(std::string_view)>& sink) {
  const std::size_t n = findings.size();
  if (n <= kBlock || threads <= 1) {
    for (std::size_t k = 0; k < n; ++k) {
      write_finding(out, findings[k], k == 0);
      if (out.size() >= (1u << 20)) {
        if (!sink(out)) return false;
        out.clear();
      }
    }
    close_findings(out, n);
    return true;
  }
  if (!sink(out)) return false;
  out.clear();
  const std::size_t step = kBlock * threads;
  std::vector<std::string> buffers[2] = {std::vector<std::string>(threads), std::vector<std::string>(threads)};
  std::vector<std::exception_ptr> failures(threads);  // a worker's exception, rethrown here after the join
  auto render = [&](std::string& b, std::size_t begin, std::size_t t) {
    try {
      b.clear();
      for (std::size_t k = begin; k < std::min(n, begin + kBlock); ++k) write_finding(b, findings[k], k == 0);
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  // A round's workers, joined however the round ends (a sink that throws,
  // a thread that cannot start).
  struct Round {
    std::vector<std::thread> workers;
    ~Round() {
      for (auto& w : workers) w.join();  // all started ones are joinable
    }
  };
  auto start_round = [&](Round& r, std::vector<std::string>& set, std::size_t round) {
    for (std::size_t t = 0; t < threads && round + t * kBlock < n; ++t)
      r.workers.emplace_back(render, std::ref(set[t]), round + t * kBlock, t);
  };
  auto rethrow = [&] {
    for (auto& f : failures)
      if (f) std::rethrow_exception(f);
  };
  {
    Round first;
    start_round(first, buffers[0], 0);
  }
  rethrow();
  bool ok = true;
  for (std::size_t round = 0, set = 0; round < n; round += step, set ^= 1) {
    {
      Round next;
      start_round(next, buffers[set ^ 1], round + step);
      for (std::size_t t = 0; ok && t < threads && round + t * kBlock < n; ++t) ok = sink(buffers[set][t]);
    }
    rethrow();
    if (!ok) return false;
  }
  close_findings(out, n);
  return true;
}

}  // namespace

bool write_json(const Report& r, const std::function<bool(std::string_view)>& sink, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::string out;
  out += "{\n  \"tool\": {\n    \"name\": \"ward\",\n    \"version\": ";
  quote(out, r.tool_version);
  out += "\n  },\n  \"as_of\": ";
  quote(out, r.as_of);
  out += ",\n  \"inputs\": [";
  for (std::size_t k = 0; k < r.inputs.size(); ++k) {
    out += k ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ";
    quote(out, r.inputs[k].path);
    out += ",\n      \"sha256\": ";
    quote(out, r.inputs[k].sha256);
    out += "\n    }";
  }
  out += r.inputs.empty() ? "],\n" : "\n  ],\n";

  std::map<std::string, std::size_t> by_control;
  std::size_t by_sev[4] = {0, 0, 0, 0};
  for (const auto& f : r.findings) {
    ++by_sev[static_cast<int>(f.severity)];
    for (const auto& c : f.controls) ++by_control[c];
  }
  out += fmt::format("  \"summary\": {{\n    \"findings\": {},\n    \"by_severity\": {{", r.findings.size());
  bool first = true;
  for (int s = 3; s >= 0; --s)
    if (by_sev[s]) {
      out += fmt::format("{}\n      \"{}\": {}", first ? "" : ",", to_string(static_cast<Severity>(s)), by_sev[s]);
      first = false;
    }
  out += first ? "},\n" : "\n    },\n";
  out += "    \"by_control\": {";
  first = true;
  for (const auto& [c, n] : by_control) {
    out += first ? "\n      " : ",\n      ";
    quote(out, c);
    out += fmt::format(": {}", n);
    first = false;
  }
  out += first ? "},\n" : "\n    },\n";
  out += fmt::format("    \"rules\": {},\n    \"identities\": {}\n  }},\n  \"findings\": [", r.rules, r.identities);

  if (!stream_findings(out, r.findings, threads, sink)) return false;
  out += ",\n  \"excepted\": [";
  if (!stream_findings(out, r.excepted, threads, sink)) return false;
  if (r.change)
    report_detail::change_json(out, *r.change);
  out += "\n}\n";
  return sink(out);
}

std::string render_json(const Report& r) {
  std::string text;
  write_json(r, [&](std::string_view piece) {
    text += piece;
    return true;
  });
  return text;
}

}  // namespace ward
