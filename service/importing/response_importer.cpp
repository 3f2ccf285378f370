#include "service/importing/response_importer.h"

#include <algorithm>
#include <future>

#include "service/crypto/digest.h"

namespace tnt::importing {

std::string importKey(const std::string& slug, domain::TimePoint submitted_at, const std::vector<std::string>& fields)
{
    // A unit separator between parts, so that moving text from one field to the next changes the key.
    std::string text = slug;
    text += '\x1f';
    text += domain::formatIsoUtc(submitted_at);
    for (const auto& field : fields) {
        text += '\x1f';
        text += field;
    }
    return "import:" + crypto::sha256Hex(text);
}

ResponseImporter::ResponseImporter(const domain::Form& form, const ImportMapping& mapping,
                                   std::vector<std::string> header, submission::SubmissionService& service,
                                   std::string source, ThreadHooks thread_hooks)
    : form_(form),
      header_(std::move(header)),
      converter_(form, mapping, header_),
      service_(service),
      source_(std::move(source)),
      thread_hooks_(std::move(thread_hooks))
{
}

std::string ResponseImporter::joinProblems(const std::vector<std::string>& problems)
{
    std::string out;
    for (const auto& problem : problems) {
        if (!out.empty()) out += " ; ";
        out += problem;
    }
    return out;
}

std::vector<std::string> ResponseImporter::refusalProblems(const submission::SubmissionRefused& refusal) const
{
    std::vector<std::string> problems;
    for (const auto& [field, message] : refusal.fields) problems.push_back(converter_.describe(field, message));
    if (problems.empty()) problems.push_back(refusal.message());
    return problems;
}

void ResponseImporter::reject(exports::CsvWriter& rejects, const exports::CsvRecord& record,
                              const std::vector<std::string>& problems)
{
    if (rejects.rowsWritten() == 0) {
        auto header = header_;
        header.emplace_back(reject_reason_column);
        rejects.writeRow(std::span<const std::string>(header));
    }
    for (const auto& field : record.fields) rejects.writeText(field);
    // A short record keeps its reason in the reason column.
    for (std::size_t i = record.fields.size(); i < header_.size(); ++i) rejects.writeText("");
    rejects.writeText("ligne " + std::to_string(record.line) + " : " + joinProblems(problems));
    rejects.endRow();
}

ImportSummary ResponseImporter::run(exports::CsvReader& reader, exports::CsvWriter& rejects,
                                    const std::function<void(std::uint64_t)>& progress)
{
    return run([&reader](exports::CsvRecord& record) { return reader.next(record); }, rejects, progress);
}

ImportSummary ResponseImporter::run(const std::function<bool(exports::CsvRecord&)>& next, exports::CsvWriter& rejects,
                                    const std::function<void(std::uint64_t)>& progress)
{
    ImportSummary summary;
    // Records go to the store in chunks, one transaction each when nothing conflicts. A chunk is stored on a
    // thread of its own while the next one is read, converted and validated here; its outcomes are then
    // written in the file's order, one chunk at a time, and only one chunk is ever being stored.
    struct Pending {
        exports::CsvRecord record;
        std::vector<std::string> problems;  // conversion problems: rejected before the store
        std::optional<std::size_t> answer;  // index in `answers` otherwise
    };
    struct Chunk {
        std::vector<Pending> pending;
        std::vector<submission::SubmissionService::ImportedAnswer> answers;
        std::uint64_t read = 0;  // records read when the chunk was full
    };
    Chunk reading;
    Chunk storing;  // the records of the chunk being stored, for its outcomes
    // std::async's future waits for its chunk when destroyed (an exception unwinding): nothing is left running.
    std::future<std::vector<submission::StoreOutcome>> stored;
    const auto settle = [&] {
        if (!stored.valid()) return;
        const auto outcomes = stored.get();  // anything but a refusal (the database gone) propagates
        for (const auto& p : storing.pending) {
            if (!p.answer) {
                reject(rejects, p.record, p.problems);
                ++summary.rejected;
                continue;
            }
            const auto& outcome = outcomes[*p.answer];
            if (outcome.stored) {
                ++(outcome.stored->replayed ? summary.already_imported : summary.imported);
                continue;
            }
            try {
                std::rethrow_exception(outcome.error);
            } catch (const submission::SubmissionRefused& refusal) {
                reject(rejects, p.record, refusalProblems(refusal));
                ++summary.rejected;
            }
        }
        if (progress) progress(storing.read);
    };
    const auto flush = [&] {
        // Validated here while the previous chunk is still being stored.
        auto prepared = service_.prepareImport(form_, reading.answers, source_);
        settle();
        storing = std::move(reading);
        reading = Chunk{};
        reading.pending.reserve(kChunk);
        reading.answers.reserve(kChunk);
        stored = std::async(std::launch::async, [this, prepared = std::move(prepared)]() mutable {
            if (thread_hooks_.first) thread_hooks_.first();
            struct End {
                const std::function<void()>& end;
                ~End()
                {
                    if (end) end();
                }
            } end{thread_hooks_.second};
            return service_.storeImport(std::move(prepared));
        });
    };
    reading.pending.reserve(kChunk);
    reading.answers.reserve(kChunk);
    exports::CsvRecord record;
    while (next(record)) {
        const bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) {
            return f.find_first_not_of(" \t\r\n") == std::string::npos;
        });
        if (blank) continue;  // the empty lines spreadsheets leave at the end
        ++summary.read;
        auto row = converter_.convert(record.fields);
        Pending p{{}, {}, std::nullopt};
        if (!row.ok()) {
            converter_.addValidationProblems(row);
            p.problems = std::move(row.problems);
        } else {
            p.answer = reading.answers.size();
            reading.answers.push_back(
                {std::move(row.answers), *row.submitted_at, importKey(form_.slug, *row.submitted_at, record.fields)});
        }
        p.record = std::move(record);  // the reader fills it anew
        reading.pending.push_back(std::move(p));
        if (reading.pending.size() == kChunk) {
            reading.read = summary.read;
            flush();
        }
    }
    if (!reading.pending.empty()) {
        reading.read = summary.read;
        flush();
    }
    settle();
    return summary;
}

submission::StoredResponse DryRunStore::store(const submission::NewResponse& response)
{
    if (response.idempotency_key && keys_.contains(*response.idempotency_key)) {
        return {"", response.submitted_at, true, {}, {}, {}};  // the same record twice in the file
    }
    for (const auto& claim : response.claims) {
        if (claims_.contains(claim)) throw submission::SubmissionRefused::alreadyRegistered();
    }
    claims_.insert(response.claims.begin(), response.claims.end());
    if (response.idempotency_key) keys_.insert(*response.idempotency_key);
    return {response.public_id, response.submitted_at, false, {}, {}, {}};
}

std::optional<submission::StoredResponse> DryRunStore::findByIdempotencyKey(const std::string&, const std::string& key)
{
    if (!keys_.contains(key)) return std::nullopt;
    return submission::StoredResponse{"", {}, true, {}, {}, {}};
}

}  // namespace tnt::importing
