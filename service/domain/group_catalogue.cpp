// Group lookups and deadlines.
#include "service/domain/group_catalogue.h"

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
