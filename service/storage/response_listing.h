// What the pilots' dashboard lists on screen, a page at a time: a form's responses (the registrants of a
// registration form) and one free-text question's answers, optionally searched. The rows are those of the
// pilot's ResponseFilter — the one scope rule, so a group pilot never lists another group's registrants —
// newest first, paged with LIMIT/OFFSET (pages of a few dozen rows that pilots turn by hand; the exports'
// keyset reads are for whole forms).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/storage/response_filter.h"

namespace tnt::storage {

struct ListedResponse {
    std::string public_id;
    std::chrono::sys_time<std::chrono::microseconds> submitted_at;
    std::string answers;  // JSON text as stored
    std::string registrations;  // "GP1:registered,GP3:waitlisted" (code order); "" when none
};

struct ListedText {
    std::string public_id;
    std::chrono::sys_time<std::chrono::microseconds> submitted_at;
    std::string text;
};

// One free-text question's answers to list: `search` empty lists every non-empty answer; otherwise those
// containing it, whatever the case and the accents ("eleve" finds « Élève »). Both bound, never spliced.
struct TextQuery {
    std::string question_key;
    std::string search;
};

class ResponseListing {
public:
    explicit ResponseListing(ConnectionPool& pool) : pool_(pool) {}

    std::vector<ListedResponse> responses(const ResponseFilter& filter, std::uint64_t offset, std::size_t limit);

    std::uint64_t countTexts(const ResponseFilter& filter, const TextQuery& query);
    std::vector<ListedText> texts(const ResponseFilter& filter, const TextQuery& query, std::uint64_t offset,
                                  std::size_t limit);

private:
    ConnectionPool& pool_;
};

// `text` as a LIKE pattern that matches it anywhere, its own % _ and ! taken literally (ESCAPE '!').
std::string containsPattern(const std::string& text);

}  // namespace tnt::storage
