// Parsing one policy file into its syntax tree (grammar/ward_grammar.hpp
// plus the AST-building actions in parse.cpp). PEGTL's parse_error is
// caught here and nowhere else; it becomes a Diagnostic with the grammar's
// own message (grammar/error_messages.hpp).
#pragma once

#include <cstdint>

#include "syntax/ast.hpp"
#include "ward/diagnostic.hpp"
#include "ward/policy.hpp"

namespace ward::syntax {

// Parses `source` (index `file` among the sources) into `out`. Returns false
// after a syntax error (reported in `diags`); `out` is then incomplete.
bool parse_file(const PolicySource& source, std::uint32_t file, ast::File& out, Diagnostics& diags);

}  // namespace ward::syntax
