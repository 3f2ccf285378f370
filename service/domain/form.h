// A form as the service serves it: sections of ordered questions, its window, its per-form rules and the
// version that identifies this exact definition (stored with every response).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form_window.h"
#include "service/domain/question.h"

namespace tnt::domain {

struct Section {
    std::string title;
    std::string description;
    std::vector<std::string> question_keys;  // in order; the questions live in Form::questions
};

// Who gets an e-mail after answering (the `email_copy` key): the address the respondent gave in the e-mail
// question `to`, when the consent question `consent` is ticked (always when it is empty). A registration
// form sends the registration confirmation (groups, meetings, calendar file), any other form a copy of the
// answers; both carry the respondent's withdrawal link.
struct EmailCopy {
    std::string to;  // an `email` question
    std::string consent;  // a `consent` question, usually not required; "" = always sent

    bool operator==(const EmailCopy&) const = default;
};

// Whom the programme team invites, and what their personal link fills in (the `invitations` key): the
// `mandate` question (a single choice: its options are the mandates an invitation file may give), and the
// questions prefilled with the commune's département (`departement`, a departement question) and name
// (`commune`, a short text); both optional. The respondent sees them filled in and may change them.
struct InvitationSettings {
    std::string mandate;
    std::string departement;  // "" = not prefilled
    std::string commune;  // "" = not prefilled

    bool operator==(const InvitationSettings&) const = default;
};

struct Form {
    std::string slug;
    std::string title;
    std::string description;
    FormWindow window;
    std::vector<Section> sections;
    std::vector<Question> questions;  // every question, in the order of the form
    std::vector<std::string> unique_by;  // question keys whose answers together may appear only once
    int retention_days = 0;  // 0 = kept until purged by hand
    // The text shown on the receipt page after a successful submission.
    std::string confirmation;
    std::optional<EmailCopy> email_copy;
    std::optional<InvitationSettings> invitations;
    // The page shows every section at once (`single_page: true`) instead of one section per step.
    bool single_page = false;
    // sha256 hex of canonicalJson(): an edited form (wording, options, window…) gets a new version.
    std::string version;

    const Question* find(std::string_view key) const;

    // The definition without its version, with sorted keys: the text the version hashes.
    nlohmann::json canonicalJson() const;

    // The public definition (GET /api/v1/forms/{slug}): canonicalJson() plus "version".
    nlohmann::json toJson() const;

    // The question whose options come from the group catalogue, if any.
    const Question* groupsQuestion() const;

    // How many steps its page has: one per section, or 1 for a single page.
    std::size_t stepCount() const { return single_page ? 1 : sections.size(); }
};

// sha256 hex of canonicalJson().dump(): nlohmann::json objects keep keys sorted, so the same definition
// always gives the same text whatever the key order or layout of its YAML file.
std::string computeVersion(const Form& form);

}  // namespace tnt::domain
