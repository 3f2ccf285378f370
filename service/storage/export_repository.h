// Reads what an export needs: the definitions of every version of a form (for the columns) and its
// responses in id order, fetched by keyset pagination in chunks so memory stays flat and no query
// holds a snapshot for the whole export; and the export log.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/storage/response_filter.h"

namespace tnt::storage {

struct ExportedResponse {
    std::string public_id;
    std::chrono::sys_time<std::chrono::microseconds> submitted_at;
    std::string answers;  // JSON text as stored
    // With registrations asked for: "GP1:registered,GP3:waitlisted" (code order); "" when none.
    std::string registrations;
    // When its respondent last changed the answers, if ever.
    std::optional<std::chrono::sys_time<std::chrono::microseconds>> updated_at;
};

struct ExportRecord {
    std::string token_name;
    std::string form_slug;
    std::string scope;
    std::string kind;  // "responses.csv", "stats", "stats.csv", "cli"
    std::uint64_t rows = 0;
};

class ExportRepository {
public:
    explicit ExportRepository(ConnectionPool& pool) : pool_(pool) {}

    std::optional<unsigned> formId(const std::string& slug);
    // Definitions (JSON text) of every version of the form, oldest first.
    std::vector<std::string> definitions(unsigned form_id);
    std::uint64_t count(const ResponseFilter& filter);

    // Calls `each` for every response matching the filter, in id order; returns how many. `each` may throw
    // to stop (the client went away). No connection is held while `each` runs: the next chunk is read
    // meanwhile, on a thread of its own.
    std::uint64_t forEachResponse(const ResponseFilter& filter, std::size_t chunk_rows,
                                  const std::function<void(const ExportedResponse&)>& each,
                                  bool with_registrations = false);
    // The first `rows` responses matching the filter, in id order (a sample).
    std::vector<ExportedResponse> firstResponses(const ResponseFilter& filter, std::size_t rows,
                                                 bool with_registrations = false);

    void record(const ExportRecord& record);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
