#include "import/directory_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>

#include "import/json_source.hpp"
#include "ward/date.hpp"

namespace ward::import {

namespace {

// ---- DNs -------------------------------------------------------------------

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// descr (ALPHA *(ALPHA / DIGIT / "-")) or numericoid.
bool valid_attribute_type(std::string_view t) {
  if (t.empty()) return false;
  if (is_alpha(t[0])) {
    for (char c : t)
      if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    return true;
  }
  bool digit_before = false;
  for (char c : t) {
    if (is_digit(c)) digit_before = true;
    else if (c == '.' && digit_before) digit_before = false;
    else return false;
  }
  return digit_before;
}

struct Ava {
  std::string type;   // lower case
  std::string value;  // unescaped bytes, or `#hex` as written when `hex`
  bool hex = false;
};

std::string escape_value(const Ava& a) {
  if (a.hex) return a.value;
  std::string out;
  for (std::size_t k = 0; k < a.value.size(); ++k) {
    const char c = a.value[k];
    const bool edge_space = c == ' ' && (k == 0 || k + 1 == a.value.size());
    if (c == '\0') {
      out += "\\00";
      continue;
    }
    if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' || edge_space ||
        (c == '#' && k == 0))
      out += '\\';
    out += c;
  }
  return out;
}

class DnParser {
 public:
  explicit DnParser(std::string_view s) : s_(s) {}

  bool parse(std::vector<std::vector<Ava>>& rdns) {
    skip_spaces();
    if (i_ == s_.size()) return true;  // the root DSE
    rdns.emplace_back();
    for (;;) {
      Ava ava;
      if (!type(ava.type) || !value(ava)) return false;
      rdns.back().push_back(std::move(ava));
      skip_spaces();
      if (i_ == s_.size()) return true;
      const char sep = s_[i_++];
      if (sep == ',') rdns.emplace_back();
      else if (sep != '+') return false;
      skip_spaces();
    }
  }

 private:
  void skip_spaces() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }

  bool type(std::string& out) {
    const std::size_t eq = s_.find('=', i_);
    if (eq == std::string_view::npos) return false;
    std::string_view t = s_.substr(i_, eq - i_);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.size() > 4 && (t.substr(0, 4) == "OID." || t.substr(0, 4) == "oid.")) t.remove_prefix(4);
    if (!valid_attribute_type(t)) return false;
    out = lower_ascii(t);
    i_ = eq + 1;
    skip_spaces();
    return true;
  }

  bool value(Ava& ava) {
    if (i_ < s_.size() && s_[i_] == '#') {  // BER-encoded value, kept as written
      const std::size_t start = i_++;
      while (i_ < s_.size() && hex_value(s_[i_]) >= 0) ++i_;
      ava.value = std::string(s_.substr(start, i_ - start));
      ava.hex = true;
      return ava.value.size() > 1 && ava.value.size() % 2 == 1;
    }
    if (i_ < s_.size() && s_[i_] == '"') {  // RFC 1779 quoted value
      for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_) {
        if (s_[i_] != '\\') {
          ava.value += s_[i_];
        } else if (!escape(ava.value)) {  // leaves i_ on the escape's last character, already taken
          return false;
        }
      }
      if (i_ == s_.size()) return false;
      ++i_;
      return true;
    }
    std::size_t significant = 0;  // value length up to the last escaped or non-space character
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '+') {
      if (s_[i_] == '\\') {
        if (!escape(ava.value)) return false;
        ++i_;
        significant = ava.value.size();
        continue;
      }
      ava.value += s_[i_];
      if (s_[i_] != ' ') significant = ava.value.size();
      ++i_;
    }
    ava.value.resize(significant);  // unescaped trailing spaces are not part of the value
    return true;
  }

  // At a backslash: appends the escaped byte and leaves i_ on its last character.
  bool escape(std::string& out) {
    if (i_ + 1 >= s_.size()) return false;
    const int h = hex_value(s_[i_ + 1]);
    if (h >= 0 && i_ + 2 < s_.size() && hex_value(s_[i_ + 2]) >= 0) {
      out += static_cast<char>(h * 16 + hex_value(s_[i_ + 2]));
      i_ += 2;
      return true;
    }
    const char c = s_[i_ + 1];
    if (std::string_view(",=+<>#;\\\" ").find(c) == std::string_view::npos) return false;
    out += c;
    i_ += 1;
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// ---- times -------------------------------------------------------------------

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    if (!is_digit(s[k])) return false;
    out = out * 10 + (s[k] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::string> normalize_dn(std::string_view dn) {
  std::vector<std::vector<Ava>> rdns;
  if (!DnParser(dn).parse(rdns)) return std::nullopt;
  std::string out;
  for (std::size_t r = 0; r < rdns.size(); ++r) {
    auto& avas = rdns[r];
    std::sort(avas.begin(), avas.end(),
              [](const Ava& a, const Ava& b) { return std::tie(a.type, a.value) < std::tie(b.type, b.value); });
    if (r > 0) out += ',';
    for (std::size_t k = 0; k < avas.size(); ++k) {
      if (k > 0) out += '+';
      out += avas[k].type;
      out += '=';
      out += escape_value(avas[k]);
    }
  }
  return out;
}

std::string dn_key(std::string_view normalized) { return lower_ascii(normalized); }

std::optional<std::string> generalized_time_to_iso(std::string_view t) {
  int year, month, day, hour, minute = 0, second = 0;
  if (!digits(t, 0, 4, year) || !digits(t, 4, 2, month) || !digits(t, 6, 2, day) || !digits(t, 8, 2, hour))
    return std::nullopt;
  std::size_t i = 10;
  if (digits(t, i, 2, minute)) {
    i += 2;
    if (digits(t, i, 2, second)) i += 2;
  }
  if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
    const std::size_t start = ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == start) return std::nullopt;
  }
  std::string zone;
  if (i < t.size() && t[i] == 'Z') {
    zone = "Z";
    ++i;
  } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    int zh, zm = 0;
    if (!digits(t, i + 1, 2, zh)) return std::nullopt;
    const std::size_t len = digits(t, i + 3, 2, zm) ? 5 : 3;
    if (zh > 23 || zm > 59) return std::nullopt;
    zone = fmt::format("{}{:02}:{:02}", t[i], zh, zm);
    i += len;
  }
  if (i != t.size()) return std::nullopt;
  std::string iso = zone.empty()
                        ? fmt::format("{:04}-{:02}-{:02}", year, month, day)
                        : fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", year, month, day, hour, minute, second, zone);
  if (hour > 23 || minute > 59 || second > 59 || !parse_date(iso)) return std::nullopt;
  return iso;
}

std::optional<std::string> filetime_to_iso(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0) return std::nullopt;
  if (v == 0 || v == INT64_MAX) return std::string();
  const std::int64_t seconds = v / 10000000 - 11644473600LL;  // 1601-01-01 -> 1970-01-01
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  const std::int64_t in_day = seconds - days * 86400;
  if (days > days_from_civil(9999, 12, 31)) return std::nullopt;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(Date{static_cast<std::int32_t>(days)}), in_day / 3600,
                     in_day / 60 % 60, in_day % 60);
}

bool is_directory_secret(std::string_view attribute) {
  std::string a = lower_ascii(attribute.substr(0, attribute.find(';')));
  if (a.find("password") != std::string::npos) return true;
  for (const char* s : {"unicodepwd", "dbcspwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials",
                        "krbprincipalkey", "krb5key", "ms-mcs-admpwd", "userpkcs12"})
    if (a == s) return true;
  return false;
}

}  // namespace ward::import
