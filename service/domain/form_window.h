// When a form accepts answers. The status is a pure function of the server's clock (`now` is passed in, so
// tests and handlers inject it); nothing here reads the clock.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "service/domain/paris_time.h"

namespace tnt::domain {

enum class FormStatus { upcoming, open, closed };

// "upcoming", "open", "closed" — the words of the JSON API.
std::string_view toString(FormStatus status);

// Whether `now` is at or before the last accepted second `lastSecond` plus `grace`: the whole last second
// counts, so 23:59:59.999999 is still in time and 00:00:00 the next day is not.
bool withinLastSecond(Seconds lastSecond, std::chrono::minutes grace, TimePoint now);

struct FormWindow {
    std::optional<Seconds> opens_at;  // first instant answers are accepted; none = since always
    std::optional<Seconds> closes_at;  // last accepted second, as announced; none = never closes
    // Accepted after closes_at without being announced: absorbs a slow network or a long last form.
    std::chrono::minutes grace{0};

    FormStatus statusAt(TimePoint now) const;

    // The first instant answers are refused (closes_at + 1 s + grace), if the form closes.
    std::optional<TimePoint> refusesFrom() const;

    // {"opens_at": {"utc", "paris", "text"}, "closes_at": {...}, "grace_minutes"}; absent bounds are null.
    nlohmann::json toJson() const;
};

}  // namespace tnt::domain
