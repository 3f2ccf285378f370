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
    // When the group is full, whether a sign-up joins its waitlist (201, « waitlisted ») rather than being
    // refused (409 group_full). Catalogue key `waitlist`; default: true when there is a capacity.
    bool waitlist = false;
    // How long the next person on the waitlist has to accept a freed place (catalogue key `offer_hours`).
    int offer_hours = 48;

    // Whether a sign-up at `now` is still in time for this group (the whole last second counts).
    bool acceptsRegistrationAt(TimePoint now) const;

    nlohmann::json toJson() const;
};

// A group's counters (project_groups): the places held — people registered and people offered a place,
// which together never exceed the capacity — and the people waiting on its list.
struct GroupCounts {
    long long held = 0;
    long long waitlisted = 0;
    GroupCounts(long long held_places = 0, long long waiting = 0)  // NOLINT(google-explicit-constructor)
        : held(held_places), waitlisted(waiting)
    {
    }
};

// Where a group's registrations stand at one moment, as the form shows it next to the group: the server
// enforces the same figures when it stores a sign-up (the capacity counter, the deadline).
struct GroupAvailability {
    // open: places left (or no capacity); waitlist: full, a sign-up joins the waitlist; full: full, no
    // waitlist (a sign-up is refused); closed: past the group's deadline.
    enum class State { open, waitlist, full, closed };
    State state = State::open;
    std::optional<long long> places_left;  // when the group has a capacity
    long long waitlist_length = 0;
    std::optional<Seconds> deadline;

    // Computed from the catalogue and the group's counters (none: not known yet).
    static GroupAvailability of(const Group& group, std::optional<GroupCounts> counts, TimePoint now);
    // « 12 places restantes · inscriptions jusqu'au 30 juin 2027 à 23 h 59 », « Complet — liste d'attente
    // (3 personnes) », « Complet », « Inscriptions closes depuis le 8 décembre 2021 à 23 h 59 »; "" when there
    // is nothing to say.
    std::string describe() const;
    bool selectable() const { return state == State::open || state == State::waitlist; }
    std::string_view stateName() const;  // "open", "waitlist", "full", "closed" (the API's words)
};

// What became of a sign-up to one group (registrations.state).
enum class RegistrationState { registered, waitlisted, offered, withdrawn, declined, expired };
std::string_view registrationStateName(RegistrationState state);  // "registered", … (the API's and SQL's words)
std::optional<RegistrationState> parseRegistrationState(std::string_view name);
// « Inscrit », « En liste d'attente », « Place proposée », « Retiré », « Place refusée », « Offre expirée ».
std::string_view registrationStateLabel(RegistrationState state);

// A sign-up's state in one group, as the receipt, the API and the e-mails say it.
struct Placement {
    std::string group;
    RegistrationState state = RegistrationState::registered;
    long long position = 0;  // waitlisted: 1 for the first in line, at the moment it was read
    std::optional<Seconds> offer_expires_at;  // offered: until when the place is kept

    // « Inscrit », « 3e sur la liste d'attente », « Place proposée jusqu'au 9 décembre 2026 à 14 h 00 »…
    std::string describe() const;
    nlohmann::json toJson() const;  // {"group", "state", "position"?, "offer_expires_at"?}
};

// « 1re », « 2e », « 3e »: a French ordinal as it is written in running text.
std::string frenchOrdinal(long long n);

struct GroupCatalogue {
    std::vector<Group> groups;  // in file order, which is the order offered on the form

    const Group* find(std::string_view code) const;
    // Every group's availability from the counts of people registered (code → count; a missing code: not
    // known, no places shown).
    std::map<std::string, GroupAvailability> availability(const std::map<std::string, GroupCounts>& counts,
                                                          TimePoint now) const;
};

}  // namespace tnt::domain
