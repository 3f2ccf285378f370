// What a pilot asks of a form's data, resolved in one place for the API, the dashboard and the command line:
// which form (found among the forms loaded at start-up, its database id from their sync, no query), whether
// the token may read it, and the responses the request covers — the token's groups narrowed to the one asked
// for (the one choke point for "a GP3 pilot sees only GP3") and the dates asked for. Callers turn a refusal
// into their own words: a JSON error, a French page or a command's message.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "service/access/access_token.h"
#include "service/domain/form.h"
#include "service/domain/form_loader.h"
#include "service/reporting/group_scope.h"
#include "service/storage/form_repository.h"
#include "service/storage/response_filter.h"

namespace tnt::reporting {

// The filters as given (query parameters, dashboard fields or command-line flags), not yet checked.
struct ReportAsk {
    std::optional<std::string> from;  // "2021-12-08" (a Paris day) or "2021-12-08 14:00"; from that instant
    std::optional<std::string> to;  // the same; up to the end of that day, or that minute included
    std::optional<std::string> group;  // one group code, within the token's groups
};

struct ReportRequest {
    const domain::Form* form = nullptr;
    storage::ResponseFilter filter;
    GroupScope groups;  // the token's groups: what the export and statistics show of the groups question
    std::string scope;  // what the request covered, for the export log: "form:avis group:GP3 from:2026-01-01"
};

class ReportRefused : public std::runtime_error {
public:
    enum class Kind { unknown_form, forbidden, bad_filter };
    ReportRefused(Kind kind, const std::string& sentence, std::string field = "", std::string reason = "")
        : std::runtime_error(sentence), kind_(kind), field_(std::move(field)), reason_(std::move(reason))
    {
    }
    Kind kind() const { return kind_; }
    const std::string& field() const { return field_; }  // bad_filter: "from", "to"
    const std::string& reason() const { return reason_; }  // bad_filter: what is wrong with it, in French

private:
    Kind kind_;
    std::string field_;
    std::string reason_;
};

// The form `slug` as `token` may read it, with the filter `ask` within the token's scope. Throws
// ReportRefused: unknown_form, forbidden (a form or a group outside the token), bad_filter (a date that does
// not exist, or a period ending before it starts).
ReportRequest resolveReport(const access::AccessToken& token, std::string_view slug, const ReportAsk& ask,
                            const domain::FormSet& forms, const storage::FormIds& ids);

// The same for a form whose id the caller has (the command line asks the database): the token's scope and
// the filters only. `form` may be null (a CSV needs no definition).
ReportRequest resolveReport(const access::AccessToken& token, std::string_view slug, unsigned form_id,
                            const domain::Form* form, const ReportAsk& ask);

}  // namespace tnt::reporting
