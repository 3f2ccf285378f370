// The respondents' other pages: the index of open and upcoming forms, closed and not-yet-open forms, and
// short message pages (not found, too many posts, wrong content type).
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/pages/views.h"

namespace tnt::pages {

struct IndexEntry {
    const domain::Form* form = nullptr;
    std::string until;  // "30 juin 2028 à 23 h 59", or "" when the form never closes
};

struct UpcomingEntry {
    const domain::Form* form = nullptr;
    std::string opens;  // "1er mars 2027 à 9 h 00"
};

// The open forms, then the forms not yet open under « Bientôt » with their opening date.
std::string renderIndexPage(const Views& views, const std::vector<IndexEntry>& open_forms,
                            const std::vector<UpcomingEntry>& upcoming_forms = {});
// "Ce formulaire est clos depuis le <since>."
std::string renderClosedPage(const Views& views, const domain::Form& form, const std::string& since);
// "Ce formulaire ouvrira le <opens>."
std::string renderNotOpenPage(const Views& views, const domain::Form& form, const std::string& opens);
// A page with a heading, one paragraph and a link back to the index.
std::string renderMessagePage(const Views& views, const std::string& title, const std::string& message);

}  // namespace tnt::pages
