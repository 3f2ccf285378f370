// RFC 5545 text: content lines, TEXT escaping, folding, and times in Paris wall time from exports/paris_time
// (the project's one view of the zone).
#include "service/mail/icalendar.h"

#include <stdexcept>

#include "exports/paris_time.h"

namespace tnt::mail {

namespace {

constexpr std::size_t kLineOctets = 75;

// The zone's rules since 1996 (EU summer time: last Sunday of March and of October, 01:00 UTC), which is all
// a calendar needs for events from now on.
constexpr std::string_view kParisTimezone =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Paris\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

bool isUtf8Continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// Appends a content line folded at 75 octets: CRLF and a space, never inside a UTF-8 sequence.
void appendLine(std::string& out, std::string_view line)
{
    std::size_t limit = kLineOctets;
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 1 && isUtf8Continuation(line[cut])) --cut;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = kLineOctets - 1;  // the space of the continuation counts
    }
    out.append(line);
    out += "\r\n";
}

// TEXT values: backslash, ';' and ',' escaped, a line break (LF, CRLF or CR) as "\n", other control
// characters dropped (RFC 5545 allows none in TEXT but the tab).
std::string escapeText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ';' || c == ',') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\r' || c == '\n') {
            out += "\\n";
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\t' || static_cast<unsigned char>(c) >= 0x20) {
            if (c != 0x7f) out.push_back(c);
        }
    }
    return out;
}

// URI values are not escaped; a URI has no spaces or control characters, so they are dropped.
std::string cleanUri(std::string_view uri)
{
    std::string out;
    for (const char c : uri) {
        const auto u = static_cast<unsigned char>(c);
        if (u > 0x20 && u != 0x7f) out.push_back(c);
    }
    return out;
}

void appendDigits(std::string& out, long value, int width)
{
    std::string digits(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0 && value > 0; --i) {
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out += digits;
}

// "YYYYMMDDTHHMMSS" of a time counted from the epoch, whatever its clock.
std::string basicDateTime(std::chrono::seconds sinceEpoch)
{
    using namespace std::chrono;
    const sys_seconds time{sinceEpoch};
    const auto day = floor<days>(time);
    const year_month_day ymd{day};
    const hh_mm_ss clock{time - day};
    std::string out;
    appendDigits(out, static_cast<int>(ymd.year()), 4);
    appendDigits(out, static_cast<unsigned>(ymd.month()), 2);
    appendDigits(out, static_cast<unsigned>(ymd.day()), 2);
    out.push_back('T');
    appendDigits(out, clock.hours().count(), 2);
    appendDigits(out, clock.minutes().count(), 2);
    appendDigits(out, static_cast<long>(clock.seconds().count()), 2);
    return out;
}

std::string utcDateTime(std::chrono::sys_seconds time)
{
    return basicDateTime(time.time_since_epoch()) + "Z";
}

// "DTSTART;TZID=Europe/Paris:20270114T100000": the Paris wall time, unless that wall time names another
// instant first (the repeated hour in October), where only UTC says which one is meant.
std::string parisDateTimeProperty(std::string_view name, std::chrono::sys_seconds time,
                                  exports::ParisTimeFormatter& paris)
{
    const auto local = paris.wallClock(time).local;
    const auto first = exports::fromParisLocalTime(local, exports::DaylightSavingPolicy::earliest).instant;
    if (first != time) return std::string(name) + ":" + utcDateTime(time);
    return std::string(name) + ";TZID=Europe/Paris:" + basicDateTime(local.time_since_epoch());
}

void appendTextProperty(std::string& out, std::string_view name, std::string_view value)
{
    if (value.empty()) return;
    appendLine(out, std::string(name) + ":" + escapeText(value));
}

}  // namespace

std::string renderCalendar(const std::vector<CalendarEvent>& events, std::chrono::sys_seconds stamp,
                           std::string_view prod_id)
{
    for (const CalendarEvent& event : events) {
        if (event.uid.empty()) throw std::invalid_argument("calendar: an event has no uid");
        if (event.summary.empty()) throw std::invalid_argument("calendar: an event has no summary");
        if (event.end <= event.start) throw std::invalid_argument("calendar: an event does not end after it starts");
    }

    exports::ParisTimeFormatter paris;
    std::string out;
    appendLine(out, "BEGIN:VCALENDAR");
    appendLine(out, "VERSION:2.0");
    appendLine(out, "PRODID:" + escapeText(prod_id));
    appendLine(out, "CALSCALE:GREGORIAN");
    appendLine(out, "METHOD:PUBLISH");
    out += kParisTimezone;
    for (const CalendarEvent& event : events) {
        appendLine(out, "BEGIN:VEVENT");
        appendTextProperty(out, "UID", event.uid);
        appendLine(out, "DTSTAMP:" + utcDateTime(stamp));
        appendLine(out, parisDateTimeProperty("DTSTART", event.start, paris));
        appendLine(out, parisDateTimeProperty("DTEND", event.end, paris));
        appendTextProperty(out, "SUMMARY", event.summary);
        appendTextProperty(out, "DESCRIPTION", event.description);
        appendTextProperty(out, "LOCATION", event.location);
        const std::string url = cleanUri(event.url);
        if (!url.empty()) appendLine(out, "URL:" + url);
        appendLine(out, "END:VEVENT");
    }
    appendLine(out, "END:VCALENDAR");
    return out;
}

}  // namespace tnt::mail
