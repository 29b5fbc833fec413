// Calendar dates as whole days, the only time unit ward's rules use.
//
// Accepted spellings (inventory.md, "Dates"): YYYY-MM-DD and
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). A date-time counts as its
// UTC calendar date (2026-03-01T01:00:00+02:00 is 2026-02-28).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ward {

struct Date {
  // Days since 1970-01-01 (negative before). kAbsent: the cell was empty.
  std::int32_t days = kAbsent;
  static constexpr std::int32_t kAbsent = INT32_MIN;

  bool absent() const { return days == kAbsent; }
  bool present() const { return days != kAbsent; }
  friend bool operator==(Date, Date) = default;
  friend auto operator<=>(Date, Date) = default;
};

// Parses a date in one of the accepted spellings, years 0001..9999.
// Returns nullopt on anything else (including 2026-02-30 and 24:00:00).
std::optional<Date> parse_date(std::string_view text);

// Days since epoch for a valid civil date (no validation).
std::int32_t days_from_civil(int year, unsigned month, unsigned day);

// YYYY-MM-DD. REQUIRES: d.present().
std::string format_date(Date d);

// Today's date in UTC from the system clock.
Date today_utc();

}  // namespace ward
