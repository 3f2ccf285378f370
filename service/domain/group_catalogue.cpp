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
    return out;
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
