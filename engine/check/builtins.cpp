#include "check/builtins.hpp"

namespace ward::check {

namespace {
using plan::Builtin;
constexpr BuiltinInfo kBuiltins[] = {
    {"holds", Builtin::holds, 1, 1, true, "entitlements a node holds (member_of* then grants)"},
    {"grants", Builtin::grants, 1, 1, true, "entitlements a role or group grants, through its own memberships too"},
    {"members", Builtin::members, 1, 1, true, "identities that reach a node"},
    {"reachable", Builtin::reachable, 1, 1, true, "every node a node reaches"},
    {"path", Builtin::path, 2, 2, true, "one shortest path between two nodes, as evidence"},
    {"depth", Builtin::depth, 2, 2, true, "the length of the shortest path (absent when there is none)"},
    {"count", Builtin::count, 1, 1, false, "the number of elements of a set"},
    {"excepted", Builtin::excepted, 1, 2, false, "an unexpired exception exists for this rule (or key) and identity"},
    {"share", Builtin::share, 2, 2, false, "the fraction of a set of identities that hold an entitlement"},
    {"holders", Builtin::holders, 2, 2, false, "how many identities of a set reach a node"},
    {"peers", Builtin::peers, 2, 2, false, "the other identities with the same value of an attribute"},
    {"cohort", Builtin::cohort, 2, 2, false, "every identity with the same value of an attribute, the identity included"},
    {"has_edge", Builtin::has_edge, 1, 1, true, "an edge with the same from, to and relation exists"},
    {"exists", Builtin::exists, 1, 1, true, "a node with this id, of the same family (identity; role or group; entitlement), exists"},
    {"direct", Builtin::direct, 1, 1, true, "entitlements granted by `grants` edges from the node itself"},
    {"lower", Builtin::lower, 1, 1, false, "ASCII lower case"},
    {"upper", Builtin::upper, 1, 1, false, "ASCII upper case"},
    {"starts_with", Builtin::starts_with, 2, 2, false, "the string starts with the prefix"},
    {"ends_with", Builtin::ends_with, 2, 2, false, "the string ends with the suffix"},
    {"contains", Builtin::contains, 2, 2, false, "the string contains the text"},
    {"days", Builtin::days, 1, 1, false, "a number of days as a duration, or a duration as a number of days"},
};
}  // namespace

const BuiltinInfo* find_builtin(const std::string& name) {
  for (const auto& b : kBuiltins)
    if (name == b.name) return &b;
  return nullptr;
}

std::vector<std::string> builtin_names() {
  std::vector<std::string> out;
  for (const auto& b : kBuiltins) out.emplace_back(b.name);
  return out;
}

}  // namespace ward::check
