// `ward import ldap`: a live LDAP or Active Directory server, read with
// OpenLDAP's libldap (LDAPv3, simple bind, paged subtree searches with the
// user and the group filter, AD range retrieval of large attributes). The
// entries become DirectoryEntry values mapped by map_directory, so a live
// import equals the LDIF import of the same entries.
//
// The bind password comes from an environment variable or a file (one
// trailing newline trimmed), never from the command line; it is not
// logged, not put in any message, and overwritten once the bind is done.
#include <fmt/format.h>
#include <ldap.h>

#include <cstdlib>
#include <memory>
#include <unordered_set>

#include "import/directory_mapping.hpp"
#include "import/importer.hpp"
#include "ward/file_io.hpp"

namespace ward::import {

namespace {

constexpr ber_int_t kPageSize = 500;
constexpr int kNetworkTimeoutSeconds = 30;

// Overwrites a secret before its memory is released.
void wipe(std::string& s) {
  volatile char* p = s.data();
  for (std::size_t k = 0; k < s.size(); ++k) p[k] = 0;
  s.clear();
}

struct LdapCloser {
  void operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
struct MessageFree {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

class LdapReader {
 public:
  LdapReader(const ImportOptions& options, Diagnostics& diags)
      : options_(options), diags_(diags), where_{options.ldap_url, 0, 0} {}

  // Connects and binds. Returns false (reported) on failure.
  bool connect(std::string password) {
    LDAP* raw = nullptr;
    int rc = ldap_initialize(&raw, options_.ldap_url.c_str());
    if (rc != LDAP_SUCCESS) {
      wipe(password);
      return fail("M0503", fmt::format("cannot use LDAP URL `{}`: {}", options_.ldap_url, ldap_err2string(rc)));
    }
    ld_.reset(raw);
    int version = LDAP_VERSION3;
    ldap_set_option(raw, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(raw, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    timeval timeout{kNetworkTimeoutSeconds, 0};
    ldap_set_option(raw, LDAP_OPT_NETWORK_TIMEOUT, &timeout);

    berval credentials{static_cast<ber_len_t>(password.size()), password.data()};
    const char* who = options_.ldap_bind_dn.empty() ? nullptr : options_.ldap_bind_dn.c_str();
    rc = ldap_sasl_bind_s(raw, who, LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
    wipe(password);
    if (rc != LDAP_SUCCESS) {
      const std::string what = who ? fmt::format("bind as `{}`", options_.ldap_bind_dn) : std::string("anonymous bind");
      return fail(rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ? "M0503" : "M0504",
                  fmt::format("{} to {} failed: {}", what, options_.ldap_url, server_message(rc)));
    }
    return true;
  }

  // Appends every entry matching `filter` under the base DN (each DN once).
  bool search(const std::string& filter, std::vector<DirectoryEntry>& out) {
    char star[] = "*", plus[] = "+";  // user and operational attributes (memberOf, createTimestamp)
    char* attributes[] = {star, plus, nullptr};
    berval* cookie = nullptr;
    bool ok = true;
    do {
      LDAPControl* page = nullptr;
      int rc = ldap_create_page_control(ld_.get(), kPageSize, cookie, 0, &page);
      ber_bvfree(cookie);
      cookie = nullptr;
      if (rc != LDAP_SUCCESS) return fail("M0505", fmt::format("cannot page the search: {}", ldap_err2string(rc)));
      LDAPControl* controls[] = {page, nullptr};
      LDAPMessage* raw = nullptr;
      rc = ldap_search_ext_s(ld_.get(), options_.ldap_base_dn.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attributes,
                             0, controls, nullptr, nullptr, LDAP_NO_LIMIT, &raw);
      ldap_control_free(page);
      MessagePtr result(raw);
      if (rc != LDAP_SUCCESS)
        return fail(rc == LDAP_SERVER_DOWN ? "M0503" : "M0505",
                    fmt::format("search for `{}` under `{}` failed: {}", filter, options_.ldap_base_dn,
                                server_message(rc)));
      for (LDAPMessage* e = ldap_first_entry(ld_.get(), result.get()); e != nullptr && ok;
           e = ldap_next_entry(ld_.get(), e))
        ok = entry(e, out);
      int code = LDAP_SUCCESS;
      LDAPControl** returned = nullptr;
      rc = ldap_parse_result(ld_.get(), result.get(), &code, nullptr, nullptr, nullptr, &returned, 0);
      if (rc == LDAP_SUCCESS && code == LDAP_SUCCESS && returned != nullptr) {
        if (LDAPControl* response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, nullptr)) {
          ber_int_t estimate = 0;
          berval next{0, nullptr};
          if (ldap_parse_pageresponse_control(ld_.get(), response, &estimate, &next) == LDAP_SUCCESS &&
              next.bv_len > 0)
            cookie = ber_bvdup(&next);
          ldap_memfree(next.bv_val);
        }
      }
      ldap_controls_free(returned);
      if (rc != LDAP_SUCCESS || code != LDAP_SUCCESS) {
        ber_bvfree(cookie);
        return fail("M0505", fmt::format("search for `{}` under `{}` failed: {}", filter, options_.ldap_base_dn,
                                         server_message(rc != LDAP_SUCCESS ? rc : code)));
      }
    } while (cookie != nullptr && ok);
    ber_bvfree(cookie);
    return ok;
  }

 private:
  bool fail(const char* code, std::string message) {
    diags_.error(code, where_, std::move(message));
    return false;
  }

  // The library's text for `rc` and the server's diagnostic message, if any.
  std::string server_message(int rc) const {
    std::string text = ldap_err2string(rc);
    char* diagnostic = nullptr;
    if (ld_ && ldap_get_option(ld_.get(), LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS &&
        diagnostic != nullptr) {
      if (*diagnostic != '\0') text += fmt::format(" ({})", diagnostic);
      ldap_memfree(diagnostic);
    }
    return text;
  }

  static void values(LDAP* ld, LDAPMessage* e, const char* attribute, std::string_view name,
                     std::vector<std::pair<std::string, std::string>>& out) {
    berval** vals = ldap_get_values_len(ld, e, attribute);
    if (vals == nullptr) return;
    for (berval** v = vals; *v != nullptr; ++v) out.emplace_back(name, std::string((*v)->bv_val, (*v)->bv_len));
    ldap_value_free_len(vals);
  }

  bool entry(LDAPMessage* e, std::vector<DirectoryEntry>& out) {
    char* dn = ldap_get_dn(ld_.get(), e);
    if (dn == nullptr) return true;
    DirectoryEntry entry;
    entry.dn = dn;
    ldap_memfree(dn);
    if (!seen_.insert(entry.dn).second) return true;  // found by both filters: the same entry
    entry.where = where_;
    BerElement* ber = nullptr;
    for (char* a = ldap_first_attribute(ld_.get(), e, &ber); a != nullptr; a = ldap_next_attribute(ld_.get(), e, ber)) {
      const std::string description = a;
      const std::size_t range = description.find(";range=");
      if (range == std::string::npos) {
        values(ld_.get(), e, a, description, entry.attributes);
      } else if (!ranged(e, description, entry)) {
        ldap_memfree(a);
        if (ber != nullptr) ber_free(ber, 0);
        return false;
      }
      ldap_memfree(a);
    }
    if (ber != nullptr) ber_free(ber, 0);
    out.push_back(std::move(entry));
    return true;
  }

  // AD returns a large attribute in ranges (`member;range=0-1499`): the
  // values of `first` under the plain name, then the next ranges from base
  // searches until the range that ends in `*`.
  bool ranged(LDAPMessage* e, const std::string& first, DirectoryEntry& entry) {
    const std::size_t at = first.find(";range=");
    const std::string name = first.substr(0, at);
    values(ld_.get(), e, first.c_str(), name, entry.attributes);
    std::string current = first;
    for (int round = 0; round < 100000; ++round) {
      const std::size_t dash = current.rfind('-');
      const std::string high = current.substr(dash + 1);
      if (high == "*") return true;
      const std::string next = fmt::format("{};range={}-*", name, std::strtoull(high.c_str(), nullptr, 10) + 1);
      std::string wanted = next;
      char* attributes[] = {wanted.data(), nullptr};
      LDAPMessage* raw = nullptr;
      const int rc = ldap_search_ext_s(ld_.get(), entry.dn.c_str(), LDAP_SCOPE_BASE, "(objectClass=*)", attributes, 0,
                                       nullptr, nullptr, nullptr, LDAP_NO_LIMIT, &raw);
      MessagePtr result(raw);
      if (rc != LDAP_SUCCESS)
        return fail("M0505", fmt::format("reading `{}` of `{}` failed: {}", next, entry.dn, server_message(rc)));
      LDAPMessage* got = ldap_first_entry(ld_.get(), result.get());
      if (got == nullptr) return true;
      BerElement* ber = nullptr;
      char* a = ldap_first_attribute(ld_.get(), got, &ber);
      if (a == nullptr) {
        if (ber != nullptr) ber_free(ber, 0);
        return true;
      }
      current = a;
      values(ld_.get(), got, a, name, entry.attributes);
      ldap_memfree(a);
      if (ber != nullptr) ber_free(ber, 0);
    }
    return true;
  }

  const ImportOptions& options_;
  Diagnostics& diags_;
  SourcePos where_;
  std::unique_ptr<LDAP, LdapCloser> ld_;
  std::unordered_set<std::string> seen_;
};

// The bind password from the environment or a file; nullopt after an error.
std::optional<std::string> read_password(const ImportOptions& o, Diagnostics& diags) {
  const bool env = !o.ldap_password_env.empty(), file = !o.ldap_password_file.empty();
  if (env && file) {
    diags.error("M0502", SourcePos{}, "give the LDAP password by one of --ldap-password-env and --ldap-password-file");
    return std::nullopt;
  }
  if (!o.ldap_bind_dn.empty() && !env && !file) {
    diags.error("M0502", SourcePos{}, fmt::format("binding as `{}` needs a password", o.ldap_bind_dn),
                "pass --ldap-password-env VAR or --ldap-password-file FILE (never the password itself)");
    return std::nullopt;
  }
  if (o.ldap_bind_dn.empty() && (env || file)) {
    diags.error("M0502", SourcePos{}, "an LDAP password was given without a bind DN", "pass --ldap-bind-dn DN");
    return std::nullopt;
  }
  if (env) {
    const char* value = std::getenv(o.ldap_password_env.c_str());
    if (value == nullptr || *value == '\0') {
      diags.error("M0502", SourcePos{}, fmt::format("environment variable `{}` is not set or empty", o.ldap_password_env));
      return std::nullopt;
    }
    return std::string(value);
  }
  if (file) {
    ReadResult r = read_file(o.ldap_password_file);
    if (!r.ok()) {
      diags.error("M0502", SourcePos{o.ldap_password_file, 0, 0}, fmt::format("cannot read the password file: {}", r.error));
      return std::nullopt;
    }
    std::string password = std::move(r.bytes);
    if (!password.empty() && password.back() == '\n') password.pop_back();
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
      diags.error("M0502", SourcePos{o.ldap_password_file, 0, 0}, "the password file is empty");
      return std::nullopt;
    }
    return password;
  }
  return std::string();  // anonymous
}

}  // namespace

bool import_ldap(const ImportOptions& options, ImportedInventory& out, Diagnostics& diags) {
  if (!options.inputs.empty()) {
    diags.error("M0102", SourcePos{}, "the ldap importer reads a server, not input files",
                "pass --ldap-url and --ldap-base-dn, or use `ward import ldif` for an export");
    return false;
  }
  if (options.ldap_url.empty() || options.ldap_base_dn.empty()) {
    diags.error("M0501", SourcePos{}, options.ldap_url.empty() ? "--ldap-url is required" : "--ldap-base-dn is required",
                "e.g. --ldap-url ldaps://dc1.example.com --ldap-base-dn dc=example,dc=com");
    return false;
  }
  std::optional<std::string> password = read_password(options, diags);
  if (!password) return false;
  if (!password->empty() && options.ldap_url.rfind("ldap://", 0) == 0)
    diags.warning("M0506", SourcePos{options.ldap_url, 0, 0}, "the bind password is sent unencrypted over ldap://",
                  "use ldaps:// (or a network you trust)");

  LdapReader reader(options, diags);
  if (!reader.connect(std::move(*password))) return false;
  std::vector<DirectoryEntry> entries;
  if (!reader.search(options.ldap_user_filter, entries) || !reader.search(options.ldap_group_filter, entries))
    return false;
  map_directory(entries, out);
  out.note(fmt::format("read from {} under `{}` with the filters `{}` and `{}`", options.ldap_url,
                       options.ldap_base_dn, options.ldap_user_filter, options.ldap_group_filter));
  return true;
}

}  // namespace ward::import
