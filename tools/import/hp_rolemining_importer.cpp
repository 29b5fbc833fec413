// `ward import hp-rolemining`: the HP Labs role-mining data sets (Ene et
// al., SACMAT 2008): a user-permission assignment, one `user permission`
// pair of non-negative integers per line. The data has no names, roles or
// dates, so it maps to direct grants (docs/importers.md, "hp-rolemining"):
//   user N       -> identity `uN`, type employee
//   permission N -> entitlement `<stem>:pN`, system `<stem>` (the file name
//                   without directory and extension), name `pN`
//   pair         -> edge `uN --grants--> <stem>:pN`
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <tuple>

#include "import/importer.hpp"
#include "ward/file_io.hpp"

namespace ward::import {

namespace {

constexpr std::size_t kDuplicatesListed = 20;  // duplicate pairs listed one by one in the report

struct Pair {
  std::uint64_t user, permission;
  std::uint32_t line;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
  const std::size_t dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

// The token starting at `p` (up to the next blank), shortened for a message.
std::string token_at(const char* p, const char* end) {
  const char* q = p;
  while (q < end && !is_space(*q)) ++q;
  std::string t(p, static_cast<std::size_t>(q - p));
  if (t.size() > 40) t = t.substr(0, 40) + "...";
  return t;
}

class PairParser {
 public:
  PairParser(const std::string& path, Diagnostics& diags) : path_(path), diags_(diags) {}

  // Parses every line of `text` into `out`. Returns false if any line was
  // malformed (each one is reported, until the diagnostics are full).
  bool parse(std::string_view text, std::vector<Pair>& out) {
    out.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    const char* p = text.data();
    const char* const end = p + text.size();
    std::uint32_t line = 0;
    bool ok = true;
    while (p < end && !diags_.full()) {
      ++line;
      const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (eol == nullptr) eol = end;
      const char* line_end = eol;
      if (line_end > p && line_end[-1] == '\r') --line_end;  // CRLF
      ok &= parse_line(p, line_end, line, out);
      p = eol + 1;
    }
    return ok;
  }

 private:
  bool parse_line(const char* begin, const char* end, std::uint32_t line, std::vector<Pair>& out) {
    const char* p = begin;
    while (p < end && is_space(*p)) ++p;
    if (p == end) return true;  // blank line
    Pair pair{0, 0, line};
    if (!number(begin, p, end, line, "M0202", "a user id", pair.user)) return false;
    while (p < end && is_space(*p)) ++p;
    if (p == end)
      return fail(line, begin, p, "M0203", "expected a permission id (a non-negative integer) after the user id");
    if (!number(begin, p, end, line, "M0203", "a permission id", pair.permission)) return false;
    while (p < end && is_space(*p)) ++p;
    if (p != end)
      return fail(line, begin, p, "M0205",
                  fmt::format("unexpected `{}` after the permission id (expected the end of the line)", token_at(p, end)));
    out.push_back(pair);
    return true;
  }

  // Reads a non-negative integer at `p` that must end at a blank or the end
  // of the line; advances `p` past it.
  bool number(const char* begin, const char*& p, const char* end, std::uint32_t line, const char* code,
              const char* what, std::uint64_t& value) {
    auto [q, ec] = std::from_chars(p, end, value);
    if (ec == std::errc::result_out_of_range)
      return fail(line, begin, p, "M0204", fmt::format("{} `{}` is too large (at most {})", what, token_at(p, end),
                                                       UINT64_MAX));
    if (ec != std::errc() || (q < end && !is_space(*q)))
      return fail(line, begin, p, code,
                  fmt::format("expected {} (a non-negative integer), found `{}`", what, token_at(p, end)));
    p = q;
    return true;
  }

  bool fail(std::uint32_t line, const char* begin, const char* at, const char* code, std::string message) {
    diags_.error(code, SourcePos{path_, line, static_cast<std::uint32_t>(at - begin) + 1}, std::move(message));
    return false;
  }

  const std::string& path_;
  Diagnostics& diags_;
};

std::string id_of(char prefix, std::uint64_t n, std::string_view before = {}) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  (void)ec;  // 24 bytes always hold a 64-bit number
  std::string id;
  id.reserve(before.size() + 1 + static_cast<std::size_t>(end - digits));
  id += before;
  id += prefix;
  id.append(digits, end);
  return id;
}

}  // namespace

bool import_hp_rolemining(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (options.inputs.size() != 1) {
    diags.error("M0201", SourcePos{},
                fmt::format("hp-rolemining reads exactly one input file, {} given", options.inputs.size()),
                "import each data set on its own: user ids of different data sets are unrelated");
    return false;
  }
  const std::string& path = options.inputs[0];
  ReadResult file = read_file(path);
  if (!file.ok()) {
    diags.error("M0101", SourcePos{path, 0, 0}, fmt::format("cannot read input file: {}", file.error));
    return false;
  }

  std::vector<Pair> pairs;
  PairParser parser(path, diags);
  if (!parser.parse(file.bytes, pairs)) return false;

  // Duplicates are dropped at their later occurrence; edges keep file order.
  // Sorting pair indices finds them without a hash set of 185k nodes.
  std::vector<std::uint32_t> order(pairs.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  auto by_pair = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(pairs[a].user, pairs[a].permission, a) < std::tie(pairs[b].user, pairs[b].permission, b);
  };
  std::sort(order.begin(), order.end(), by_pair);
  std::vector<bool> duplicate(pairs.size(), false);
  std::size_t duplicates = 0;
  for (std::size_t k = 1; k < order.size(); ++k) {
    const Pair& a = pairs[order[k - 1]];
    const Pair& b = pairs[order[k]];
    if (a.user == b.user && a.permission == b.permission) {
      duplicate[order[k]] = true;
      ++duplicates;
    }
  }
  std::size_t kept = 0, listed = 0;
  std::vector<std::uint64_t> users, permissions;
  users.reserve(pairs.size());
  permissions.reserve(pairs.size());
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const Pair& p = pairs[k];
    if (duplicate[k]) {
      if (++listed <= kDuplicatesListed)
        out.skip(SourcePos{path, p.line, 0}, fmt::format("duplicate pair `{} {}`", p.user, p.permission),
                 "the same grant was stated before; one edge is written");
      continue;
    }
    pairs[kept++] = p;
    users.push_back(p.user);
    permissions.push_back(p.permission);
  }
  pairs.resize(kept);
  if (duplicates > kDuplicatesListed)
    out.skip(SourcePos{path, 0, 0}, fmt::format("{} more duplicate pairs", duplicates - kDuplicatesListed),
             "the same grant was stated before; one edge is written");

  // Nodes in numeric order (the data's ids are numbers, not names); each id
  // string is made once and edges refer to it.
  auto sort_unique = [](std::vector<std::uint64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(users);
  sort_unique(permissions);
  auto index_of = [](const std::vector<std::uint64_t>& v, std::uint64_t n) {
    return static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), n) - v.begin());
  };

  const std::string stem = file_stem(path);
  const std::string system_prefix = stem + ":";
  std::vector<std::string> user_ids, permission_ids;
  user_ids.reserve(users.size());
  permission_ids.reserve(permissions.size());
  for (std::uint64_t u : users) {
    user_ids.push_back(id_of('u', u));
    out.add_node("identities", {{"id", user_ids.back()}, {"type", "employee"}});
  }
  for (std::uint64_t q : permissions) {
    permission_ids.push_back(id_of('p', q, system_prefix));
    out.add_node("entitlements", {{"id", permission_ids.back()}, {"system", stem}, {"name", id_of('p', q)}});
  }
  for (const Pair& p : pairs)
    out.add_edge(user_ids[index_of(users, p.user)], permission_ids[index_of(permissions, p.permission)], "grants");

  out.note(fmt::format("{}: {} users, {} permissions, {} distinct pairs ({} duplicate pairs dropped)", stem,
                       users.size(), permissions.size(), pairs.size(), duplicates));
  out.note("users become identities of type `employee`: the data does not say what a user is "
           "(for the firewall and network sets it is most likely a network principal)");
  out.note(fmt::format("permissions become entitlements `{}:pN` of system `{}`; every pair is a direct `grants` "
                       "edge (the data has no roles)",
                       stem, stem));
  return true;
}

}  // namespace ward::import
