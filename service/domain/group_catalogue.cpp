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
    out["waitlist"] = waitlist;
    if (waitlist) out["offer_hours"] = offer_hours;
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

GroupAvailability GroupAvailability::of(const Group& group, std::optional<GroupCounts> counts, TimePoint now)
{
    GroupAvailability a;
    a.deadline = group.registration_deadline;
    if (counts) a.waitlist_length = counts->waitlisted;
    if (group.capacity && counts) a.places_left = std::max<long long>(0, *group.capacity - counts->held);
    if (!group.acceptsRegistrationAt(now)) {
        a.state = State::closed;
    } else if (a.places_left && (*a.places_left == 0 || a.waitlist_length > 0)) {
        // People waiting go first: a place freed for them is not offered to a newcomer.
        a.state = group.waitlist ? State::waitlist : State::full;
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
    case State::waitlist: {
        std::string text = "Complet — liste d'attente";
        if (waitlist_length > 0) {
            text += " (" + std::to_string(waitlist_length) +
                    (waitlist_length == 1 ? " personne inscrite)" : " personnes inscrites)");
        }
        if (deadline) text += " · inscriptions jusqu'au " + formatFrenchParis(*deadline);
        return text;
    }
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
    case State::waitlist:
        return "waitlist";
    case State::full:
        return "full";
    case State::closed:
        return "closed";
    case State::open:
        break;
    }
    return "open";
}

std::map<std::string, GroupAvailability> GroupCatalogue::availability(const std::map<std::string, GroupCounts>& counts,
                                                                      TimePoint now) const
{
    std::map<std::string, GroupAvailability> out;
    for (const auto& group : groups) {
        const auto count = counts.find(group.code);
        out.emplace(group.code,
                    GroupAvailability::of(
                        group, count == counts.end() ? std::nullopt : std::optional<GroupCounts>(count->second), now));
    }
    return out;
}

namespace {

struct StateWords {
    RegistrationState state;
    std::string_view name;
    std::string_view label;
};

constexpr StateWords state_words[] = {
    {RegistrationState::registered, "registered", "Inscrit"},
    {RegistrationState::waitlisted, "waitlisted", "En liste d'attente"},
    {RegistrationState::offered, "offered", "Place proposée"},
    {RegistrationState::withdrawn, "withdrawn", "Retiré"},
    {RegistrationState::declined, "declined", "Place refusée"},
    {RegistrationState::expired, "expired", "Offre expirée"},
};

}  // namespace

std::string_view registrationStateName(RegistrationState state)
{
    for (const auto& words : state_words) {
        if (words.state == state) return words.name;
    }
    return "registered";
}

std::string_view registrationStateLabel(RegistrationState state)
{
    for (const auto& words : state_words) {
        if (words.state == state) return words.label;
    }
    return "Inscrit";
}

std::optional<RegistrationState> parseRegistrationState(std::string_view name)
{
    for (const auto& words : state_words) {
        if (words.name == name) return words.state;
    }
    return std::nullopt;
}

std::string frenchOrdinal(long long n)
{
    return std::to_string(n) + (n == 1 ? "re" : "e");
}

std::string Placement::describe() const
{
    switch (state) {
    case RegistrationState::waitlisted:
        return position > 0 ? frenchOrdinal(position) + " sur la liste d'attente" : "En liste d'attente";
    case RegistrationState::offered:
        return offer_expires_at ? "Place proposée jusqu'au " + formatFrenchParis(*offer_expires_at) : "Place proposée";
    default:
        return std::string(registrationStateLabel(state));
    }
}

nlohmann::json Placement::toJson() const
{
    nlohmann::json out = {{"group", group}, {"state", registrationStateName(state)}};
    if (state == RegistrationState::waitlisted && position > 0) out["position"] = position;
    if (state == RegistrationState::offered && offer_expires_at) {
        out["offer_expires_at"] = {{"utc", formatIsoUtc(*offer_expires_at)},
                                   {"paris", formatIsoParis(*offer_expires_at)},
                                   {"text", formatFrenchParis(*offer_expires_at)}};
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
