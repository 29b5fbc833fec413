// The PEG grammar of the ward policy language (taocpp PEGTL 3).
//
// Rules only: no actions, no semantic work. grammar/README.md gives the same
// grammar in EBNF and must be kept in step with this file. The user-facing
// message for every rule that appears under `must<>` (or `raise<>`) lives in
// grammar/error_messages.hpp; parse with its `error_control` so a syntax error
// is a `tao::pegtl::parse_error` whose message is ours and whose position is
// the first character that is wrong.
//
// How the rules are meant to be used by actions (engine/syntax/):
// - Every construct is a named struct; attach actions to those, not to the
//   PEGTL combinators. Wrappers such as `control_ref_after_comma` are
//   `seq<control_ref>`, so an action on `control_ref` fires for every item.
// - Tokens never include the whitespace around them: `ws` (blanks, newlines,
//   `#` comments) is matched between tokens, so a rule's matched text is its
//   source span.
// - `comment` can match the same text more than once: an optional tail such as
//   `star<ws, kw_and, ...>` may match whitespace and a comment, fail on the
//   keyword and rewind. A comment collector must ignore a comment whose start
//   offset it has already seen.
// - String literals are checked by a lookahead (`at<>`, which runs no actions)
//   before they are matched for real, so an unterminated string is reported
//   at its opening quote. Inside the lookahead, errors in escapes and
//   interpolations are still raised at their own position.
// - Once a declaration's or clause's keyword has matched, every following part
//   is under `must<>`: the parse either succeeds or throws; `file` never fails
//   quietly.
//
// INVARIANT: `tao::pegtl::analyze<file>()` reports no problems
// (tests/unit/grammar_test.cpp).
#pragma once

#include <tao/pegtl.hpp>

namespace ward::grammar {

using tao::pegtl::alnum;
using tao::pegtl::any;
using tao::pegtl::at;
using tao::pegtl::blank;
using tao::pegtl::digit;
using tao::pegtl::eof;
using tao::pegtl::eol;
using tao::pegtl::identifier_other;
using tao::pegtl::must;
using tao::pegtl::not_at;
using tao::pegtl::not_one;
using tao::pegtl::one;
using tao::pegtl::opt;
using tao::pegtl::plus;
using tao::pegtl::raise;
using tao::pegtl::rep;
using tao::pegtl::seq;
using tao::pegtl::sor;
using tao::pegtl::space;
using tao::pegtl::star;

// ---------------------------------------------------------------------------
// Whitespace and comments

// `#` to the end of the line (the newline itself is whitespace).
struct comment : seq<one<'#'>, star<not_one<'\r', '\n'>>> {};
// Whitespace between tokens: blanks, newlines and comments. Always succeeds.
struct ws : star<sor<space, comment>> {};
// Blanks only (fixture lines are line-oriented).
struct blanks : star<blank> {};
struct comma : one<','> {};

// ---------------------------------------------------------------------------
// Words and keywords
//
// A keyword matches only as a whole word: `or` does not match the start of
// `order`. Reserved words (listed in `reserved_word`) are never identifiers;
// the other keywords are contextual (they only mean something where the
// grammar expects them). After `.` any word is accepted (`row.severity`,
// `e.from`), and so is any word as a type name (`param s: severity = high`).

// Any identifier-shaped word, reserved words included: [A-Za-z_][A-Za-z0-9_]*
struct word : tao::pegtl::identifier {};

// Reserved: declarations and clauses.
struct kw_package : TAO_PEGTL_KEYWORD("package") {};
struct kw_import : TAO_PEGTL_KEYWORD("import") {};
struct kw_control : TAO_PEGTL_KEYWORD("control") {};
struct kw_intent : TAO_PEGTL_KEYWORD("intent") {};
struct kw_maps : TAO_PEGTL_KEYWORD("maps") {};
struct kw_param : TAO_PEGTL_KEYWORD("param") {};
struct kw_attribute : TAO_PEGTL_KEYWORD("attribute") {};
struct kw_def : TAO_PEGTL_KEYWORD("def") {};
struct kw_rule : TAO_PEGTL_KEYWORD("rule") {};
struct kw_severity : TAO_PEGTL_KEYWORD("severity") {};
struct kw_rationale : TAO_PEGTL_KEYWORD("rationale") {};
struct kw_for : TAO_PEGTL_KEYWORD("for") {};
struct kw_where : TAO_PEGTL_KEYWORD("where") {};
struct kw_unless : TAO_PEGTL_KEYWORD("unless") {};
struct kw_report : TAO_PEGTL_KEYWORD("report") {};
struct kw_subject : TAO_PEGTL_KEYWORD("subject") {};
struct kw_key : TAO_PEGTL_KEYWORD("key") {};
struct kw_evidence : TAO_PEGTL_KEYWORD("evidence") {};
struct kw_duty : TAO_PEGTL_KEYWORD("duty") {};
struct kw_conflict : TAO_PEGTL_KEYWORD("conflict") {};
struct kw_between : TAO_PEGTL_KEYWORD("between") {};
struct kw_toxic : TAO_PEGTL_KEYWORD("toxic") {};
struct kw_test : TAO_PEGTL_KEYWORD("test") {};
struct kw_given : TAO_PEGTL_KEYWORD("given") {};
struct kw_expect : TAO_PEGTL_KEYWORD("expect") {};
// Reserved: expressions.
struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_is : TAO_PEGTL_KEYWORD("is") {};
struct kw_reaches : TAO_PEGTL_KEYWORD("reaches") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_today : TAO_PEGTL_KEYWORD("today") {};
struct kw_table : TAO_PEGTL_KEYWORD("table") {};
struct kw_by : TAO_PEGTL_KEYWORD("by") {};
struct kw_baseline : TAO_PEGTL_KEYWORD("baseline") {};
struct kw_identities : TAO_PEGTL_KEYWORD("identities") {};
struct kw_roles : TAO_PEGTL_KEYWORD("roles") {};
struct kw_groups : TAO_PEGTL_KEYWORD("groups") {};
struct kw_entitlements : TAO_PEGTL_KEYWORD("entitlements") {};
struct kw_edges : TAO_PEGTL_KEYWORD("edges") {};
// Contextual (not reserved).
struct kw_absent : TAO_PEGTL_KEYWORD("absent") {};
struct kw_present : TAO_PEGTL_KEYWORD("present") {};
struct kw_identity : TAO_PEGTL_KEYWORD("identity") {};
struct kw_role : TAO_PEGTL_KEYWORD("role") {};
struct kw_group : TAO_PEGTL_KEYWORD("group") {};
struct kw_entitlement : TAO_PEGTL_KEYWORD("entitlement") {};
struct kw_edge : TAO_PEGTL_KEYWORD("edge") {};
struct kw_inventory : TAO_PEGTL_KEYWORD("inventory") {};
struct kw_as : TAO_PEGTL_KEYWORD("as") {};
struct kw_of : TAO_PEGTL_KEYWORD("of") {};
struct kw_with : TAO_PEGTL_KEYWORD("with") {};
struct kw_no : TAO_PEGTL_KEYWORD("no") {};
struct kw_on : TAO_PEGTL_KEYWORD("on") {};
struct kw_findings : TAO_PEGTL_KEYWORD("findings") {};
struct kw_finding : TAO_PEGTL_KEYWORD("finding") {};

struct reserved_word
    : sor<kw_package, kw_import, kw_control, kw_intent, kw_maps, kw_param, kw_attribute, kw_def, kw_rule, kw_severity,
          kw_rationale, kw_for, kw_where, kw_unless, kw_report, kw_subject, kw_key, kw_evidence, kw_duty, kw_conflict,
          kw_between, kw_toxic, kw_test, kw_given, kw_expect, kw_and, kw_or, kw_not, kw_in, kw_is, kw_reaches, kw_any,
          kw_all, kw_true, kw_false, kw_today, kw_table, kw_by, kw_baseline, kw_identities, kw_roles, kw_groups,
          kw_entitlements, kw_edges> {};

// A name the user chose: a word that is not reserved.
struct identifier : seq<not_at<reserved_word>, word> {};

// Where a declaration's name is expected, a reserved word gets its own message.
struct reserved_name : reserved_word {};  // raised, never matched
struct reserved_name_error : seq<at<reserved_word>, raise<reserved_name>> {};

// ---------------------------------------------------------------------------
// String literals
//
// "..." on one line, escapes \" \\ \n \t \{ \}. In an expression a `{expr}`
// interpolates; everywhere else (titles, ids, paths) a bare `{` is an error.
// """...""" spans lines, has no escapes and no interpolation (intent,
// rationale, and as an expression literal).

struct string_quote : one<'"'> {};
struct escape_code : one<'"', '\\', 'n', 't', '{', '}'> {};
struct known_escape : at<one<'\\'>, escape_code> {};
struct string_escape : seq<at<one<'\\'>>, must<known_escape>, one<'\\'>, escape_code> {};

struct expression;

// Interpolating string (expressions): literal segments, escapes, `{expr}`.
struct string_text : plus<not_one<'"', '\\', '{', '\r', '\n'>> {};
struct interpolation_expr : seq<expression> {};
struct interpolation_close : one<'}'> {};
struct interpolation : seq<one<'{'>, ws, must<interpolation_expr>, ws, must<interpolation_close>> {};
struct string_body : seq<string_quote, star<sor<string_text, string_escape, interpolation>>, string_quote> {};
struct string_closed : at<string_body> {};
struct string_lit : seq<at<string_quote>, must<string_closed>, string_body> {};

// Plain string (declarations, fixtures): no interpolation.
struct plain_text : plus<not_one<'"', '\\', '{', '\r', '\n'>> {};
struct interpolation_not_allowed : one<'{'> {};  // raised, never matched
struct plain_brace : seq<at<one<'{'>>, raise<interpolation_not_allowed>> {};
struct plain_body : seq<string_quote, star<sor<plain_text, string_escape, plain_brace>>, string_quote> {};
struct plain_closed : at<plain_body> {};
struct plain_string : seq<at<string_quote>, must<plain_closed>, plain_body> {};

// Triple-quoted string.
struct triple_quote : tao::pegtl::ascii::string<'"', '"', '"'> {};
struct triple_text : star<not_at<triple_quote>, any> {};
struct triple_closed : at<triple_quote, triple_text, triple_quote> {};
struct triple_string : seq<at<triple_quote>, must<triple_closed>, triple_quote, triple_text, triple_quote> {};

// Free text of `intent` and `rationale`.
struct text_lit : sor<triple_string, plain_string> {};

// ---------------------------------------------------------------------------
// Numbers, shares, dates and durations

// Four digits, `-` and a digit start a date; a date is exactly YYYY-MM-DD.
struct date_start : seq<rep<4, digit>, one<'-'>, digit> {};
struct date_body : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<identifier_other>> {};
struct valid_date : at<date_body> {};
struct date_lit : seq<at<date_start>, must<valid_date>, date_body> {};
// `90d`, `12w`: whole days or weeks.
struct duration_lit : seq<plus<digit>, one<'d', 'w'>, not_at<identifier_other>> {};
// `10%`, `12.5%`.
struct percent_lit : seq<plus<digit>, opt<one<'.'>, plus<digit>>, one<'%'>> {};
struct decimal_lit : seq<plus<digit>, one<'.'>, plus<digit>> {};
struct integer_lit : plus<digit> {};
// A number must not run into a word (`90m`, `5days`).
struct number_end : not_at<identifier_other> {};
struct number_lit : seq<sor<date_lit, percent_lit, duration_lit, decimal_lit, integer_lit>, must<number_end>> {};

// ---------------------------------------------------------------------------
// Expressions, lowest to highest precedence:
//   or < and < not < comparisons (== != < <= > >= in, not in, reaches, is)
//   < | - & + < * / < unary - < postfix (.attr, call) < primary
// Binary operators associate to the left; comparisons do not chain.

struct paren_inner : seq<expression> {};
struct paren_close : one<')'> {};
struct paren_expr : seq<one<'('>, ws, must<paren_inner>, ws, must<paren_close>> {};

struct list_item : seq<expression> {};
struct list_item_after_comma : seq<list_item> {};
struct list_close : one<']'> {};
struct list_lit
    : seq<one<'['>, ws, opt<list_item, star<ws, comma, ws, must<list_item_after_comma>>>, ws, must<list_close>> {};

// `[x in S where E]`: the elements of S for which E holds. Tried before a
// plain list; it only commits once `where` follows `x in S`.
struct builder_var : seq<identifier> {};
struct builder_source : seq<expression> {};
struct builder_condition : seq<expression> {};
struct builder_close : one<']'> {};
struct set_builder : seq<one<'['>, ws, builder_var, ws, kw_in, ws, builder_source, ws, kw_where, ws,
                         must<builder_condition>, ws, must<builder_close>> {};

struct bool_lit : sor<kw_true, kw_false> {};
struct today_lit : seq<kw_today> {};
// The inventory's node and edge sets, as iteration sources.
struct source_name : sor<kw_identities, kw_roles, kw_groups, kw_entitlements, kw_edges> {};
// `table sod_rules`: a data table as an iteration source.
struct table_name : seq<identifier> {};
struct table_ref : seq<kw_table, ws, must<table_name>> {};

// `any x in S where E`, `all x in S where E`.
struct quantifier_kind : sor<kw_any, kw_all> {};
struct quantifier_var : seq<identifier> {};
struct quantifier_in : seq<kw_in> {};
struct quantifier_source : seq<expression> {};
struct quantifier_where : seq<kw_where> {};
struct quantifier_condition : seq<expression> {};
struct quantifier : seq<quantifier_kind, ws, must<quantifier_var>, ws, must<quantifier_in>, ws, must<quantifier_source>,
                        ws, must<quantifier_where>, ws, must<quantifier_condition>> {};

// `baseline.holds(i)`: a graph operator (or source) on the baseline inventory.
struct baseline_member : seq<one<'.'>, word> {};
struct baseline_ref : seq<kw_baseline, must<baseline_member>> {};

// A variable, parameter, constant, function or severity word.
struct name_ref : seq<identifier> {};

struct primary : sor<paren_expr, set_builder, list_lit, triple_string, string_lit, number_lit, bool_lit, today_lit, quantifier,
                     table_ref, baseline_ref, source_name, name_ref> {};

// Postfix: `.attr` and calls `f(a, b)`; `by NAME` is a call argument
// (`peers(i, by department)`).
struct member_name : seq<word> {};
struct member_access : seq<one<'.'>, must<member_name>> {};
struct by_attribute : seq<word> {};
struct by_arg : seq<kw_by, ws, must<by_attribute>> {};
struct call_arg : sor<by_arg, expression> {};
struct call_arg_after_comma : seq<call_arg> {};
struct call_close : one<')'> {};
struct call_args
    : seq<one<'('>, ws, opt<call_arg, star<ws, comma, ws, must<call_arg_after_comma>>>, ws, must<call_close>> {};
struct postfix_op : sor<member_access, call_args> {};
struct postfix : seq<primary, star<ws, postfix_op>> {};

struct unary;
struct op_neg : one<'-'> {};
struct neg_operand : seq<unary> {};
struct unary : sor<seq<op_neg, ws, must<neg_operand>>, postfix> {};

struct op_times : one<'*'> {};
struct op_divide : one<'/'> {};
struct times_operand : seq<unary> {};
struct divide_operand : seq<unary> {};
struct multiplicative
    : seq<unary, star<ws, sor<seq<op_times, ws, must<times_operand>>, seq<op_divide, ws, must<divide_operand>>>>> {};

struct op_union : one<'|'> {};
struct op_minus : one<'-'> {};
struct op_intersect : one<'&'> {};
struct op_plus : one<'+'> {};
struct union_operand : seq<multiplicative> {};
struct minus_operand : seq<multiplicative> {};
struct intersect_operand : seq<multiplicative> {};
struct plus_operand : seq<multiplicative> {};
struct additive
    : seq<multiplicative,
          star<ws, sor<seq<op_union, ws, must<union_operand>>, seq<op_minus, ws, must<minus_operand>>,
                       seq<op_intersect, ws, must<intersect_operand>>, seq<op_plus, ws, must<plus_operand>>>>> {};

struct op_eq : tao::pegtl::ascii::string<'=', '='> {};
struct op_ne : tao::pegtl::ascii::string<'!', '='> {};
struct op_le : tao::pegtl::ascii::string<'<', '='> {};
struct op_ge : tao::pegtl::ascii::string<'>', '='> {};
struct op_lt : one<'<'> {};
struct op_gt : one<'>'> {};
struct compare_op : sor<op_eq, op_ne, op_le, op_ge, op_lt, op_gt> {};
struct compare_operand : seq<additive> {};
struct op_in : seq<kw_in> {};
struct in_operand : seq<additive> {};
struct not_in_in : seq<kw_in> {};
struct op_not_in : seq<kw_not, ws, must<not_in_in>> {};
struct op_reaches : seq<kw_reaches> {};
struct reaches_operand : seq<additive> {};
struct op_is : seq<kw_is> {};
struct is_absent : seq<kw_absent> {};
struct is_present : seq<kw_present> {};
struct is_test : sor<is_absent, is_present> {};
struct single_equals : one<'='> {};  // raised, never matched: `=` where `==` was meant
// `i reaches e via x where C`: only through edges x for which C holds.
struct kw_via : TAO_PEGTL_KEYWORD("via") {};
struct via_var : seq<identifier> {};
struct via_where : seq<kw_where> {};
struct via_condition : seq<expression> {};
struct via_clause : seq<kw_via, ws, must<via_var>, ws, must<via_where>, ws, must<via_condition>> {};
struct comparison_tail : sor<seq<compare_op, ws, must<compare_operand>>, seq<op_in, ws, must<in_operand>>,
                             seq<op_not_in, ws, must<in_operand>>,
                             seq<op_reaches, ws, must<reaches_operand>, opt<ws, via_clause>>,
                             seq<op_is, ws, must<is_test>>, seq<at<one<'='>>, raise<single_equals>>> {};
struct comparison_start : sor<compare_op, kw_in, seq<kw_not, ws, kw_in>, kw_reaches, kw_is> {};
struct chained_comparison : comparison_start {};  // raised, never matched: `a < b < c`
struct no_chaining : sor<not_at<ws, comparison_start>, seq<ws, raise<chained_comparison>>> {};
struct comparison : seq<additive, opt<ws, comparison_tail, no_chaining>> {};

struct not_expr;
struct not_operand : seq<not_expr> {};
struct not_expr : sor<seq<kw_not, ws, must<not_operand>>, comparison> {};

struct and_operand : seq<not_expr> {};
struct and_expr : seq<not_expr, star<ws, kw_and, ws, must<and_operand>>> {};

struct or_operand : seq<and_expr> {};
struct or_expr : seq<and_expr, star<ws, kw_or, ws, must<or_operand>>> {};

struct expression : seq<or_expr> {};

// ---------------------------------------------------------------------------
// Types: `string`, `duration`, `set<string>`, ... (names are checked later)

struct type_ref;
struct type_name : seq<word> {};
struct type_argument : seq<type_ref> {};
struct type_args_close : one<'>'> {};
struct type_ref : seq<type_name, opt<one<'<'>, ws, must<type_argument>, ws, must<type_args_close>>> {};
struct type_colon : one<':'> {};

// ---------------------------------------------------------------------------
// package a.b.c

struct package_segment : seq<word> {};
struct package_segment_after_dot : seq<package_segment> {};
struct package_name : seq<package_segment, star<one<'.'>, must<package_segment_after_dot>>> {};
struct package_decl : seq<kw_package, ws, must<package_name>> {};

// import a.b.{x, y} | import a.b.x | import a.b.*

struct import_name : seq<identifier, not_at<one<'.'>>> {};
struct import_group_name : seq<identifier> {};
struct import_group_close : one<'}'> {};
struct import_group : seq<one<'{'>, ws, must<import_group_name>, star<ws, comma, ws, must<import_group_name>>, ws,
                          must<import_group_close>> {};
struct import_all : one<'*'> {};
struct import_step;
struct import_step : sor<import_group, import_all, import_name, seq<package_segment, one<'.'>, must<import_step>>> {};
struct import_dot : one<'.'> {};
struct import_path : seq<package_segment, must<import_dot>, must<import_step>> {};
struct import_decl : seq<kw_import, ws, must<import_path>> {};

// control "A.5.3" "Title" { intent "..." maps "...", "..." }

struct control_id : seq<plain_string> {};
struct control_title : seq<plain_string> {};
struct control_open : one<'{'> {};
struct intent_text : seq<text_lit> {};
struct intent_clause : seq<kw_intent, ws, must<intent_text>> {};
struct map_ref : seq<plain_string> {};
struct map_ref_after_comma : seq<map_ref> {};
struct maps_clause : seq<kw_maps, ws, must<map_ref>, star<ws, comma, ws, must<map_ref_after_comma>>> {};
struct control_close : one<'}'> {};
struct control_decl : seq<kw_control, ws, must<control_id>, ws, must<control_title>, ws, must<control_open>, ws,
                          opt<intent_clause, ws>, opt<maps_clause, ws>, must<control_close>> {};

// param name: type = default

struct param_name : sor<identifier, reserved_name_error> {};
struct param_equals : one<'='> {};
struct param_default : seq<expression> {};
struct param_decl : seq<kw_param, ws, must<param_name>, ws, must<type_colon>, ws, must<type_ref>, ws,
                        must<param_equals>, ws, must<param_default>> {};

// attribute identity.location: string | attribute table sod_rules.owner: string

struct attribute_kind : sor<kw_identity, kw_role, kw_group, kw_entitlement, kw_edge> {};
struct attribute_owner : sor<table_ref, attribute_kind> {};
struct attribute_dot : one<'.'> {};
struct attribute_name : seq<word> {};
struct attribute_decl : seq<kw_attribute, ws, must<attribute_owner>, must<attribute_dot>, must<attribute_name>, ws,
                            must<type_colon>, ws, must<type_ref>> {};

// def name(p: type, ...) [: type] = expr | def name [: type] = expr

struct def_name : sor<identifier, reserved_name_error> {};
struct def_param_name : sor<identifier, reserved_name_error> {};
struct def_param : seq<def_param_name, ws, must<type_colon>, ws, must<type_ref>> {};
struct def_params_close : one<')'> {};
struct def_params : seq<one<'('>, ws,
                        sor<def_params_close,
                            seq<must<def_param>, star<ws, comma, ws, must<def_param>>, ws, must<def_params_close>>>> {};
struct def_result : seq<one<':'>, ws, must<type_ref>> {};
struct def_equals : one<'='> {};
struct def_body : seq<expression> {};
struct def_decl : seq<kw_def, ws, must<def_name>, ws, opt<def_params, ws>, opt<def_result, ws>, must<def_equals>, ws,
                      must<def_body>> {};

// Clauses shared by rule, conflict and toxic: control, severity, rationale.

struct control_ref : seq<plain_string> {};
struct control_ref_after_comma : seq<control_ref> {};
struct control_clause : seq<kw_control, ws, must<control_ref>, star<ws, comma, ws, must<control_ref_after_comma>>> {};
struct severity_value : seq<expression> {};
struct severity_clause : seq<kw_severity, ws, must<severity_value>> {};
struct rationale_text : seq<text_lit> {};
struct rationale_clause : seq<kw_rationale, ws, must<rationale_text>> {};

// rule id "Title" { control ... severity ... [rationale ...] for ... [for ...]...
//   [where ...] [unless ...] report "..." [subject ...] [key ...] [evidence ..., ...] }

struct rule_name : sor<identifier, reserved_name_error> {};
struct rule_title : seq<plain_string> {};
struct rule_open : one<'{'> {};
struct for_var : seq<identifier> {};
struct for_in : seq<kw_in> {};
struct for_source : seq<expression> {};
struct for_clause : seq<kw_for, ws, must<for_var>, ws, must<for_in>, ws, must<for_source>> {};
struct where_condition : seq<expression> {};
struct where_clause : seq<kw_where, ws, must<where_condition>> {};
struct unless_condition : seq<expression> {};
struct unless_clause : seq<kw_unless, ws, must<unless_condition>> {};
struct report_text : seq<string_lit> {};
struct report_clause : seq<kw_report, ws, must<report_text>> {};
// The node a finding is about, when it is not the rule's first `for`
// variable (an edge's `from`, a review row's identity).
struct subject_value : seq<expression> {};
struct subject_clause : seq<kw_subject, ws, must<subject_value>> {};
struct key_value : seq<expression> {};
struct key_clause : seq<kw_key, ws, must<key_value>> {};
struct evidence_item : seq<expression> {};
struct evidence_item_after_comma : seq<evidence_item> {};
struct evidence_clause
    : seq<kw_evidence, ws, must<evidence_item>, star<ws, comma, ws, must<evidence_item_after_comma>>> {};
struct rule_close : one<'}'> {};
struct rule_decl : seq<kw_rule, ws, must<rule_name>, ws, must<rule_title>, ws, must<rule_open>, ws,
                       must<control_clause>, ws, must<severity_clause>, ws, opt<rationale_clause, ws>, must<for_clause>,
                       ws, star<for_clause, ws>, opt<where_clause, ws>, opt<unless_clause, ws>, must<report_clause>, ws,
                       opt<subject_clause, ws>, opt<key_clause, ws>, opt<evidence_clause, ws>, must<rule_close>> {};

// duty id "Title" { any "x", "y" } | { all "x", "y" }

struct duty_name : sor<identifier, reserved_name_error> {};
struct duty_title : seq<plain_string> {};
struct duty_open : one<'{'> {};
struct duty_mode : sor<kw_any, kw_all> {};
struct duty_member : seq<plain_string> {};
struct duty_member_after_comma : seq<duty_member> {};
struct duty_close : one<'}'> {};
struct duty_decl : seq<kw_duty, ws, must<duty_name>, ws, must<duty_title>, ws, must<duty_open>, ws, must<duty_mode>, ws,
                       must<duty_member>, star<ws, comma, ws, must<duty_member_after_comma>>, ws, must<duty_close>> {};

// conflict id "Title" { control ... severity ... [rationale ...] between a, b }

struct conflict_name : sor<identifier, reserved_name_error> {};
struct conflict_title : seq<plain_string> {};
struct conflict_open : one<'{'> {};
struct duty_ref : seq<identifier> {};
struct conflict_comma : one<','> {};
struct second_duty_ref : seq<duty_ref> {};
struct between_clause : seq<kw_between, ws, must<duty_ref>, ws, must<conflict_comma>, ws, must<second_duty_ref>> {};
struct conflict_close : one<'}'> {};
struct conflict_decl : seq<kw_conflict, ws, must<conflict_name>, ws, must<conflict_title>, ws, must<conflict_open>, ws,
                           must<control_clause>, ws, must<severity_clause>, ws, opt<rationale_clause, ws>,
                           must<between_clause>, ws, must<conflict_close>> {};

// toxic id "Title" { control ... severity ... [rationale ...] all "x", "y" }

struct toxic_name : sor<identifier, reserved_name_error> {};
struct toxic_title : seq<plain_string> {};
struct toxic_open : one<'{'> {};
struct toxic_all : seq<kw_all> {};
struct toxic_member : seq<plain_string> {};
struct toxic_member_after_comma : seq<toxic_member> {};
struct toxic_close : one<'}'> {};
struct toxic_decl
    : seq<kw_toxic, ws, must<toxic_name>, ws, must<toxic_title>, ws, must<toxic_open>, ws, must<control_clause>, ws,
          must<severity_clause>, ws, opt<rationale_clause, ws>, must<toxic_all>, ws, must<toxic_member>,
          star<ws, comma, ws, must<toxic_member_after_comma>>, ws, must<toxic_close>> {};

// ---------------------------------------------------------------------------
// test "name" { given ... [and baseline ...] [as of DATE] [with param x = v]...
//   expect ... [expect ...]... }

// Inline fixture: one fact per line, `{` and `}` on their own or not:
//   identity alice employee status terminated
//   role ap_clerk grants "sap:FK01", "sap:FK02"
//   edge alice -> ap_clerk member_of expires 2026-01-01 approved_by bob
// A line is words (anything but blanks, quotes, commas, `#`, braces) and
// plain strings, separated by blanks or commas, up to the end of the line,
// a `#` comment or the closing `}`.
struct fixture_bare_word : plus<not_one<' ', '\t', '\r', '\n', '"', ',', '#', '{', '}'>> {};
struct fixture_word : sor<plain_string, fixture_bare_word> {};
struct fixture_word_after_comma : seq<fixture_word> {};
struct fixture_more
    : sor<seq<blanks, comma, blanks, must<fixture_word_after_comma>>, seq<plus<blank>, fixture_word>> {};
struct fixture_line_end : sor<eol, eof, at<one<'}'>>> {};
struct fixture_line : seq<fixture_word, star<fixture_more>, blanks, opt<comment>, must<fixture_line_end>> {};
struct fixture_close : one<'}'> {};
struct fixture_block : seq<one<'{'>, star<sor<space, comment, fixture_line>>, must<fixture_close>> {};

struct test_name : seq<plain_string> {};
struct test_open : one<'{'> {};
struct inventory_path : seq<plain_string> {};
struct inventory_source : seq<kw_inventory, ws, must<inventory_path>> {};
struct given_source : sor<fixture_block, inventory_source> {};
struct given_clause : seq<kw_given, ws, must<given_source>> {};
struct baseline_path : seq<plain_string> {};
struct baseline_word : seq<kw_baseline> {};
struct baseline_source : sor<fixture_block, baseline_path> {};
struct baseline_clause : seq<kw_and, ws, must<baseline_word>, ws, must<baseline_source>> {};
struct as_of_of : seq<kw_of> {};
struct as_of_date : seq<date_lit> {};
struct as_of_clause : seq<kw_as, ws, must<as_of_of>, ws, must<as_of_date>> {};
struct with_param_word : seq<kw_param> {};
struct test_param_name : seq<identifier> {};
struct test_param_equals : one<'='> {};
struct test_param_value : seq<expression> {};
struct with_clause : seq<kw_with, ws, must<with_param_word>, ws, must<test_param_name>, ws, must<test_param_equals>, ws,
                         must<test_param_value>> {};

// Subjects and keys in expectations: an id as inventories spell them
// (`alice`, `svc-deploy`, `sap:F110`) or a plain string.
struct test_id_char : sor<alnum, one<'_', '-', '.', ':', '@', '/'>> {};
struct test_id : seq<not_at<reserved_word, not_at<test_id_char>>, plus<test_id_char>> {};
struct test_value : sor<plain_string, test_id> {};
struct rule_ref : seq<identifier, star<one<'.'>, identifier>> {};
struct expect_subject : seq<test_value> {};
struct expect_key : seq<test_value> {};
struct on_part : seq<kw_on, ws, must<expect_subject>> {};
struct key_part : seq<kw_key, ws, must<expect_key>> {};
struct expect_on : seq<on_part> {};
// expect RULE on SUBJECT [key K]
struct expect_finding : seq<rule_ref, ws, must<expect_on>, opt<ws, key_part>> {};
// expect no RULE [on SUBJECT [key K]]
struct expect_none_rule : seq<rule_ref> {};
struct expect_none : seq<kw_no, ws, must<expect_none_rule>, opt<ws, on_part, opt<ws, key_part>>> {};
// expect N findings of RULE [on SUBJECT]
struct finding_count : seq<plus<digit>, not_at<identifier_other>> {};
struct findings_word : sor<kw_findings, kw_finding> {};
struct findings_of : seq<kw_of> {};
struct expect_count_rule : seq<rule_ref> {};
struct expect_count : seq<finding_count, ws, must<findings_word>, ws, must<findings_of>, ws, must<expect_count_rule>,
                          opt<ws, on_part>> {};
struct expectation : sor<expect_none, expect_count, expect_finding> {};
struct expect_clause : seq<kw_expect, ws, must<expectation>> {};
struct test_close : one<'}'> {};
struct test_decl : seq<kw_test, ws, must<test_name>, ws, must<test_open>, ws, must<given_clause>, ws,
                       opt<baseline_clause, ws>, opt<as_of_clause, ws>, star<with_clause, ws>, must<expect_clause>, ws,
                       star<expect_clause, ws>, must<test_close>> {};

// ---------------------------------------------------------------------------
// A file: `package` first and once, then imports, then declarations.

struct declaration : sor<control_decl, param_decl, attribute_decl, def_decl, rule_decl, duty_decl, conflict_decl,
                         toxic_decl, test_decl> {};
struct duplicate_package : kw_package {};  // raised, never matched
struct late_import : kw_import {};         // raised, never matched
struct misplaced : sor<seq<at<kw_package>, raise<duplicate_package>>, seq<at<kw_import>, raise<late_import>>> {};
struct end_of_file : eof {};
struct byte_order_mark : tao::pegtl::ascii::string<'\xEF', '\xBB', '\xBF'> {};
struct file : seq<opt<byte_order_mark>, ws, must<package_decl>, ws, star<import_decl, ws>, star<declaration, ws>,
                  opt<misplaced>, must<end_of_file>> {};

}  // namespace ward::grammar
