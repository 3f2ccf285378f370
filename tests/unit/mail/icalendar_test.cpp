// Invitations as calendars read them: Paris wall time on both sides of the clock changes, the zone described
// once, TEXT escaping, and content lines folded at 75 octets without cutting a character.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/mail/icalendar.h"

namespace tnt::mail {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi)
{
    return sys_days{year{y} / mo / d} + hours{h} + minutes{mi};
}

CalendarEvent event(sys_seconds start, sys_seconds end)
{
    CalendarEvent e;
    e.uid = "GP1-20270114T1000@tnt-forms";
    e.start = start;
    e.end = end;
    e.summary = "Atelier numérique";
    return e;
}

const sys_seconds kStamp = utc(2026, 12, 1, 10, 0);

// Physical lines, failing on a bare CR or LF.
std::vector<std::string> physicalLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = text.find("\r\n", begin);
        EXPECT_NE(end, std::string::npos) << "the calendar does not end with CRLF";
        if (end == std::string::npos) break;
        lines.push_back(text.substr(begin, end - begin));
        EXPECT_EQ(lines.back().find_first_of("\r\n"), std::string::npos) << lines.back();
        begin = end + 2;
    }
    return lines;
}

// Content lines: a physical line starting with a space continues the previous one.
std::vector<std::string> contentLines(const std::string& text)
{
    std::vector<std::string> lines;
    for (const auto& line : physicalLines(text)) {
        if (!line.empty() && line[0] == ' ') {
            lines.back() += line.substr(1);
        } else {
            lines.push_back(line);
        }
    }
    return lines;
}

std::vector<std::string> withPrefix(const std::vector<std::string>& lines, const std::string& prefix)
{
    std::vector<std::string> out;
    for (const auto& line : lines) {
        if (line.rfind(prefix, 0) == 0) out.push_back(line);
    }
    return out;
}

std::size_t count(const std::vector<std::string>& lines, const std::string& line)
{
    return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

TEST(Calendar, WinterEventIsInParisWallTime)
{
    const auto lines = contentLines(renderCalendar({event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 30))}, kStamp));
    EXPECT_EQ(count(lines, "DTSTART;TZID=Europe/Paris:20270114T100000"), 1u);
    EXPECT_EQ(count(lines, "DTEND;TZID=Europe/Paris:20270114T123000"), 1u);
    EXPECT_EQ(count(lines, "DTSTAMP:20261201T100000Z"), 1u);
}

TEST(Calendar, SummerEventIsInParisWallTime)
{
    const auto lines = contentLines(renderCalendar({event(utc(2027, 6, 10, 8, 0), utc(2027, 6, 10, 9, 0))}, kStamp));
    EXPECT_EQ(count(lines, "DTSTART;TZID=Europe/Paris:20270610T100000"), 1u);
    EXPECT_EQ(count(lines, "DTEND;TZID=Europe/Paris:20270610T110000"), 1u);
}

TEST(Calendar, EventAcrossTheSpringChangeKeepsItsWallTimes)
{
    // 28 March 2027: clocks go from 02:00 to 03:00 at 01:00 UTC.
    const auto lines = contentLines(renderCalendar({event(utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1, 30))}, kStamp));
    EXPECT_EQ(count(lines, "DTSTART;TZID=Europe/Paris:20270328T013000"), 1u);
    EXPECT_EQ(count(lines, "DTEND;TZID=Europe/Paris:20270328T033000"), 1u);
}

TEST(Calendar, SecondOccurrenceOfTheRepeatedHourIsWrittenInUtc)
{
    // 31 October 2027: 02:30 happens at 00:30 UTC (summer time), then again at 01:30 UTC (winter time).
    const auto lines =
        contentLines(renderCalendar({event(utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30))}, kStamp));
    EXPECT_EQ(count(lines, "DTSTART;TZID=Europe/Paris:20271031T023000"), 1u);
    EXPECT_EQ(count(lines, "DTEND:20271031T013000Z"), 1u);
}

TEST(Calendar, HasTheCalendarPropertiesAndTheParisZoneOnce)
{
    const std::string calendar = renderCalendar(
        {event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0)), event(utc(2027, 6, 10, 8, 0), utc(2027, 6, 10, 9, 0))},
        kStamp);
    const auto lines = contentLines(calendar);
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    EXPECT_EQ(count(lines, "VERSION:2.0"), 1u);
    EXPECT_EQ(count(lines, "PRODID:-//ANCT//tnt-forms//FR"), 1u);
    EXPECT_EQ(count(lines, "CALSCALE:GREGORIAN"), 1u);
    EXPECT_EQ(count(lines, "METHOD:PUBLISH"), 1u);
    EXPECT_EQ(count(lines, "BEGIN:VTIMEZONE"), 1u);
    EXPECT_EQ(count(lines, "TZID:Europe/Paris"), 1u);
    EXPECT_EQ(count(lines, "BEGIN:STANDARD"), 1u);
    EXPECT_EQ(count(lines, "BEGIN:DAYLIGHT"), 1u);
    EXPECT_EQ(count(lines, "TZNAME:CET"), 1u);
    EXPECT_EQ(count(lines, "TZNAME:CEST"), 1u);
    EXPECT_EQ(count(lines, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"), 1u);
    EXPECT_EQ(count(lines, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"), 1u);
    EXPECT_EQ(count(lines, "BEGIN:VEVENT"), 2u);
    EXPECT_EQ(count(lines, "END:VEVENT"), 2u);
    EXPECT_EQ(withPrefix(lines, "UID:").size(), 2u);
    EXPECT_EQ(withPrefix(lines, "DTSTAMP:").size(), 2u);
    // The zone comes before the events that name it.
    const auto position = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line); };
    EXPECT_LT(position("END:VTIMEZONE"), position("BEGIN:VEVENT"));
}

TEST(Calendar, UsesTheGivenProductId)
{
    const auto lines = contentLines(renderCalendar({}, kStamp, "-//Test//Produit, v1//FR"));
    EXPECT_EQ(count(lines, "PRODID:-//Test//Produit\\, v1//FR"), 1u);
    EXPECT_EQ(count(lines, "BEGIN:VTIMEZONE"), 1u);
}

TEST(Calendar, EscapesText)
{
    CalendarEvent e = event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0));
    e.summary = "Atelier; IA, données\\export";
    e.description = "Ligne 1\nLigne 2\r\nLigne 3\x01";
    e.location = "Salle 2, 20 avenue de Ségur; Paris";
    e.url = "https://tnt.anct.gouv.fr/f/atelier?a=1,2;b\r\n";
    const auto lines = contentLines(renderCalendar({e}, kStamp));
    EXPECT_EQ(count(lines, "SUMMARY:Atelier\\; IA\\, données\\\\export"), 1u);
    EXPECT_EQ(count(lines, "DESCRIPTION:Ligne 1\\nLigne 2\\nLigne 3"), 1u);
    EXPECT_EQ(count(lines, "LOCATION:Salle 2\\, 20 avenue de Ségur\\; Paris"), 1u);
    // URI values are not TEXT: no escaping, and nothing that could break the line.
    EXPECT_EQ(count(lines, "URL:https://tnt.anct.gouv.fr/f/atelier?a=1,2;b"), 1u);
}

TEST(Calendar, LeavesOutEmptyProperties)
{
    const auto lines = contentLines(renderCalendar({event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0))}, kStamp));
    EXPECT_TRUE(withPrefix(lines, "DESCRIPTION").empty());
    EXPECT_TRUE(withPrefix(lines, "LOCATION").empty());
    EXPECT_TRUE(withPrefix(lines, "URL").empty());
    EXPECT_EQ(count(lines, "SUMMARY:Atelier numérique"), 1u);
}

TEST(Calendar, FoldsAt75OctetsWithoutCuttingACharacter)
{
    CalendarEvent e = event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0));
    for (int i = 0; i < 30; ++i) e.description += "é€😀a";
    e.description += "\nfin";
    const std::string calendar = renderCalendar({e}, kStamp);
    int continuations = 0;
    for (const auto& line : physicalLines(calendar)) {
        EXPECT_LE(line.size(), 75u) << line;
        ASSERT_FALSE(line.empty());
        // A line never starts in the middle of a UTF-8 sequence (after the folding space).
        const std::size_t first = line[0] == ' ' ? 1 : 0;
        ASSERT_LT(first, line.size());
        EXPECT_NE(static_cast<unsigned char>(line[first]) & 0xc0, 0x80) << line;
        continuations += line[0] == ' ' ? 1 : 0;
    }
    EXPECT_GE(continuations, 4);
    std::string expected = "DESCRIPTION:";
    for (int i = 0; i < 30; ++i) expected += "é€😀a";
    expected += "\\nfin";
    EXPECT_EQ(count(contentLines(calendar), expected), 1u);
}

TEST(Calendar, RefusesEventsWithoutSummaryUidOrDuration)
{
    CalendarEvent e = event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0));
    e.summary.clear();
    EXPECT_THROW(renderCalendar({e}, kStamp), std::invalid_argument);
    e = event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 11, 0));
    e.uid.clear();
    EXPECT_THROW(renderCalendar({e}, kStamp), std::invalid_argument);
    e = event(utc(2027, 1, 14, 9, 0), utc(2027, 1, 14, 9, 0));
    EXPECT_THROW(renderCalendar({e}, kStamp), std::invalid_argument);
}

}  // namespace
}  // namespace tnt::mail
