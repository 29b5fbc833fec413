// Directory entries (LDAP, Active Directory) and how they become an
// inventory. The ldif importer parses files into DirectoryEntry values and
// the ldap importer reads them from a live server; both call map_directory,
// so a live import equals the LDIF import of the same entries.
//
// The mapping (docs/importers.md, "ldif"):
//   person-like entries (person, organizationalPerson, inetOrgPerson, user,
//   posixAccount, OpenLDAPperson, pilotPerson) -> identities, type employee;
//   AD computer objects -> workload; AD managed service accounts -> service
//   groups (groupOfNames, groupOfUniqueNames, groupOfMembers, group,
//   posixGroup, groupOfURLs) -> roles of kind group, each with one
//   entitlement `ldap:<group id>` that the group grants ("membership of the
//   group is the access it gives")
//   member / uniqueMember / memberUid on a group, memberOf on any entry
//     -> member_of edges (member -> group)
//   everything else -> SkippedItems (entries, dangling references,
//   attributes not mapped); secrets are dropped and named, never copied.
//
// Node ids are DNs in normal form (normalize_dn); references match
// case-insensitively (dn_key). Output order depends only on the set of
// entries, not on the order they came in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "import/directory_values.hpp"
#include "import/imported_inventory.hpp"
#include "ward/diagnostic.hpp"

namespace ward::import {

struct DirectoryEntry {
  std::string dn;  // as written (LDIF, after base64 decoding) or as the server sent it
  std::vector<std::pair<std::string, std::string>> attributes;  // description (with options) and value, in order
  SourcePos where;  // LDIF: the `dn:` line; live LDAP: {url, 0, 0}
};

// Maps `entries` into `out` (see above). Entries with the same DN (by
// dn_key) are mapped once: the first in `entries` is kept, the others are
// reported. Never fails: whatever cannot be mapped is reported in `out`.
void map_directory(const std::vector<DirectoryEntry>& entries, ImportedInventory& out);

}  // namespace ward::import
