// ward_gen: a deterministic generator of realistic inventories.
//
//   ward_gen --identities N --out DIR [--seed S] [--baseline-out DIR]
//
// Shape: 12 departments with 4 systems each (plus 2 shared; ~3% of
// entitlements privileged), teams of ~200 nested in units, divisions and the
// department (diamonds, a few cycles), project groups, business roles with a
// hierarchy, admin roles reached through small admin groups (about 1% of
// people), 10% non-human identities, direct grants from a small common pool,
// an SoD matrix of 300 rows between admin entitlements, exceptions, reviews;
// about 10 edges per identity. --baseline-out also writes the "last
// certified" snapshot: the same files with 0.5% of the edges missing (access
// granted since) and 0.1% more (access removed since).
// The same N and seed always give byte-identical files.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
  std::string out_dir, baseline_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--identities") n = std::stoull(argv[i + 1]);
    else if (a == "--out") out_dir = argv[i + 1];
    else if (a == "--seed") seed = std::stoull(argv[i + 1]);
    else if (a == "--baseline-out") baseline_dir = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: ward_gen --identities N --out DIR [--seed S] [--baseline-out DIR]\n");
      return 2;
    }
  }
  if (out_dir.empty() || n < 100) {
    std::fprintf(stderr, "usage: ward_gen --identities N (>= 100) --out DIR [--seed S]\n");
    return 2;
  }
  std::filesystem::create_directories(out_dir);
  Rng rng{seed};
  // An organisation of 12 departments. Each has 4 systems of its own (2 more
  // are shared), teams of ~200 people nested up to 5 levels (units, divisions,
  // the department; some diamonds and a few cycles), project groups, business
  // roles with a hierarchy, and a few admin roles granting the privileged
  // entitlements, reached only through small admin groups. People hold what
  // their teams and projects give them; privilege and segregation-of-duties
  // conflicts are rare, as in a real organisation.
  const std::uint64_t D = 12;
  const std::uint64_t per_sys = std::max<std::uint64_t>(20, n / 5000);         // entitlements per system
  const std::uint64_t teams = std::max<std::uint64_t>(5, n / (D * 200));       // per department
  const std::uint64_t projects = std::max<std::uint64_t>(3, teams / 2);        // per department
  const std::uint64_t roles = 8;                                               // business roles per department
  const std::uint64_t admin_roles = 10;                                         // per department
  const std::uint64_t privileged_per_sys = std::max<std::uint64_t>(2, per_sys * 3 / 100);
  auto ent = [&](std::uint64_t sys, std::uint64_t k) { return fmt::format("s{}:p{}", sys, k); };
  auto dept_sys = [&](std::uint64_t d) { return d * 4 + rng.below(4); };
  // Group ids: level 0 teams, then units (teams/5), divisions (teams/25), and the department root.
  auto level_size = [&](int l) -> std::uint64_t {
    std::uint64_t s = teams;
    for (int k = 0; k < l; ++k) s = std::max<std::uint64_t>(1, s / 5);
    return l == 3 ? 1 : s;
  };
  auto group = [&](std::uint64_t d, int l, std::uint64_t k) { return fmt::format("g{}-{}-{}", d, l, k); };

  {
    Out f(out_dir + "/identities.csv");
    f.line("id,type,name,status,owner,department,manager,created,last_active,terminated,expires,purpose");
    for (std::uint64_t i = 0; i < n; ++i) {
      bool nonhuman = i % 10 == 9;
      const char* type = nonhuman ? kNonHuman[rng.below(4)] : (rng.chance(0.1) ? "contractor" : "employee");
      std::uint64_t r = rng.below(1000);
      const char* status = r < 20 ? "terminated" : r < 30 ? "suspended" : "";
      std::string owner = nonhuman && rng.chance(0.95) ? fmt::format("u{}", (i / 10) * 10) : "";
      std::string term = status[0] == 't' || rng.chance(0.002) ? date(static_cast<int>(rng.below(400))) : "";
      f.line("u{},{},User {},{},{},{},u{},{},{},{},{},{}", i, type, i, status, owner, kDepartments[i % D], (i / 50) * 50,
             date(100 + static_cast<int>(rng.below(2000))), rng.chance(0.05) ? "" : date(static_cast<int>(rng.below(120))),
             term, nonhuman && rng.chance(0.5) ? date(-static_cast<int>(rng.below(365))) : "",
             nonhuman && rng.chance(0.8) ? "batch job" : "");
    }
  }
  {
    Out f(out_dir + "/roles.csv");
    f.line("id,kind,name,owner,description");
    for (std::uint64_t d = 0; d < D; ++d) {
      for (int l = 0; l < 4; ++l)
        for (std::uint64_t k = 0; k < level_size(l); ++k) f.line("{},group,Group {},u{},", group(d, l, k), group(d, l, k), d);
      for (std::uint64_t k = 0; k < projects; ++k) f.line("p{}-{},group,Project {},u{},", d, k, k, d);
      for (std::uint64_t k = 0; k < admin_roles; ++k) f.line("adm{}-{},group,Admins {},u{},", d, k, k, d);
      for (std::uint64_t k = 0; k < roles; ++k) f.line("r{}-{},role,Role {},u{},", d, k, k, d);
      for (std::uint64_t k = 0; k < admin_roles; ++k) f.line("ra{}-{},role,Admin role {},u{},", d, k, k, d);
    }
    f.line("all-staff,group,Everyone,u0,");
    f.line("r-baseline,role,Baseline access,u0,");
  }
  {
    Out f(out_dir + "/entitlements.csv");
    f.line("id,system,name,privileged,owner");
    for (std::uint64_t sys = 0; sys < D * 4 + 2; ++sys)
      for (std::uint64_t k = 0; k < per_sys; ++k)
        f.line("{},s{},Permission {},{},", ent(sys, k), sys, k, k < privileged_per_sys ? "true" : "");
  }
  {
    Out f(out_dir + "/edges.csv");
    f.line("from,to,relation,granted,expires,approved_by,reason");
    auto approver = [&] { return rng.chance(0.9) ? fmt::format("u{}", rng.below(n)) : std::string(); };
    auto granted = [&] { return date(static_cast<int>(rng.below(1500))); };
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint64_t d = i % D;
      bool nonhuman = i % 10 == 9;
      if (!nonhuman) {
        f.line("u{},{},member_of,{},,{},", i, group(d, 0, rng.below(level_size(0))), granted(), approver());
        f.line("u{},all-staff,member_of,{},,{},", i, granted(), approver());
      }
      std::uint64_t k = nonhuman ? 1 : 5 + rng.below(6);
      for (std::uint64_t j = 0; j < k; ++j)
        f.line("u{},p{}-{},member_of,{},{},{},", i, d, rng.below(projects), granted(),
               rng.chance(0.05) ? date(static_cast<int>(rng.below(200)) - 100) : "", approver());
      // Direct grants from a small pool of common entitlements of the department.
      for (std::uint64_t g = rng.below(3); g > 0; --g)
        f.line("u{},{},grants,{},,{},direct", i, ent(d * 4 + g - 1, per_sys - 1 - rng.below(3)), granted(), approver());
      // About 1% join an admin group; a tenth of those a second one.
      if (rng.chance(0.01)) {
        std::uint64_t a = rng.below(admin_roles);
        f.line("u{},adm{}-{},member_of,{},{},{},", i, d, a, granted(), rng.chance(0.3) ? date(-static_cast<int>(rng.below(90))) : "",
               approver());
        if (rng.chance(0.1)) f.line("u{},adm{}-{},member_of,{},,{},", i, d, (a + 1 + rng.below(admin_roles - 1)) % admin_roles,
                                    granted(), approver());
      }
    }
    for (std::uint64_t d = 0; d < D; ++d) {
      for (int l = 0; l < 3; ++l)
        for (std::uint64_t k = 0; k < level_size(l); ++k) {
          f.line("{},{},member_of,,,,", group(d, l, k), group(d, l + 1, rng.below(level_size(l + 1))));
          if (rng.chance(0.2)) f.line("{},{},member_of,,,,", group(d, l, k), group(d, l + 1, rng.below(level_size(l + 1))));  // diamond
          if (l > 0 && rng.chance(0.01)) f.line("{},{},member_of,,,,", group(d, l, k), group(d, l - 1, rng.below(level_size(l - 1))));  // cycle
          if (l == 0) f.line("{},r{}-{},member_of,,,,", group(d, 0, k), d, rng.below(roles));
        }
      f.line("{},r{}-{},member_of,,,,", group(d, 3, 0), d, 0);
      for (std::uint64_t k = 0; k < projects; ++k) f.line("p{}-{},r{}-{},member_of,,,,", d, k, d, rng.below(roles));
      for (std::uint64_t k = 0; k < roles; ++k) {
        for (int g = 0; g < 6; ++g) {
          std::uint64_t sys = dept_sys(d);
          f.line("r{}-{},{},grants,,,,", d, k, ent(sys, privileged_per_sys + rng.below(per_sys - privileged_per_sys - 3)));
        }
        if (k > 0 && rng.chance(0.3)) f.line("r{}-{},r{}-{},member_of,,,,", d, k, d, rng.below(k));  // role hierarchy
      }
      for (std::uint64_t k = 0; k < admin_roles; ++k) {
        f.line("adm{}-{},ra{}-{},member_of,,,,", d, k, d, k);
        for (int g = 0; g < 2; ++g) f.line("ra{}-{},{},grants,,,,", d, k, ent(d * 4 + (k + g) % 4, (k * 2 + g) % privileged_per_sys));
      }
    }
    f.line("all-staff,r-baseline,member_of,,,,");
    for (std::uint64_t k = 0; k < 5; ++k) {
      f.line("r-baseline,{},grants,,,,", ent(48, privileged_per_sys + k));
      f.line("r-baseline,{},grants,,,,", ent(49, privileged_per_sys + k));
    }
  }
  {
    // Conflicting pairs: the privileged entitlements of two different admin
    // roles of one department.
    Out f(out_dir + "/sod_rules.csv");
    f.line("id,left,right,severity,description");
    const char* sev[] = {"low", "medium", "high", "critical"};
    for (int s = 0; s < 300; ++s) {
      std::uint64_t d = static_cast<std::uint64_t>(s) % D;
      std::uint64_t a = rng.below(admin_roles), b = (a + 1 + rng.below(admin_roles - 1)) % admin_roles;
      f.line("SOD-{:03},{},{},{},generated conflict", s, ent(d * 4 + a % 4, (a * 2) % privileged_per_sys),
             ent(d * 4 + (b + 1) % 4, (b * 2 + 1) % privileged_per_sys), sev[rng.below(4)]);
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
    for (std::uint64_t x = 0; x < n / 100; ++x) {
      std::uint64_t i = rng.below(n);
      f.line("u{},p{}-{},u{},{},{}", i, i % D, rng.below(projects), rng.below(n), date(static_cast<int>(rng.below(300))),
             rng.chance(0.2) ? "revoke" : "keep");
    }
  }
  if (!baseline_dir.empty()) {
    // The certified snapshot: every file as generated, except edges.csv,
    // where 0.5% of the rows are left out and 0.1% of the identity rows get
    // an extra membership that has since been removed.
    std::filesystem::create_directories(baseline_dir);
    for (const char* name : {"identities.csv", "roles.csv", "entitlements.csv", "sod_rules.csv", "exceptions.csv", "reviews.csv"})
      std::filesystem::copy_file(out_dir + "/" + name, baseline_dir + "/" + name,
                                 std::filesystem::copy_options::overwrite_existing);
    std::ifstream in(out_dir + "/edges.csv");
    Out f(baseline_dir + "/edges.csv");
    Rng mutation{seed ^ 0x5eedull};
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (header || !mutation.chance(0.005)) f.line("{}", line);
      if (!header && line[0] == 'u' && mutation.chance(0.001)) {
        std::string from = line.substr(0, line.find(','));
        std::uint64_t i = std::stoull(from.substr(1));
        f.line("{},p{}-{},member_of,{},,,removed since", from, i % D, mutation.below(projects), date(400));
      }
      header = false;
    }
  }
  return 0;
}
