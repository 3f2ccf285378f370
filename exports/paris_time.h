// Europe/Paris time for the whole project: the one place that looks the zone up, turns an instant into the
// Paris wall clock and a Paris wall-clock time into an instant under a named daylight-saving policy. The
// domain's deadlines and French dates (service/domain/paris_time.h), the statistics' days, the importer's
// submission times and the exports' column all go through it, so they cannot disagree on a change of clocks.
//
// Submission times as pilots read them: "2021-12-08 23:59:59", the one shape Excel and LibreOffice recognise
// as a date and time in every locale (with a 'T' or an offset they keep text). The column's header says it is
// Paris time; the hour repeated when clocks go back is the only ambiguity, which the importer resolves as its
// first occurrence (DaylightSavingPolicy::earliest).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace date {
class time_zone;
}

namespace tnt::exports {

using SubmissionTime = std::chrono::sys_time<std::chrono::microseconds>;

// The Europe/Paris zone of the OS tz database, looked up once.
const date::time_zone& parisZone();

// A Paris wall-clock time exists once, not at all (the hour skipped on the last Sunday of March, 02:00 to
// 02:59) or twice (the hour repeated on the last Sunday of October, 02:00 to 02:59).
enum class ParisLocalTimeKind { unique, skipped, repeated };

// What a skipped or repeated wall-clock time is taken to mean. A unique one is its instant under every policy.
enum class DaylightSavingPolicy {
    // No instant: the caller says why. Form files' deadlines, where guessing which instant the author meant
    // would silently move a deadline by an hour.
    refuse,
    // A repeated time is its first occurrence (still summer time), a skipped one the instant clocks went
    // forward: the importer, which must not refuse a past submission over daylight saving.
    earliest,
};

struct ParisLocalTime {
    std::optional<std::chrono::sys_seconds> instant;  // empty only under DaylightSavingPolicy::refuse
    ParisLocalTimeKind kind = ParisLocalTimeKind::unique;
};

ParisLocalTime fromParisLocalTime(std::chrono::local_seconds local, DaylightSavingPolicy policy);

// "2021-12-08"
std::string formatDay(std::chrono::local_days day);

// The instant a Paris day starts: its midnight, which clocks never skip nor repeat (they change at 02:00).
std::chrono::sys_seconds parisDayStart(std::chrono::local_days day);

// The Paris wall clock at an instant and the offset from UTC then (+01:00 in winter, +02:00 in summer).
struct ParisWallClock {
    std::chrono::local_seconds local;
    std::chrono::seconds offset;
};

// Looks the zone up once and keeps the current offset period, because an export formats millions of
// times that mostly fall in the same period; date::format and streams would dominate the export's cost.
// Not thread-safe: one per export (or per call, where speed does not matter).
class ParisTimeFormatter {
public:
    ParisTimeFormatter();

    ParisWallClock wallClock(std::chrono::sys_seconds time);

    // "2021-12-08 23:59:59". Truncated to the second: pilots compare against deadlines given to the second.
    void append(std::string& out, SubmissionTime time);
    std::string format(SubmissionTime time);
    // "2021-12-08": the Paris day an instant falls in.
    std::string formatDay(SubmissionTime time);
    // The same day as a number (days since 1970-01-01), the statistics counters' key.
    std::chrono::local_days day(SubmissionTime time);

private:
    const date::time_zone* zone_;
    std::chrono::sys_seconds periodBegin_{};
    std::chrono::sys_seconds periodEnd_{};
    std::chrono::seconds offset_{};
};

}  // namespace tnt::exports
