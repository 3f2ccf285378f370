// The HTML page of one form (forms/pages/form.mustache and questions/): every question type with its label,
// help and required mark; the error summary at the top linking to each field; each error beside its field
// (aria-describedby, aria-invalid); the values kept after an error; the hidden CSRF and idempotency tokens
// and the honeypot.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/pages/form_answers.h"
#include "service/pages/views.h"

namespace tnt::pages {

// The names of the page's own fields; answer keys never start with '_'.
inline constexpr const char* kCsrfField = "_csrf";
inline constexpr const char* kIdempotencyField = "_jeton";
inline constexpr const char* kHoneypotField = "_site_web";
// A step-by-step page's own fields: the step shown (0-based), the draft's secret, the button pressed.
inline constexpr const char* kStepField = "_etape";
inline constexpr const char* kDraftField = "_brouillon";
inline constexpr const char* kActionField = "_action";
// The personal link's token of an invitation (submission/invitations.h), until its draft exists.
inline constexpr const char* kInvitationField = "_invitation";

// The buttons of a step (the values of kActionField).
inline constexpr const char* kActionNext = "suivant";
inline constexpr const char* kActionPrevious = "precedent";
inline constexpr const char* kActionSave = "enregistrer";
inline constexpr const char* kActionSend = "envoyer";

// One step of a step-by-step page (domain/form_steps.h): which section, and what its buttons do.
struct StepState {
    std::size_t index = 0;  // the section shown
    bool last = false;  // its main button sends the answers ("Envoyer mes réponses"), else "Suivant"
    bool has_previous = false;  // "Précédent" is offered
    std::string draft_secret;  // empty before the first step is sent
    std::set<std::string> hidden;  // questions visible_if hides given the other steps' answers: left out
};

struct FormPageState {
    PostedFields values;  // shown again after an error
    std::map<std::string, std::string> errors;  // answer key ("fonction", "fonction.autre") → French sentence
    std::string notice;  // one sentence about the whole post (expired page, full group…)
    std::string csrf_token;
    std::string idempotency_token;
    // The project groups' places and deadlines, shown next to each group; a full or closed group cannot be
    // ticked (unless it was in the answers shown again). Empty: nothing shown.
    std::map<std::string, domain::GroupAvailability> groups;
    // The step shown, when the form is answered step by step; none: the whole form on one page.
    std::optional<StepState> step;
    // The page changes a response already sent (its "Modifier mes réponses" link): it posts there, and its
    // button says "Enregistrer les modifications". Empty: a new response.
    std::string amend_path;
    // The answers shown but not changeable (a response whose form has closed): no button, controls disabled.
    bool read_only = false;
    // The page opened from an invitation's personal link: its token, posted with the answers.
    std::string invitation;
};

std::string renderFormPage(const Views& views, const domain::Form& form, const FormPageState& state);

// The id of the element the error summary links to for an answer key: the input, or the first radio or
// checkbox of a group; "" for a key that is not the form's.
std::string errorAnchor(const domain::Form& form, const std::string& key);

}  // namespace tnt::pages
