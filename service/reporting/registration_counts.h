// A registration form's sign-ups counted by group and state, as a pilot may see them: only the groups the
// form offers, and of those only the pilot's own when their token is narrowed to groups. One place for the
// dashboard's table and the statistics API's `registrations` block.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form_loader.h"
#include "service/reporting/group_scope.h"

namespace tnt::reporting {

struct GroupRegistrations {
    std::string code;
    std::string name;
    std::optional<int> capacity;
    std::map<domain::RegistrationState, long long> states;  // a state absent: none

    long long count(domain::RegistrationState state) const;
    // {"group", "name", "capacity", "registered", "offered", "waitlisted", "withdrawn", "declined", "expired"}
    nlohmann::json toJson() const;
};

// `counts`: group code → state → sign-ups (storage::RegistrationRepository::stateCounts). Empty for a form
// without a groups question.
std::vector<GroupRegistrations> registrationCounts(
    const domain::Form& form, const domain::FormSet& forms, const GroupScope& scope,
    const std::map<std::string, std::map<domain::RegistrationState, long long>>& counts);

}  // namespace tnt::reporting
