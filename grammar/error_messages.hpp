// User-facing syntax error messages, one per rule of grammar/ward_grammar.hpp
// that appears under `must<>` or `raise<>`.
//
// Parse with `error_control` as the PEGTL control:
//   tao::pegtl::parse<ward::grammar::file, Action, ward::grammar::error_control>(in)
// A syntax error then throws `tao::pegtl::parse_error` whose `message()` is
// the text below (never a PEGTL rule name) and whose `positions().front()`
// is the first character that is wrong. Only `must<>`/`raise<>` points raise:
// a rule that fails inside `sor<>`/`opt<>` backtracks as usual.
//
// INVARIANT: every rule that can be raised has a message here. This is
// checked at compile time: `must_if<..., RequireMessage = true>` fails to
// compile a parse whose grammar raises a rule without one.
//
// Messages follow the house style (style.md, "Errors are values with a
// place"): lowercase, no final period, code in backticks, one line, saying
// what was expected.
#pragma once

#include <tao/pegtl.hpp>

#include "grammar/ward_grammar.hpp"

namespace ward::grammar {

// nullptr: the rule is never raised (it only backtracks).
template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off

// Words
template <> inline constexpr const char* error_message<reserved_name> = "this is a reserved word and cannot be used as a name";

// Strings
template <> inline constexpr const char* error_message<known_escape> = "unknown escape sequence (use `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{` or `\\}`)";
template <> inline constexpr const char* error_message<string_closed> = "unterminated string";
template <> inline constexpr const char* error_message<plain_closed> = "unterminated string";
template <> inline constexpr const char* error_message<triple_closed> = "unterminated triple-quoted string (no closing `\"\"\"`)";
template <> inline constexpr const char* error_message<interpolation_expr> = "expected an expression after `{` in the string";
template <> inline constexpr const char* error_message<interpolation_close> = "expected `}` to close the interpolation";
template <> inline constexpr const char* error_message<interpolation_not_allowed> = "interpolation is not allowed in this string (write `\\{` for a literal brace)";

// Numbers and dates
template <> inline constexpr const char* error_message<valid_date> = "invalid date (expected `YYYY-MM-DD`)";
template <> inline constexpr const char* error_message<number_end> = "unknown suffix after the number (use `d` for days, `w` for weeks or `%` for a share)";

// Expressions
template <> inline constexpr const char* error_message<paren_inner> = "expected an expression after `(`";
template <> inline constexpr const char* error_message<paren_close> = "expected `)` to close the parenthesis";
template <> inline constexpr const char* error_message<list_item_after_comma> = "expected a list item after `,`";
template <> inline constexpr const char* error_message<list_close> = "expected `]` to close the list (items are separated by `,`)";
template <> inline constexpr const char* error_message<table_name> = "expected a table name after `table`";
template <> inline constexpr const char* error_message<quantifier_var> = "expected a variable name after `any` or `all`";
template <> inline constexpr const char* error_message<quantifier_in> = "expected `in` after the quantifier's variable";
template <> inline constexpr const char* error_message<quantifier_source> = "expected the set to range over after `in`";
template <> inline constexpr const char* error_message<quantifier_where> = "expected `where` and a condition after the quantifier's set";
template <> inline constexpr const char* error_message<quantifier_condition> = "expected a condition after `where`";
template <> inline constexpr const char* error_message<baseline_member> = "expected `.` and a graph operator after `baseline` (as in `baseline.holds(i)`)";
template <> inline constexpr const char* error_message<member_name> = "expected an attribute name after `.`";
template <> inline constexpr const char* error_message<by_attribute> = "expected an attribute name after `by`";
template <> inline constexpr const char* error_message<call_arg_after_comma> = "expected an argument after `,`";
template <> inline constexpr const char* error_message<call_close> = "expected `)` to close the argument list (arguments are separated by `,`)";
template <> inline constexpr const char* error_message<neg_operand> = "expected an expression after `-`";
template <> inline constexpr const char* error_message<times_operand> = "expected an expression after `*`";
template <> inline constexpr const char* error_message<divide_operand> = "expected an expression after `/`";
template <> inline constexpr const char* error_message<union_operand> = "expected an expression after `|`";
template <> inline constexpr const char* error_message<minus_operand> = "expected an expression after `-`";
template <> inline constexpr const char* error_message<intersect_operand> = "expected an expression after `&`";
template <> inline constexpr const char* error_message<plus_operand> = "expected an expression after `+`";
template <> inline constexpr const char* error_message<compare_operand> = "expected an expression after the comparison operator";
template <> inline constexpr const char* error_message<in_operand> = "expected a set after `in`";
template <> inline constexpr const char* error_message<not_in_in> = "expected `in` after `not` (as in `x not in s`)";
template <> inline constexpr const char* error_message<reaches_operand> = "expected a node after `reaches`";
template <> inline constexpr const char* error_message<via_var> = "expected an edge variable after `via`, as in `via x where x.expires is absent`";
template <> inline constexpr const char* error_message<via_where> = "expected `where` and a condition on the edge after `via x`";
template <> inline constexpr const char* error_message<via_condition> = "expected a condition on the edge after `where`";
template <> inline constexpr const char* error_message<builder_condition> = "expected a condition after `where` in `[x in S where ...]`";
template <> inline constexpr const char* error_message<builder_close> = "expected `]` to close `[x in S where ...]`";
template <> inline constexpr const char* error_message<is_test> = "expected `absent` or `present` after `is`";
template <> inline constexpr const char* error_message<single_equals> = "expected `==` to compare (`=` alone is not an operator)";
template <> inline constexpr const char* error_message<chained_comparison> = "comparisons do not chain; combine them with `and`";
template <> inline constexpr const char* error_message<not_operand> = "expected an expression after `not`";
template <> inline constexpr const char* error_message<and_operand> = "expected an expression after `and`";
template <> inline constexpr const char* error_message<or_operand> = "expected an expression after `or`";

// Types
template <> inline constexpr const char* error_message<type_ref> = "expected a type (such as `string`, `duration` or `set<string>`)";
template <> inline constexpr const char* error_message<type_argument> = "expected a type after `<`";
template <> inline constexpr const char* error_message<type_args_close> = "expected `>` to close the type";
template <> inline constexpr const char* error_message<type_colon> = "expected `:` and a type after the name";

// package and import
template <> inline constexpr const char* error_message<package_decl> = "expected `package` and the package name at the start of the file";
template <> inline constexpr const char* error_message<package_name> = "expected a package name after `package`";
template <> inline constexpr const char* error_message<package_segment_after_dot> = "expected a name after `.` in the package name";
template <> inline constexpr const char* error_message<import_path> = "expected a package path after `import`";
template <> inline constexpr const char* error_message<import_dot> = "expected `.` and the imported name after the package (as in `import a.b.name`)";
template <> inline constexpr const char* error_message<import_step> = "expected a name, `{` names `}` or `*` after `.` in the import";
template <> inline constexpr const char* error_message<import_group_name> = "expected a name to import";
template <> inline constexpr const char* error_message<import_group_close> = "expected `}` to close the imported names (names are separated by `,`)";
template <> inline constexpr const char* error_message<duplicate_package> = "`package` must appear once, at the start of the file";
template <> inline constexpr const char* error_message<late_import> = "imports must come before all other declarations";
template <> inline constexpr const char* error_message<end_of_file> = "expected a declaration (control, param, attribute, def, rule, duty, conflict, toxic or test)";

// control
template <> inline constexpr const char* error_message<control_id> = "expected the control id (a string such as `\"A.5.3\"`) after `control`";
template <> inline constexpr const char* error_message<control_title> = "expected the control title (a string) after the control id";
template <> inline constexpr const char* error_message<control_open> = "expected `{` after the control title";
template <> inline constexpr const char* error_message<intent_text> = "expected the intent text (a string) after `intent`";
template <> inline constexpr const char* error_message<map_ref> = "expected a framework reference (a string) after `maps`";
template <> inline constexpr const char* error_message<map_ref_after_comma> = "expected a framework reference (a string) after `,`";
template <> inline constexpr const char* error_message<control_close> = "expected `}` to end the control (it holds `intent`, then `maps`)";

// param and attribute
template <> inline constexpr const char* error_message<param_name> = "expected a parameter name after `param`";
template <> inline constexpr const char* error_message<param_equals> = "expected `=` and a default value after the parameter's type";
template <> inline constexpr const char* error_message<param_default> = "expected a default value after `=`";
template <> inline constexpr const char* error_message<attribute_owner> = "expected identity, role, group, entitlement, edge or `table NAME` after `attribute`";
template <> inline constexpr const char* error_message<attribute_dot> = "expected `.` and the attribute name (as in `identity.location`)";
template <> inline constexpr const char* error_message<attribute_name> = "expected an attribute name after `.`";

// def
template <> inline constexpr const char* error_message<def_name> = "expected a name after `def`";
template <> inline constexpr const char* error_message<def_param> = "expected a parameter as `name: type`";
template <> inline constexpr const char* error_message<def_params_close> = "expected `)` to close the parameters (parameters are separated by `,`)";
template <> inline constexpr const char* error_message<def_equals> = "expected `=` and the definition's body";
template <> inline constexpr const char* error_message<def_body> = "expected an expression after `=`";

// Clauses of rule, conflict and toxic
template <> inline constexpr const char* error_message<control_clause> = "expected `control` and the control ids (the first clause)";
template <> inline constexpr const char* error_message<control_ref> = "expected a control id (a string such as `\"A.5.3\"`) after `control`";
template <> inline constexpr const char* error_message<control_ref_after_comma> = "expected a control id (a string) after `,`";
template <> inline constexpr const char* error_message<severity_clause> = "expected `severity` after the controls";
template <> inline constexpr const char* error_message<severity_value> = "expected a severity (low, medium, high, critical) or an expression after `severity`";
template <> inline constexpr const char* error_message<rationale_text> = "expected the rationale text (a string or a `\"\"\"` string) after `rationale`";

// rule
template <> inline constexpr const char* error_message<rule_name> = "expected a rule name after `rule`";
template <> inline constexpr const char* error_message<rule_title> = "expected the rule title (a string) after the rule name";
template <> inline constexpr const char* error_message<rule_open> = "expected `{` after the rule title";
template <> inline constexpr const char* error_message<for_clause> = "expected `for NAME in SOURCE` after the severity and rationale";
template <> inline constexpr const char* error_message<for_var> = "expected a variable name after `for`";
template <> inline constexpr const char* error_message<for_in> = "expected `in` after the loop variable";
template <> inline constexpr const char* error_message<for_source> = "expected what to iterate over after `in` (such as `identities` or `table NAME`)";
template <> inline constexpr const char* error_message<where_condition> = "expected an expression after `where`";
template <> inline constexpr const char* error_message<unless_condition> = "expected an expression after `unless`";
template <> inline constexpr const char* error_message<report_clause> = "expected `report` and the finding's message";
template <> inline constexpr const char* error_message<report_text> = "expected the message (a string) after `report`";
template <> inline constexpr const char* error_message<subject_value> = "expected an expression after `subject`";
template <> inline constexpr const char* error_message<key_value> = "expected an expression after `key`";
template <> inline constexpr const char* error_message<evidence_item> = "expected an expression after `evidence`";
template <> inline constexpr const char* error_message<evidence_item_after_comma> = "expected an expression after `,`";
template <> inline constexpr const char* error_message<rule_close> = "expected `}` to end the rule (clauses go in the order control, severity, rationale, for, where, unless, report, subject, key, evidence)";

// duty, conflict, toxic
template <> inline constexpr const char* error_message<duty_name> = "expected a duty name after `duty`";
template <> inline constexpr const char* error_message<duty_title> = "expected the duty title (a string) after the duty name";
template <> inline constexpr const char* error_message<duty_open> = "expected `{` after the duty title";
template <> inline constexpr const char* error_message<duty_mode> = "expected `any` or `all` and the entitlement ids of the duty";
template <> inline constexpr const char* error_message<duty_member> = "expected an entitlement or role id (a string) after `any` or `all`";
template <> inline constexpr const char* error_message<duty_member_after_comma> = "expected an entitlement or role id (a string) after `,`";
template <> inline constexpr const char* error_message<duty_close> = "expected `}` to end the duty";
template <> inline constexpr const char* error_message<conflict_name> = "expected a conflict name after `conflict`";
template <> inline constexpr const char* error_message<conflict_title> = "expected the conflict title (a string) after the conflict name";
template <> inline constexpr const char* error_message<conflict_open> = "expected `{` after the conflict title";
template <> inline constexpr const char* error_message<between_clause> = "expected `between` and the two conflicting duties";
template <> inline constexpr const char* error_message<duty_ref> = "expected a duty name after `between`";
template <> inline constexpr const char* error_message<conflict_comma> = "expected `,` and the second duty";
template <> inline constexpr const char* error_message<second_duty_ref> = "expected the second duty name after `,`";
template <> inline constexpr const char* error_message<conflict_close> = "expected `}` to end the conflict (a conflict is between exactly two duties)";
template <> inline constexpr const char* error_message<toxic_name> = "expected a name after `toxic`";
template <> inline constexpr const char* error_message<toxic_title> = "expected the title (a string) after the toxic combination's name";
template <> inline constexpr const char* error_message<toxic_open> = "expected `{` after the toxic combination's title";
template <> inline constexpr const char* error_message<toxic_all> = "expected `all` and the entitlement ids that must not be held together";
template <> inline constexpr const char* error_message<toxic_member> = "expected an entitlement or role id (a string) after `all`";
template <> inline constexpr const char* error_message<toxic_member_after_comma> = "expected an entitlement or role id (a string) after `,`";
template <> inline constexpr const char* error_message<toxic_close> = "expected `}` to end the toxic combination";

// test
template <> inline constexpr const char* error_message<test_name> = "expected the test name (a string) after `test`";
template <> inline constexpr const char* error_message<test_open> = "expected `{` after the test name";
template <> inline constexpr const char* error_message<given_clause> = "expected `given` (the test's fixture) first in the test";
template <> inline constexpr const char* error_message<given_source> = "expected `{` and fixture lines, or `inventory` and a path, after `given`";
template <> inline constexpr const char* error_message<inventory_path> = "expected the inventory path (a string) after `inventory`";
template <> inline constexpr const char* error_message<baseline_word> = "expected `baseline` after `and`";
template <> inline constexpr const char* error_message<baseline_source> = "expected `{` and fixture lines, or a path (a string), after `baseline`";
template <> inline constexpr const char* error_message<as_of_of> = "expected `of` after `as`";
template <> inline constexpr const char* error_message<as_of_date> = "expected a date (`YYYY-MM-DD`) after `as of`";
template <> inline constexpr const char* error_message<with_param_word> = "expected `param` after `with`";
template <> inline constexpr const char* error_message<test_param_name> = "expected a parameter name after `with param`";
template <> inline constexpr const char* error_message<test_param_equals> = "expected `=` and a value after the parameter name";
template <> inline constexpr const char* error_message<test_param_value> = "expected a value after `=`";
template <> inline constexpr const char* error_message<expect_clause> = "expected `expect` (a test reads: given, and baseline, as of, with param, then expect)";
template <> inline constexpr const char* error_message<expectation> = "expected a rule name, `no RULE` or `N findings of RULE` after `expect`";
template <> inline constexpr const char* error_message<expect_on> = "expected `on` and the subject after the rule name";
template <> inline constexpr const char* error_message<expect_subject> = "expected the subject (an id or a string) after `on`";
template <> inline constexpr const char* error_message<expect_key> = "expected the key (an id or a string) after `key`";
template <> inline constexpr const char* error_message<expect_none_rule> = "expected a rule name after `no`";
template <> inline constexpr const char* error_message<findings_word> = "expected `findings of` and a rule name after the count";
template <> inline constexpr const char* error_message<findings_of> = "expected `of` after `findings`";
template <> inline constexpr const char* error_message<expect_count_rule> = "expected a rule name after `findings of`";
template <> inline constexpr const char* error_message<test_close> = "expected another `expect` or `}` to end the test";
template <> inline constexpr const char* error_message<fixture_word_after_comma> = "expected a value after `,` in the fixture line";
template <> inline constexpr const char* error_message<fixture_line_end> = "expected a value or the end of the fixture line";
template <> inline constexpr const char* error_message<fixture_close> = "expected `}` to close the fixture";

// clang-format on

// The error table in the shape `tao::pegtl::must_if` wants. Only rules under
// `must<>`/`raise<>` raise; no rule raises merely because it failed.
struct error_table {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;

  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

// The PEGTL control to parse with.
template <typename Rule>
using error_control = tao::pegtl::must_if<error_table>::control<Rule>;

}  // namespace ward::grammar
