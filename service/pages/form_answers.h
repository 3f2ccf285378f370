// From the fields an HTML form posts to the answers object validateAnswers expects: one string per
// question, an array for a multiple choice, "<key>.autre" for an "other" text. Fields that are not answers
// (the page's hidden tokens, the honeypot, anything unknown) are left out; empty fields are no answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"

namespace tnt::pages {

// The posted fields in order, names and values decoded (the same type as http::FormFields).
using PostedFields = std::vector<std::pair<std::string, std::string>>;

// Without JavaScript a person may type an "other" text and forget to tick "Autre": a text typed for a
// multiple choice ticks it; for a single choice it stands for the answer only when nothing else is chosen,
// and is dropped when another option is.
nlohmann::json answersFromFields(const domain::Form& form, const PostedFields& fields);

// The inverse, to show stored answers (a draft, a response being changed) in the page's fields: one field
// per value, an array as one field per element, true as "oui" for a yes/no and "on" for a consent.
PostedFields fieldsFromAnswers(const domain::Form& form, const nlohmann::json& answers);

// The last non-empty value posted under `name`, or "".
std::string fieldValue(const PostedFields& fields, const std::string& name);

}  // namespace tnt::pages
