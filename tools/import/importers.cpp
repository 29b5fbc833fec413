#include "import/importer.hpp"

namespace ward::import {

const std::vector<ImporterEntry>& importers() {
  static const std::vector<ImporterEntry> all{
      {"scim", "SCIM 2.0 Users and Groups (RFC 7643 JSON, e.g. an IdP's /Users and /Groups responses)", import_scim},
      {"aws-iam", "AWS IAM account authorization details (aws iam get-account-authorization-details JSON)",
       import_aws_iam},
      {"ldif", "LDIF (RFC 2849) exported by ldapsearch from Active Directory or OpenLDAP", import_ldif},
      {"ldap", "a live LDAP or Active Directory server, read with paged searches", import_ldap},
      {"ad-lab", "an Active Directory lab definition as JSON (GOAD config.json: domains, users, groups, ACLs)", import_ad_lab},
      {"hp-rolemining", "HP Labs role-mining data: `user permission` integer pairs, one per line",
       import_hp_rolemining},
      {"csv", "HR or IdP CSV exports with their own column names, mapped by a mapping file (--mapping)",
       import_csv_mapped},
  };
  return all;
}

std::string importer_names() {
  std::string names;
  for (const auto& e : importers()) names += (names.empty() ? "" : ", ") + std::string(e.name);
  return names;
}

const ImporterEntry* find_importer(std::string_view name) {
  for (const auto& e : importers())
    if (name == e.name) return &e;
  return nullptr;
}

}  // namespace ward::import
