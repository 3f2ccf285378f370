// The import of one file: each record converted, stored through the submission service (the API's
// validation, uniqueness and group capacity, at the record's own time) or written to the reject file with
// its reasons. Idempotent: a record's key hashes the form, its raw fields and its time, so importing the
// same file again finds every stored record and stores nothing twice.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "exports/csv_reader.h"
#include "exports/csv_writer.h"
#include "service/domain/form.h"
#include "service/importing/import_mapping.h"
#include "service/importing/row_conversion.h"
#include "service/submission/response_store.h"
#include "service/submission/submission_service.h"

namespace tnt::importing {

// The column added to the reject file, after the original ones.
inline constexpr std::string_view reject_reason_column = "motif du rejet";

struct ImportSummary {
    std::uint64_t read = 0;  // records with at least one non-empty field
    std::uint64_t imported = 0;
    std::uint64_t already_imported = 0;
    std::uint64_t rejected = 0;
};

// "import:" + sha256 of the form's slug, the record's time and its raw fields: the idempotency key.
std::string importKey(const std::string& slug, domain::TimePoint submitted_at, const std::vector<std::string>& fields);

class ResponseImporter {
public:
    // Each chunk is stored on a thread of its own; `thread_hooks` (the database driver's per-thread init and
    // end) run around it.
    using ThreadHooks = std::pair<std::function<void()>, std::function<void()>>;
    ResponseImporter(const domain::Form& form, const ImportMapping& mapping, std::vector<std::string> header,
                     submission::SubmissionService& service, std::string source, ThreadHooks thread_hooks = {});

    // Reads the records after the header. Rejected records go to `rejects` (the header and the reason
    // column first, written with the first reject only), in the file's order. `progress` gets the number
    // of records read, after each chunk is stored. A chunk is stored while the next is read and validated.
    // Anything but a refusal (the database gone) propagates: what was stored stays, a new run resumes.
    ImportSummary run(exports::CsvReader& reader, exports::CsvWriter& rejects,
                      const std::function<void(std::uint64_t)>& progress = {});
    // The same from any source of records (an ImportFile: a Webform export's records in its one header).
    ImportSummary run(const std::function<bool(exports::CsvRecord&)>& next, exports::CsvWriter& rejects,
                      const std::function<void(std::uint64_t)>& progress = {});

    // The reason written for one record, every problem in one sentence each, joined by " ; ".
    static std::string joinProblems(const std::vector<std::string>& problems);

private:
    static constexpr std::size_t kChunk = 256;  // records per store call (one transaction when none conflicts)

    std::vector<std::string> refusalProblems(const submission::SubmissionRefused& refusal) const;
    void reject(exports::CsvWriter& rejects, const exports::CsvRecord& record,
                const std::vector<std::string>& problems);

    const domain::Form& form_;
    std::vector<std::string> header_;
    RowConverter converter_;
    submission::SubmissionService& service_;
    std::string source_;
    ThreadHooks thread_hooks_;
};

// What --dry-run stores into: nothing, but it remembers this run's keys and uniqueness claims so that two
// records of the file claiming the same thing are reported as the real import would. It does not see the
// database: records already imported and group capacities are not checked.
class DryRunStore final : public submission::ResponseStore {
public:
    submission::StoredResponse store(const submission::NewResponse& response) override;
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override;

private:
    std::set<std::string> keys_;
    std::set<std::string> claims_;
};

}  // namespace tnt::importing
