// The importers: one function per SOURCE name of `ward import SOURCE`
// (scim, aws-iam, ldif, ldap, ad-lab, hp-rolemining, csv). Each reads its
// inputs and fills an ImportedInventory, or reports why it cannot.
//
// Errors are values: a problem that makes the input unusable (malformed JSON,
// an LDIF syntax error, a line that is not two integers) is an error
// diagnostic with file:line (and column where there is one) and the importer
// returns false; the caller exits 2 and writes nothing. Things that are
// well-formed but not mappable are SkippedItems in the mapping report.
//
// Secrets (passwords, keys, hashes, credentials) are never copied: each
// importer drops them and lists the dropped attribute in the report (without
// its value).
#pragma once

#include <string>
#include <vector>

#include "import/imported_inventory.hpp"
#include "ward/diagnostic.hpp"

namespace ward::import {

struct ImportOptions {
  std::vector<std::string> inputs;  // files (or, for ldap, nothing: see the ldap fields)
  std::string mapping;              // csv: the mapping file
  // ldap: where to connect and what to read. The password is read from the
  // environment variable `ldap_password_env` or the file `ldap_password_file`,
  // never from the command line.
  std::string ldap_url, ldap_bind_dn, ldap_password_env, ldap_password_file, ldap_base_dn;
  std::string ldap_user_filter = "(|(objectClass=person)(objectClass=inetOrgPerson)(objectClass=user))";
  std::string ldap_group_filter = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";
};

using ImporterFn = bool (*)(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);

struct ImporterEntry {
  const char* name;     // the SOURCE name on the command line
  const char* summary;  // one line for --help
  ImporterFn run;
};

// Every importer, in the order `ward import --help` lists them.
const std::vector<ImporterEntry>& importers();
// "scim, aws-iam, ...": the SOURCE names, for help and error messages.
std::string importer_names();
// The entry named `name`, or nullptr.
const ImporterEntry* find_importer(std::string_view name);

bool import_scim(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_aws_iam(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_ldif(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_ldap(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_ad_lab(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_hp_rolemining(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);
bool import_csv_mapped(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags);

}  // namespace ward::import
