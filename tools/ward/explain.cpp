// `ward explain --data INV IDENTITY TARGET [--all] [--format text|json]`:
// why does IDENTITY reach TARGET? Each path edge by edge, with the data file
// and line of every edge and its approval, expiry and reason.
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <vector>

#include "command.hpp"
#include "ward/access_graph.hpp"
#include "ward/paths.hpp"
#include "ward/suggest.hpp"

namespace ward::cli {

namespace {

struct ExplainOptions {
  std::string data;
  std::string source;
  std::string target;
  bool all = false;
  std::string format = "text";
  std::size_t max_paths = 100;
  std::size_t max_length = 64;
  std::size_t max_errors = 100;
};

std::string suggest_node(const Inventory& inv, std::string_view word) {
  std::vector<std::string_view> ids;
  ids.reserve(inv.node_count());
  for (NodeId n = 0; n < inv.node_count(); ++n) ids.push_back(inv.node_id(n));
  auto near = closest_match(word, ids);
  return near ? fmt::format("did you mean `{}`?", *near) : "";
}

nlohmann::ordered_json edge_json(const Inventory& inv, std::uint32_t row) {
  const Edge& e = inv.edges[row];
  nlohmann::ordered_json j;
  j["from"] = inv.node_id(e.from);
  j["to"] = inv.node_id(e.to);
  j["relation"] = to_string(e.relation);
  j["source"] = fmt::format("{}:{}", inv.edges_file(), inv.edge_line(row));
  j["granted"] = e.granted.present() ? nlohmann::ordered_json(format_date(e.granted)) : nullptr;
  j["expires"] = e.expires.present() ? nlohmann::ordered_json(format_date(e.expires)) : nullptr;
  const StrId approver = inv.edge_approved_by(row), reason = inv.edge_reason(row);
  j["approved_by"] = approver != kEmptyStr ? nlohmann::ordered_json(inv.strings.view(approver)) : nullptr;
  j["reason"] = reason != kEmptyStr ? nlohmann::ordered_json(inv.strings.view(reason)) : nullptr;
  return j;
}

std::string edge_text(const Inventory& inv, std::uint32_t row) {
  const Edge& e = inv.edges[row];
  std::string out = fmt::format("  {} --{}--> {}\n      {}:{}", printable(inv.node_id(e.from)), to_string(e.relation),
                                printable(inv.node_id(e.to)), printable(inv.edges_file()), inv.edge_line(row));
  if (e.granted.present()) out += fmt::format("  granted {}", format_date(e.granted));
  const StrId approver = inv.edge_approved_by(row), reason = inv.edge_reason(row);
  if (approver != kEmptyStr)
    out += fmt::format("  approved by {}", printable(inv.strings.view(approver)));
  else
    out += "  no approval recorded";
  if (e.expires.present()) out += fmt::format("  expires {}", format_date(e.expires));
  if (reason != kEmptyStr) out += fmt::format("\n      reason: {}", printable(inv.strings.view(reason)));
  return out + "\n";
}

int run_explain(const ExplainOptions& o) {
  auto inv = load_or_report(o.data, o.max_errors);
  if (!inv) return kExitError;
  NodeId source = inv->find_node(o.source);
  NodeId target = inv->find_node(o.target);
  bool bad = false;
  if (source == kNoNode) {
    print_error(fmt::format("`{}` is not a node of inventory `{}`", o.source, o.data), suggest_node(*inv, o.source));
    bad = true;
  } else if (inv->kind(source) == NodeKind::entitlement) {
    print_error(fmt::format("`{}` is an entitlement; nothing goes out of an entitlement", o.source),
                "the first argument is the identity (or role or group) whose access you want explained");
    bad = true;
  }
  if (target == kNoNode) {
    print_error(fmt::format("`{}` is not a node of inventory `{}`", o.target, o.data), suggest_node(*inv, o.target));
    bad = true;
  }
  if (bad) return kExitError;

  AccessGraph graph(*inv);
  PathSet set;
  if (o.all) {
    PathLimits limits;
    limits.max_paths = o.max_paths;
    limits.max_length = o.max_length;
    set = all_simple_paths(graph, source, target, limits);
  } else if (auto p = shortest_path(graph, source, target)) {
    set.paths.push_back(std::move(*p));
  }

  // --all lists paths of at most --max-length edges; a source whose every
  // path is longer still reaches the target, and must not be told otherwise.
  std::size_t shortest_beyond_limit = 0;
  if (o.all && set.paths.empty())
    if (auto p = shortest_path(graph, source, target)) shortest_beyond_limit = p->edges.size();
  const bool reaches = !set.paths.empty() || shortest_beyond_limit > 0;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["source"] = inv->node_id(source);
    j["target"] = inv->node_id(target);
    j["reaches"] = reaches;
    j["all"] = o.all;
    j["truncated"] = set.truncated;
    if (set.truncated) j["limit"] = set.limit_hit;
    if (shortest_beyond_limit > 0) {
      j["limit"] = "max_length";
      j["shortest_length"] = shortest_beyond_limit;
    }
    j["paths"] = nlohmann::ordered_json::array();
    for (const Path& p : set.paths) {
      nlohmann::ordered_json pj;
      pj["length"] = p.edges.size();
      pj["nodes"] = nlohmann::ordered_json::array();
      pj["nodes"].push_back(inv->node_id(source));
      for (auto row : p.edges) pj["nodes"].push_back(inv->node_id(inv->edges[row].to));
      pj["edges"] = nlohmann::ordered_json::array();
      for (auto row : p.edges) pj["edges"].push_back(edge_json(*inv, row));
      j["paths"].push_back(std::move(pj));
    }
    std::string out = j.dump(2) + "\n";
    std::fputs(out.c_str(), stdout);
    return reaches ? kExitOk : kExitFindings;
  }

  const std::string s = printable(inv->node_id(source)), t = printable(inv->node_id(target));
  if (!reaches) {
    std::printf("%s does not reach %s: no path of member_of and grants edges leads from one to the other\n",
                s.c_str(), t.c_str());
    return kExitFindings;
  }
  if (shortest_beyond_limit > 0) {
    std::printf("%s reaches %s, but by no path of at most %zu edges (the shortest has %zu); raise --max-length to "
                "list them\n",
                s.c_str(), t.c_str(), o.max_length, shortest_beyond_limit);
    return kExitOk;
  }
  std::string out;
  if (!o.all) {
    const Path& p = set.paths.front();
    out += fmt::format("{} reaches {} (shortest path, {} edge{}; --all lists every path):\n", s, t, p.edges.size(),
                       p.edges.size() == 1 ? "" : "s");
    for (auto row : p.edges) out += edge_text(*inv, row);
  } else {
    out += fmt::format("{} reaches {} by {}{} path{} (shortest first):\n", s, t, set.truncated ? "at least " : "",
                       set.paths.size(), set.paths.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < set.paths.size(); ++i) {
      const Path& p = set.paths[i];
      out += fmt::format("\npath {} ({} edge{}):\n", i + 1, p.edges.size(), p.edges.size() == 1 ? "" : "s");
      for (auto row : p.edges) out += edge_text(*inv, row);
    }
    if (set.truncated)
      out += fmt::format("\nstopped at the {} limit; more paths may exist (raise --max-paths or --max-length)\n",
                         set.limit_hit);
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

Runner setup_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  app.add_option("--data", o->data, "Inventory: a directory of CSV files or a .json file")->required();
  app.add_option("IDENTITY", o->source, "Identity (or role or group) whose access to explain")->required();
  app.add_option("TARGET", o->target, "Entitlement, role or group it reaches")->required();
  app.add_flag("--all", o->all, "List every simple path (shortest first), not just the shortest");
  app.add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  app.add_option("--max-paths", o->max_paths, "With --all: stop after this many paths")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->default_str("100");
  app.add_option("--max-length", o->max_length, "With --all: ignore paths longer than this many edges")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->default_str("64");
  add_max_file_size_option(app);
  app.add_option("--max-errors", o->max_errors, "Stop reporting inventory errors after this many")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->default_str("100");
  return [o] { return run_explain(*o); };
}

}  // namespace ward::cli
