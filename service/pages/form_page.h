// The HTML page of one form (forms/pages/form.mustache and questions/): every question type with its label,
// help and required mark; the error summary at the top linking to each field; each error beside its field
// (aria-describedby, aria-invalid); the values kept after an error; the hidden CSRF and idempotency tokens
// and the honeypot.
#pragma once

#include <map>
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

struct FormPageState {
    PostedFields values;  // shown again after an error
    std::map<std::string, std::string> errors;  // answer key ("fonction", "fonction.autre") → French sentence
    std::string notice;  // one sentence about the whole post (expired page, full group…)
    std::string csrf_token;
    std::string idempotency_token;
    // The project groups' places and deadlines, shown next to each group; a full or closed group cannot be
    // ticked (unless it was in the answers shown again). Empty: nothing shown.
    std::map<std::string, domain::GroupAvailability> groups;
};

std::string renderFormPage(const Views& views, const domain::Form& form, const FormPageState& state);

// The id of the element the error summary links to for an answer key: the input, or the first radio or
// checkbox of a group; "" for a key that is not the form's.
std::string errorAnchor(const domain::Form& form, const std::string& key);

}  // namespace tnt::pages
