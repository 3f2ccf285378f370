// Invitations as an iCalendar file (RFC 5545) a respondent's calendar imports: events given as instants,
// written in Europe/Paris wall time with the zone described once (VTIMEZONE), so calendars show the hour the
// form announced whatever zone the reader's device is in.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace tnt::mail {

struct CalendarEvent {
    std::string uid;  // stable, e.g. "GP1-20270114T1000@tnt-forms"
    std::chrono::sys_seconds start, end;  // instants (UTC); end after start
    std::string summary, description, location, url;  // UTF-8, any may be empty except summary
};

// VCALENDAR (METHOD:PUBLISH) with the Europe/Paris VTIMEZONE and one VEVENT per event, CRLF line ends,
// lines folded at 75 octets without splitting a UTF-8 sequence. DTSTAMP is `stamp`. A start or end in the
// hour repeated when clocks go back, second occurrence, is written in UTC, the local time naming the first.
// Throws std::invalid_argument on an event without uid or summary or that does not end after it starts.
std::string renderCalendar(const std::vector<CalendarEvent>& events, std::chrono::sys_seconds stamp,
                           std::string_view prod_id = "-//ANCT//tnt-forms//FR");

}  // namespace tnt::mail
