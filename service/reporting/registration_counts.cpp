#include "service/reporting/registration_counts.h"

namespace tnt::reporting {

long long GroupRegistrations::count(domain::RegistrationState state) const
{
    const auto it = states.find(state);
    return it == states.end() ? 0 : it->second;
}

nlohmann::json GroupRegistrations::toJson() const
{
    using domain::RegistrationState;
    nlohmann::json out{
        {"group", code}, {"name", name}, {"capacity", capacity ? nlohmann::json(*capacity) : nlohmann::json(nullptr)}};
    for (const auto state : {RegistrationState::registered, RegistrationState::offered, RegistrationState::waitlisted,
                             RegistrationState::withdrawn, RegistrationState::declined, RegistrationState::expired}) {
        out[std::string(domain::registrationStateName(state))] = count(state);
    }
    return out;
}

std::vector<GroupRegistrations> registrationCounts(
    const domain::Form& form, const domain::FormSet& forms, const GroupScope& scope,
    const std::map<std::string, std::map<domain::RegistrationState, long long>>& counts)
{
    const auto* question = form.groupsQuestion();
    if (question == nullptr) return {};
    std::vector<GroupRegistrations> out;
    for (const auto& option : question->options) {
        if (!scope.shows(option.key)) continue;
        GroupRegistrations group{option.key, option.label, std::nullopt, {}};
        if (const auto* g = forms.catalogue ? forms.catalogue->find(option.key) : nullptr) group.capacity = g->capacity;
        if (const auto it = counts.find(option.key); it != counts.end()) group.states = it->second;
        out.push_back(std::move(group));
    }
    return out;
}

}  // namespace tnt::reporting
