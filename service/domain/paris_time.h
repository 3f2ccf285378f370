// Europe/Paris wall-clock time in the domain's words: form files and group deadlines are written in Paris local
// time, pages show Paris time in French, the API shows both UTC and Paris ISO 8601. The zone and the
// daylight-saving policies are exports/paris_time.h's (the OS tz database, so changes of clocks are right
// whatever the year); this file adds the form files' syntax and the French wording.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tnt::domain {

using TimePoint = std::chrono::system_clock::time_point;
using Seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

// What a date written alone ("2021-12-08") means: an opening starts at 00:00:00, a closing ends at
// 23:59:59 — "jusqu'au 8 décembre 2021" includes the whole of 8 December.
enum class DayBoundary { start_of_day, end_of_day };

struct ParisTimeParse {
    std::optional<Seconds> value;  // set on success
    std::string error;  // French sentence on failure
};

// Parses "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD HH:MM" (a 'T' may replace the space) or "YYYY-MM-DD" as Paris
// local time. Impossible dates (2021-02-30) are errors. A local time that does not exist (the hour skipped on
// the last Sunday of March) or exists twice (the hour repeated on the last Sunday of October) is an error
// too (exports::DaylightSavingPolicy::refuse): guessing which instant the author meant would silently move a
// deadline by an hour.
ParisTimeParse parseParisLocalTime(std::string_view text, DayBoundary dateAlone);

// "2021-12-08T22:59:59Z"
std::string formatIsoUtc(TimePoint t);
// "2021-12-08T23:59:59+01:00"
std::string formatIsoParis(TimePoint t);
// "8 décembre 2021 à 23 h 59" (Paris time, minutes truncated), "1er mars 2027 à 9 h 05".
std::string formatFrenchParis(TimePoint t);
// "8 décembre 2021", "1er mars 2027": a calendar day as pages write it.
std::string formatFrenchDate(std::chrono::year_month_day day);
// The Paris day of an instant in French: "8 décembre 2021".
std::string formatFrenchParisDay(TimePoint t);
// "2021-12-08" (the statistics' Paris days, the filters' dates) → the day; nullopt for anything else or an
// impossible date.
std::optional<std::chrono::year_month_day> parseIsoDay(std::string_view text);
// "2021-12-08" → "8 décembre 2021"; text that is not such a day is returned as it is.
std::string formatFrenchDay(std::string_view isoDay);

}  // namespace tnt::domain
