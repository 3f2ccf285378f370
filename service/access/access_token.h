// A pilot's access token and what it grants: `form:SLUG` (or `form:*`) to read a form's responses and
// statistics, `group:CODE` to narrow a registration form to the sign-ups of that group. A token with group
// scopes never sees a response outside its groups, whatever filter is asked for.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/domain/paris_time.h"

namespace tnt::access {

struct AccessToken {
    long long id = 0;
    std::string name;
    std::vector<std::string> forms;  // slugs, or "*" for every form
    std::vector<std::string> groups;  // group codes; empty = not narrowed to groups
    std::optional<domain::TimePoint> created_at;
    std::optional<domain::TimePoint> expires_at;
    std::optional<domain::TimePoint> revoked_at;
    std::string notify_email;  // gets the daily digest of new registrations in the scope; "" = none

    bool usableAt(domain::TimePoint now) const;
    bool canReadForm(const std::string& slug) const;
    // "form:a form:b group:GP3", as stored and shown.
    std::string scopeText() const;
};

class AccessDenied : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Adds one "form:SLUG" or "group:CODE" scope to the token; throws std::invalid_argument with a French
// sentence for anything else.
void addScope(AccessToken& token, const std::string& scope);
// Parses scopeText() back.
void parseScopeText(AccessToken& token, const std::string& text);

// The groups a request may see: the token's groups narrowed to `requested` when given. Throws AccessDenied
// when `requested` is outside the token's groups. An empty result means "every response".
std::vector<std::string> visibleGroups(const AccessToken& token, const std::optional<std::string>& requested);

}  // namespace tnt::access
