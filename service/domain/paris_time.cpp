// The form files' syntax of Paris local time and the French wording of dates, over exports/paris_time.h,
// which owns the zone and the daylight-saving policies.
#include "service/domain/paris_time.h"

#include <array>

#include <date/date.h>

#include "exports/paris_time.h"

namespace tnt::domain {

namespace {

exports::ParisWallClock parisWallClock(TimePoint t)
{
    // A formatter per call: these dates are formatted a few at a time, and its cache would not pay off.
    return exports::ParisTimeFormatter().wallClock(std::chrono::floor<std::chrono::seconds>(t));
}

bool parseDigits(std::string_view text, std::size_t pos, std::size_t count, int& out)
{
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

std::string twoDigits(long value)
{
    // Only used for hours, minutes and offsets, which are below 100.
    std::string out = std::to_string(value);
    return out.size() < 2 ? "0" + out : out;
}

}  // namespace

ParisTimeParse parseParisLocalTime(std::string_view text, DayBoundary dateAlone)
{
    const std::string expected = "« " + std::string(text) +
                                 " » n'est pas une date valide : écrivez AAAA-MM-JJ ou AAAA-MM-JJ HH:MM:SS "
                                 "(heure de Paris)";
    int y = 0;
    int mo = 0;
    int d = 0;
    if (text.size() < 10 || !parseDigits(text, 0, 4, y) || text[4] != '-' || !parseDigits(text, 5, 2, mo) ||
        text[7] != '-' || !parseDigits(text, 8, 2, d)) {
        return {std::nullopt, expected};
    }
    int h = 0;
    int mi = 0;
    int s = 0;
    bool hasTime = false;
    if (text.size() > 10) {
        const bool hhmm = text.size() == 16;
        const bool hhmmss = text.size() == 19;
        if ((text[10] != ' ' && text[10] != 'T') || (!hhmm && !hhmmss) || !parseDigits(text, 11, 2, h) ||
            text[13] != ':' || !parseDigits(text, 14, 2, mi) ||
            (hhmmss && (text[16] != ':' || !parseDigits(text, 17, 2, s)))) {
            return {std::nullopt, expected};
        }
        hasTime = true;
    }
    // Instants are compared and formatted as system_clock time points (nanoseconds, ±292 years around 1970):
    // a year far outside would overflow them (found by tests/fuzz: form_loader, "opens_at: 1013-11-01").
    if (y < 1900 || y > 2200) {
        return {std::nullopt, "l'année de « " + std::string(text.substr(0, 10)) + " » doit être entre 1900 et 2200"};
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return {std::nullopt, "la date « " + std::string(text.substr(0, 10)) + " » n'existe pas"};
    }
    if (!hasTime && dateAlone == DayBoundary::end_of_day) {
        h = 23;
        mi = 59;
        s = 59;
    }
    if (h > 23 || mi > 59 || s > 59) {
        return {std::nullopt, "l'heure de « " + std::string(text) + " » n'existe pas"};
    }
    const std::chrono::local_seconds local =
        std::chrono::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
    const exports::ParisLocalTime resolved = exports::fromParisLocalTime(local, exports::DaylightSavingPolicy::refuse);
    if (resolved.instant) {
        return {*resolved.instant, {}};
    }
    if (resolved.kind == exports::ParisLocalTimeKind::skipped) {
        return {std::nullopt, "« " + std::string(text) +
                                  " » n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure"};
    }
    return {std::nullopt, "« " + std::string(text) +
                              " » existe deux fois à Paris (passage à l'heure d'hiver) : choisissez une autre "
                              "heure"};
}

std::string formatIsoUtc(TimePoint t)
{
    return date::format("%Y-%m-%dT%H:%M:%SZ", std::chrono::floor<std::chrono::seconds>(t));
}

std::string formatIsoParis(TimePoint t)
{
    const exports::ParisWallClock paris = parisWallClock(t);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(paris.offset).count();
    const char sign = minutes < 0 ? '-' : '+';
    const long absolute = minutes < 0 ? -minutes : minutes;
    const date::local_seconds local{paris.local.time_since_epoch()};
    return date::format("%Y-%m-%dT%H:%M:%S", local) + sign + twoDigits(absolute / 60) + ":" + twoDigits(absolute % 60);
}

std::string formatFrenchDate(std::chrono::year_month_day day)
{
    static constexpr std::array<const char*, 12> months = {"janvier",   "février", "mars",     "avril",
                                                           "mai",       "juin",    "juillet",  "août",
                                                           "septembre", "octobre", "novembre", "décembre"};
    const unsigned dayNumber = static_cast<unsigned>(day.day());
    std::string out = dayNumber == 1 ? "1er" : std::to_string(dayNumber);
    out += " ";
    out += months[static_cast<unsigned>(day.month()) - 1];
    out += " " + std::to_string(static_cast<int>(day.year()));
    return out;
}

std::optional<std::chrono::year_month_day> parseIsoDay(std::string_view text)
{
    int y = 0;
    int mo = 0;
    int d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parseDigits(text, 0, 4, y) ||
        !parseDigits(text, 5, 2, mo) || !parseDigits(text, 8, 2, d)) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::string formatFrenchDay(std::string_view isoDay)
{
    const auto day = parseIsoDay(isoDay);
    return day ? formatFrenchDate(*day) : std::string(isoDay);
}

std::string formatFrenchParis(TimePoint t)
{
    const std::chrono::local_seconds local = parisWallClock(t).local;
    const std::chrono::local_days day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
    const std::chrono::hh_mm_ss<std::chrono::seconds> time{local - day};
    return formatFrenchDate(ymd) + " à " + std::to_string(time.hours().count()) + " h " +
           twoDigits(time.minutes().count());
}

std::string formatFrenchParisDay(TimePoint t)
{
    const std::chrono::local_seconds local = parisWallClock(t).local;
    const std::chrono::local_days day = std::chrono::floor<std::chrono::days>(local);
    return formatFrenchDate(std::chrono::year_month_day{std::chrono::sys_days{day.time_since_epoch()}});
}

}  // namespace tnt::domain
