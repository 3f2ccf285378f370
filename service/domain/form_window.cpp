// Form window status and its public JSON.
#include "service/domain/form_window.h"

namespace tnt::domain {

namespace {

nlohmann::json instantJson(const std::optional<Seconds>& t)
{
    if (!t) {
        return nullptr;
    }
    return {{"utc", formatIsoUtc(*t)}, {"paris", formatIsoParis(*t)}, {"text", formatFrenchParis(*t)}};
}

}  // namespace

std::string_view toString(FormStatus status)
{
    switch (status) {
    case FormStatus::upcoming:
        return "upcoming";
    case FormStatus::open:
        return "open";
    case FormStatus::closed:
        break;
    }
    return "closed";
}

bool withinLastSecond(Seconds lastSecond, std::chrono::minutes grace, TimePoint now)
{
    return now < lastSecond + std::chrono::seconds{1} + grace;
}

FormStatus FormWindow::statusAt(TimePoint now) const
{
    if (opens_at && now < *opens_at) {
        return FormStatus::upcoming;
    }
    if (closes_at && !withinLastSecond(*closes_at, grace, now)) {
        return FormStatus::closed;
    }
    return FormStatus::open;
}

std::optional<TimePoint> FormWindow::refusesFrom() const
{
    if (!closes_at) {
        return std::nullopt;
    }
    return TimePoint{*closes_at + std::chrono::seconds{1} + grace};
}

nlohmann::json FormWindow::toJson() const
{
    return {
        {"opens_at", instantJson(opens_at)}, {"closes_at", instantJson(closes_at)}, {"grace_minutes", grace.count()}};
}

}  // namespace tnt::domain
