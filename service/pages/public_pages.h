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

// Answers saved for later: the resume link in full, until when, and the form that sends it by e-mail.
struct DraftSaved {
    std::string path;  // the resume link's path
    std::string url;  // the same in full, as the respondent copies it
    std::string expires_at;  // "30 juin 2028 à 23 h 59", Paris time
    bool mailed = false;  // the link was just sent by e-mail
    bool can_mail = false;  // the service has a relay: the form to send it is shown
    std::string mail_path;
    std::string csrf;
    std::string email;  // the address typed, shown again after an error
    std::string error;  // about that address
};
std::string renderDraftSavedPage(const Views& views, const domain::Form& form, const DraftSaved& saved);

// The unsubscribe link's page of an invitation: one button that posts to `action`.
std::string renderUnsubscribePage(const Views& views, const domain::Form& form, const std::string& action);

}  // namespace tnt::pages
