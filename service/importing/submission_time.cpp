#include "service/importing/submission_time.h"

#include <array>
#include <cctype>
#include <chrono>

#include "exports/paris_time.h"
#include "service/domain/field_formats.h"

namespace tnt::importing {
namespace {

struct Fields {
    int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
    std::optional<int> offset_minutes;  // set by %z
};

bool readNumber(std::string_view text, std::size_t& pos, std::size_t minDigits, std::size_t maxDigits, int& out)
{
    std::size_t n = 0;
    int value = 0;
    while (pos + n < text.size() && n < maxDigits && std::isdigit(static_cast<unsigned char>(text[pos + n]))) {
        value = value * 10 + (text[pos + n] - '0');
        ++n;
    }
    if (n < minDigits) return false;
    pos += n;
    out = value;
    return true;
}

bool readOffset(std::string_view text, std::size_t& pos, std::optional<int>& out)
{
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
        out = 0;
        return true;
    }
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int hours = 0, minutes = 0;
    if (!readNumber(text, pos, 2, 2, hours)) return false;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!readNumber(text, pos, 2, 2, minutes)) return false;
    out = sign * (hours * 60 + minutes);
    return true;
}

bool match(std::string_view text, std::string_view format, Fields& f)
{
    std::size_t pos = 0;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == ' ') {
            if (pos >= text.size() || text[pos] != ' ') return false;
            while (pos < text.size() && text[pos] == ' ') ++pos;
            continue;
        }
        if (c != '%' || i + 1 == format.size()) {
            if (pos >= text.size() || text[pos] != c) return false;
            ++pos;
            continue;
        }
        bool ok = true;
        switch (format[++i]) {
        case 'd':
            ok = readNumber(text, pos, 1, 2, f.day);
            break;
        case 'm':
            ok = readNumber(text, pos, 1, 2, f.month);
            break;
        case 'Y':
            ok = readNumber(text, pos, 4, 4, f.year);
            break;
        case 'y':
            ok = readNumber(text, pos, 2, 2, f.year);
            f.year += 2000;
            break;
        case 'H':
            ok = readNumber(text, pos, 1, 2, f.hour);
            break;
        case 'M':
            ok = readNumber(text, pos, 2, 2, f.minute);
            break;
        case 'S': {
            ok = readNumber(text, pos, 2, 2, f.second);
            if (ok && pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                int ignored = 0;
                ++pos;
                ok = readNumber(text, pos, 1, 9, ignored);
            }
            break;
        }
        case 'z':
            ok = readOffset(text, pos, f.offset_minutes);
            break;
        case '%':
            ok = pos < text.size() && text[pos++] == '%';
            break;
        default:
            return false;
        }
        if (!ok) return false;
    }
    return pos == text.size();
}

constexpr std::array<std::string_view, 14> detected_formats{
    "%d/%m/%Y %H:%M:%S",   "%d/%m/%Y %H:%M",    "%d/%m/%Y - %H:%M:%S", "%d/%m/%Y - %H:%M",
    "%d/%m/%Y à %H:%M",    "%d/%m/%Y",          "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",      "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",      "%Y-%m-%d",
};

SubmissionTimeParse toTimePoint(const Fields& f, std::string_view text)
{
    using namespace std::chrono;
    const year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month)}, day{static_cast<unsigned>(f.day)}};
    if (!date.ok() || f.hour > 23 || f.minute > 59 || f.second > 59) {
        return {std::nullopt, "la date « " + std::string(text) + " » n'existe pas"};
    }
    const auto timeOfDay = hours{f.hour} + minutes{f.minute} + seconds{f.second};
    if (f.offset_minutes) {
        return {sys_days{date} + timeOfDay - minutes{*f.offset_minutes}, {}};
    }
    const local_seconds local{local_days{date} + timeOfDay};
    return {exports::fromParisLocalTime(local, exports::DaylightSavingPolicy::earliest).instant, {}};
}

}  // namespace

SubmissionTimeParse parseSubmissionTime(std::string_view raw, std::string_view format)
{
    const std::string text = domain::trimText(raw);
    if (text.empty()) return {std::nullopt, "la date de soumission est vide"};
    if (!format.empty()) {
        Fields f;
        if (!match(text, format, f) || f.year < 0 || f.month < 0 || f.day < 0) {
            return {std::nullopt, "la date « " + text + " » ne suit pas le format « " + std::string(format) + " »"};
        }
        return toTimePoint(f, text);
    }
    for (const auto candidate : detected_formats) {
        Fields f;
        if (match(text, candidate, f)) return toTimePoint(f, text);
    }
    return {std::nullopt,
            "la date « " + text + " » n'est ni au format 08/12/2021 14:32 ni au format ISO 2021-12-08T14:32"};
}

}  // namespace tnt::importing
