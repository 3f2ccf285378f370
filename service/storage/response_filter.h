// Which responses of a form a pilot's export or statistics cover: a time range and, for a registration
// form, the groups the responses must be registered to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/paris_time.h"

namespace tnt::storage {

struct ResponseFilter {
    unsigned form_id = 0;
    std::optional<domain::TimePoint> from;  // submitted_at >= from
    std::optional<domain::TimePoint> to;  // submitted_at < to
    std::vector<std::string> groups;  // non-empty: only responses registered to one of them
};

// `responses r` read in id order within one form (schema/0014_responses_form_order.sql), for the chunked reads
// of exports and statistics scans: each chunk ("… AND r.id > ? ORDER BY r.id LIMIT n") is a range of the
// (form_id, id) index from where the last one stopped, whatever the filter adds.
inline constexpr std::string_view kResponsesInIdOrder = "responses r FORCE INDEX (ix_responses_form_order)";

// The WHERE clause over `responses r` for the filter, with '?' placeholders bound by bindFilter in the
// same order. Values are always bound, never spliced into the SQL.
std::string filterSql(const ResponseFilter& filter);

}  // namespace tnt::storage

namespace sql {
class PreparedStatement;
}

namespace tnt::storage {
// Binds the filter's values from `index`; returns the next free index.
int bindFilter(sql::PreparedStatement& st, const ResponseFilter& filter, int index);
}  // namespace tnt::storage
