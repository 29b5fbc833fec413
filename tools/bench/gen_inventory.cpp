// ward_gen: a deterministic generator of realistic inventories.
//
//   ward_gen --identities N --out DIR [--seed S]
//
// Shape per N identities (about 10 edges per identity):
//   10% non-human (service, api_key, token, workload), owners mostly set;
//   N/20 groups nested up to depth 5 (a few cycles and diamonds);
//   N/100 business roles with a role hierarchy; ~50 systems with
//   N/100 entitlements in all, ~3% privileged; identities in 1-3 groups,
//   group->role memberships, a few direct grants; an SoD matrix of 300
//   rows; a few exceptions and reviews.
// The same N and seed always give byte-identical files.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  bool chance(double p) { return static_cast<double>(next() >> 11) / 9007199254740992.0 < p; }
};

class Out {
 public:
  explicit Out(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error("cannot write " + path);
    buf_.reserve(1 << 20);
  }
  ~Out() {
    flush();
    std::fclose(f_);
  }
  template <typename... Args>
  void line(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(buf_), f, std::forward<Args>(args)...);
    buf_ += '\n';
    if (buf_.size() > (1 << 20)) flush();
  }

 private:
  void flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }
  std::FILE* f_;
  std::string buf_;
};

const char* kDepartments[] = {"finance", "engineering", "sales", "hr", "it", "security", "legal", "ops",
                              "support", "marketing", "procurement", "treasury"};
const char* kNonHuman[] = {"service", "api_key", "token", "workload"};

std::string date(int days_before_2026_11_23) {
  // Civil from days, relative to 2026-11-23 (day 20780 since epoch).
  int z = 20780 - days_before_2026_11_23 + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t n = 10000, seed = 1;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--identities") n = std::stoull(argv[i + 1]);
    else if (a == "--out") out_dir = argv[i + 1];
    else if (a == "--seed") seed = std::stoull(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: ward_gen --identities N --out DIR [--seed S]\n");
      return 2;
    }
  }
  if (out_dir.empty() || n < 100) {
    std::fprintf(stderr, "usage: ward_gen --identities N (>= 100) --out DIR [--seed S]\n");
    return 2;
  }
  std::filesystem::create_directories(out_dir);
  Rng rng{seed};
  const std::uint64_t groups = n / 20, roles = n / 100, systems = 50, ents = std::max<std::uint64_t>(n / 100, 100);
  const int depth_levels = 5;

  {
    Out f(out_dir + "/identities.csv");
    f.line("id,type,name,status,owner,department,manager,created,last_active,terminated,expires,purpose");
    for (std::uint64_t i = 0; i < n; ++i) {
      bool nonhuman = i % 10 == 9;
      const char* type = nonhuman ? kNonHuman[rng.below(4)] : (rng.chance(0.1) ? "contractor" : "employee");
      std::uint64_t r = rng.below(1000);
      const char* status = r < 20 ? "terminated" : r < 30 ? "suspended" : "";
      std::string owner = nonhuman && rng.chance(0.95) ? fmt::format("u{}", rng.below(n / 10) * 10) : "";
      std::string term = status[0] == 't' || rng.chance(0.002) ? date(static_cast<int>(rng.below(400))) : "";
      f.line("u{},{},User {},{},{},{},u{},{},{},{},{},{}", i, type, i, status, owner,
             kDepartments[(i / 7) % std::size(kDepartments)], (i / 50) * 50, date(100 + static_cast<int>(rng.below(2000))),
             rng.chance(0.05) ? "" : date(static_cast<int>(rng.below(200))), term,
             nonhuman && rng.chance(0.5) ? date(-static_cast<int>(rng.below(365))) : "",
             nonhuman && rng.chance(0.8) ? "batch job" : "");
    }
  }
  {
    Out f(out_dir + "/roles.csv");
    f.line("id,kind,name,owner,description");
    for (std::uint64_t g = 0; g < groups; ++g) f.line("g{},group,Group {},u{},", g, g, rng.below(n));
    for (std::uint64_t r = 0; r < roles; ++r) f.line("r{},role,Role {},u{},", r, r, rng.below(n));
  }
  {
    Out f(out_dir + "/entitlements.csv");
    f.line("id,system,name,privileged,owner");
    for (std::uint64_t e = 0; e < ents; ++e)
      f.line("s{}:p{},s{},Permission {},{},", e % systems, e, e % systems, e, rng.chance(0.03) ? "true" : "");
  }
  {
    Out f(out_dir + "/edges.csv");
    f.line("from,to,relation,granted,expires,approved_by,reason");
    // Groups in depth levels: a group at level l is member_of 1-2 groups at
    // level l+1 (diamonds arise naturally); the top level joins roles.
    auto level_of = [&](std::uint64_t g) { return static_cast<int>(g * depth_levels / groups); };
    auto group_in_level = [&](int l) {
      std::uint64_t lo = (groups * static_cast<std::uint64_t>(l) + depth_levels - 1) / depth_levels;
      std::uint64_t hi = (groups * static_cast<std::uint64_t>(l + 1) + depth_levels - 1) / depth_levels;
      return lo + rng.below(hi - lo);
    };
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint64_t k = 7 + rng.below(5);
      for (std::uint64_t j = 0; j < k; ++j)
        f.line("u{},g{},member_of,{},{},{},", i, group_in_level(0), date(static_cast<int>(rng.below(1500))),
               rng.chance(0.05) ? date(static_cast<int>(rng.below(200)) - 100) : "",
               rng.chance(0.9) ? fmt::format("u{}", rng.below(n)) : "");
      if (rng.chance(0.5))
        f.line("u{},s{}:p{},grants,{},,{},direct", i, 0, rng.below(ents / systems) * systems, date(static_cast<int>(rng.below(900))),
               rng.chance(0.8) ? fmt::format("u{}", rng.below(n)) : "");
    }
    for (std::uint64_t g = 0; g < groups; ++g) {
      int l = level_of(g);
      if (l + 1 < depth_levels) {
        f.line("g{},g{},member_of,,,,", g, group_in_level(l + 1));
        if (rng.chance(0.3)) f.line("g{},g{},member_of,,,,", g, group_in_level(l + 1));
      } else {
        f.line("g{},r{},member_of,,,,", g, rng.below(roles));
      }
      if (rng.chance(0.001) && l > 0) f.line("g{},g{},member_of,,,,", g, group_in_level(l - 1));  // cycle
      if (rng.chance(0.2)) f.line("g{},s{}:p{},grants,,,,", g, g % systems, rng.below(ents / systems) * systems + g % systems);
    }
    for (std::uint64_t r = 0; r < roles; ++r) {
      for (int k = 0; k < 8; ++k) {
        std::uint64_t e = rng.below(ents);
        f.line("r{},s{}:p{},grants,,,,", r, e % systems, e);
      }
      if (r > 0 && rng.chance(0.3)) f.line("r{},r{},member_of,,,,", r, rng.below(r));  // role hierarchy, acyclic
    }
  }
  {
    Out f(out_dir + "/sod_rules.csv");
    f.line("id,left,right,severity,description");
    const char* sev[] = {"low", "medium", "high", "critical"};
    for (int s = 0; s < 300; ++s) {
      std::uint64_t a = rng.below(ents), b = rng.below(ents);
      f.line("SOD-{:03},s{}:p{},s{}:p{},{},generated conflict", s, a % systems, a, b % systems, b, sev[rng.below(4)]);
    }
  }
  {
    Out f(out_dir + "/exceptions.csv");
    f.line("rule,identity,approved_by,expires,reason");
    for (int x = 0; x < 200; ++x)
      f.line("SOD-{:03},u{},u{},{},mitigated", rng.below(300), rng.below(n), rng.below(n),
             date(static_cast<int>(rng.below(400)) - 200));
  }
  {
    Out f(out_dir + "/reviews.csv");
    f.line("identity,target,reviewer,date,decision");
    for (std::uint64_t x = 0; x < n / 100; ++x)
      f.line("u{},g{},u{},{},{}", rng.below(n), rng.below(groups), rng.below(n), date(static_cast<int>(rng.below(300))),
             rng.chance(0.2) ? "revoke" : "keep");
  }
  return 0;
}
