// Europe/Paris time over the howardhinnant date tz library: the zone, the daylight-saving policies and the
// fast formatter of the exports.
#include "exports/paris_time.h"

#include <date/date.h>
#include <date/tz.h>

namespace tnt::exports {

namespace {

void appendDigits(std::string& out, long value, int width)
{
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

void appendDay(std::string& out, std::chrono::local_days day)
{
    const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
    appendDigits(out, static_cast<int>(ymd.year()), 4);
    out.push_back('-');
    appendDigits(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    out.push_back('-');
    appendDigits(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
}

}  // namespace

const date::time_zone& parisZone()
{
    // locate_zone caches the database itself; keeping the pointer avoids a lookup by name per call.
    static const date::time_zone* const zone = date::locate_zone("Europe/Paris");
    return *zone;
}

ParisLocalTime fromParisLocalTime(std::chrono::local_seconds local, DaylightSavingPolicy policy)
{
    // date has its own local clock type; the count of seconds is the same.
    const date::local_seconds dateLocal{local.time_since_epoch()};
    const date::local_info info = parisZone().get_info(dateLocal);
    switch (info.result) {
    case date::local_info::unique:
        return {std::chrono::sys_seconds{local.time_since_epoch() - info.first.offset}, ParisLocalTimeKind::unique};
    case date::local_info::nonexistent:
        if (policy == DaylightSavingPolicy::refuse) return {std::nullopt, ParisLocalTimeKind::skipped};
        return {info.first.end, ParisLocalTimeKind::skipped};  // the instant clocks went forward
    case date::local_info::ambiguous:
    default:
        if (policy == DaylightSavingPolicy::refuse) return {std::nullopt, ParisLocalTimeKind::repeated};
        // The first occurrence is still in the earlier period, at its offset.
        return {std::chrono::sys_seconds{local.time_since_epoch() - info.first.offset}, ParisLocalTimeKind::repeated};
    }
}

ParisTimeFormatter::ParisTimeFormatter() : zone_(&parisZone()) {}

ParisWallClock ParisTimeFormatter::wallClock(std::chrono::sys_seconds time)
{
    if (time < periodBegin_ || time >= periodEnd_) {
        const date::sys_info info = zone_->get_info(time);
        periodBegin_ = info.begin;
        periodEnd_ = info.end;
        offset_ = info.offset;
    }
    return {std::chrono::local_seconds{time.time_since_epoch() + offset_}, offset_};
}

void ParisTimeFormatter::append(std::string& out, SubmissionTime time)
{
    using namespace std::chrono;
    const auto local = wallClock(floor<seconds>(time)).local;
    const auto day = floor<days>(local);
    const hh_mm_ss clock{local - day};

    appendDay(out, day);
    out.push_back(' ');
    appendDigits(out, clock.hours().count(), 2);
    out.push_back(':');
    appendDigits(out, clock.minutes().count(), 2);
    out.push_back(':');
    appendDigits(out, static_cast<long>(clock.seconds().count()), 2);
}

std::string ParisTimeFormatter::format(SubmissionTime time)
{
    std::string out;
    append(out, time);
    return out;
}

std::string ParisTimeFormatter::formatDay(SubmissionTime time)
{
    std::string out;
    appendDay(out, day(time));
    return out;
}

std::chrono::local_days ParisTimeFormatter::day(SubmissionTime time)
{
    return std::chrono::floor<std::chrono::days>(wallClock(std::chrono::floor<std::chrono::seconds>(time)).local);
}

std::string formatDay(std::chrono::local_days day)
{
    std::string out;
    appendDay(out, day);
    return out;
}

std::chrono::sys_seconds parisDayStart(std::chrono::local_days day)
{
    return *fromParisLocalTime(std::chrono::local_seconds(day), DaylightSavingPolicy::earliest).instant;
}

}  // namespace tnt::exports
