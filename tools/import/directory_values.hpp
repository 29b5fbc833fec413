// Values of directory entries (LDAP, Active Directory) as the inventory
// needs them: DNs in a normal form to use as node ids and to match
// references by, LDAP and Windows times as ISO 8601, and which attributes
// hold secrets. Shared by the ldif and ldap importers (through
// directory_mapping.hpp) and tested on their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ward::import {

// The normal form of a DN (RFC 4514 syntax, with the leniency of RFC 2253
// readers): RDNs joined by `,` without surrounding spaces, attribute types
// in lower case, `type=value` without spaces around `=`, values unescaped
// (`\2C`, `\,`, quoted values) and re-escaped minimally (`\,` `\+` `\"` `\\`
// `\<` `\>` `\;`, a leading `#` or space and a trailing space), the AVAs of
// a multi-valued RDN sorted by type. `#hex` values are kept as written.
//   "CN=Loop\2C Endless , OU=Groups,dc=example" -> "cn=Loop\, Endless,ou=Groups,dc=example"
// "" (the root DSE) stays "". Returns nullopt when `dn` is not a DN.
std::optional<std::string> normalize_dn(std::string_view dn);

// The key DNs are matched by: the normal form in ASCII lower case
// (directory naming attributes such as cn, ou, dc compare case-insensitively).
// REQUIRES: `normalized` is a result of normalize_dn.
std::string dn_key(std::string_view normalized);

// LDAP GeneralizedTime (YYYYMMDDHH[MM[SS]][.fraction](Z|+HHMM|-HHMM)) as an
// inventory date-time: "20230102150405Z" -> "2023-01-02T15:04:05Z",
// "20230102150405+0200" -> "2023-01-02T15:04:05+02:00"; without a zone
// (local time) only the date "2023-01-02". Fractions are dropped.
// Returns nullopt when `text` is no valid time in years 0001..9999.
std::optional<std::string> generalized_time_to_iso(std::string_view text);

// A Windows FILETIME (100 ns intervals since 1601-01-01 UTC, as AD writes
// lastLogonTimestamp and accountExpires) as "YYYY-MM-DDTHH:MM:SSZ".
// Returns "" for 0 and 0x7FFFFFFFFFFFFFFF (AD's "never"), nullopt for
// anything that is not such a number in years 1601..9999.
std::optional<std::string> filetime_to_iso(std::string_view text);

// True when an attribute holds a secret that must never be copied:
// userPassword, unicodePwd, dBCSPwd, ntPwdHistory, lmPwdHistory,
// supplementalCredentials, sambaNTPassword, sambaLMPassword,
// krbPrincipalKey, krb5Key, ms-Mcs-AdmPwd, userPKCS12, or any attribute
// whose name contains "password" (case-insensitive; options ignored).
bool is_directory_secret(std::string_view attribute);

}  // namespace ward::import
