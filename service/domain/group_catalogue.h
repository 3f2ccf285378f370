// The programme's project groups (forms/groups.yaml): what a registration form offers, and the per-group
// capacity and deadline that the server enforces when it stores a sign-up.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/paris_time.h"

namespace tnt::domain {

// A meeting of a group (catalogue key `meetings`), announced in the registration confirmation and its
// calendar file.
struct Meeting {
    Seconds starts_at;  // written in Paris local time in the catalogue
    int duration_minutes = 120;
    std::string place;  // an address, or
    std::string video_url;  // a link to join (https://…); one of the two at least

    // Stable per group and meeting: the calendar entry a second confirmation sends is the same one.
    std::string uid(std::string_view group_code) const;
};

struct Group {
    std::string code;  // "GP1": the option key of the registration form and the key of stored sign-ups
    std::string name;
    std::string objective;
    std::vector<std::string> copilots;
    std::optional<int> capacity;  // places; none = unlimited
    std::optional<Seconds> registration_deadline;  // last accepted second; none = the form's window
    std::vector<Meeting> meetings;  // in file order

    // Whether a sign-up at `now` is still in time for this group (the whole last second counts).
    bool acceptsRegistrationAt(TimePoint now) const;

    nlohmann::json toJson() const;
};

struct GroupCatalogue {
    std::vector<Group> groups;  // in file order, which is the order offered on the form

    const Group* find(std::string_view code) const;
};

}  // namespace tnt::domain
