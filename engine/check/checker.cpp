// The checker and lowering to the plan. Passes, in order (each needs the
// previous one's tables):
//   1. collect      packages and their declarations; duplicates
//   2. imports      what each file can see; unknown packages and names
//   3. attributes   `attribute` declarations extend the schema
//   4. params       types, defaults, --param overrides
//   5. defs         bodies, recursion
//   6. rules        rules, conflicts and toxic combinations, lowered to plan::Rule
//   7. unused       warnings for unused imports, params and defs
#include "check/checker.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <set>

#include "check/attributes.hpp"
#include "check/builtins.hpp"
#include "ward/date.hpp"
#include "ward/suggest.hpp"

namespace ward::check {

namespace {

using ast::ExprKind;
using ast::Op;
using plan::Code;
using plan::Node;
using plan::T;
using plan::Type;

struct Local {
  std::string name;
  std::uint32_t slot;
  Type type;
  ast::Span span;
  bool used = false;
};

struct ParamEntry {
  const ast::Param* decl;
  std::uint32_t file;
  std::uint32_t index;  // into Program::params
  bool used = false;
};

struct DefEntry {
  const ast::Def* decl;
  std::uint32_t file;
  std::uint32_t index;  // into Program::defs
  bool used = false;
  bool checked = false;
  bool checking = false;
  Type result;
};

struct RuleEntry {
  std::uint32_t file;
  const ast::RuleHeader* header;
};

struct Package {
  std::map<std::string, ParamEntry> params;
  std::map<std::string, DefEntry> defs;
  std::map<std::string, const ast::Duty*> duties;
  std::map<std::string, RuleEntry> rules;
};

// What a name visible in a file refers to.
struct Visible {
  // poisoned: named by an import that failed; uses are not reported again.
  enum class Kind { param, def, duty, poisoned } kind;
  std::string package;
  std::string name;
  std::uint32_t import_index = UINT32_MAX;  // which import made it visible (for unused-import warnings)
};

// Per-expression context: where we are and which variables are bound.
struct Ctx {
  std::uint32_t file = 0;
  std::string package;
  std::vector<Local> locals;
  std::uint32_t next_slot = 0;
  std::uint32_t max_slot = 0;
  bool in_rule = false;
  std::vector<std::string>* def_calls = nullptr;  // defs called from a def body (recursion check)
};

bool is_severity_word(const std::string& s) { return s == "low" || s == "medium" || s == "high" || s == "critical"; }

std::optional<plan::SourceKind> source_of(const std::string& s) {
  if (s == "identities") return plan::SourceKind::identities;
  if (s == "roles") return plan::SourceKind::roles;
  if (s == "groups") return plan::SourceKind::groups;
  if (s == "entitlements") return plan::SourceKind::entitlements;
  if (s == "edges") return plan::SourceKind::edges;
  return std::nullopt;
}

T source_elem(plan::SourceKind k) {
  switch (k) {
    case plan::SourceKind::identities: return T::identity;
    case plan::SourceKind::roles: return T::role;
    case plan::SourceKind::groups: return T::group;
    case plan::SourceKind::entitlements: return T::entitlement;
    case plan::SourceKind::edges: return T::edge;
    default: return T::row;
  }
}

bool node_type(const Type& t) { return t.is_node() || t.base == T::error; }
bool node_or_id(const Type& t) { return node_type(t) || t.base == T::string || t.base == T::any; }

class Checker {
 public:
  Checker(const std::vector<ast::File>& files, const std::vector<PolicySource>& sources, const CompileOptions& options,
          Diagnostics& diags)
      : files_(files), sources_(sources), options_(options), diags_(diags) {}

  plan::Program run() {
    collect();
    resolve_imports();
    declare_attributes();
    check_params();
    check_defs();
    lower_rules();
    warn_unused();
    return std::move(program_);
  }

 private:
  // ---- diagnostics -----------------------------------------------------------
  SourcePos pos(const ast::Span& s) const {
    return SourcePos{sources_[s.file].path, s.line, s.col, s.end > s.begin ? s.end - s.begin : 0};
  }
  void error(const char* code, const ast::Span& s, std::string message, std::string hint = {}) {
    diags_.error(code, pos(s), std::move(message), std::move(hint));
  }
  void warning(const char* code, const ast::Span& s, std::string message, std::string hint = {}) {
    diags_.warning(code, pos(s), std::move(message), std::move(hint));
  }
  static std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    auto near = closest_match(word, candidates);
    return near ? fmt::format("did you mean `{}`?", *near) : "";
  }

  // ---- pass 1: collect ------------------------------------------------------------
  void collect() {
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const ast::File& file = files_[f];
      Package& pkg = packages_[file.package.text];
      auto taken = [&](const std::string& name) {
        return pkg.params.count(name) || pkg.defs.count(name) || pkg.duties.count(name) || pkg.rules.count(name);
      };
      auto duplicate = [&](const ast::Name& n, const char* what) {
        error("E0301", n.span, fmt::format("`{}` is already declared in package `{}`", n.text, file.package.text),
              fmt::format("rename this {}", what));
      };
      for (const auto& c : file.controls) {
        auto it = controls_.find(c.id);
        if (it == controls_.end()) {
          controls_[c.id] = {&c, f};
          continue;
        }
        // Two catalogues may both declare a control; they must agree.
        const ast::Control& first = *it->second.first;
        if (first.title != c.title || first.intent != c.intent || first.maps != c.maps)
          error("E0302", c.span,
                fmt::format("control `{}` is declared differently at {}:{}", c.id, sources_[it->second.second].path,
                            first.span.line),
                "a control may be declared in several files only with the same title, intent and maps");
      }
      for (const auto& p : file.params) {
        if (taken(p.name.text)) { duplicate(p.name, "parameter"); continue; }
        pkg.params[p.name.text] = ParamEntry{&p, f, static_cast<std::uint32_t>(program_.params.size()), false};
        program_.params.push_back(plan::ParamValue{file.package.text + "." + p.name.text, {}, {}, p.span});
      }
      for (const auto& d : file.defs) {
        if (taken(d.name.text)) { duplicate(d.name, "definition"); continue; }
        pkg.defs[d.name.text] = DefEntry{&d, f, static_cast<std::uint32_t>(program_.defs.size()), false, false, false, Type{}};
        program_.defs.emplace_back();
        program_.defs.back().name = file.package.text + "." + d.name.text;
      }
      for (const auto& d : file.duties) {
        if (taken(d.id.text)) { duplicate(d.id, "duty"); continue; }
        pkg.duties[d.id.text] = &d;
      }
      auto add_rule = [&](const ast::RuleHeader& h) {
        if (taken(h.id.text)) { duplicate(h.id, "rule"); return; }
        pkg.rules[h.id.text] = RuleEntry{f, &h};
      };
      for (const auto& r : file.rules) add_rule(r.header);
      for (const auto& c : file.conflicts) add_rule(c.header);
      for (const auto& t : file.toxics) add_rule(t.header);
    }
  }

  // ---- pass 2: imports ------------------------------------------------------------
  void resolve_imports() {
    visible_.resize(files_.size());
    import_used_.resize(files_.size());
    std::vector<std::string> package_names;
    for (const auto& [name, _] : packages_) package_names.push_back(name);
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const ast::File& file = files_[f];
      import_used_[f].assign(file.imports.size(), false);
      for (std::uint32_t k = 0; k < file.imports.size(); ++k) {
        const ast::Import& imp = file.imports[k];
        auto it = packages_.find(imp.package);
        if (it == packages_.end()) {
          error("E0110", imp.span, fmt::format("unknown package `{}`", imp.package), did_you_mean(imp.package, package_names));
          import_used_[f][k] = true;  // do not also warn that it is unused
          for (const auto& n : imp.names) visible_[f].emplace(n.text, Visible{Visible::Kind::poisoned, imp.package, n.text, k});
          continue;
        }
        const Package& pkg = it->second;
        auto add = [&](const std::string& name, const ast::Span& span) {
          Visible v;
          v.package = imp.package;
          v.name = name;
          v.import_index = k;
          if (pkg.params.count(name)) v.kind = Visible::Kind::param;
          else if (pkg.defs.count(name)) v.kind = Visible::Kind::def;
          else if (pkg.duties.count(name)) v.kind = Visible::Kind::duty;
          else {
            std::vector<std::string> names;
            for (const auto& [n, _] : pkg.params) names.push_back(n);
            for (const auto& [n, _] : pkg.defs) names.push_back(n);
            for (const auto& [n, _] : pkg.duties) names.push_back(n);
            error("E0111", span, fmt::format("package `{}` has no parameter, definition or duty `{}`", imp.package, name),
                  did_you_mean(name, names));
            import_used_[f][k] = true;
            visible_[f].emplace(name, Visible{Visible::Kind::poisoned, imp.package, name, k});
            return;
          }
          auto [slot, inserted] = visible_[f].emplace(name, v);
          if (!inserted && slot->second.package != v.package) {
            import_used_[f][k] = true;
            import_used_[f][slot->second.import_index] = true;
            slot->second.kind = Visible::Kind::poisoned;
          }
          if (!inserted && v.package != slot->second.package)
            error("E0112", span, fmt::format("`{}` is imported from both `{}` and `{}`", name, slot->second.package, v.package));
        };
        if (imp.all) {
          for (const auto& [n, _] : pkg.params) add(n, imp.span);
          for (const auto& [n, _] : pkg.defs) add(n, imp.span);
          for (const auto& [n, _] : pkg.duties) add(n, imp.span);
        } else {
          for (const auto& n : imp.names) add(n.text, n.span);
        }
      }
    }
  }

  // A name as seen from file `f`: its own package first, then imports.
  std::optional<Visible> lookup(std::uint32_t f, const std::string& name) {
    const std::string& own = files_[f].package.text;
    const Package& pkg = packages_[own];
    if (pkg.params.count(name)) return Visible{Visible::Kind::param, own, name};
    if (pkg.defs.count(name)) return Visible{Visible::Kind::def, own, name};
    if (pkg.duties.count(name)) return Visible{Visible::Kind::duty, own, name};
    auto it = visible_[f].find(name);
    if (it == visible_[f].end()) return std::nullopt;
    import_used_[f][it->second.import_index] = true;
    return it->second;
  }

  std::vector<std::string> visible_names(const Ctx& ctx) {
    std::vector<std::string> out;
    for (const auto& l : ctx.locals) out.push_back(l.name);
    const Package& pkg = packages_[ctx.package];
    for (const auto& [n, _] : pkg.params) out.push_back(n);
    for (const auto& [n, _] : pkg.defs) out.push_back(n);
    for (const auto& [n, _] : visible_[ctx.file]) out.push_back(n);
    for (const char* s : {"identities", "roles", "groups", "entitlements", "edges", "today", "low", "medium", "high", "critical"})
      out.emplace_back(s);
    return out;
  }

  // ---- types ----------------------------------------------------------------------
  Type type_of(const ast::TypeRef& t) {
    static const std::map<std::string, T> kTypes = {
        {"string", T::string},     {"bool", T::boolean},         {"number", T::number},   {"date", T::date},
        {"duration", T::duration}, {"severity", T::severity},    {"share", T::number},    {"identity", T::identity},
        {"role", T::role},         {"group", T::group},          {"entitlement", T::entitlement},
        {"node", T::node},         {"edge", T::edge},            {"path", T::path}};
    if (t.name == "set") {
      if (t.args.size() != 1) {
        error("E0201", t.span, "`set` takes one element type, as in `set<string>`");
        return Type::of(T::error);
      }
      Type e = type_of(t.args[0]);
      return e.is_error() ? e : Type::set_of(e.base);
    }
    auto it = kTypes.find(t.name);
    if (it == kTypes.end()) {
      std::vector<std::string> names{"set"};
      for (const auto& [n, _] : kTypes) names.push_back(n);
      error("E0202", t.span, fmt::format("unknown type `{}`", t.name), did_you_mean(t.name, names));
      return Type::of(T::error);
    }
    return Type::of(it->second);
  }

  void expect_type(const Node& n, const Type& want, const char* what) {
    if (!plan::assignable(n.type, want))
      error("E0203", n.span, fmt::format("{} must be {}, found {}", what, plan::to_string(want), plan::to_string(n.type)));
  }

  // ---- pass 3: attributes -----------------------------------------------------------
  void declare_attributes() {
    for (const auto& file : files_)
      for (const auto& a : file.attributes) {
        Type t = type_of(a.type);
        std::string kind = a.kind == "table" ? "table:" + a.table : a.kind;
        static const std::set<std::string> kKinds = {"identity", "role", "group", "entitlement", "node", "edge"};
        if (a.kind != "table" && !kKinds.count(a.kind)) {
          error("E0204", a.span, fmt::format("attributes are declared on identity, role, group, entitlement, node, edge or "
                                             "`table NAME`, not `{}`", a.kind));
          continue;
        }
        if (!attrs_.declare(kind, a.name.text, t))
          error("E0205", a.name.span, fmt::format("attribute `{}` is already declared", a.name.text),
                "every inventory column is an attribute once; built-in columns have fixed types");
      }
  }
  Type declared_owner(const std::string& kind) {
    if (kind.rfind("table:", 0) == 0) {
      Type t = Type::of(T::row);
      t.table = attrs_.table_index(kind.substr(6));
      return t;
    }
    static const std::map<std::string, T> m = {{"identity", T::identity}, {"role", T::role}, {"group", T::group},
                                               {"entitlement", T::entitlement}, {"node", T::node}, {"edge", T::edge}};
    return Type::of(m.at(kind));
  }

  // ---- pass 4: params -----------------------------------------------------------------
  std::optional<plan::Constant> constant_of(const ast::Expr& e, const Type& want, std::string& why) {
    plan::Constant c;
    c.type = want.base;
    switch (e.kind) {
      case ExprKind::string: if (want.base != T::string) break; c.text = e.text; return c;
      case ExprKind::number: if (want.base != T::number) break; c.number = e.number; return c;
      case ExprKind::share: if (want.base != T::number) break; c.number = e.number; return c;
      case ExprKind::boolean: if (want.base != T::boolean) break; c.b = e.number != 0; return c;
      case ExprKind::date: if (want.base != T::date) break; c.days = e.days; return c;
      case ExprKind::duration: if (want.base != T::duration) break; c.days = e.days; return c;
      case ExprKind::name:
        if (want.base == T::severity && is_severity_word(e.text)) {
          c.days = static_cast<std::int32_t>(*parse_severity(e.text));
          return c;
        }
        break;
      case ExprKind::unary:
        if (e.op == Op::neg && e.args[0]->kind == ExprKind::number && want.base == T::number) {
          c.number = -e.args[0]->number;
          return c;
        }
        break;
      case ExprKind::list:
        if (want.base == T::set) {
          for (const auto& item : e.args) {
            auto sub = constant_of(*item, Type::of(want.elem), why);
            if (!sub) return std::nullopt;
            c.items.push_back(*sub);
          }
          return c;
        }
        break;
      default:
        why = "a parameter's default must be a literal";
        return std::nullopt;
    }
    why = fmt::format("expected a {} literal", plan::to_string(want));
    return std::nullopt;
  }

  // Parses a --param value for a parameter of type `t` (iso-pack.md,
  // "Parameters": durations Nd, Nw or a bare number of days; shares 10% or 0.1).
  std::optional<plan::Constant> parse_override(const std::string& v, const Type& t) {
    plan::Constant c;
    c.type = t.base;
    auto whole = [](const std::string& s, std::int64_t& out) {
      if (s.empty() || s.size() > 9) return false;
      out = 0;
      for (char ch : s) {
        if (ch < '0' || ch > '9') return false;
        out = out * 10 + (ch - '0');
      }
      return true;
    };
    std::int64_t n = 0;
    switch (t.base) {
      case T::string: c.text = v; return c;
      case T::boolean:
        if (v != "true" && v != "false") return std::nullopt;
        c.b = v == "true";
        return c;
      case T::duration: {
        // The same range as a duration written in a policy (at most 3650000d,
        // about 10,000 years): dates moved by more print as nonsense.
        constexpr std::int64_t kMaxDays = 3650000;
        if (whole(v, n)) {
          if (n > kMaxDays) return std::nullopt;
          c.days = static_cast<std::int32_t>(n);
          return c;
        }
        if (v.size() > 1 && (v.back() == 'd' || v.back() == 'w') && whole(v.substr(0, v.size() - 1), n)) {
          if ((v.back() == 'w' ? n * 7 : n) > kMaxDays) return std::nullopt;
          c.days = static_cast<std::int32_t>(v.back() == 'w' ? n * 7 : n);
          return c;
        }
        return std::nullopt;
      }
      case T::date:
        if (auto d = parse_date(v); d && v.size() == 10) { c.days = d->days; return c; }
        return std::nullopt;
      case T::severity:
        if (auto s = parse_severity(v)) { c.days = static_cast<std::int32_t>(*s); return c; }
        return std::nullopt;
      case T::number: {
        std::string s = v;
        double scale = 1;
        if (!s.empty() && s.back() == '%') { s.pop_back(); scale = 0.01; }
        if (s.empty()) return std::nullopt;
        char* end = nullptr;
        double x = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || !std::isfinite(x)) return std::nullopt;
        c.number = x * scale;
        return c;
      }
      default: return std::nullopt;
    }
  }

  void check_params() {
    for (auto& [pkg_name, pkg] : packages_)
      for (auto& [name, entry] : pkg.params) {
        const ast::Param& p = *entry.decl;
        plan::ParamValue& pv = program_.params[entry.index];
        pv.type = type_of(p.type);
        if (pv.type.is_error() || !p.default_value) continue;
        std::string why;
        if (auto c = constant_of(*p.default_value, pv.type, why)) pv.value = *c;
        else error("E0401", p.default_value->span, fmt::format("bad default for parameter `{}`: {}", name, why));
      }
    for (const auto& [name, value] : options_.params) {
      std::vector<plan::ParamValue*> matches;
      std::vector<std::string> all;
      for (auto& pv : program_.params) {
        all.push_back(pv.name);
        std::string short_name = pv.name.substr(pv.name.rfind('.') + 1);
        if (pv.name == name || short_name == name) matches.push_back(&pv);
      }
      SourcePos cli{"", 0, 0, 0};  // from the command line: no file
      if (matches.empty()) {
        std::vector<std::string> candidates = all;
        for (const auto& full : all) candidates.push_back(full.substr(full.rfind('.') + 1));
        auto near = closest_match(name, candidates);
        std::string hint;
        if (near) {
          // Suggest the full name when only the short one was close.
          for (const auto& full : all)
            if (full == *near || full.substr(full.rfind('.') + 1) == *near) { hint = fmt::format("did you mean `{}`?", full); break; }
        }
        diags_.error("E0402", cli, fmt::format("--param: unknown parameter `{}`", name), hint);
        continue;
      }
      if (matches.size() > 1) {
        diags_.error("E0403", cli, fmt::format("--param: parameter `{}` is ambiguous", name),
                     fmt::format("qualify it: `{}` or `{}`", matches[0]->name, matches[1]->name));
        continue;
      }
      auto c = parse_override(value, matches[0]->type);
      if (!c)
        diags_.error("E0404", cli,
                     fmt::format("--param: bad value `{}` for parameter `{}` of type {}", value, matches[0]->name,
                                 plan::to_string(matches[0]->type)),
                     matches[0]->type.base == T::duration ? "durations are written 90d, 12w or 90 (days), at most 3650000d"
                     : matches[0]->type.base == T::number ? "numbers are written 5, 0.1 or 10%"
                                                          : "");
      else
        matches[0]->value = *c;
    }
  }

  // ---- pass 5: defs --------------------------------------------------------------------
  void check_defs() {
    for (auto& [pkg_name, pkg] : packages_)
      for (auto& [name, entry] : pkg.defs) check_def(pkg_name, entry);
  }

  void check_def(const std::string& pkg_name, DefEntry& entry) {
    if (entry.checked) return;
    const ast::Def& d = *entry.decl;
    if (entry.checking) return;  // reported as recursion by the caller
    entry.checking = true;
    Ctx ctx;
    ctx.file = entry.file;
    ctx.package = pkg_name;
    std::vector<std::string> calls;
    ctx.def_calls = &calls;
    for (const auto& p : d.params) bind(ctx, p.name.text, type_of(p.type), p.name.span);
    plan::Def& out = program_.defs[entry.index];
    out.params = static_cast<std::uint32_t>(d.params.size());
    Node body = d.body ? expr(*d.body, ctx) : Node{};
    entry.result = body.type;
    if (d.result) {
      Type declared = type_of(*d.result);
      expect_type(body, declared, "the definition's value");
      entry.result = declared;  // callers see the declared type, so a wrong body is reported once
    }
    out.body = std::move(body);
    out.frame = ctx.max_slot;
    unbind_all(ctx);
    entry.checking = false;
    entry.checked = true;
  }

  // ---- locals ----------------------------------------------------------------------------
  std::uint32_t bind(Ctx& ctx, const std::string& name, const Type& type, const ast::Span& span) {
    for (const auto& l : ctx.locals)
      if (l.name == name) warning("W0002", span, fmt::format("`{}` shadows the variable bound at line {}", name, l.span.line));
    if (auto v = lookup(ctx.file, name); v && (v->kind == Visible::Kind::param || v->kind == Visible::Kind::def))
      warning("W0002", span, fmt::format("`{}` shadows the {} of the same name", name,
                                         v->kind == Visible::Kind::param ? "parameter" : "definition"));
    std::uint32_t slot = ctx.next_slot++;
    ctx.max_slot = std::max(ctx.max_slot, ctx.next_slot);
    ctx.locals.push_back(Local{name, slot, type, span, false});
    return slot;
  }
  void unbind(Ctx& ctx) {
    const Local& l = ctx.locals.back();
    if (!l.used && l.name.rfind('_', 0) != 0)
      warning("W0001", l.span, fmt::format("unused variable `{}`", l.name), "remove it, or name it `_` to say it is unused on purpose");
    ctx.locals.pop_back();
    --ctx.next_slot;
  }
  void unbind_all(Ctx& ctx) {
    while (!ctx.locals.empty()) unbind(ctx);
  }

  // ---- expressions ------------------------------------------------------------------------
  static Node make(Code code, Type type, const ast::Span& span) {
    Node n;
    n.code = code;
    n.type = type;
    n.span = span;
    return n;
  }
  static Node error_node(const ast::Span& span) { return make(Code::constant, Type::of(T::error), span); }

  Node expr(const ast::Expr& e, Ctx& ctx) {
    switch (e.kind) {
      case ExprKind::string: {
        Node n = make(Code::constant, Type::of(T::string), e.span);
        n.constant.type = T::string;
        n.constant.text = e.text;
        return n;
      }
      case ExprKind::interpolated: {
        Node n = make(Code::interpolate, Type::of(T::string), e.span);
        n.pieces = e.pieces;
        for (const auto& a : e.args) n.kids.push_back(expr(*a, ctx));
        return n;
      }
      case ExprKind::number:
      case ExprKind::share: {
        Node n = make(Code::constant, Type::of(T::number), e.span);
        n.constant.type = T::number;
        n.constant.number = e.number;
        return n;
      }
      case ExprKind::boolean: {
        Node n = make(Code::constant, Type::of(T::boolean), e.span);
        n.constant.type = T::boolean;
        n.constant.b = e.number != 0;
        return n;
      }
      case ExprKind::date:
      case ExprKind::duration: {
        T t = e.kind == ExprKind::date ? T::date : T::duration;
        Node n = make(Code::constant, Type::of(t), e.span);
        n.constant.type = t;
        n.constant.days = e.days;
        return n;
      }
      case ExprKind::list: {
        Node n = make(Code::list, Type::set_of(T::any), e.span);
        for (const auto& a : e.args) {
          Node k = expr(*a, ctx);
          if (n.type.elem == T::any) n.type.elem = k.type.base;
          else if (!plan::comparable(Type::of(n.type.elem), k.type))
            error("E0206", k.span, fmt::format("list elements must have one type: {} and {}", plan::to_string(n.type.elem),
                                               plan::to_string(k.type)));
          n.kids.push_back(std::move(k));
        }
        return n;
      }
      case ExprKind::name: return name(e, ctx);
      case ExprKind::table: {
        if (!attrs_.known_table(e.text)) {
          std::string hint = did_you_mean(e.text, attrs_.known_tables());
          if (hint.empty()) hint = fmt::format("declare the columns you read, e.g. `attribute table {}.id: string`", e.text);
          error("E0104", e.name_span.line ? e.name_span : e.span, fmt::format("unknown table `{}`", e.text), hint);
          return error_node(e.span);
        }
        Node n = make(Code::source, Type::set_of(T::row), e.span);
        n.index = static_cast<std::uint32_t>(plan::SourceKind::table);
        n.attr.table_name = e.text;
        n.type.table = attrs_.table_index(e.text);
        return n;
      }
      case ExprKind::member: return member(e, ctx);
      case ExprKind::call: return call(e, ctx);
      case ExprKind::unary: {
        Node k = expr(*e.args[0], ctx);
        if (e.op == Op::not_) {
          expect_type(k, Type::of(T::boolean), "the operand of `not`");
          Node n = make(Code::not_, Type::of(T::boolean), e.span);
          n.kids.push_back(std::move(k));
          return n;
        }
        if (!k.type.is_error() && k.type.base != T::number && k.type.base != T::duration)
          error("E0203", k.span, fmt::format("`-` needs a number or duration, found {}", plan::to_string(k.type)));
        Node n = make(Code::neg, k.type, e.span);
        n.kids.push_back(std::move(k));
        return n;
      }
      case ExprKind::binary: return binary(e, ctx);
      case ExprKind::is_absent:
      case ExprKind::is_present: {
        Node n = make(e.kind == ExprKind::is_absent ? Code::is_absent : Code::is_present, Type::of(T::boolean), e.span);
        n.kids.push_back(expr(*e.args[0], ctx));
        return n;
      }
      case ExprKind::set_builder: {
        Node src = iteration_source(*e.args[0], ctx);
        Type elem = src.type.base == T::set ? Type::of(src.type.elem) : Type::of(T::error);
        if (src.type.base == T::set && src.type.elem == T::row) elem.table = src.type.table;
        Node n = make(Code::set_builder, src.type.base == T::set ? src.type : Type::of(T::error), e.span);
        n.index = bind(ctx, e.text, elem, e.name_span.line ? e.name_span : e.span);
        Node cond = expr(*e.args[1], ctx);
        expect_type(cond, Type::of(T::boolean), "the condition after `where`");
        unbind(ctx);
        n.kids.push_back(std::move(src));
        n.kids.push_back(std::move(cond));
        return n;
      }
      case ExprKind::quantifier: {
        Node src = iteration_source(*e.args[0], ctx);
        Type elem = src.type.base == T::set ? Type::of(src.type.elem) : Type::of(T::error);
        if (src.type.base == T::set && src.type.elem == T::row) elem.table = src.type.table;
        Node n = make(e.op == Op::all_ ? Code::all_ : Code::any_, Type::of(T::boolean), e.span);
        n.index = bind(ctx, e.text, elem, e.name_span.line ? e.name_span : e.span);
        Node cond = expr(*e.args[1], ctx);
        expect_type(cond, Type::of(T::boolean), "the condition after `where`");
        unbind(ctx);
        n.kids.push_back(std::move(src));
        n.kids.push_back(std::move(cond));
        return n;
      }
    }
    return error_node(e.span);
  }

  // A set to iterate: a source name, `table NAME`, or a set-valued expression.
  Node iteration_source(const ast::Expr& e, Ctx& ctx) {
    if (e.kind == ExprKind::name) {
      if (auto s = source_of(e.text)) {
        bool shadowed = std::any_of(ctx.locals.begin(), ctx.locals.end(), [&](const Local& l) { return l.name == e.text; });
        if (!shadowed) {
          Node n = make(Code::source, Type::set_of(source_elem(*s)), e.span);
          n.index = static_cast<std::uint32_t>(*s);
          return n;
        }
      }
    }
    Node n = expr(e, ctx);
    if (!n.type.is_error() && n.type.base != T::set)
      error("E0207", e.span, fmt::format("cannot iterate over {}", plan::to_string(n.type)),
            "iterate over identities, roles, groups, entitlements, edges, `table NAME` or a set");
    return n;
  }

  Node name(const ast::Expr& e, Ctx& ctx) {
    for (auto it = ctx.locals.rbegin(); it != ctx.locals.rend(); ++it)
      if (it->name == e.text) {
        it->used = true;
        Node n = make(Code::slot, it->type, e.span);
        n.index = it->slot;
        return n;
      }
    if (auto v = lookup(ctx.file, e.text)) {
      if (v->kind == Visible::Kind::poisoned) return error_node(e.span);
      Package& pkg = packages_[v->package];
      if (v->kind == Visible::Kind::param) {
        ParamEntry& p = pkg.params[v->name];
        p.used = true;
        Node n = make(Code::param, program_.params[p.index].type, e.span);
        n.index = p.index;
        return n;
      }
      if (v->kind == Visible::Kind::def) {
        DefEntry& d = pkg.defs[v->name];
        d.used = true;
        if (d.decl->is_function) {
          error("E0208", e.span, fmt::format("`{}` is a function; call it with arguments", e.text));
          return error_node(e.span);
        }
        return def_call(d, v->package, {}, e, ctx);
      }
      error("E0209", e.span, fmt::format("`{}` is a duty; duties are used in `conflict ... between`", e.text));
      return error_node(e.span);
    }
    if (e.text == "today") return today(e.span);
    if (is_severity_word(e.text)) {
      Node n = make(Code::constant, Type::of(T::severity), e.span);
      n.constant.type = T::severity;
      n.constant.days = static_cast<std::int32_t>(*parse_severity(e.text));
      return n;
    }
    if (auto s = source_of(e.text)) {
      Node n = make(Code::source, Type::set_of(source_elem(*s)), e.span);
      n.index = static_cast<std::uint32_t>(*s);
      return n;
    }
    error("E0101", e.span, fmt::format("unknown name `{}`", e.text), did_you_mean(e.text, visible_names(ctx)));
    return error_node(e.span);
  }

  Node today(const ast::Span& span) {
    Node n = make(Code::call, Type::of(T::date), span);
    n.builtin = plan::Builtin::today;
    return n;
  }

  Node member(const ast::Expr& e, Ctx& ctx) {
    Node obj = expr(*e.args[0], ctx);
    if (obj.type.is_error()) return error_node(e.span);
    const AttrSpec* a = attrs_.find(obj.type, e.text);
    if (!a) {
      auto names = attrs_.names(obj.type);
      if (names.empty()) {
        error("E0210", e.span, fmt::format("{} has no attributes", plan::to_string(obj.type)));
      } else {
        std::string hint = did_you_mean(e.text, names);
        if (hint.empty())
          hint = fmt::format("declare it with `attribute {}.{}: string` if your inventory has such a column",
                             obj.type.base == T::row ? "table " + attrs_.table_name(obj.type.table) : plan::to_string(obj.type),
                             e.text);
        error("E0211", member_span(e), fmt::format("unknown attribute `{}` on {}", e.text,
                                                   obj.type.base == T::row ? "rows of table `" + attrs_.table_name(obj.type.table) + "`"
                                                                           : plan::to_string(obj.type)),
              hint);
      }
      return error_node(e.span);
    }
    Node n = make(Code::attribute, a->type, e.span);
    n.attr = a->ref;
    n.kids.push_back(std::move(obj));
    return n;
  }

  // The span of `.attr` in `x.attr`, for the caret.
  static ast::Span member_span(const ast::Expr& e) {
    ast::Span s = e.span;
    const ast::Span& obj = e.args[0]->span;
    if (obj.end < s.end && obj.end >= s.begin) {
      s.col += obj.end - s.begin + 1;
      s.begin = obj.end + 1;
    }
    return s;
  }

  Node def_call(DefEntry& d, const std::string& package, std::vector<Node> args, const ast::Expr& e, Ctx& ctx) {
    if (ctx.def_calls) ctx.def_calls->push_back(package + "." + d.decl->name.text);
    if (d.checking) {
      error("E0303", e.span, fmt::format("`{}` is defined in terms of itself; definitions may not be recursive", d.decl->name.text),
            "transitive reasoning over the graph belongs to the built-in operators (reaches, holds, members)");
      return error_node(e.span);
    }
    check_def(package, d);
    Node n = make(Code::call_def, d.result, e.span);
    n.index = d.index;
    n.kids = std::move(args);
    return n;
  }

  Node call(const ast::Expr& e, Ctx& ctx) {
    // A user definition?
    if (auto v = lookup(ctx.file, e.text); v && v->kind == Visible::Kind::poisoned && !e.baseline) {
      for (const auto& a : e.args) expr(*a, ctx);
      return error_node(e.span);
    }
    if (auto v = lookup(ctx.file, e.text); v && v->kind == Visible::Kind::def && !e.baseline) {
      DefEntry& d = packages_[v->package].defs[v->name];
      d.used = true;
      if (!d.decl->is_function) {
        error("E0212", e.span, fmt::format("`{}` is a constant, not a function", e.text));
        return error_node(e.span);
      }
      if (d.decl->params.size() != e.args.size()) {
        error("E0213", e.span, fmt::format("`{}` takes {} argument{}, found {}", e.text, d.decl->params.size(),
                                           d.decl->params.size() == 1 ? "" : "s", e.args.size()));
        return error_node(e.span);
      }
      std::vector<Node> args;
      for (std::size_t k = 0; k < e.args.size(); ++k) {
        Node a = expr(*e.args[k], ctx);
        Type want = type_of(d.decl->params[k].type);
        if (!plan::assignable(a.type, want))
          error("E0203", a.span, fmt::format("argument {} of `{}` must be {}, found {}", k + 1, e.text, plan::to_string(want),
                                             plan::to_string(a.type)));
        args.push_back(std::move(a));
      }
      return def_call(d, v->package, std::move(args), e, ctx);
    }
    const BuiltinInfo* b = find_builtin(e.text);
    if (!b) {
      std::vector<std::string> names = builtin_names();
      for (const auto& [n, v] : visible_[ctx.file]) if (v.kind == Visible::Kind::def) names.push_back(n);
      for (const auto& [n, _] : packages_[ctx.package].defs) names.push_back(n);
      error("E0102", e.name_span.line ? e.name_span : e.span, fmt::format("unknown function `{}`", e.text), did_you_mean(e.text, names));
      return error_node(e.span);
    }
    if (static_cast<int>(e.args.size()) < b->min_args || static_cast<int>(e.args.size()) > b->max_args) {
      std::string takes = b->min_args == b->max_args ? fmt::format("{}", b->min_args) : fmt::format("{} or {}", b->min_args, b->max_args);
      error("E0213", e.span, fmt::format("`{}` takes {} argument{}, found {}", e.text, takes, b->max_args == 1 ? "" : "s", e.args.size()));
      return error_node(e.span);
    }
    if (e.baseline && !b->graph) {
      error("E0214", e.span, fmt::format("`baseline.{}` does not exist: only graph operators read the baseline", e.text));
      return error_node(e.span);
    }
    Node n = make(Code::call, Type::of(T::error), e.span);
    n.builtin = b->id;
    n.baseline = e.baseline;
    // peers(i, by ATTR): the second argument names an identity attribute.
    if (b->id == plan::Builtin::peers || b->id == plan::Builtin::cohort) {
      Node who = expr(*e.args[0], ctx);
      expect_type(who, Type::of(T::identity), fmt::format("the first argument of `{}`", e.text).c_str());
      const ast::Expr& by = *e.args[1];
      Node attr = make(Code::constant, Type::of(T::string), by.span);
      if (by.kind != ExprKind::name || !by.by || !attrs_.find(Type::of(T::identity), by.text)) {
        std::string hint = by.kind == ExprKind::name && !by.by && attrs_.find(Type::of(T::identity), by.text)
                               ? fmt::format("write `by {}`", by.text)
                           : by.kind == ExprKind::name ? did_you_mean(by.text, attrs_.names(Type::of(T::identity)))
                                                       : "";
        error("E0215", by.span,
              fmt::format("the second argument of `{}` is `by` and an identity attribute, as in `{}(i, by department)`", e.text, e.text),
              hint);
      } else {
        attr = make(Code::attribute, attrs_.find(Type::of(T::identity), by.text)->type, by.span);
        attr.attr = attrs_.find(Type::of(T::identity), by.text)->ref;
      }
      n.kids.push_back(std::move(who));
      n.kids.push_back(std::move(attr));
      n.type = Type::set_of(T::identity);
      return n;
    }
    for (const auto& a : e.args) {
      if (a->by) {
        error("E0218", a->span, "`by ATTR` is only an argument of `peers` and `cohort`");
        n.kids.push_back(error_node(a->span));
        continue;
      }
      n.kids.push_back(expr(*a, ctx));
    }
    auto arg_type = [&](std::size_t k) { return n.kids[k].type; };
    auto need_node = [&](std::size_t k) {
      if (!node_or_id(arg_type(k)))
        error("E0203", n.kids[k].span, fmt::format("argument {} of `{}` must be a node (or a node id), found {}", k + 1, e.text,
                                                   plan::to_string(arg_type(k))));
    };
    switch (b->id) {
      case plan::Builtin::holds:
      case plan::Builtin::grants: need_node(0); n.type = Type::set_of(T::entitlement); break;
      case plan::Builtin::members: need_node(0); n.type = Type::set_of(T::identity); break;
      case plan::Builtin::reachable: need_node(0); n.type = Type::set_of(T::node); break;
      case plan::Builtin::path: need_node(0); need_node(1); n.type = Type::of(T::path); break;
      case plan::Builtin::depth: need_node(0); need_node(1); n.type = Type::of(T::number); break;
      case plan::Builtin::count:
        if (!arg_type(0).is_error() && arg_type(0).base != T::set)
          error("E0203", n.kids[0].span, fmt::format("`count` needs a set, found {}", plan::to_string(arg_type(0))));
        n.type = Type::of(T::number);
        break;
      case plan::Builtin::excepted:
        if (!ctx.in_rule) error("E0216", e.span, "`excepted` is only meaningful inside a rule");
        expect_type(n.kids[0], Type::of(T::identity), "the first argument of `excepted`");
        if (n.kids.size() > 1 && !arg_type(1).is_error() && arg_type(1).base != T::string)
          error("E0203", n.kids[1].span, fmt::format("the key of `excepted` must be a string, found {}", plan::to_string(arg_type(1))));
        n.type = Type::of(T::boolean);
        break;
      case plan::Builtin::share:
      case plan::Builtin::holders:
        need_node(0);
        expect_type(n.kids[1], Type::set_of(T::identity), fmt::format("the second argument of `{}`", e.text).c_str());
        n.type = Type::of(T::number);
        break;
      case plan::Builtin::has_edge:
        expect_type(n.kids[0], Type::of(T::edge), "the argument of `has_edge`");
        n.type = Type::of(T::boolean);
        break;
      case plan::Builtin::exists: need_node(0); n.type = Type::of(T::boolean); break;
      case plan::Builtin::direct: need_node(0); n.type = Type::set_of(T::entitlement); break;
      case plan::Builtin::lower:
      case plan::Builtin::upper:
        expect_type(n.kids[0], Type::of(T::string), fmt::format("the argument of `{}`", e.text).c_str());
        n.type = Type::of(T::string);
        break;
      case plan::Builtin::starts_with:
      case plan::Builtin::ends_with:
      case plan::Builtin::contains:
        expect_type(n.kids[0], Type::of(T::string), "the first argument");
        expect_type(n.kids[1], Type::of(T::string), "the second argument");
        n.type = Type::of(T::boolean);
        break;
      case plan::Builtin::days:
        if (arg_type(0).base == T::duration) n.type = Type::of(T::number);
        else { expect_type(n.kids[0], Type::of(T::number), "the argument of `days`"); n.type = Type::of(T::duration); }
        break;
      default: break;
    }
    return n;
  }

  Node binary(const ast::Expr& e, Ctx& ctx) {
    if (e.op == Op::reaches && e.args.size() == 3) return reaches_via(e, ctx);
    Node l = expr(*e.args[0], ctx);
    Node r = expr(*e.args[1], ctx);
    const Type& a = l.type;
    const Type& b = r.type;
    const bool err = a.is_error() || b.is_error();
    auto out = [&](Code code, Type t) {
      Node n = make(code, t, e.span);
      n.op = e.op;
      n.kids.push_back(std::move(l));
      n.kids.push_back(std::move(r));
      return n;
    };
    auto mismatch = [&](const char* op) {
      if (!err)
        error("E0217", e.span, fmt::format("`{}` cannot combine {} and {}", op, plan::to_string(a), plan::to_string(b)));
      return Type::of(T::error);
    };
    switch (e.op) {
      case Op::and_:
      case Op::or_:
        expect_type(l, Type::of(T::boolean), e.op == Op::and_ ? "each side of `and`" : "each side of `or`");
        expect_type(r, Type::of(T::boolean), e.op == Op::and_ ? "each side of `and`" : "each side of `or`");
        return out(e.op == Op::and_ ? Code::and_ : Code::or_, Type::of(T::boolean));
      case Op::eq:
      case Op::ne:
        if (!plan::comparable(a, b)) mismatch(e.op == Op::eq ? "==" : "!=");
        return out(Code::compare, Type::of(T::boolean));
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        static const std::set<T> ordered = {T::number, T::date, T::duration, T::severity, T::string, T::any, T::error};
        const char* op = e.op == Op::lt ? "<" : e.op == Op::le ? "<=" : e.op == Op::gt ? ">" : ">=";
        if (!ordered.count(a.base) || !ordered.count(b.base) || !plan::comparable(a, b)) mismatch(op);
        return out(Code::compare, Type::of(T::boolean));
      }
      case Op::in:
      case Op::not_in:
        if (!err && b.base != T::set)
          error("E0217", r.span, fmt::format("the right side of `in` must be a set or list, found {}", plan::to_string(b)));
        else if (!err && !plan::comparable(a, Type::of(b.elem)))
          error("E0217", e.span, fmt::format("`in` compares {} with elements of type {}", plan::to_string(a), plan::to_string(b.elem)));
        return out(e.op == Op::in ? Code::in : Code::not_in, Type::of(T::boolean));
      case Op::reaches:
        if (!err && !node_or_id(a))
          error("E0217", l.span, fmt::format("the left side of `reaches` must be a node, found {}", plan::to_string(a)));
        if (!err && !node_or_id(b))
          error("E0217", r.span, fmt::format("the right side of `reaches` must be a node or a node id, found {}", plan::to_string(b)));
        return out(Code::reaches, Type::of(T::boolean));
      case Op::union_:
      case Op::intersect: {
        const char* op = e.op == Op::union_ ? "|" : "&";
        if (a.base != T::set || b.base != T::set || !plan::comparable(Type::of(a.elem), Type::of(b.elem))) return out(Code::set_union, mismatch(op));
        Type t = a.elem == T::any ? b : a;
        if (a.elem != b.elem && a.elem != T::any && b.elem != T::any) t = Type::set_of(T::node);
        return out(e.op == Op::union_ ? Code::set_union : Code::set_intersect, t);
      }
      case Op::minus:
        if (a.base == T::set && b.base == T::set) return out(Code::set_minus, a);
        if (a.base == T::date && b.base == T::date) return out(Code::sub, Type::of(T::duration));
        if (a.base == T::date && b.base == T::duration) return out(Code::sub, Type::of(T::date));
        if (a.base == T::duration && b.base == T::duration) return out(Code::sub, Type::of(T::duration));
        if (a.base == T::number && b.base == T::number) return out(Code::sub, Type::of(T::number));
        return out(Code::sub, mismatch("-"));
      case Op::plus:
        if (a.base == T::date && b.base == T::duration) return out(Code::add, Type::of(T::date));
        if (a.base == T::duration && b.base == T::date) return out(Code::add, Type::of(T::date));
        if (a.base == T::duration && b.base == T::duration) return out(Code::add, Type::of(T::duration));
        if (a.base == T::number && b.base == T::number) return out(Code::add, Type::of(T::number));
        if (a.base == T::string && b.base == T::string) return out(Code::add, Type::of(T::string));
        return out(Code::add, mismatch("+"));
      case Op::times:
        if (a.base == T::number && b.base == T::number) return out(Code::mul, Type::of(T::number));
        if (a.base == T::duration && b.base == T::number) return out(Code::mul, Type::of(T::duration));
        if (a.base == T::number && b.base == T::duration) return out(Code::mul, Type::of(T::duration));
        return out(Code::mul, mismatch("*"));
      case Op::divide:
        if (a.base == T::number && b.base == T::number) return out(Code::div, Type::of(T::number));
        if (a.base == T::duration && b.base == T::duration) return out(Code::div, Type::of(T::number));
        return out(Code::div, mismatch("/"));
      default:
        return out(Code::compare, mismatch("?"));
    }
  }

  // `a reaches b via x where C`: reachability through the edges x for which C holds.
  Node reaches_via(const ast::Expr& e, Ctx& ctx) {
    Node l = expr(*e.args[0], ctx);
    Node r = expr(*e.args[1], ctx);
    if (!l.type.is_error() && !node_or_id(l.type))
      error("E0217", l.span, fmt::format("the left side of `reaches` must be a node, found {}", plan::to_string(l.type)));
    if (!r.type.is_error() && !node_or_id(r.type))
      error("E0217", r.span, fmt::format("the right side of `reaches` must be a node or a node id, found {}", plan::to_string(r.type)));
    Node n = make(Code::reaches, Type::of(T::boolean), e.span);
    n.index = bind(ctx, e.text, Type::of(T::edge), e.name_span.line ? e.name_span : e.span);
    Node cond = expr(*e.args[2], ctx);
    expect_type(cond, Type::of(T::boolean), "the condition after `via x where`");
    unbind(ctx);
    n.kids.push_back(std::move(l));
    n.kids.push_back(std::move(r));
    n.kids.push_back(std::move(cond));
    return n;
  }

  // Splits `a and b and c` into conjuncts, so the planner can place each one
  // as early as the variables it needs are bound.
  static void conjuncts(Node n, std::vector<Node>& out) {
    if (n.code == Code::and_) {
      conjuncts(std::move(n.kids[0]), out);
      conjuncts(std::move(n.kids[1]), out);
    } else {
      out.push_back(std::move(n));
    }
  }

  // ---- pass 6: rules -----------------------------------------------------------------------
  void header(const ast::RuleHeader& h, std::uint32_t f, plan::Rule& r, Ctx& ctx) {
    const std::string& pkg = files_[f].package.text;
    r.id = pkg + "." + h.id.text;
    r.short_id = h.id.text;
    r.package = pkg;
    r.title = h.title;
    r.rationale = h.rationale;
    r.file = f;
    r.span = h.span;
    if (h.controls.empty()) error("E0304", h.id.span, fmt::format("rule `{}` names no control", h.id.text), "add `control \"A.5.3\"`");
    for (const auto& c : h.controls) {
      r.controls.push_back(c.text);
      if (!controls_.count(c.text)) {
        std::vector<std::string> ids;
        for (const auto& [id, _] : controls_) ids.push_back(id);
        warning("W0301", c.span, fmt::format("control `{}` is not declared in any `control` block", c.text), did_you_mean(c.text, ids));
      }
    }
    if (!h.severity) {
      error("E0305", h.id.span, fmt::format("rule `{}` has no severity", h.id.text), "add `severity high` (low, medium, high or critical)");
      r.severity = error_node(h.span);
    } else if (h.severity->kind == ExprKind::name && !is_severity_word(h.severity->text) &&
               std::none_of(ctx.locals.begin(), ctx.locals.end(), [&](const Local& l) { return l.name == h.severity->text; }) &&
               !lookup(ctx.file, h.severity->text)) {
      error("E0306", h.severity->span, fmt::format("unknown severity `{}`", h.severity->text),
            did_you_mean(h.severity->text, {"low", "medium", "high", "critical"}));
      r.severity = error_node(h.severity->span);
    } else {
      r.severity = expr(*h.severity, ctx);
      if (!r.severity.type.is_error() && r.severity.type.base != T::severity) {
        if (h.severity->kind == ExprKind::name && !r.severity.type.is_error())
          error("E0306", h.severity->span, fmt::format("unknown severity `{}`", h.severity->text),
                did_you_mean(h.severity->text, {"low", "medium", "high", "critical"}));
        else
          expect_type(r.severity, Type::of(T::severity), "the severity");
      }
    }
  }

  void lower_rules() {
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const ast::File& file = files_[f];
      for (const auto& ar : file.rules) lower_rule(ar, f);
      for (const auto& c : file.conflicts) lower_conflict(c, f);
      for (const auto& t : file.toxics) lower_toxic(t, f);
    }
  }

  void lower_rule(const ast::Rule& ar, std::uint32_t f) {
    plan::Rule r;
    Ctx ctx = context_for(f, true);
    if (ar.fors.empty()) error("E0307", ar.header.id.span, fmt::format("rule `{}` has no `for` clause", ar.header.id.text));
    for (const auto& fc : ar.fors) {
      plan::Scan s;
      s.span = fc.span;
      Node src = iteration_source(*fc.source, ctx);
      Type elem = src.type.base == T::set ? Type::of(src.type.elem) : Type::of(T::error);
      if (src.code == Code::source) {
        s.source = static_cast<plan::SourceKind>(src.index);
        if (s.source == plan::SourceKind::table) {
          s.table_name = src.attr.table_name;
          s.table = src.type.table;
          elem.table = src.type.table;
        }
      } else {
        s.source = plan::SourceKind::expression;
        s.expression = std::move(src);
      }
      s.slot = bind(ctx, fc.var.text, elem, fc.var.span);
      r.scans.push_back(std::move(s));
    }
    header(ar.header, f, r, ctx);
    if (ar.where) {
      Node w = expr(*ar.where, ctx);
      expect_type(w, Type::of(T::boolean), "the condition after `where`");
      conjuncts(std::move(w), r.where);
    }
    if (ar.unless) {
      Node u = expr(*ar.unless, ctx);
      expect_type(u, Type::of(T::boolean), "the condition after `unless`");
      r.unless.push_back(std::move(u));
    }
    if (ar.subject) {
      r.subject = expr(*ar.subject, ctx);
      if (!node_or_id(r.subject.type))
        error("E0203", r.subject.span, fmt::format("the subject must be a node, found {}", plan::to_string(r.subject.type)));
    } else if (!r.scans.empty()) {
      // The first variable that is a node, or the `from` of the first edge.
      for (std::size_t k = 0; k < r.scans.size() && r.subject.type.base == T::error; ++k) {
        const Local& l = ctx.locals[k];
        Node slot = make(Code::slot, l.type, l.span);
        slot.index = l.slot;
        if (l.type.is_node()) {
          r.subject = std::move(slot);
          ctx.locals[k].used = true;
        } else if (l.type.base == T::edge) {
          r.subject = make(Code::attribute, Type::of(T::node), l.span);
          r.subject.attr.access = plan::AttrRef::Access::edge_from;
          r.subject.attr.column = "from";
          r.subject.kids.push_back(std::move(slot));
          ctx.locals[k].used = true;
        }
      }
      if (r.subject.type.base == T::error)
        error("E0308", ar.header.id.span, fmt::format("rule `{}` ranges over no node or edge; say whose finding it is with `subject`",
                                                      ar.header.id.text));
    }
    if (!ar.report) {
      error("E0309", ar.header.id.span, fmt::format("rule `{}` has no `report`", ar.header.id.text),
            "add `report \"{i.id} ...\"`: the message of each finding");
      r.message = error_node(ar.header.span);
    } else {
      r.message = expr(*ar.report, ctx);
      expect_type(r.message, Type::of(T::string), "the report");
    }
    if (ar.key) {
      r.key = expr(*ar.key, ctx);
    } else {
      r.key = make(Code::constant, Type::of(T::any), ar.header.span);
    }
    for (const auto& ev : ar.evidence) {
      Node n = expr(*ev, ctx);
      expect_type(n, Type::of(T::path), "evidence");
      r.evidence.push_back(std::move(n));
    }
    unbind_all(ctx);
    r.slots = ctx.max_slot;
    program_.rules.push_back(std::move(r));
  }

  Ctx context_for(std::uint32_t f, bool in_rule) {
    Ctx ctx;
    ctx.file = f;
    ctx.package = files_[f].package.text;
    ctx.in_rule = in_rule;
    return ctx;
  }

  void lower_conflict(const ast::Conflict& c, std::uint32_t f) {
    plan::Rule r;
    r.kind = plan::RuleKind::conflict;
    Ctx ctx = context_for(f, false);
    header(c.header, f, r, ctx);
    for (const ast::Name* side : {&c.left, &c.right}) {
      auto v = lookup(f, side->text);
      if (!v || v->kind != Visible::Kind::duty) {
        std::vector<std::string> duties;
        for (const auto& [n, _] : packages_[ctx.package].duties) duties.push_back(n);
        for (const auto& [n, vis] : visible_[f]) if (vis.kind == Visible::Kind::duty) duties.push_back(n);
        error("E0103", side->span, fmt::format("unknown duty `{}`", side->text), did_you_mean(side->text, duties));
        continue;
      }
      const ast::Duty* d = packages_[v->package].duties[v->name];
      std::vector<std::string> members;
      for (const auto& m : d->members) members.push_back(m.text);
      r.sides.push_back(std::move(members));
      r.side_all.push_back(d->all);
      r.side_titles.push_back(d->title.empty() ? d->id.text : d->title);
    }
    r.slots = 1;
    program_.rules.push_back(std::move(r));
  }

  void lower_toxic(const ast::Toxic& t, std::uint32_t f) {
    plan::Rule r;
    r.kind = plan::RuleKind::toxic;
    Ctx ctx = context_for(f, false);
    header(t.header, f, r, ctx);
    if (t.members.size() < 2) error("E0310", t.header.id.span, "a toxic combination needs at least two entitlements or roles");
    for (const auto& m : t.members) r.sides.push_back({m.text});
    r.side_all.assign(r.sides.size(), true);
    r.slots = 1;
    program_.rules.push_back(std::move(r));
  }

  // ---- pass 7: unused ------------------------------------------------------------------------
  void warn_unused() {
    for (std::uint32_t f = 0; f < files_.size(); ++f)
      for (std::uint32_t k = 0; k < files_[f].imports.size(); ++k)
        if (!import_used_[f][k])
          warning("W0004", files_[f].imports[k].span, fmt::format("unused import of `{}`", files_[f].imports[k].package));
    // Params and defs of packages without rules are libraries (stdlib): not warned.
    for (auto& [pkg_name, pkg] : packages_) {
      if (pkg.rules.empty()) continue;
      for (auto& [name, p] : pkg.params)
        if (!p.used) warning("W0003", p.decl->name.span, fmt::format("unused parameter `{}`", name));
      for (auto& [name, d] : pkg.defs)
        if (!d.used) warning("W0003", d.decl->name.span, fmt::format("unused definition `{}`", name));
    }
  }

  const std::vector<ast::File>& files_;
  const std::vector<PolicySource>& sources_;
  const CompileOptions& options_;
  Diagnostics& diags_;
  plan::Program program_;
  std::map<std::string, Package> packages_;
  std::map<std::string, std::pair<const ast::Control*, std::uint32_t>> controls_;
  std::vector<std::map<std::string, Visible>> visible_;
  std::vector<std::vector<bool>> import_used_;
  AttributeTable attrs_;
};

}  // namespace

plan::Program check_and_lower(const std::vector<ast::File>& files, const std::vector<PolicySource>& sources,
                              const CompileOptions& options, Diagnostics& diags) {
  return Checker(files, sources, options, diags).run();
}

}  // namespace ward::check
