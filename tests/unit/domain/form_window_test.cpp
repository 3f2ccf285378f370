// Windows: the exact closing second, both daylight-saving changes, grace, and French Paris-time text.
#include <gtest/gtest.h>

#include <date/date.h>

#include "service/domain/form_loader.h"
#include "service/domain/form_window.h"

namespace tnt::domain {
namespace {

using namespace std::chrono_literals;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi, int s)
{
    return date::sys_days{date::year{y} / mo / d} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{s};
}

Seconds parse(std::string_view text, DayBoundary boundary = DayBoundary::start_of_day)
{
    ParisTimeParse parsed = parseParisLocalTime(text, boundary);
    EXPECT_TRUE(parsed.value) << parsed.error;
    return parsed.value.value_or(Seconds{});
}

TEST(FormWindow, ClosesAtTheEndOfTheLastDayParisTime2021Fixture)
{
    const FormSet set = loadFormsDirectory(TNT_DOMAIN_TEST_DATA);
    ASSERT_TRUE(set.ok()) << formatDiagnostic(set.diagnostics.front());
    const Form* form = set.find("sensibilisation-elus-2021");
    ASSERT_NE(form, nullptr);
    ASSERT_TRUE(form->window.closes_at);
    // 8 December is winter time: Paris = UTC+1.
    EXPECT_EQ(formatIsoUtc(*form->window.closes_at), "2021-12-08T22:59:59Z");
    EXPECT_EQ(formatIsoParis(*form->window.closes_at), "2021-12-08T23:59:59+01:00");
    EXPECT_EQ(form->window.statusAt(utc(2021, 12, 8, 22, 59, 59) + 999999us), FormStatus::open);
    EXPECT_EQ(form->window.statusAt(utc(2021, 12, 8, 23, 0, 0)), FormStatus::closed);
    EXPECT_EQ(form->window.statusAt(utc(2021, 11, 1, 22, 59, 59)), FormStatus::upcoming);
    EXPECT_EQ(form->window.statusAt(utc(2021, 11, 1, 23, 0, 0)), FormStatus::open);
}

TEST(FormWindow, LastSecondIsOpenUntilItsLastMicrosecond)
{
    FormWindow window;
    window.closes_at = parse("2027-06-30 18:00:00");
    EXPECT_EQ(window.statusAt(utc(2027, 6, 30, 16, 0, 0)), FormStatus::open);
    EXPECT_EQ(window.statusAt(utc(2027, 6, 30, 16, 0, 0) + 999999us), FormStatus::open);
    EXPECT_EQ(window.statusAt(utc(2027, 6, 30, 16, 0, 1)), FormStatus::closed);
}

TEST(FormWindow, GraceExtendsAcceptanceWithoutMovingTheAnnouncedClose)
{
    FormWindow window;
    window.closes_at = parse("2021-12-08", DayBoundary::end_of_day);
    window.grace = 10min;
    EXPECT_EQ(window.statusAt(utc(2021, 12, 8, 23, 9, 59) + 999999us), FormStatus::open);
    EXPECT_EQ(window.statusAt(utc(2021, 12, 8, 23, 10, 0)), FormStatus::closed);
    EXPECT_EQ(formatIsoUtc(*window.refusesFrom()), "2021-12-08T23:10:00Z");
    EXPECT_EQ(window.toJson()["closes_at"]["utc"], "2021-12-08T22:59:59Z");
}

TEST(FormWindow, WithoutBoundsAFormIsAlwaysOpen)
{
    EXPECT_EQ(FormWindow{}.statusAt(utc(2030, 1, 1, 0, 0, 0)), FormStatus::open);
    EXPECT_EQ(toString(FormStatus::upcoming), "upcoming");
    EXPECT_EQ(toString(FormStatus::closed), "closed");
}

TEST(ParisTime, SpringForwardLastSundayOfMarch)
{
    // 2027-03-28: 02:00 Paris jumps to 03:00 (UTC+1 → UTC+2).
    EXPECT_EQ(formatIsoUtc(parse("2027-03-28 01:59:59")), "2027-03-28T00:59:59Z");
    EXPECT_EQ(formatIsoUtc(parse("2027-03-28 03:00:00")), "2027-03-28T01:00:00Z");
    EXPECT_EQ(formatIsoParis(parse("2027-03-28 03:00:00")), "2027-03-28T03:00:00+02:00");
    // A day-only closing on that day ends at 23:59:59 summer time.
    EXPECT_EQ(formatIsoUtc(parse("2027-03-28", DayBoundary::end_of_day)), "2027-03-28T21:59:59Z");
}

TEST(ParisTime, SkippedHourInMarchIsAnError)
{
    const ParisTimeParse parsed = parseParisLocalTime("2027-03-28 02:30:00", DayBoundary::start_of_day);
    EXPECT_FALSE(parsed.value);
    EXPECT_NE(parsed.error.find("heure d'été"), std::string::npos) << parsed.error;
}

TEST(ParisTime, FallBackLastSundayOfOctober)
{
    // 2027-10-31: 03:00 Paris goes back to 02:00 (UTC+2 → UTC+1).
    EXPECT_EQ(formatIsoUtc(parse("2027-10-31 01:59:59")), "2027-10-30T23:59:59Z");
    EXPECT_EQ(formatIsoUtc(parse("2027-10-31 03:00:00")), "2027-10-31T02:00:00Z");
    EXPECT_EQ(formatIsoUtc(parse("2027-10-31", DayBoundary::end_of_day)), "2027-10-31T22:59:59Z");
    // The closing second is exact on the day of the change too.
    FormWindow window;
    window.closes_at = parse("2027-10-31", DayBoundary::end_of_day);
    EXPECT_EQ(window.statusAt(utc(2027, 10, 31, 22, 59, 59) + 999999us), FormStatus::open);
    EXPECT_EQ(window.statusAt(utc(2027, 10, 31, 23, 0, 0)), FormStatus::closed);
}

TEST(ParisTime, RepeatedHourInOctoberIsAnError)
{
    const ParisTimeParse parsed = parseParisLocalTime("2027-10-31 02:30", DayBoundary::start_of_day);
    EXPECT_FALSE(parsed.value);
    EXPECT_NE(parsed.error.find("deux fois"), std::string::npos) << parsed.error;
}

TEST(ParisTime, DateAloneMeansStartOrEndOfDay)
{
    EXPECT_EQ(formatIsoParis(parse("2027-01-15")), "2027-01-15T00:00:00+01:00");
    EXPECT_EQ(formatIsoParis(parse("2027-01-15", DayBoundary::end_of_day)), "2027-01-15T23:59:59+01:00");
    EXPECT_EQ(formatIsoParis(parse("2027-01-15T08:30")), "2027-01-15T08:30:00+01:00");
}

TEST(ParisTime, ImpossibleOrMalformedDatesAreErrors)
{
    EXPECT_FALSE(parseParisLocalTime("2021-02-30", DayBoundary::end_of_day).value);
    EXPECT_FALSE(parseParisLocalTime("2021-12-08 24:00:00", DayBoundary::end_of_day).value);
    EXPECT_FALSE(parseParisLocalTime("08/12/2021", DayBoundary::end_of_day).value);
    EXPECT_FALSE(parseParisLocalTime("2021-12-08 23h59", DayBoundary::end_of_day).value);
    EXPECT_TRUE(parseParisLocalTime("2024-02-29", DayBoundary::end_of_day).value);
}

TEST(ParisTime, FrenchTextInParisTime)
{
    EXPECT_EQ(formatFrenchParis(utc(2021, 12, 8, 22, 59, 59)), "8 décembre 2021 à 23 h 59");
    EXPECT_EQ(formatFrenchParis(utc(2027, 3, 1, 8, 5, 0)), "1er mars 2027 à 9 h 05");
    EXPECT_EQ(formatFrenchParis(utc(2027, 7, 14, 20, 0, 0)), "14 juillet 2027 à 22 h 00");
}

TEST(ParisTime, FrenchDaysOfTheDashboard)
{
    EXPECT_EQ(formatFrenchDay("2025-12-08"), "8 décembre 2025");
    EXPECT_EQ(formatFrenchDay("2027-03-01"), "1er mars 2027");
    EXPECT_EQ(formatFrenchDay("2021-02-30"), "2021-02-30");  // not a day: left as it is
    EXPECT_EQ(formatFrenchDay("n'importe quoi"), "n'importe quoi");
    // 23:30 UTC on 31 December is already 1 January in Paris.
    EXPECT_EQ(formatFrenchParisDay(utc(2025, 12, 31, 23, 30, 0)), "1er janvier 2026");
}

}  // namespace
}  // namespace tnt::domain
