// Group lookups and deadlines.
#include "service/domain/group_catalogue.h"

#include <algorithm>

#include "service/domain/form_window.h"

namespace tnt::domain {

bool Group::acceptsRegistrationAt(TimePoint now) const
{
    return !registration_deadline || withinLastSecond(*registration_deadline, std::chrono::minutes{0}, now);
}

nlohmann::json Group::toJson() const
{
    nlohmann::json out = {{"code", code}, {"name", name}, {"objective", objective}, {"copilots", copilots}};
    out["capacity"] = capacity ? nlohmann::json(*capacity) : nlohmann::json(nullptr);
    if (registration_deadline) {
        out["registration_deadline"] = {{"utc", formatIsoUtc(*registration_deadline)},
                                        {"paris", formatIsoParis(*registration_deadline)},
                                        {"text", formatFrenchParis(*registration_deadline)}};
    } else {
        out["registration_deadline"] = nullptr;
    }
    if (!meetings.empty()) {
        auto list = nlohmann::json::array();
        for (const auto& m : meetings) {
            list.push_back({{"starts_at",
                             {{"utc", formatIsoUtc(m.starts_at)},
                              {"paris", formatIsoParis(m.starts_at)},
                              {"text", formatFrenchParis(m.starts_at)}}},
                            {"duration_minutes", m.duration_minutes},
                            {"place", m.place},
                            {"video_url", m.video_url}});
        }
        out["meetings"] = std::move(list);
    }
    return out;
}

GroupAvailability GroupAvailability::of(const Group& group, std::optional<long long> registered, TimePoint now)
{
    GroupAvailability a;
    a.deadline = group.registration_deadline;
    if (group.capacity && registered) a.places_left = std::max<long long>(0, *group.capacity - *registered);
    if (!group.acceptsRegistrationAt(now)) {
        a.state = State::closed;
    } else if (a.places_left && *a.places_left == 0) {
        a.state = State::full;
    }
    return a;
}

std::string GroupAvailability::describe() const
{
    switch (state) {
    case State::closed:
        return deadline ? "Inscriptions closes depuis le " + formatFrenchParis(*deadline) : "Inscriptions closes";
    case State::full:
        return "Complet";
    case State::open:
        break;
    }
    std::string text;
    if (places_left) {
        text = std::to_string(*places_left) + (*places_left == 1 ? " place restante" : " places restantes");
    }
    if (deadline) {
        text += text.empty() ? "Inscriptions jusqu'au " : " · inscriptions jusqu'au ";
        text += formatFrenchParis(*deadline);
    }
    return text;
}

std::string_view GroupAvailability::stateName() const
{
    switch (state) {
    case State::full:
        return "full";
    case State::closed:
        return "closed";
    case State::open:
        break;
    }
    return "open";
}

std::map<std::string, GroupAvailability> GroupCatalogue::availability(
    const std::map<std::string, long long>& registered, TimePoint now) const
{
    std::map<std::string, GroupAvailability> out;
    for (const auto& group : groups) {
        const auto count = registered.find(group.code);
        out.emplace(
            group.code,
            GroupAvailability::of(
                group, count == registered.end() ? std::nullopt : std::optional<long long>(count->second), now));
    }
    return out;
}

std::string Meeting::uid(std::string_view group_code) const
{
    // "GP1-20270114T090000Z@tnt-forms": the group and the meeting's instant.
    std::string when = formatIsoUtc(starts_at);  // 2027-01-14T09:00:00Z
    std::erase(when, '-');
    std::erase(when, ':');
    return std::string(group_code) + "-" + when + "@tnt-forms";
}

const Group* GroupCatalogue::find(std::string_view code) const
{
    for (const Group& group : groups) {
        if (group.code == code) {
            return &group;
        }
    }
    return nullptr;
}

}  // namespace tnt::domain
