// The programme's project groups (forms/groups.yaml): what a registration form offers, and the per-group
// capacity and deadline that the server enforces when it stores a sign-up.
#pragma once

#include <map>
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

// Where a group's registrations stand at one moment, as the form shows it next to the group: the server
// enforces the same figures when it stores a sign-up (the capacity counter, the deadline).
struct GroupAvailability {
    enum class State { open, full, closed };
    State state = State::open;
    std::optional<long long> places_left;  // when the group has a capacity
    std::optional<Seconds> deadline;

    // Computed from the catalogue and the count of registered people (none: not known yet).
    static GroupAvailability of(const Group& group, std::optional<long long> registered, TimePoint now);
    // « 12 places restantes · inscriptions jusqu'au 30 juin 2027 à 23 h 59 », « Complet », « Inscriptions
    // closes depuis le 8 décembre 2021 à 23 h 59 »; "" when there is nothing to say.
    std::string describe() const;
    bool selectable() const { return state == State::open; }
    std::string_view stateName() const;  // "open", "full", "closed" (the API's words)
};

struct GroupCatalogue {
    std::vector<Group> groups;  // in file order, which is the order offered on the form

    const Group* find(std::string_view code) const;
    // Every group's availability from the counts of people registered (code → count; a missing code: not
    // known, no places shown).
    std::map<std::string, GroupAvailability> availability(const std::map<std::string, long long>& registered,
                                                          TimePoint now) const;
};

}  // namespace tnt::domain
