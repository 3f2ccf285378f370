// Paris local time parsing and formatting over the howardhinnant date tz library.
#include "service/domain/paris_time.h"

#include <array>

#include <date/date.h>
#include <date/tz.h>

namespace tnt::domain {

namespace {

const date::time_zone* parisZone()
{
    // locate_zone caches the database itself; keeping the pointer avoids a lookup by name per call.
    static const date::time_zone* const zone = date::locate_zone("Europe/Paris");
    return zone;
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
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                   date::day{static_cast<unsigned>(d)}};
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
    const date::local_seconds local =
        date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
    const date::local_info info = parisZone()->get_info(local);
    switch (info.result) {
    case date::local_info::unique:
        return {Seconds{local.time_since_epoch() - info.first.offset}, {}};
    case date::local_info::nonexistent:
        return {std::nullopt, "« " + std::string(text) +
                                  " » n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure"};
    case date::local_info::ambiguous:
    default:
        return {std::nullopt, "« " + std::string(text) +
                                  " » existe deux fois à Paris (passage à l'heure d'hiver) : choisissez une autre "
                                  "heure"};
    }
}

std::string formatIsoUtc(TimePoint t)
{
    return date::format("%Y-%m-%dT%H:%M:%SZ", std::chrono::floor<std::chrono::seconds>(t));
}

std::string formatIsoParis(TimePoint t)
{
    const date::zoned_seconds zoned{parisZone(), std::chrono::floor<std::chrono::seconds>(t)};
    const auto offset = zoned.get_info().offset;
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    const char sign = minutes < 0 ? '-' : '+';
    const long absolute = minutes < 0 ? -minutes : minutes;
    return date::format("%Y-%m-%dT%H:%M:%S", zoned.get_local_time()) + sign + twoDigits(absolute / 60) + ":" +
           twoDigits(absolute % 60);
}

std::string formatFrenchParis(TimePoint t)
{
    static constexpr std::array<const char*, 12> months = {"janvier",   "février", "mars",     "avril",
                                                           "mai",       "juin",    "juillet",  "août",
                                                           "septembre", "octobre", "novembre", "décembre"};
    const date::zoned_seconds zoned{parisZone(), std::chrono::floor<std::chrono::seconds>(t)};
    const date::local_seconds local = zoned.get_local_time();
    const date::local_days day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> time{local - day};
    const unsigned dayNumber = static_cast<unsigned>(ymd.day());
    std::string out = dayNumber == 1 ? "1er" : std::to_string(dayNumber);
    out += " ";
    out += months[static_cast<unsigned>(ymd.month()) - 1];
    out += " " + std::to_string(static_cast<int>(ymd.year()));
    out += " à " + std::to_string(time.hours().count()) + " h " + twoDigits(time.minutes().count());
    return out;
}

}  // namespace tnt::domain
