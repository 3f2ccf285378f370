// The same instants through every layer that writes or reads Paris time: the pages' and the API's formatters
// (service/domain/paris_time.h), the exports' column (exports::ParisTimeFormatter), the statistics' days, the
// form files' deadlines and the importer. They share one zone and named daylight-saving policies
// (exports/paris_time.h); these tests keep them agreeing, on the days clocks change above all.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "exports/paris_time.h"
#include "service/domain/form.h"
#include "service/domain/paris_time.h"
#include "service/importing/submission_time.h"
#include "service/reporting/form_statistics.h"

namespace tnt {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0)
{
    return sys_days{year{y} / mo / d} + hours{h} + minutes{mi} + seconds{s};
}

std::string exported(sys_seconds t)
{
    return exports::ParisTimeFormatter().format(t);
}

std::optional<sys_seconds> imported(const std::string& text)
{
    const auto parsed = importing::parseSubmissionTime(text);
    if (!parsed.value) return std::nullopt;
    return floor<seconds>(*parsed.value);
}

std::optional<sys_seconds> deadline(const std::string& text)
{
    return domain::parseParisLocalTime(text, domain::DayBoundary::start_of_day).value;
}

std::string statisticsDay(sys_seconds t)
{
    storage::AggregatedAnswers aggregated;
    aggregated.responses = 1;
    aggregated.per_day = {{exports::ParisTimeFormatter().day(t), 1}};  // the day storage counts a response under
    const auto stats = reporting::buildStatistics(domain::Form{}, aggregated);
    return stats.responsesPerDay.size() == 1 ? stats.responsesPerDay.front().day : "?";
}

// "8 décembre 2021 à 23 h 59" from the export's "2021-12-08 23:59:59", written independently of both.
std::string frenchFromExported(const std::string& text)
{
    static const char* const months[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                         "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    const int day = std::stoi(text.substr(8, 2));
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " + months[std::stoi(text.substr(5, 2)) - 1] +
           " " + text.substr(0, 4) + " à " + std::to_string(std::stoi(text.substr(11, 2))) + " h " + text.substr(14, 2);
}

sys_days lastSunday(int y, unsigned mo)
{
    return sys_days{year{y} / month{mo} / Sunday[last]};
}

// Whether the Paris wall-clock time of an instant happens once, or is the first or the second occurrence of
// the hour repeated in October.
enum class WallClock { unique, first_of_two, second_of_two };

// Every layer on one instant.
void expectLayersAgree(sys_seconds t, WallClock wallClock = WallClock::unique)
{
    const std::string local = exported(t);
    const std::string iso = domain::formatIsoParis(t);
    SCOPED_TRACE(domain::formatIsoUtc(t) + " = " + local);

    // The API's ISO form and the export show the same wall clock; the offset names the instant.
    EXPECT_EQ(iso.substr(0, 10) + " " + iso.substr(11, 8), local);
    EXPECT_EQ(imported(iso), t);
    // The pages' French date, to the minute.
    EXPECT_EQ(domain::formatFrenchParis(t), frenchFromExported(local));
    // The statistics count the response on the export's day.
    EXPECT_EQ(statisticsDay(t), local.substr(0, 10));
    // An export read back by the importer gives the instant again, but for the repeated hour's second
    // occurrence, which it takes for the first (an hour earlier).
    EXPECT_EQ(imported(local), wallClock == WallClock::second_of_two ? t - hours{1} : t);
    // A form file's deadline written as the export shows it, unless it is ambiguous.
    if (wallClock == WallClock::unique) {
        EXPECT_EQ(deadline(local), t);
    } else {
        EXPECT_FALSE(deadline(local));
    }
}

TEST(ParisTimeLayers, AgreeInWinterSummerAndAtNewYear)
{
    expectLayersAgree(utc(2027, 1, 15, 7, 30));
    EXPECT_EQ(exported(utc(2027, 1, 15, 7, 30)), "2027-01-15 08:30:00");
    expectLayersAgree(utc(2027, 7, 14, 20, 0));
    EXPECT_EQ(exported(utc(2027, 7, 14, 20, 0)), "2027-07-14 22:00:00");
    expectLayersAgree(utc(2021, 12, 31, 23, 0));
    EXPECT_EQ(statisticsDay(utc(2021, 12, 31, 23, 0)), "2022-01-01");
}

TEST(ParisTimeLayers, AgreeOnTheLastSundayOfMarch)
{
    // 2027-03-28: 02:00 Paris jumps to 03:00 (UTC+1 → UTC+2).
    expectLayersAgree(utc(2027, 3, 27, 23, 0));  // midnight Paris starts the 28th
    EXPECT_EQ(statisticsDay(utc(2027, 3, 27, 23, 0)), "2027-03-28");
    expectLayersAgree(utc(2027, 3, 28, 0, 59, 59));
    EXPECT_EQ(exported(utc(2027, 3, 28, 0, 59, 59)), "2027-03-28 01:59:59");
    expectLayersAgree(utc(2027, 3, 28, 1, 0));
    EXPECT_EQ(exported(utc(2027, 3, 28, 1, 0)), "2027-03-28 03:00:00");
    EXPECT_EQ(domain::formatIsoParis(utc(2027, 3, 28, 1, 0)), "2027-03-28T03:00:00+02:00");
    expectLayersAgree(utc(2027, 3, 28, 21, 59, 59));
    EXPECT_EQ(statisticsDay(utc(2027, 3, 28, 22, 0)), "2027-03-29");
}

TEST(ParisTimeLayers, AgreeOnTheLastSundayOfOctober)
{
    // 2027-10-31: 03:00 Paris goes back to 02:00 (UTC+2 → UTC+1); 02:00 to 02:59 happen twice.
    expectLayersAgree(utc(2027, 10, 30, 22, 0));  // midnight Paris, still summer time
    EXPECT_EQ(statisticsDay(utc(2027, 10, 30, 22, 0)), "2027-10-31");
    expectLayersAgree(utc(2027, 10, 31, 0, 30), WallClock::first_of_two);  // 02:30 summer time...
    expectLayersAgree(utc(2027, 10, 31, 1, 30), WallClock::second_of_two);  // ...then 02:30 winter time
    EXPECT_EQ(exported(utc(2027, 10, 31, 0, 30)), "2027-10-31 02:30:00");
    EXPECT_EQ(exported(utc(2027, 10, 31, 1, 30)), "2027-10-31 02:30:00");
    EXPECT_EQ(domain::formatIsoParis(utc(2027, 10, 31, 0, 30)), "2027-10-31T02:30:00+02:00");
    EXPECT_EQ(domain::formatIsoParis(utc(2027, 10, 31, 1, 30)), "2027-10-31T02:30:00+01:00");
    expectLayersAgree(utc(2027, 10, 31, 2, 0));
    EXPECT_EQ(exported(utc(2027, 10, 31, 2, 0)), "2027-10-31 03:00:00");
    EXPECT_EQ(statisticsDay(utc(2027, 10, 31, 23, 0)), "2027-11-01");
}

TEST(ParisTimeLayers, AgreeEveryQuarterOfAnHourAroundEveryChangeOfClocks)
{
    for (int y = 2021; y <= 2032; ++y) {
        for (const unsigned mo : {3U, 10U}) {
            const sys_seconds change = lastSunday(y, mo) + hours{1};  // 01:00 UTC, in Paris as in all the EU
            for (auto t = change - hours{26}; t <= change + hours{26}; t += minutes{15}) {
                // In October the hour before the change and the hour after it show the same wall clock.
                auto wallClock = WallClock::unique;
                if (mo == 10 && t >= change - hours{1} && t < change) wallClock = WallClock::first_of_two;
                if (mo == 10 && t >= change && t < change + hours{1}) wallClock = WallClock::second_of_two;
                expectLayersAgree(t, wallClock);
            }
        }
    }
}

TEST(ParisTimeLayers, PoliciesNameWhatASkippedOrRepeatedTimeMeans)
{
    using exports::DaylightSavingPolicy;
    using exports::ParisLocalTimeKind;
    const local_seconds skipped = local_days{year{2027} / 3 / 28} + hours{2} + minutes{30};
    const local_seconds twice = local_days{year{2027} / 10 / 31} + hours{2} + minutes{30};

    EXPECT_EQ(exports::fromParisLocalTime(skipped, DaylightSavingPolicy::refuse).kind, ParisLocalTimeKind::skipped);
    EXPECT_FALSE(exports::fromParisLocalTime(skipped, DaylightSavingPolicy::refuse).instant);
    EXPECT_EQ(exports::fromParisLocalTime(skipped, DaylightSavingPolicy::earliest).instant, utc(2027, 3, 28, 1, 0));
    EXPECT_EQ(exports::fromParisLocalTime(twice, DaylightSavingPolicy::refuse).kind, ParisLocalTimeKind::repeated);
    EXPECT_FALSE(exports::fromParisLocalTime(twice, DaylightSavingPolicy::refuse).instant);
    EXPECT_EQ(exports::fromParisLocalTime(twice, DaylightSavingPolicy::earliest).instant, utc(2027, 10, 31, 0, 30));

    // The importer uses `earliest`, the form files `refuse`.
    EXPECT_EQ(imported("28/03/2027 02:30"), utc(2027, 3, 28, 1, 0));
    EXPECT_EQ(imported("31/10/2027 02:30"), utc(2027, 10, 31, 0, 30));
    EXPECT_FALSE(deadline("2027-03-28 02:30"));
    EXPECT_FALSE(deadline("2027-10-31 02:30"));
}

}  // namespace
}  // namespace tnt
