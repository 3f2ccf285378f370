// When a row was submitted, as the exports write it: framaforms in French ("08/12/2021 14:32", Paris time),
// Airtable in ISO 8601 ("2021-12-08T13:32:00.000Z", or local "2021-12-08 14:32"). Times without an offset
// are Paris local time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/domain/paris_time.h"

namespace tnt::importing {

struct SubmissionTimeParse {
    std::optional<domain::TimePoint> value;
    std::string error;  // French sentence when value is empty
};

// `format` is strftime-like: %d %m %Y %y %H %M %S (fractions of a second allowed after it) %z ("Z",
// "+01:00", "+0100") and %%; a space matches any run of spaces. Empty: the French and ISO forms above are
// tried in turn. A local time repeated when clocks go back is taken as its first occurrence; one skipped
// when they go forward as the instant of the change (exports::DaylightSavingPolicy::earliest: an import must
// not refuse a row over daylight saving).
SubmissionTimeParse parseSubmissionTime(std::string_view text, std::string_view format = {});

}  // namespace tnt::importing
