#include "service/reporting/response_export.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "service/domain/group_catalogue.h"

namespace tnt::reporting {

std::string registrationsText(std::string_view stored, const std::vector<std::string>& groups, bool codes)
{
    std::string out;
    while (!stored.empty()) {
        const auto comma = stored.find(',');
        const auto item = stored.substr(0, comma);
        stored = comma == std::string_view::npos ? std::string_view() : stored.substr(comma + 1);
        const auto colon = item.find(':');
        if (colon == std::string_view::npos) continue;
        const auto group = item.substr(0, colon);
        const auto state = item.substr(colon + 1);
        if (!groups.empty() && std::find(groups.begin(), groups.end(), group) == groups.end()) continue;
        if (codes) {
            if (!out.empty()) out += ',';
            out.append(item);
        } else {
            if (!out.empty()) out += " ; ";
            const auto parsed = domain::parseRegistrationState(state);
            out.append(group).append(" : ").append(parsed ? domain::registrationStateLabel(*parsed) : state);
        }
    }
    return out;
}

ResponseRowWriter::ResponseRowWriter(const exports::ColumnPlan& plan, exports::RowSink& sink)
    : plan_(plan), sink_(sink), formatter_(plan)
{
}

void ResponseRowWriter::writeHeader()
{
    row_.clear();
    for (auto& name : plan_.headers()) row_.push_back({std::move(name), exports::ExportCell::Kind::text});
    sink_.writeRow(row_);
}

void ResponseRowWriter::write(std::string_view public_id, exports::SubmissionTime submitted_at,
                              const nlohmann::json& answers, std::string_view registrations,
                              std::optional<exports::SubmissionTime> updated_at)
{
    if (plan_.options.registrationStates) {
        states_ = registrationsText(registrations, plan_.options.registrationGroups,
                                    plan_.options.labels == exports::LabelMode::codes);
    }
    formatter_.format(public_id, submitted_at, answers, row_, states_, updated_at);
    sink_.writeRow(row_);
}

std::uint64_t writeResponses(storage::ExportRepository& repository, const storage::ResponseFilter& filter,
                             const exports::ColumnPlan& plan, exports::RowSink& writer,
                             const std::function<void(std::uint64_t)>& progress)
{
    ResponseRowWriter rows(plan, writer);
    rows.writeHeader();
    std::uint64_t written = 0;
    return repository.forEachResponse(
        filter, kExportChunkRows,
        [&](const storage::ExportedResponse& r) {
            auto answers = nlohmann::json::parse(r.answers, nullptr, /*allow_exceptions=*/false);
            // Not a ternary with an object: that would copy every row's answers.
            if (answers.is_discarded()) answers = nlohmann::json::object();
            rows.write(r.public_id, r.submitted_at, answers, r.registrations, r.updated_at);
            if (++written % kExportChunkRows == 0 && progress) progress(written);
        },
        plan.options.registrationStates);
}

}  // namespace tnt::reporting
