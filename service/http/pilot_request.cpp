#include "service/http/pilot_request.h"

#include "service/http/api_error.h"
#include "service/http/pilot_auth.h"

namespace tnt::http {
namespace {

// "2021-12-08" (a Paris day) or "2021-12-08 14:00": `from` starts at that instant, `to` includes it.
domain::TimePoint parseBound(const std::string& name, const std::string& text, bool end)
{
    const auto parsed =
        domain::parseParisLocalTime(text, end ? domain::DayBoundary::end_of_day : domain::DayBoundary::start_of_day);
    if (!parsed.value) {
        throw ApiError(
            422, "validation_failed", "Le filtre « " + name + " » n'est pas une date valide.",
            {{"fields", {{name, parsed.error.empty() ? "Date attendue au format AAAA-MM-JJ." : parsed.error}}}});
    }
    return end ? domain::TimePoint(*parsed.value + std::chrono::seconds(1)) : domain::TimePoint(*parsed.value);
}

}  // namespace

PilotRequest resolvePilotRequest(const HttpRequest& request, const domain::FormSet& forms, PilotAuthenticator& auth,
                                 const storage::FormIds& ids)
{
    PilotRequest out;
    out.token = auth.authenticate(request);
    const auto slug = request.param("slug");
    out.form = forms.find(slug);
    if (out.form == nullptr) throw ApiError(404, "not_found", "Aucun formulaire ne porte cet identifiant.");
    if (!out.token.canReadForm(slug)) {
        throw ApiError(403, "forbidden", "Ce jeton ne donne pas accès au formulaire « " + slug + " ».");
    }
    try {
        out.filter.groups = access::visibleGroups(out.token, request.queryValue("group"));
    } catch (const access::AccessDenied& e) {
        throw ApiError(403, "forbidden", e.what());
    }
    // The token's groups, not the ?group= asked for: a pilot of GP3 and GP5 looking at GP3 may still see
    // that a registrant also joined GP5, a pilot of GP3 alone may not.
    out.groups = reporting::GroupScope{out.token.groups};
    const auto id = ids.find(slug);
    if (id == ids.end()) throw ApiError(404, "not_found", "Aucun formulaire ne porte cet identifiant.");
    out.filter.form_id = id->second;
    if (auto from = request.queryValue("from"); from && !from->empty())
        out.filter.from = parseBound("from", *from, false);
    if (auto to = request.queryValue("to"); to && !to->empty()) out.filter.to = parseBound("to", *to, true);
    if (out.filter.from && out.filter.to && *out.filter.from >= *out.filter.to) {
        throw ApiError(422, "validation_failed", "Le filtre « to » précède le filtre « from ».",
                       {{"fields", {{"to", "La fin de la période précède son début."}}}});
    }
    out.scope = "form:" + slug;
    for (const auto& g : out.filter.groups) out.scope += " group:" + g;
    if (out.filter.from) out.scope += " from:" + *request.queryValue("from");
    if (out.filter.to) out.scope += " to:" + *request.queryValue("to");
    return out;
}

}  // namespace tnt::http
