// A span-free, comment-free dump of a syntax tree (see format.hpp).
#include <fmt/format.h>

#include "syntax/format.hpp"

namespace ward::syntax {

namespace {

void expr(std::string& out, const ast::Expr* e) {
  if (!e) {
    out += "_";
    return;
  }
  out += fmt::format("({} {} {:?} {} {} {}{}", static_cast<int>(e->kind), static_cast<int>(e->op), e->text, e->number, e->days,
                     e->baseline ? "B" : "", e->by ? "Y" : "");
  for (const auto& p : e->pieces) out += fmt::format(" {:?}", p);
  for (const auto& a : e->args) {
    out += ' ';
    expr(out, a.get());
  }
  out += ')';
}

void type(std::string& out, const ast::TypeRef& t) {
  out += t.name;
  for (const auto& a : t.args) {
    out += '<';
    type(out, a);
    out += '>';
  }
}

void header(std::string& out, const ast::RuleHeader& h) {
  out += fmt::format("{} {:?} {:?}", h.id.text, h.title, h.rationale);
  for (const auto& c : h.controls) out += fmt::format(" c:{}", c.text);
  out += " sev:";
  expr(out, h.severity.get());
}

}  // namespace

std::string dump_ast(const ast::File& f) {
  std::string out = "package " + f.package.text + "\n";
  for (const auto& [kind, i] : f.order) {
    using K = ast::File::DeclKind;
    switch (kind) {
      case K::import: {
        const auto& x = f.imports[i];
        out += "import " + x.package + (x.all ? ".*" : "");
        for (const auto& n : x.names) out += " " + n.text;
        break;
      }
      case K::control: {
        const auto& c = f.controls[i];
        out += fmt::format("control {:?} {:?} {:?}", c.id, c.title, c.intent);
        for (const auto& m : c.maps) out += fmt::format(" {:?}", m);
        break;
      }
      case K::param: {
        const auto& p = f.params[i];
        out += "param " + p.name.text + " ";
        type(out, p.type);
        out += " ";
        expr(out, p.default_value.get());
        break;
      }
      case K::attribute: {
        const auto& a = f.attributes[i];
        out += "attribute " + a.kind + " " + a.table + " " + a.name.text + " ";
        type(out, a.type);
        break;
      }
      case K::def: {
        const auto& d = f.defs[i];
        out += fmt::format("def {} {}", d.name.text, d.is_function);
        for (const auto& p : d.params) {
          out += " " + p.name.text + ":";
          type(out, p.type);
        }
        if (d.result) {
          out += " -> ";
          type(out, *d.result);
        }
        out += " = ";
        expr(out, d.body.get());
        break;
      }
      case K::rule: {
        const auto& r = f.rules[i];
        out += "rule ";
        header(out, r.header);
        for (const auto& fc : r.fors) {
          out += " for " + fc.var.text + " ";
          expr(out, fc.source.get());
        }
        for (const ast::Expr* x : {r.where.get(), r.unless.get(), r.subject.get(), r.report.get(), r.key.get()}) {
          out += " | ";
          expr(out, x);
        }
        for (const auto& e : r.evidence) {
          out += " ev ";
          expr(out, e.get());
        }
        break;
      }
      case K::duty: {
        const auto& d = f.duties[i];
        out += fmt::format("duty {} {:?} {}", d.id.text, d.title, d.all);
        for (const auto& m : d.members) out += fmt::format(" {:?}", m.text);
        break;
      }
      case K::conflict: {
        const auto& c = f.conflicts[i];
        out += "conflict ";
        header(out, c.header);
        out += " " + c.left.text + " " + c.right.text;
        break;
      }
      case K::toxic: {
        const auto& t = f.toxics[i];
        out += "toxic ";
        header(out, t.header);
        for (const auto& m : t.members) out += fmt::format(" {:?}", m.text);
        break;
      }
      case K::test: {
        const auto& t = f.tests[i];
        out += fmt::format("test {:?} as_of {}", t.name, t.as_of ? *t.as_of : -1);
        if (t.inventory_path) out += fmt::format(" inv {:?}", t.inventory_path->text);
        if (t.baseline_path) out += fmt::format(" base {:?}", t.baseline_path->text);
        for (const auto& l : t.fixture) {
          out += " [";
          for (const auto& w : l.words) out += fmt::format(" {:?}", w.text);
          out += "]";
        }
        for (const auto& p : t.params) {
          out += " with " + p.name.text + " ";
          expr(out, p.value.get());
        }
        for (const auto& x : t.expectations)
          out += fmt::format(" expect {} {} {:?} {:?} {}", static_cast<int>(x.kind), x.rule.text,
                             x.subject ? x.subject->text : "-", x.key ? x.key->text : "-", x.count);
        break;
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace ward::syntax

#include "syntax/parse.hpp"
#include "ward/policy.hpp"

namespace ward {

FormatResult format_policy(const PolicySource& source) {
  FormatResult r;
  ast::File file;
  if (!syntax::parse_file(source, 0, file, r.diagnostics)) return r;
  std::string text = syntax::format_file(file);
  // Fail closed: never write a layout that parses differently.
  ast::File again;
  Diagnostics d;
  PolicySource formatted{source.path, source.location, text, ""};
  if (!syntax::parse_file(formatted, 0, again, d) || syntax::dump_ast(again) != syntax::dump_ast(file) ||
      again.comments.size() != file.comments.size()) {
    r.diagnostics.error("F0001", SourcePos{source.path, 0, 0},
                        "the canonical layout of this file would not parse to the same policy; it was left unchanged",
                        "this is a bug in ward's formatter: please report it with the file");
    return r;
  }
  r.text = std::move(text);
  return r;
}

}  // namespace ward
