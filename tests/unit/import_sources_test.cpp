// The JSON importers: scim, aws-iam, ad-lab (tools/import/*_importer.cpp).
// Inputs are written to a scratch directory; file names in messages are
// shown relative to it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "import/importer.hpp"

using namespace ward;
using namespace ward::import;
namespace fs = std::filesystem;

namespace {

struct Run {
  bool ok = false;
  std::string errors, report, output;  // output: every CSV file and the JSON form
  ImportedInventory inv;
};

std::string strip(std::string text, const std::string& prefix) {
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

Run run(ImporterFn importer, const std::vector<std::pair<std::string, std::string>>& files) {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("ward-import-sources-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  ImportOptions options;
  for (const auto& [name, text] : files) {
    const std::string path = (dir / name).string();
    FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    options.inputs.push_back(path);
  }
  Run r;
  Diagnostics diags;
  r.ok = importer(options, r.inv, diags);
  const std::string prefix = dir.string() + "/";
  r.errors = strip(render_plain(diags), prefix);
  r.report = strip(mapping_report(r.inv, "test"), prefix);
  for (const auto& [name, text] : to_csv_files(r.inv)) r.output += "== " + name + "\n" + text;
  r.output += to_json(r.inv);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return r;
}

Run run_files(ImporterFn importer, const std::vector<std::string>& paths) {
  Run r;
  Diagnostics diags;
  ImportOptions options;
  options.inputs = paths;
  r.ok = importer(options, r.inv, diags);
  r.errors = render_plain(diags);
  r.report = mapping_report(r.inv, "test");
  for (const auto& [name, text] : to_csv_files(r.inv)) r.output += "== " + name + "\n" + text;
  r.output += to_json(r.inv);
  return r;
}

const ImportedTable* table(const ImportedInventory& inv, std::string_view name) {
  for (const ImportedTable* t : inv.tables())
    if (t->name == name) return t;
  return nullptr;
}

std::size_t rows(const ImportedInventory& inv, std::string_view name) {
  const ImportedTable* t = table(inv, name);
  return t ? t->rows.size() : 0;
}

// The row of table `name` whose first column is `key`, as column -> value ("" when absent).
std::map<std::string, std::string> row(const ImportedInventory& inv, std::string_view name, const std::string& key) {
  std::map<std::string, std::string> out;
  if (const ImportedTable* t = table(inv, name))
    for (const auto& r : t->rows)
      if (r[0] == key) {
        for (std::size_t c = 0; c < t->columns.size(); ++c) out[t->columns[c]] = r[c];
        return out;
      }
  return out;
}

// The edge from -> to with `relation`, as column -> value; empty when there is none.
std::map<std::string, std::string> edge(const ImportedInventory& inv, const std::string& from, const std::string& to,
                                        const std::string& relation) {
  std::map<std::string, std::string> out;
  if (const ImportedTable* t = table(inv, "edges"))
    for (const auto& r : t->rows)
      if (r[0] == from && r[1] == to && r[2] == relation) {
        for (std::size_t c = 0; c < t->columns.size(); ++c) out[t->columns[c]] = r[c];
        return out;
      }
  return out;
}

bool contains(const std::string& text, std::string_view piece) { return text.find(piece) != std::string::npos; }

const char* const kUserSchema = R"("schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"])";
const char* const kGroupSchema = R"("schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"])";

std::string scim_user(const std::string& body) { return std::string("{") + kUserSchema + ", " + body + "}"; }
std::string scim_group(const std::string& body) { return std::string("{") + kGroupSchema + ", " + body + "}"; }

}  // namespace

// ---- scim -----------------------------------------------------------------

TEST_CASE("scim: a user becomes an identity; secrets are dropped, reported by name and never copied") {
  auto r = run(
      import_scim,
      {{"users.json",
        R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": [)" +
            scim_user(
                R"("id": "u1", "userName": "ann@x", "name": {"givenName": "Ann", "familyName": "Lee"}, "active": false,
        "userType": "Contractor", "password": "hunter2-secret", "x509Certificates": [{"value": "MIIBcert"}],
        "meta": {"created": "2020-01-02T03:04:05Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Ops", "manager": {"value": "u2"}})") +
            ", " +
            scim_user(
                R"("id": "u2", "displayName": "Bo", "name": {"formatted": "Mr Bo"}, "userType": "Intern", "phoneNumbers": [{"value": "1"}])") +
            R"(, {"id": "u3", "userName": "cy"}]})"}});
  INFO(r.errors);
  REQUIRE(r.ok);
  auto ann = row(r.inv, "identities", "u1");
  CHECK(ann["name"] == "Ann Lee");
  CHECK(ann["type"] == "contractor");
  CHECK(ann["status"] == "suspended");
  CHECK(ann["department"] == "Ops");
  CHECK(ann["manager"] == "u2");
  CHECK(ann["created"] == "2020-01-02T03:04:05Z");
  CHECK(ann["last_active"] == "");
  auto bo = row(r.inv, "identities", "u2");
  CHECK(bo["name"] == "Bo");  // displayName before name.formatted
  CHECK(bo["type"] == "employee");
  CHECK(bo["user_type"] == "Intern");
  CHECK(contains(r.report, "userType `Intern` (1 user) is not Employee, Contractor or Service: typed `employee`"));
  CHECK(row(r.inv, "identities", "u3")["user_name"] == "cy");  // no schemas, but a userName: a User
  CHECK(contains(r.report,
                 "users.json:2:47: attribute `password` of user `u1`: secrets and credentials are never copied"));
  CHECK(contains(r.report, "attribute `x509Certificates` of user `u1`: secrets and credentials are never copied"));
  CHECK(contains(r.report, "attribute `phoneNumbers` (1 object)"));
  CHECK(contains(r.report, "`active: false` becomes status `suspended`"));
  for (const char* secret : {"hunter2-secret", "MIIBcert"}) {
    CHECK_FALSE(contains(r.output, secret));
    CHECK_FALSE(contains(r.report, secret));
  }
}

TEST_CASE(
    "scim: groups grant scim:group:<id>; members and user groups are member_of; dangling references are skipped") {
  auto r = run(
      import_scim,
      {{"u.json",
        scim_user(
            R"("id": "u1", "userName": "a", "groups": [{"value": "g1"}, {"value": "g9", "display": "Ghost"}, {"value": "g2", "type": "indirect"}],
                                                    "entitlements": [{"value": "payroll.read"}], "roles": [{"value": "auditor"}])")},
       {"g.json",
        scim_group(
            R"("id": "g1", "displayName": "Admins", "members": [{"value": "u1"}, {"value": "u404", "display": "Mandy"}, {"value": "g2", "type": "Group"}])")},
       {"g2.json", scim_group(R"("id": "g2", "displayName": "Nested")")}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(row(r.inv, "roles", "g1")["kind"] == "group");
  CHECK(row(r.inv, "entitlements", "scim:group:g1")["system"] == "scim");
  CHECK_FALSE(edge(r.inv, "g1", "scim:group:g1", "grants").empty());
  CHECK_FALSE(edge(r.inv, "u1", "g1", "member_of").empty());
  CHECK_FALSE(edge(r.inv, "g2", "g1", "member_of").empty());  // a nested group
  CHECK(edge(r.inv, "u1", "g2", "member_of").empty());        // indirect: implied by nesting
  CHECK(contains(r.report, "indirect group `g2` of user `u1`"));
  CHECK(contains(r.report, "u.json:1:118: group `g9` (Ghost) of user `u1`: references a resource not in the input"));
  CHECK(contains(r.report, "member `u404` (Mandy) of group `g1`: references a resource not in the input"));
  CHECK(row(r.inv, "entitlements", "scim:entitlement:payroll.read")["name"] == "payroll.read");
  CHECK_FALSE(edge(r.inv, "u1", "scim:entitlement:payroll.read", "grants").empty());
  CHECK(row(r.inv, "roles", "scim:role:auditor")["kind"] == "role");
  CHECK_FALSE(edge(r.inv, "u1", "scim:role:auditor", "member_of").empty());
  // 2 group grants, u1->g1 (stated by both sides, written once), g2->g1, the entitlement grant, the role membership.
  CHECK(rows(r.inv, "edges") == 6);
}

TEST_CASE("scim: bulk requests resolve bulkId references; PATCH and DELETE are reported") {
  auto r = run(import_scim,
               {{"bulk.json", R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
    {"method": "POST", "path": "/Users", "bulkId": "q1", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Alice"}},
    {"method": "POST", "path": "/Users", "bulkId": "q2", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Bob",
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "bulkId:q1"}}}},
    {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Team",
       "members": [{"type": "User", "value": "bulkId:q1"}, {"value": "bulkId:nope"}]}},
    {"method": "PUT", "path": "/Users/b7", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Carl"}},
    {"method": "PATCH", "path": "/Users/x", "data": [{"op": "remove", "path": "nickName"}]},
    {"method": "DELETE", "path": "/Users/y"}]})"}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(row(r.inv, "identities", "Bob")["manager"] == "Alice");
  CHECK_FALSE(edge(r.inv, "Alice", "Team", "member_of").empty());
  CHECK(row(r.inv, "identities", "b7")["user_name"] == "Carl");  // PUT: the id is in the path
  CHECK(contains(r.report, "User without `id` (a creation request) identified by its userName `Alice`"));
  CHECK(
      contains(r.report, "member `bulkId:nope` of group `Team`: references a bulkId not defined in its bulk request"));
  CHECK(contains(r.report, "bulk.json:8:5: bulk PATCH operation on `/Users/x`"));
  CHECK(contains(r.report, "bulk DELETE operation on `/Users/y`"));
}

TEST_CASE("scim: two groups each a member of the other give a two-edge cycle") {
  auto r = run(import_scim,
               {{"list.json", R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": [
    {"id": "A", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Group A", "members": [{"value": "B", "type": "Group"}]},
    {"id": "B", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Group B", "members": [{"value": "A", "type": "Group"}]}]})"}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK_FALSE(edge(r.inv, "A", "B", "member_of").empty());
  CHECK_FALSE(edge(r.inv, "B", "A", "member_of").empty());
}

TEST_CASE("scim: one id in several files merges; the first value wins and the conflict is noted") {
  auto r = run(import_scim, {{"a.json", scim_user(R"("id": "u1", "userName": "ann")")},
                             {"b.json", scim_user(R"("id": "u1", "userName": "ann2", "displayName": "Ann")")}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(rows(r.inv, "identities") == 1);
  CHECK(row(r.inv, "identities", "u1")["user_name"] == "ann");
  CHECK(row(r.inv, "identities", "u1")["name"] == "Ann");
  CHECK(contains(r.report, "b.json:1: User `u1` appears again with `user_name` = `ann2`; kept `ann` from a.json:1"));
}

TEST_CASE("scim: other SCIM documents are skipped with a reason") {
  auto r = run(
      import_scim,
      {{"spc.json",
        R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], "patch": {"supported": true}})"},
       {"patch.json", R"({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []})"}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(contains(r.report,
                 "spc.json:1:1: document with schemas `urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig`: "
                 "not a User, Group, ListResponse or BulkRequest"));
  CHECK(contains(r.report, "patch.json:1:1: document with schemas `urn:ietf:params:scim:api:messages:2.0:PatchOp`"));
}

TEST_CASE("scim: errors name the file, line and column, and the JSON pointer of a mistyped value") {
  auto r = run(import_scim, {{"t.json",
                              "{\n  \"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],\n  \"id\": \"u1\",\n"
                              "  \"name\": {\"givenName\": 5},\n  \"active\": \"yes\"\n}\n"}});
  CHECK_FALSE(r.ok);
  CHECK(r.errors ==
        "t.json:4:25: error[M0610]: `/name/givenName` must be a string, found a number\n"
        "t.json:5:13: error[M0610]: `/active` must be a boolean, found a string\n");
  CHECK(run(import_scim, {{"s.json", "{\n  \"schemas\": [\n    \"x\",\n  }\n"}}).errors ==
        "s.json:4:3: error[M0604]: malformed JSON: value - unexpected '}'; expected '[', '{', or a literal\n");
  CHECK(run(import_scim, {{"d.json", R"({"id": 1, "id": 2})"}}).errors ==
        "d.json:1:11: error[M0605]: duplicate key `id`\n");
  CHECK(run(import_scim, {{"e.json", ""}}).errors ==
        "e.json:1: error[M0602]: file is empty (expected a JSON document)\n");
  CHECK(run(import_scim, {{"n.json", R"({"id": "a\u0000"})"}}).errors ==
        "n.json:1:8: error[M0603]: NUL character (`\\u0000`) in a string\n");
  CHECK(run(import_scim, {{"a.json", "[1]"}}).errors ==
        "a.json:1:1: error[M0610]: `/` must be an object, found an array\n");
  CHECK(run(import_scim, {}).errors ==
        "error[M0102]: the scim importer needs at least one input file (SCIM resources, ListResponse pages or "
        "BulkRequests)\n");
}

TEST_CASE("scim: every RFC example imports without error, alone and together") {
  const fs::path dir = WARD_SOURCE_DIR "/../shared/data/scim-rfc-examples/raw";
  if (!fs::exists(dir)) {
    MESSAGE("skipped: " << dir << " is absent");
    return;
  }
  std::vector<std::string> all;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") all.push_back(e.path().string());
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == 49);
  for (const auto& f : all) {
    INFO(f);
    Run one = run_files(import_scim, {f});
    CHECK(one.errors == "");
    CHECK(one.ok);
  }
  Run r = run_files(import_scim, all);
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(rows(r.inv, "identities") == 7);
  CHECK(rows(r.inv, "roles") == 6);
  CHECK(rows(r.inv, "entitlements") == 6);
  CHECK(rows(r.inv, "edges") == 12);
  CHECK(r.inv.skipped().size() == 53);
  CHECK(row(r.inv, "identities", "2819c223-7f76-453a-919d-413861904646")["department"] == "Tour Operations");
  const std::string a = "c3a26dd3-27a0-4dec-a2ac-ce211e105f97", b = "6c5bb468-14b2-4183-baf2-06d523e03bd3";
  CHECK_FALSE(edge(r.inv, a, b, "member_of").empty());
  CHECK_FALSE(edge(r.inv, b, a, "member_of").empty());
  CHECK(contains(
      r.report,
      "(Mandy Pepperidge) of group `e9e30dba-f08f-4109-8486-d5c6a331660a`: references a resource not in the input"));
  CHECK(contains(
      r.report, "(John Smith) of user `2819c223-7f76-453a-919d-413861904646`: references a resource not in the input"));
  for (const char* secret : {"t1meMa$heen", "MIIDQzCCAqygAwIBAgICEAAw"}) {
    CHECK_FALSE(contains(r.output, secret));
    CHECK_FALSE(contains(r.report, secret));
  }
}

// ---- aws-iam --------------------------------------------------------------

namespace {
const char* const kGaad = R"({
  "UserDetailList": [{"UserName": "ann", "Arn": "arn:aws:iam::1:user/ann", "CreateDate": "2019-12-18 19:10:08+00:00",
    "GroupList": ["devs", "ghosts"], "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::1:policy/P"}, {"PolicyArn": "arn:aws:iam::1:policy/Gone"}],
    "UserPolicyList": [{"PolicyName": "inl", "PolicyDocument": "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3APut%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D"}],
    "LoginProfile": {"Password": "Pa55-login"}, "AccessKeyMetadata": [{"AccessKeyId": "AKIAEXAMPLEKEY"}], "Tags": [{"Key": "team", "Value": "a"}]}],
  "GroupDetailList": [{"GroupName": "devs", "Arn": "arn:aws:iam::1:group/devs", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
  "RoleDetailList": [{"RoleName": "fn", "Arn": "arn:aws:iam::1:role/fn", "Description": "runs the job",
    "RoleLastUsed": {"LastUsedDate": "2022-08-07 12:56:48+00:00"},
    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com", "AWS": ["arn:aws:iam::1:user/ann"]}, "Action": "sts:AssumeRole"}]},
    "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::1:policy/P"}]}],
  "Policies": [{"PolicyName": "P", "Arn": "arn:aws:iam::1:policy/P", "PolicyVersionList": [
    {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}},
    {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement": [
      {"Effect": "Allow", "Action": ["S3:GetObject", "s3:getobject", "s3:Get*", "s3:*", "*"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c"]},
      {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::1:role/x", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
      {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
      {"Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"}]}}]}]
})";
}  // namespace

TEST_CASE("aws-iam: principals, policies, grants with resources, wildcards and privilege") {
  auto r = run(import_aws_iam, {{"gaad.json", kGaad}});
  INFO(r.errors);
  REQUIRE(r.ok);
  auto ann = row(r.inv, "identities", "arn:aws:iam::1:user/ann");
  CHECK(ann["type"] == "employee");
  CHECK(ann["created"] == "2019-12-18T19:10:08+00:00");
  CHECK(ann["tags"] == "team=a");
  auto fn = row(r.inv, "identities", "arn:aws:iam::1:role/fn");
  CHECK(fn["type"] == "workload");
  CHECK(fn["last_active"] == "2022-08-07T12:56:48+00:00");
  CHECK(fn["purpose"] == "runs the job");
  CHECK(row(r.inv, "roles", "arn:aws:iam::1:group/devs")["kind"] == "group");
  CHECK_FALSE(edge(r.inv, "arn:aws:iam::1:user/ann", "arn:aws:iam::1:group/devs", "member_of").empty());
  CHECK(contains(r.report, "group `ghosts` of user `arn:aws:iam::1:user/ann`: references a resource not in the input"));
  CHECK_FALSE(edge(r.inv, "arn:aws:iam::1:role/fn", "arn:aws:iam::1:policy/P", "member_of").empty());
  // Default version only; spellings merged into the first one seen.
  CHECK(row(r.inv, "entitlements", "ec2:*").empty());
  CHECK(contains(r.report, "version `v1` of policy `arn:aws:iam::1:policy/P`: only the default version"));
  CHECK(row(r.inv, "entitlements", "s3:GetObject")["privileged"] == "false");
  CHECK(row(r.inv, "entitlements", "s3:getobject").empty());
  CHECK(contains(r.report,
                 "1 action spelling(s) differing only in case merged into the first seen (e.g. `s3:getobject` -> "
                 "`s3:GetObject`)"));
  CHECK(edge(r.inv, "arn:aws:iam::1:policy/P", "s3:GetObject", "grants")["resources"] ==
        "arn:aws:s3:::b/*;arn:aws:s3:::c");
  CHECK(row(r.inv, "entitlements", "s3:Get*")["privileged"] == "false");
  CHECK(row(r.inv, "entitlements", "s3:*")["privileged"] == "true");
  CHECK(row(r.inv, "entitlements", "*:*")["privileged"] == "true");
  CHECK(row(r.inv, "entitlements", "sts:AssumeRole")["privileged"] == "false");  // on one role only
  CHECK(edge(r.inv, "arn:aws:iam::1:policy/P", "sts:AssumeRole", "grants")["conditional"] == "true");
  // Inline policy from URL-encoded JSON; iam:Put* matches escalation actions.
  const std::string inl = "arn:aws:iam::1:user/ann/inline/inl";
  CHECK(row(r.inv, "roles", inl)["policy_type"] == "inline");
  CHECK_FALSE(edge(r.inv, "arn:aws:iam::1:user/ann", inl, "member_of").empty());
  CHECK(row(r.inv, "entitlements", "iam:Put*")["privileged"] == "true");
  CHECK(contains(r.report, "Deny statement in policy `arn:aws:iam::1:policy/P` (`s3:DeleteBucket`)"));
  CHECK(contains(r.report,
                 "Allow NotAction statement in policy `arn:aws:iam::1:policy/P` (every action except `iam:*`)"));
  // Dangling attachments: unknown permissions, except AWS's AdministratorAccess.
  CHECK(row(r.inv, "roles", "arn:aws:iam::1:policy/Gone")["document_known"] == "false");
  CHECK(contains(r.report,
                 "managed policy `arn:aws:iam::1:policy/Gone` (attached to `arn:aws:iam::1:user/ann`): policy document "
                 "not in input; its permissions are unknown"));
  CHECK_FALSE(edge(r.inv, "arn:aws:iam::aws:policy/AdministratorAccess", "*:*", "grants").empty());
  // Trust is a table, not membership.
  CHECK(rows(r.inv, "iam_trust") == 2);
  CHECK(row(r.inv, "iam_trust", "arn:aws:iam::1:role/fn")["principal_type"] == "Service");
  CHECK(edge(r.inv, "arn:aws:iam::1:user/ann", "arn:aws:iam::1:role/fn", "member_of").empty());
  // Secrets.
  CHECK(
      contains(r.report,
               "attribute `LoginProfile` of user `arn:aws:iam::1:user/ann`: secrets and credentials are never copied"));
  CHECK(contains(r.report, "attribute `AccessKeyMetadata` of user"));
  for (const char* secret : {"Pa55-login", "AKIAEXAMPLEKEY"}) {
    CHECK_FALSE(contains(r.output, secret));
    CHECK_FALSE(contains(r.report, secret));
  }
}

TEST_CASE("aws-iam: sts:AssumeRole on any resource is privileged") {
  auto r = run(import_aws_iam,
               {{"g.json", R"({"Policies": [{"PolicyName": "P", "Arn": "arn:aws:iam::1:policy/P", "PolicyVersionList": [
    {"IsDefaultVersion": true, "Document": {"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}}]}]})"}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(row(r.inv, "entitlements", "sts:AssumeRole")["privileged"] == "true");
}

TEST_CASE("aws-iam: type errors and undecodable policy documents name their place") {
  CHECK(run(import_aws_iam, {{"g.json", "{\n  \"UserDetailList\": {}\n}"}}).errors ==
        "g.json:2:21: error[M0710]: `/UserDetailList` must be an array, found an object\n");
  CHECK(run(import_aws_iam, {{"g.json",
                              "{\"Policies\": [{\"Arn\": \"a:b\", \"PolicyVersionList\": [\n"
                              "  {\"IsDefaultVersion\": true, \"Document\": \"%7B%22Statement\"}]}]}"}})
            .errors ==
        "g.json:2:42: error[M0711]: policy document `/Policies/0/PolicyVersionList/0/Document` is not JSON (after "
        "URL-decoding): "
        "malformed JSON: object key - invalid string: missing closing quote; last read: '\"Statement'; expected string "
        "literal "
        "at 1:12 of the decoded text\n");
  CHECK(
      run(import_aws_iam,
          {{"g.json",
            R"({"Policies": [{"Arn": "a:b", "PolicyVersionList": [{"IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": 7}]}}]}]})"}})
          .errors ==
      "g.json:1:136: error[M0710]: `/Policies/0/PolicyVersionList/0/Document/Statement/0/Action` must be a string or "
      "an array of strings, found a number\n");
}

TEST_CASE("aws-iam: the Cloudsplaining fixtures") {
  const std::string dir = WARD_SOURCE_DIR "/../shared/data/cloudsplaining-iam/raw/";
  if (!fs::exists(dir)) {
    MESSAGE("skipped: " << dir << " is absent");
    return;
  }
  struct Expect {
    const char* file;
    std::size_t identities, roles, entitlements, edges, trust, skipped;
  };
  for (const Expect& e : {Expect{"example.json", 122, 128, 4254, 7269, 87, 6},
                          Expect{"example-authz-details.json", 6, 40, 1782, 2445, 3, 2},
                          Expect{"example_authz_v2.json", 3, 6, 8, 16, 2, 0}}) {
    INFO(e.file);
    Run r = run_files(import_aws_iam, {dir + e.file});
    INFO(r.errors);
    REQUIRE(r.ok);
    CHECK(rows(r.inv, "identities") == e.identities);
    CHECK(rows(r.inv, "roles") == e.roles);
    CHECK(rows(r.inv, "entitlements") == e.entitlements);
    CHECK(rows(r.inv, "edges") == e.edges);
    CHECK(rows(r.inv, "iam_trust") == e.trust);
    CHECK(r.inv.skipped().size() == e.skipped);
  }
  Run v2 = run_files(import_aws_iam, {dir + "example_authz_v2.json"});
  CHECK(contains(v2.report, "`arn:aws:iam::aws:policy/AdministratorAccess` is attached but not in the input"));
  CHECK(row(v2.inv, "entitlements", "*:*")["privileged"] == "true");
}

// ---- ad-lab ---------------------------------------------------------------

namespace {
const char* const kLab = R"J({"lab": {
  "hosts": {"dc01": {"hostname": "castle", "type": "dc", "domain": "realm.local", "local_admin_password": "LocalAdm1n!",
                     "local_groups": {"Administrators": ["realm\\ann"], "Remote Desktop Users": ["REALM\\Staff"]},
                     "mssql": {"sa_password": "Sa-Secret9", "sysadmins": ["REALM\\bob"], "executeaslogin": {"REALM\\ann": "sa"}}}},
  "domains": {
    "realm.local": {"netbios_name": "REALM", "domain_password": "DomPw-77", "laps_path": "OU=Laps,DC=realm,DC=local", "laps_readers": ["Staff"],
      "groups": {"global": {"Staff": {"managed_by": "ann", "members": ["REALM\\Inner"]}, "Inner": {"managed_by": "Administrator"}},
                 "domainlocal": {"Friends": {}}},
      "multi_domain_groups_member": {"Friends": ["other.local\\cy"]},
      "acls": {"ga": {"for": "ann", "to": "bob", "right": "GenericAll", "inheritance": "None"},
               "rp": {"for": "NT AUTHORITY\\ANONYMOUS LOGON", "to": "DC=realm,DC=local", "right": "ReadProperty", "inheritance": "All"},
               "forcechangepassword_x": {"for": "ghost", "to": "bob", "right": "ForceChangePassword"}},
      "users": {"ann": {"firstname": "Ann", "surname": "Lee", "password": "AnnPw-1", "description": "Ann (Password : AnnPw-1)", "groups": ["Staff", "Domain Admins"]},
                "bob": {"firstname": "Bob", "surname": "-", "password": "BobPw-2", "description": "Bob", "groups": [], "spns": ["HTTP/web"]},
                "app_svc": {"firstname": "app", "surname": "svc", "password": "SvcPw-3", "groups": []}}},
    "other.local": {"netbios_name": "OTHER", "users": {"cy": {"firstname": "Cy", "password": "CyPw-4", "groups": []}}}}}})J";
}  // namespace

TEST_CASE("ad-lab: principals are NETBIOS\\name; groups, owners, builtins, ACLs, local groups") {
  auto r = run(import_ad_lab, {{"config.json", kLab}});
  INFO(r.errors);
  REQUIRE(r.ok);
  auto ann = row(r.inv, "identities", "REALM\\ann");
  CHECK(ann["type"] == "employee");
  CHECK(ann["name"] == "Ann Lee");
  CHECK(ann["purpose"] == "Ann (Password : AnnPw-1)");  // descriptions are copied as they are
  CHECK(contains(r.report, "the description of `REALM\\ann` mentions a password"));
  CHECK(row(r.inv, "identities", "REALM\\bob")["name"] == "Bob");
  CHECK(row(r.inv, "identities", "REALM\\app_svc")["type"] == "service");
  CHECK(row(r.inv, "identities", "REALM\\castle$")["type"] == "workload");
  CHECK(row(r.inv, "roles", "REALM\\Staff")["owner"] == "REALM\\ann");
  CHECK(row(r.inv, "roles", "REALM\\Inner")["owner"] == "REALM\\Administrator");
  CHECK(row(r.inv, "identities", "REALM\\Administrator")["builtin"] == "true");
  CHECK_FALSE(edge(r.inv, "REALM\\Inner", "REALM\\Staff", "member_of").empty());
  CHECK_FALSE(edge(r.inv, "OTHER\\cy", "REALM\\Friends", "member_of").empty());
  CHECK_FALSE(edge(r.inv, "REALM\\ann", "REALM\\Domain Admins", "member_of").empty());
  CHECK(row(r.inv, "roles", "REALM\\Domain Admins")["builtin"] == "true");
  CHECK(row(r.inv, "entitlements", "ad:builtin:REALM\\Domain Admins")["privileged"] == "true");
  CHECK(row(r.inv, "entitlements", "ad:GenericAll:REALM\\bob")["privileged"] == "true");
  CHECK(edge(r.inv, "REALM\\ann", "ad:GenericAll:REALM\\bob", "grants")["inheritance"] == "None");
  CHECK(row(r.inv, "entitlements", "ad:ReadProperty:DC=realm,DC=local")["privileged"] == "false");
  CHECK(row(r.inv, "roles", "NT AUTHORITY\\ANONYMOUS LOGON")["well_known"] == "true");
  CHECK(
      contains(r.report, "`ghost` (trustee of ACE `forcechangepassword_x`): references a principal not in the input"));
  CHECK_FALSE(edge(r.inv, "REALM\\Staff", "ad:ReadLAPSPassword:OU=Laps,DC=realm,DC=local", "grants").empty());
  CHECK(row(r.inv, "entitlements", "host:castle:Administrators")["privileged"] == "true");
  CHECK(row(r.inv, "entitlements", "host:castle:Remote Desktop Users")["privileged"] == "false");
  CHECK_FALSE(edge(r.inv, "REALM\\Staff", "host:castle:Remote Desktop Users", "grants").empty());
  CHECK_FALSE(edge(r.inv, "REALM\\bob", "mssql:castle:sysadmin", "grants").empty());
  CHECK(contains(r.report,
                 "`REALM\\ann` of MSSQL `executeaslogin` on `castle`: impersonation (EXECUTE AS) is not mapped"));
  CHECK(contains(r.report, "`spns` of user `REALM\\bob`: service principal names are not access grants"));
}

TEST_CASE("ad-lab: passwords are reported by key and never copied") {
  auto r = run(import_ad_lab, {{"config.json", kLab}});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(contains(r.report, "`/lab/hosts/dc01/local_admin_password`: secrets are never copied (the value is not read)"));
  CHECK(contains(r.report, "`/lab/hosts/dc01/mssql/sa_password`: secrets are never copied"));
  CHECK(contains(r.report, "`/lab/domains/realm.local/domain_password`: secrets are never copied"));
  CHECK(contains(r.report, "`/lab/domains/other.local/users/cy/password`: secrets are never copied"));
  CHECK_FALSE(contains(r.report, "acls/forcechangepassword_x`: secrets"));  // an ACE named after a right, not a secret
  for (const char* secret : {"LocalAdm1n!", "Sa-Secret9", "DomPw-77", "BobPw-2", "SvcPw-3", "CyPw-4"}) {
    CHECK_FALSE(contains(r.output, secret));
    CHECK_FALSE(contains(r.report, secret));
  }
}

TEST_CASE("ad-lab: a mistyped value is an error at its line") {
  CHECK(run(import_ad_lab,
            {{"c.json", "{\"lab\": {\"domains\": {\"d.local\": {\n  \"netbios_name\": \"D\",\n  \"users\": []}}}}"}})
            .errors == "c.json:3:12: error[M0810]: `/lab/domains/d.local/users` must be an object, found an array\n");
  CHECK(run_files(import_ad_lab, {"/nonexistent/config.json"}).errors ==
        "/nonexistent/config.json:0: error[M0101]: cannot read input file: no such file\n");
  CHECK(run(import_aws_iam, {}).errors ==
        "error[M0102]: the aws-iam importer reads exactly one file (the JSON of `aws iam "
        "get-account-authorization-details`)\n");
  CHECK(run(import_ad_lab, {}).errors ==
        "error[M0102]: the ad-lab importer reads exactly one file (a GOAD lab `config.json`)\n");
}

TEST_CASE("ad-lab: the GOAD lab") {
  const std::string file = WARD_SOURCE_DIR "/../shared/data/goad-ad/raw/config.json";
  if (!fs::exists(file)) {
    MESSAGE("skipped: " << file << " is absent");
    return;
  }
  Run r = run_files(import_ad_lab, {file});
  INFO(r.errors);
  REQUIRE(r.ok);
  CHECK(rows(r.inv, "identities") == 37);
  CHECK(rows(r.inv, "roles") == 23);
  CHECK(rows(r.inv, "entitlements") == 37);
  CHECK(rows(r.inv, "edges") == 93);
  CHECK(rows(r.inv, "ad_trusts") == 2);
  CHECK(r.inv.skipped().size() == 78);
  CHECK(row(r.inv, "identities", "NORTH\\sql_svc")["type"] == "service");
  CHECK(row(r.inv, "identities", "ESSOS\\sql_svc")["type"] == "service");
  CHECK_FALSE(edge(r.inv, "ESSOS\\QueenProtector", "ESSOS\\Domain Admins", "member_of").empty());
  CHECK_FALSE(edge(r.inv, "SEVENKINGDOMS\\cersei.lannister", "SEVENKINGDOMS\\Domain Admins", "member_of").empty());
  // Password values never leave the importer (the one in samwell.tarly's description is data, kept on purpose).
  for (const char* secret : {"BurnThemAll!", "Sup1_sa_P@ssw0rd!", "sa_P@ssw0rd!Ess0s", "8dCT-DJjgScp", "NgtI75cKV+Pu",
                             "sexywolfy", "_W1sper_$", "iknownothing"}) {
    CHECK_FALSE(contains(r.output, secret));
    CHECK_FALSE(contains(r.report, secret));
  }
  CHECK(contains(r.output, "Samwell Tarly (Password : Heartsbane)"));
}
