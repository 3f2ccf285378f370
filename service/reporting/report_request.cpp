#include "service/reporting/report_request.h"

#include "service/domain/paris_time.h"

namespace tnt::reporting {
namespace {

// `from` starts at the instant given (a day alone: its midnight); `to` includes the day or minute given.
domain::TimePoint parseBound(const std::string& name, const std::string& text, bool end)
{
    const auto parsed =
        domain::parseParisLocalTime(text, end ? domain::DayBoundary::end_of_day : domain::DayBoundary::start_of_day);
    if (!parsed.value) {
        throw ReportRefused(ReportRefused::Kind::bad_filter, "Le filtre « " + name + " » n'est pas une date valide.",
                            name, parsed.error.empty() ? "Date attendue au format AAAA-MM-JJ." : parsed.error);
    }
    return end ? domain::TimePoint(*parsed.value + std::chrono::seconds(1)) : domain::TimePoint(*parsed.value);
}

bool given(const std::optional<std::string>& value)
{
    return value && !value->empty();
}

}  // namespace

ReportRequest resolveReport(const access::AccessToken& token, std::string_view slug, unsigned form_id,
                            const domain::Form* form, const ReportAsk& ask)
{
    const std::string name(slug);
    if (!token.canReadForm(name)) {
        throw ReportRefused(ReportRefused::Kind::forbidden,
                            "Ce jeton ne donne pas accès au formulaire « " + name + " ».");
    }
    ReportRequest out;
    out.form = form;
    out.filter.form_id = form_id;
    try {
        out.filter.groups = access::visibleGroups(token, given(ask.group) ? ask.group : std::nullopt);
    } catch (const access::AccessDenied& e) {
        throw ReportRefused(ReportRefused::Kind::forbidden, e.what());
    }
    // The token's groups, not the group asked for: a pilot of GP3 and GP5 looking at GP3 may still see that a
    // registrant also joined GP5, a pilot of GP3 alone may not.
    out.groups = GroupScope{token.groups};
    if (given(ask.from)) out.filter.from = parseBound("from", *ask.from, false);
    if (given(ask.to)) out.filter.to = parseBound("to", *ask.to, true);
    if (out.filter.from && out.filter.to && *out.filter.from >= *out.filter.to) {
        throw ReportRefused(ReportRefused::Kind::bad_filter, "Le filtre « to » précède le filtre « from ».", "to",
                            "La fin de la période précède son début.");
    }
    out.scope = "form:" + name;
    for (const auto& g : out.filter.groups) out.scope += " group:" + g;
    if (out.filter.from) out.scope += " from:" + *ask.from;
    if (out.filter.to) out.scope += " to:" + *ask.to;
    return out;
}

ReportRequest resolveReport(const access::AccessToken& token, std::string_view slug, const ReportAsk& ask,
                            const domain::FormSet& forms, const storage::FormIds& ids)
{
    const auto* form = forms.find(slug);
    const auto id = ids.find(slug);
    if (form == nullptr || id == ids.end()) {
        throw ReportRefused(ReportRefused::Kind::unknown_form, "Aucun formulaire ne porte cet identifiant.");
    }
    return resolveReport(token, slug, id->second, form, ask);
}

}  // namespace tnt::reporting
