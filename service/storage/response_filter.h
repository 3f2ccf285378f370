// Which responses of a form a pilot's export or statistics cover: a time range and, for a registration
// form, the groups the responses must be registered to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/domain/paris_time.h"

namespace tnt::storage {

struct ResponseFilter {
    unsigned form_id = 0;
    std::optional<domain::TimePoint> from;  // submitted_at >= from
    std::optional<domain::TimePoint> to;  // submitted_at < to
    std::vector<std::string> groups;  // non-empty: only responses registered to one of them
};

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
