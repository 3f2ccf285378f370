// The respondents' other pages: the index of open forms, closed and not-yet-open forms, and
// short message pages (not found, too many posts, wrong content type).
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"

namespace tnt::pages {

struct IndexEntry {
    const domain::Form* form = nullptr;
    std::string until;  // "30 juin 2028 à 23 h 59", or "" when the form never closes
};

std::string renderIndexPage(const std::vector<IndexEntry>& open_forms);
// "Ce formulaire est clos depuis le <since>."
std::string renderClosedPage(const domain::Form& form, const std::string& since);
// "Ce formulaire ouvrira le <opens>."
std::string renderNotOpenPage(const domain::Form& form, const std::string& opens);
// A page with a heading, one paragraph and a link back to the index.
std::string renderMessagePage(const std::string& title, const std::string& message);

}  // namespace tnt::pages
