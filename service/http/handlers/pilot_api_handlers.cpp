#include "service/http/handlers/pilot_api_handlers.h"

#include "service/reporting/registration_counts.h"

#include <date/date.h>

#include "exports/csv_dialect.h"
#include "exports/stats_csv.h"
#include "service/http/api_error.h"
#include "service/http/pilot_auth.h"
#include "service/http/pilot_request.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/download.h"

namespace tnt::http {
namespace {

ApiError badOption(const reporting::BadExportOption& e)
{
    return ApiError(422, "validation_failed", "Option « " + e.option + " » invalide : " + e.accepted + ".",
                    {{"fields", {{e.option, e.accepted}}}});
}

exports::ExportOptions exportOptions(const HttpRequest& request)
{
    try {
        return reporting::parseExportOptions(
            [&request](std::string_view name) { return request.queryValue(std::string(name)); });
    } catch (const reporting::BadExportOption& e) {
        throw badOption(e);
    }
}

// The file name says what the file is for: "avis-reponses-excel-2027-01-15.csv",
// "avis-statistiques-libreoffice-2027-01-15.csv", "avis-reponses-2027-01-15.ods" — two downloads never share
// a name. (A workbook has one kind only: its numbers are numbers in every locale.)
std::string attachment(const std::string& slug, const std::string& what, const exports::CsvDialect& dialect,
                       reporting::DownloadFormat format, domain::TimePoint now)
{
    const auto day = date::format("%F", date::floor<date::days>(now));
    std::string use;
    if (format == reporting::DownloadFormat::csv) {
        use = dialect.name == exports::CsvDialect::Name::excel ? "excel-" : "libreoffice-";
    }
    return "attachment; filename=\"" + slug + "-" + what + "-" + use + day + "." +
           std::string(reporting::extension(format)) + "\"";
}

// A download of the responses in `format`, streamed: the file goes to the client's spool as it is made, in every
// format (service/reporting/download.h), asking between chunks whether the client is there.
HttpResponse downloadResponses(const PilotApiDependencies& deps, const HttpRequest& request,
                               reporting::DownloadFormat format)
{
    auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
    auto download = std::make_shared<reporting::Download>(reporting::Download{.format = format,
                                                                              .slug = pilot.form->slug,
                                                                              .form = pilot.form,
                                                                              .filter = pilot.filter,
                                                                              .scope = pilot.groups,
                                                                              .options = exportOptions(request),
                                                                              .reader = pilot.token.name,
                                                                              .covered = pilot.scope});
    try {
        reporting::checkSize(*download, deps.exports);
    } catch (const reporting::TooManyRows& e) {
        throw ApiError(422, "validation_failed",
                       "Trop de réponses pour un tableur (" + std::to_string(e.responses) +
                           ") : téléchargez le CSV, ou filtrez par dates.",
                       {{"fields", {{"format", "csv au-delà de 1 048 575 réponses"}}}});
    }
    HttpResponse response;
    response.status = 200;
    response.header("Content-Type", std::string(reporting::mediaType(format)));
    response.header("Content-Disposition",
                    attachment(pilot.form->slug, "reponses", download->options.dialect, format, deps.clock.now()));
    response.header("Cache-Control", "no-store");
    response.stream = [deps, download](const ChunkWriter& write) {
        reporting::DownloadSources sources{deps.exports, deps.statistics};
        reporting::writeDownload(*download, sources, write, [&write](std::uint64_t) { write({}); });
    };
    return response;
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
    for (const auto format :
         {reporting::DownloadFormat::csv, reporting::DownloadFormat::xlsx, reporting::DownloadFormat::ods}) {
        router.add("GET", "/api/v1/forms/{slug}/responses." + std::string(reporting::extension(format)),
                   loginPageForBrowsers([deps, format](const HttpRequest& request) {
                       return downloadResponses(deps, request, format);
                   }));
    }
    // The same downloads with the format as a parameter (?format=xlsx), where an unknown one is named.
    router.add("GET", "/api/v1/forms/{slug}/responses", loginPageForBrowsers([deps](const HttpRequest& request) {
                   const auto asked = request.queryValue("format").value_or("csv");
                   const auto format = reporting::parseDownloadFormat(asked);
                   if (!format) {
                       throw ApiError(400, "unknown_format",
                                      "Format inconnu : choisissez " + std::string(reporting::kDownloadFormats) + ".",
                                      {{"formats", {"csv", "xlsx", "ods"}}});
                   }
                   return downloadResponses(deps, request, *format);
               }));

    router.add(
        "GET", "/api/v1/forms/{slug}/stats", loginPageForBrowsers([deps](const HttpRequest& request) {
            auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
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
                   auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
                   const auto options = exportOptions(request);
                   const auto stats =
                       reporting::buildStatistics(*pilot.form, deps.statistics.aggregate(pilot.filter), pilot.groups);
                   std::string body;
                   exports::CsvWriter writer(options.dialect, [&body](std::string_view chunk) { body.append(chunk); });
                   exports::statsToCsv(stats, writer);
                   writer.flush();
                   deps.exports.record({pilot.token.name, pilot.form->slug, pilot.scope, "stats.csv", stats.responses});
                   auto response = HttpResponse::text(200, std::move(body), "text/csv; charset=utf-8; header=present");
                   response.header("Content-Disposition", attachment(pilot.form->slug, "statistiques", options.dialect,
                                                                     reporting::DownloadFormat::csv, deps.clock.now()));
                   response.header("Cache-Control", "no-store");
                   return response;
               }));
}

}  // namespace tnt::http
