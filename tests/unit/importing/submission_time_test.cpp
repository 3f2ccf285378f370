// Submission times as exports write them, read as Paris local time unless they carry an offset.
#include <gtest/gtest.h>

#include "service/importing/submission_time.h"

namespace tnt::importing {
namespace {

std::string utc(std::string_view text, std::string_view format = {})
{
    const auto parsed = parseSubmissionTime(text, format);
    return parsed.value ? domain::formatIsoUtc(*parsed.value) : "erreur : " + parsed.error;
}

TEST(SubmissionTime, FrenchDateIsParisTime)
{
    EXPECT_EQ(utc("08/12/2021 14:32"), "2021-12-08T13:32:00Z");
    EXPECT_EQ(utc("8/7/2021 14:32:05"), "2021-07-08T12:32:05Z");  // summer time: UTC+2
    EXPECT_EQ(utc("08/12/2021 - 14:32"), "2021-12-08T13:32:00Z");
    EXPECT_EQ(utc("08/12/2021"), "2021-12-07T23:00:00Z");
}

TEST(SubmissionTime, IsoWithOffsetIsAnInstant)
{
    EXPECT_EQ(utc("2021-12-08T13:32:00.000Z"), "2021-12-08T13:32:00Z");
    EXPECT_EQ(utc("2021-12-08T14:32:00+01:00"), "2021-12-08T13:32:00Z");
}

TEST(SubmissionTime, IsoWithoutOffsetIsParisTime)
{
    EXPECT_EQ(utc("2021-12-08 14:32"), "2021-12-08T13:32:00Z");
    EXPECT_EQ(utc("2021-06-08T14:32:10"), "2021-06-08T12:32:10Z");
}

TEST(SubmissionTime, ExplicitFormat)
{
    EXPECT_EQ(utc("08.12.21 14h32", "%d.%m.%y %Hh%M"), "2021-12-08T13:32:00Z");
    EXPECT_EQ(utc("2021-12-08 14:32", "%d/%m/%Y %H:%M").substr(0, 7), "erreur ");
}

TEST(SubmissionTime, DaylightSavingNeverRejectsARow)
{
    // 31 October 2021, 02:30 happened twice: the first one (summer time) is taken.
    EXPECT_EQ(utc("31/10/2021 02:30"), "2021-10-31T00:30:00Z");
    // 28 March 2021, 02:30 never happened: the instant of the change.
    EXPECT_EQ(utc("28/03/2021 02:30"), "2021-03-28T01:00:00Z");
}

TEST(SubmissionTime, ImpossibleOrEmptyDatesAreErrors)
{
    EXPECT_FALSE(parseSubmissionTime("30/02/2021 10:00").value);
    EXPECT_FALSE(parseSubmissionTime("").value);
    EXPECT_FALSE(parseSubmissionTime("hier").value);
    EXPECT_FALSE(parseSubmissionTime("12/08/2021 25:00").value);
}

}  // namespace
}  // namespace tnt::importing
