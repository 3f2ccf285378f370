#include "service/http/handlers/pilot_api_handlers.h"

#include "service/reporting/registration_counts.h"

#include <date/date.h>

#include "exports/csv_dialect.h"
#include "exports/stats_csv.h"
#include "service/http/api_error.h"
#include "service/http/pilot_auth.h"
#include "service/http/pilot_request.h"
#include "service/reporting/export_plan.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/response_export.h"

namespace tnt::http {
namespace {

ApiError badOption(const std::string& name, const std::string& expected)
{
    return ApiError(422, "validation_failed", "Option « " + name + " » invalide : " + expected + ".",
                    {{"fields", {{name, expected}}}});
}

exports::ExportOptions exportOptions(const HttpRequest& request)
{
    exports::ExportOptions options;
    try {
        options.dialect = exports::parseCsvDialect(request.queryValue("dialect").value_or("excel"));
    } catch (const std::invalid_argument&) {
        throw badOption("dialect", "excel ou rfc4180");
    }
    const auto labels = request.queryValue("labels").value_or("text");
    if (labels == "text") {
        options.labels = exports::LabelMode::text;
    } else if (labels == "codes") {
        options.labels = exports::LabelMode::codes;
    } else {
        throw badOption("labels", "text ou codes");
    }
    const auto multiple = request.queryValue("multiple").value_or("columns");
    if (multiple == "columns") {
        options.multiple = exports::MultipleChoiceLayout::column_per_option;
    } else if (multiple == "joined") {
        options.multiple = exports::MultipleChoiceLayout::joined;
    } else {
        throw badOption("multiple", "columns ou joined");
    }
    return options;
}

// The file name says what the file is for: "avis-reponses-excel-2027-01-15.csv",
// "avis-statistiques-libreoffice-2027-01-15.csv" — two downloads never share a name.
std::string attachment(const std::string& slug, const std::string& what, const exports::CsvDialect& dialect,
                       domain::TimePoint now)
{
    const auto day = date::format("%F", date::floor<date::days>(now));
    const std::string use = dialect.name == exports::CsvDialect::Name::excel ? "excel" : "libreoffice";
    return "attachment; filename=\"" + slug + "-" + what + "-" + use + "-" + day + ".csv\"";
}

// The dashboard's download links followed after the session ended lead back to its login page; an API
// client keeps the JSON 401.
Handler loginPageForBrowsers(Handler handler)
{
    return [handler = std::move(handler)](const HttpRequest& request) {
        try {
            return handler(request);
        } catch (const ApiError& e) {
            if (e.status() != 401 || !fromDashboardBrowser(request)) throw;
            auto response = HttpResponse::redirect(kPilotSessionEndedPath);
            response.header("Cache-Control", "no-store");
            return response;
        }
    };
}

}  // namespace

void addPilotApiRoutes(Router& router, PilotApiDependencies deps)
{
    router.add(
        "GET", "/api/v1/forms/{slug}/responses.csv", loginPageForBrowsers([deps](const HttpRequest& request) {
            auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.exports);
            const auto options = exportOptions(request);
            auto plan = std::make_shared<exports::ColumnPlan>(
                reporting::planResponseColumns(deps.exports.definitions(pilot.filter.form_id), options, pilot.groups));
            HttpResponse response;
            response.status = 200;
            response.header("Content-Type", "text/csv; charset=utf-8; header=present");
            response.header("Content-Disposition",
                            attachment(pilot.form->slug, "reponses", options.dialect, deps.clock.now()));
            response.header("Cache-Control", "no-store");
            auto& exports = deps.exports;
            response.stream = [&exports, plan, pilot](const ChunkWriter& write) {
                exports::CsvWriter writer(plan->options.dialect, [&write](std::string_view chunk) { write(chunk); });
                const auto rows = reporting::writeResponses(exports, pilot.filter, *plan, writer);
                writer.flush();
                exports.record({pilot.token.name, pilot.form->slug, pilot.scope, "responses.csv", rows});
            };
            return response;
        }));

    router.add(
        "GET", "/api/v1/forms/{slug}/stats", loginPageForBrowsers([deps](const HttpRequest& request) {
            auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.exports);
            const auto stats =
                reporting::buildStatistics(*pilot.form, deps.statistics.aggregate(pilot.filter), pilot.groups);
            deps.exports.record({pilot.token.name, pilot.form->slug, pilot.scope, "stats", stats.responses});
            auto body = exports::toJson(stats);
            body["form"] = pilot.form->slug;
            body["title"] = pilot.form->title;
            if (!pilot.filter.groups.empty()) body["groups"] = pilot.filter.groups;
            // A registration form: each group's sign-ups by state (the pilot's groups only).
            if (pilot.form->groupsQuestion() != nullptr) {
                auto registrations = nlohmann::json::array();
                for (const auto& g : reporting::registrationCounts(*pilot.form, deps.forms, pilot.groups,
                                                                   deps.registrations.stateCounts(pilot.form->slug))) {
                    registrations.push_back(g.toJson());
                }
                body["registrations"] = std::move(registrations);
            }
            auto response = HttpResponse::json(200, body.dump());
            response.header("Cache-Control", "no-store");
            return response;
        }));

    router.add("GET", "/api/v1/forms/{slug}/stats.csv", loginPageForBrowsers([deps](const HttpRequest& request) {
                   auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.exports);
                   const auto options = exportOptions(request);
                   const auto stats =
                       reporting::buildStatistics(*pilot.form, deps.statistics.aggregate(pilot.filter), pilot.groups);
                   std::string body;
                   exports::CsvWriter writer(options.dialect, [&body](std::string_view chunk) { body.append(chunk); });
                   exports::statsToCsv(stats, writer);
                   writer.flush();
                   deps.exports.record({pilot.token.name, pilot.form->slug, pilot.scope, "stats.csv", stats.responses});
                   auto response = HttpResponse::text(200, std::move(body), "text/csv; charset=utf-8; header=present");
                   response.header("Content-Disposition",
                                   attachment(pilot.form->slug, "statistiques", options.dialect, deps.clock.now()));
                   response.header("Cache-Control", "no-store");
                   return response;
               }));
}

}  // namespace tnt::http
