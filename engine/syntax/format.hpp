// The canonical layout of a policy file, and a span-free dump of a syntax
// tree used to check that formatting preserves meaning.
#pragma once

#include <string>

#include "syntax/ast.hpp"

namespace ward::syntax {

// The file in the one canonical layout (format.cpp), comments kept.
std::string format_file(const ast::File& file);

// The tree without positions or comments, as text: two files mean the same
// thing exactly when their dumps are equal.
std::string dump_ast(const ast::File& file);

}  // namespace ward::syntax
