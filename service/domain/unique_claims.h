// What the server checks and reserves when it stores a response: the unique_by claims (one registration per
// e-mail and group) and the groups a registration signs up to (whose capacity and deadline apply).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"

namespace tnt::domain {

// One string per combination of the unique_by answers, to store under a unique index: two responses
// conflict when they share a claim. E-mails (and every text) are compared trimmed and lowercased; a multiple
// choice gives one claim per selected option, so with unique_by [email, groupes] one e-mail can join GP1
// then GP2 but not GP1 twice. Each claim is a compact JSON array ["email","ana@x.fr","groupes","GP1"] —
// unambiguous whatever the answers contain. No claim when the form has no unique_by or an answer is absent.
std::vector<std::string> uniqueClaims(const Form& form, const nlohmann::json& normalizedAnswers);

// The group a claim is about: the value of the form's groups question in it, when unique_by names that
// question; nothing otherwise (or when `claim` is not a claim of uniqueClaims' shape).
std::optional<std::string> claimedGroup(const Form& form, std::string_view claim);

// The group codes selected in the form's `options_from: groups` question, in catalogue order.
std::vector<std::string> selectedGroups(const Form& form, const nlohmann::json& normalizedAnswers);

}  // namespace tnt::domain
