// `ward validate --data INV [--format text|json]`: load an inventory with
// every check of the format and say what it holds. Exit 0 when it loads,
// 2 with every problem (file:line) when it does not. The cheapest pre-commit
// check of an inventory change.
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ward/access_graph.hpp"

namespace ward::cli {

namespace {

struct ValidateOptions {
  std::string data;
  std::string format = "text";
  std::size_t max_errors = 100;
};

int run_validate(const ValidateOptions& o) {
  auto inv = load_or_report(o.data, o.max_errors);
  if (!inv) return kExitError;
  AccessGraph graph(*inv);
  std::size_t groups = 0, nonhuman = 0, privileged = 0, cyclic = 0;
  for (auto g : inv->role_is_group) groups += g;
  for (auto t : inv->identity_type) nonhuman += is_nonhuman(t);
  for (auto p : inv->privileged) privileged += p;
  for (std::uint32_t c = 0; c < graph.component_count(); ++c) cyclic += graph.component_is_cyclic(c);
  std::vector<std::string> extra;
  for (std::size_t t = kKnownTableCount; t < inv->tables.size(); ++t) extra.push_back(inv->tables[t].name);

  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["data"] = o.data;
    j["identities"] = inv->identity_count;
    j["nonhuman_identities"] = nonhuman;
    j["roles"] = inv->role_count - groups;
    j["groups"] = groups;
    j["entitlements"] = inv->entitlement_count;
    j["privileged_entitlements"] = privileged;
    j["edges"] = inv->edges.size();
    j["membership_cycles"] = cyclic;
    j["sod_rules"] = inv->sod_rules.size();
    j["exceptions"] = inv->exceptions.size();
    j["reviews"] = inv->reviews.size();
    j["extra_tables"] = extra;
    j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& f : inv->files) j["inputs"].push_back({{"path", f.path}, {"sha256", f.sha256}});
    std::fputs((j.dump(2) + "\n").c_str(), stdout);
    return kExitOk;
  }
  auto count = [](std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::string out = fmt::format(
      "{}: ok\n  {} ({} non-human), {}, {}, {} ({} privileged)\n  {}, {}\n  {}, {}, {}\n", printable(o.data),
      count(inv->identity_count, "identity", "identities"), nonhuman, count(inv->role_count - groups, "role", "roles"),
      count(groups, "group", "groups"), count(inv->entitlement_count, "entitlement", "entitlements"), privileged,
      count(inv->edges.size(), "edge", "edges"), count(cyclic, "membership cycle", "membership cycles"),
      count(inv->sod_rules.size(), "sod rule", "sod rules"), count(inv->exceptions.size(), "exception", "exceptions"),
      count(inv->reviews.size(), "review", "reviews"));
  if (!extra.empty()) {
    out += "  extra tables:";
    for (const auto& e : extra) out += " " + printable(e);
    out += "\n";
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

Runner setup_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  app.add_option("--data", o->data, "Inventory: a directory of CSV files or a .json file")->required();
  app.add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  add_max_file_size_option(app);
  app.add_option("--max-errors", o->max_errors, "Stop reporting inventory errors after this many")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->default_str("100");
  return [o] { return run_validate(*o); };
}

}  // namespace ward::cli
