#include <doctest/doctest.h>

#include <cstdio>

#include "ward/date.hpp"

using namespace ward;

TEST_CASE("parse_date accepts the two spellings and counts date-times as their UTC date") {
  CHECK(format_date(*parse_date("2026-03-01")) == "2026-03-01");
  CHECK(format_date(*parse_date("2026-03-01T12:00:00Z")) == "2026-03-01");
  CHECK(format_date(*parse_date("2026-03-01T01:00:00+02:00")) == "2026-02-28");
  CHECK(format_date(*parse_date("2026-02-28T23:30:00-01:00")) == "2026-03-01");
  CHECK(format_date(*parse_date("2026-03-01T00:00:00.123456Z")) == "2026-03-01");
  CHECK(format_date(*parse_date("2024-02-29")) == "2024-02-29");
  CHECK(parse_date("1970-01-01")->days == 0);
  CHECK(parse_date("1969-12-31")->days == -1);
}

TEST_CASE("parse_date rejects everything else") {
  for (const char* bad : {"", "2026-3-01", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "26-01-01",
                          "2026-01-01T25:00:00Z", "2026-01-01T12:00:00", "2026-01-01T12:00Z", "2026-01-01 12:00:00Z",
                          "2026-01-01T12:00:00.Z", "2026-01-01T12:00:00+0200", "0000-01-01", "2026-01-01x",
                          " 2026-01-01", "2026-01-01T12:00:00Zjunk"}) {
    INFO(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}

TEST_CASE("date arithmetic is in whole days") {
  CHECK(parse_date("2026-11-23")->days - parse_date("2026-08-25")->days == 90);
  CHECK(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2);
}

TEST_CASE("format_date writes YYYY-MM-DD for every day, and round-trips through parse_date") {
  // Every day from 0001-01-01 to 9999-12-31 (the hand-written path), and
  // years outside it (the general one).
  const std::int32_t first = days_from_civil(1, 1, 1), last = days_from_civil(9999, 12, 31);
  int y = 1, m = 1, d = 1;
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (std::int32_t day = first; day <= last; ++day) {
    char want[48];
    std::snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
    const std::string got = format_date(Date{day});
    if (got != want) {
      FAIL_CHECK("day ", day, ": ", got, " != ", want);
      break;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (++d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) {
      d = 1;
      if (++m > 12) m = 1, ++y;
    }
  }
  CHECK(parse_date(format_date(Date{last}))->days == last);
  CHECK(format_date(Date{last + 1}) == "10000-01-01");
  CHECK(format_date(Date{first - 1}) == "0000-12-31");
}
