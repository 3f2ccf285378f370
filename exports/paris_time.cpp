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

}  // namespace

ParisTimeFormatter::ParisTimeFormatter() : zone_(date::locate_zone("Europe/Paris")) {}

void ParisTimeFormatter::append(std::string& out, SubmissionTime time)
{
    using namespace std::chrono;
    const auto utc = floor<seconds>(time);
    if (utc < periodBegin_ || utc >= periodEnd_) {
        const date::sys_info info = zone_->get_info(utc);
        periodBegin_ = info.begin;
        periodEnd_ = info.end;
        offset_ = info.offset;
    }
    const auto local = utc + offset_;
    const auto day = floor<days>(local);
    const date::year_month_day ymd{date::sys_days{day}};
    const date::hh_mm_ss clock{local - day};

    appendDigits(out, static_cast<int>(ymd.year()), 4);
    out.push_back('-');
    appendDigits(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    out.push_back('-');
    appendDigits(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
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

}  // namespace tnt::exports
