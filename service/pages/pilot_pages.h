// The pilots' dashboard: the login page (paste the token once), the token's forms with their response
// counts, and one form's page — a table of contents, the filters, the downloads, a registration form's
// groups and registrants, the responses over time and a chart per question (each chart's table folded
// under it), the latest free-text answers — and the paged lists: every registrant, and one free-text
// question's answers with a search. No JavaScript: links, GET forms and <details>.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "exports/statistics.h"
#include "service/domain/form.h"
#include "service/pages/views.h"

namespace tnt::pages {

inline constexpr const char* kTokenField = "jeton";

// `error`: "" or a sentence shown above the field (wrong token, expired page). `notice`: "" or a sentence
// that is not the pilot's mistake (the session has ended), shown as information.
std::string renderPilotLoginPage(const Views& views, const std::string& csrf_token, const std::string& error,
                                 const std::string& notice = "");

struct PilotFormEntry {
    const domain::Form* form = nullptr;
    std::uint64_t responses = 0;
    std::string status;  // "ouvert", "clos", "pas encore ouvert"
};

std::string renderPilotFormsPage(const Views& views, const std::string& token_name,
                                 const std::vector<PilotFormEntry>& forms, const std::string& csrf_token);

// A group's sign-ups by state, as the dashboard's table shows them.
struct PilotGroupRow {
    std::string code;
    std::string name;
    std::string capacity;  // "10", or "" without a capacity
    long long registered = 0;
    long long offered = 0;
    long long waitlisted = 0;
    long long left = 0;  // withdrawn, declined or expired
};

// The dashboard's filters as the pilot set them (a GET form on the page), and the query string that carries
// them to the download links ("&from=2026-01-01&group=GP3", already URL-encoded; "" without filters).
struct PilotFilters {
    std::string from;  // "AAAA-MM-JJ" as typed, or ""
    std::string to;
    std::string group;  // the chosen group's code, or "" for every group the pilot sees
    std::vector<std::pair<std::string, std::string>> group_choices;  // code, name: the groups the pilot may pick
    std::string query;
};

// The downloads' expected sizes in bytes (reporting::estimateSizes), shown beside their buttons.
struct PilotDownloadSizes {
    std::uint64_t csv = 0;
    std::uint64_t xlsx = 0;
    std::uint64_t ods = 0;
};

// A registrant as the lists show them (reporting::Registrant, with the date in French).
struct PilotRegistrant {
    std::string number;  // "K7QM-3XHT-9PZR-W2NA"
    std::string name;
    std::string structure;
    std::vector<std::string> groups;
    std::string date;  // "8 décembre 2025"
};

// A free-text answer as the lists show them.
struct PilotTextAnswer {
    std::string number;
    std::string date;
    std::string text;
};

// One free-text question on the dashboard: its latest answers and how many there are.
struct PilotTextPreview {
    std::string key;
    std::uint64_t total = 0;
    std::vector<PilotTextAnswer> latest;
};

// What the dashboard lists besides the figures: the latest registrants (a registration form) and the latest
// answers of each free-text question, each with a link to the paged list.
struct PilotLists {
    bool registration_form = false;
    std::uint64_t registrants_total = 0;
    std::vector<PilotRegistrant> latest_registrants;
    std::vector<PilotTextPreview> texts;
};

// A page of a list: `link` is the list's path with its filters, to which "page=N" is appended
// ("/pilote/formulaires/x/inscrits?group=GP3&"; always ends with '?' or '&').
struct PilotPaging {
    std::uint64_t page = 1;
    std::uint64_t pages = 1;
    std::uint64_t total = 0;
    std::string link;
};

// `groups`: the names of the groups the token is narrowed to (empty = every response). `registrations`: the
// registration form's groups (empty for another form), with the form to free a place in one of them.
std::string renderPilotFormPage(const Views& views, const domain::Form& form, const exports::FormStatistics& statistics,
                                const std::vector<std::string>& groups, const std::string& csrf_token,
                                const std::vector<PilotGroupRow>& registrations = {}, const PilotFilters& filters = {},
                                const PilotDownloadSizes& sizes = {}, const PilotLists& lists = {});

// Every registrant of the pilot's groups (with the dashboard's filters), a page at a time.
std::string renderPilotRegistrantsPage(const Views& views, const domain::Form& form,
                                       const std::vector<PilotRegistrant>& registrants, const PilotPaging& paging,
                                       const PilotFilters& filters, const std::string& csrf_token);

// One free-text question's answers (with the dashboard's filters), a page at a time; `search`: the text
// searched for, "" for every answer.
std::string renderPilotTextsPage(const Views& views, const domain::Form& form, const domain::Question& question,
                                 const std::vector<PilotTextAnswer>& answers, const PilotPaging& paging,
                                 const PilotFilters& filters, const std::string& search, const std::string& csrf_token);

// "≈ 12 ko", "≈ 3,4 Mo" (no-break spaces, so a button never breaks a size): a file's size as the download
// buttons give it.
std::string approximateSize(std::uint64_t bytes);

// An invitation campaign's participation (reporting::Participation, as the page shows it).
struct PilotParticipationRow {
    std::string label;  // "01 Ain", "Maire"
    std::uint64_t invited = 0;
    std::uint64_t started = 0;  // started or answered
    std::uint64_t answered = 0;
    int percent = 0;  // answered / invited, rounded
};
struct PilotParticipation {
    PilotParticipationRow total;
    std::vector<PilotParticipationRow> departements;
    std::vector<PilotParticipationRow> mandates;
    std::string cannot_remind;  // why no reminder can go now (no relay, form closed); "" when they can
    std::uint64_t due = 0;  // how many a reminder would reach now
    int days = 7;  // the reminder rule: not reminded for `days` days, at most `max` reminders
    int max = 2;
};
std::string renderPilotParticipationPage(const Views& views, const domain::Form& form,
                                         const PilotParticipation& participation, const std::string& csrf_token);

// Freeing a place: the confirmation of what the pilot asked (the response number and the group), posted
// again with `confirmer=oui`.
std::string renderPilotReleaseConfirmPage(const Views& views, const domain::Form& form, const std::string& number,
                                          const std::string& group_code, const std::string& group_name,
                                          const std::string& csrf_token);

std::string renderPilotMessagePage(const Views& views, const std::string& title, const std::string& message);

}  // namespace tnt::pages
