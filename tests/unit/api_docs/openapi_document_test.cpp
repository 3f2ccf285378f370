// docs/openapi.json describes exactly the service: every route the service registers (its very router, built
// by addServiceRoutes with components that never connect) and every error code its sources pass to ApiError,
// no more, no less.
#include <gtest/gtest.h>
#include <mysql_driver.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "service/app/config.h"
#include "service/app/service_routes.h"
#include "service/messages/registration_mail.h"
#include "service/storage/draft_repository.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace tnt;

const fs::path kSource = TNT_FORMS_SOURCE_DIR;

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json document()
{
    return json::parse(readFile(kSource / "docs" / "openapi.json"));
}

class NoClock final : public submission::Clock {
public:
    domain::TimePoint now() const override { return domain::TimePoint{}; }
};

// Registering the routes stores no response: a store that is never called.
class NoStore final : public submission::ResponseStore {
public:
    submission::StoredResponse store(const submission::NewResponse&) override { throw std::logic_error("not here"); }
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string&, const std::string&) override
    {
        throw std::logic_error("not here");
    }
};

// "GET /api/v1/forms/{slug}" for every route of the service, built as `serve` builds it.
std::set<std::string> serviceRoutes()
{
    const auto forms = domain::loadFormsDirectory(kSource / "forms");
    EXPECT_TRUE(forms.ok());
    const auto* catalogue = forms.catalogue ? &*forms.catalogue : nullptr;
    // The pool connects on its first lease only, and registering a route takes none.
    storage::ConnectionPool pool(*sql::mysql::get_mysql_driver_instance(), storage::DatabaseSettings{},
                                 storage::ConnectionPool::Options{});
    NoClock clock;
    NoStore store;
    submission::ReceiptSecrets secrets("receipt key");
    submission::SubmissionService submissions(store, clock, catalogue, &secrets);
    http::RateLimiter rate_limiter(0);
    storage::TokenRepository tokens(pool);
    http::PilotAuthenticator pilot_auth(tokens, clock, http::PilotAuthOptions{});
    storage::ExportRepository exports(pool);
    storage::StatisticsRepository statistics(pool);
    storage::ResponseListing listing(pool);
    http::CsrfSigner csrf("csrf key");
    http::StaticFiles static_files(kSource / "node_modules/@gouvfr/dsfr/dist");
    storage::ReceiptRepository receipts(pool);
    submission::SignedSecrets offer_secrets("offer key", "offer");
    submission::SignedSecrets draft_secrets("draft key", "draft");
    storage::DraftRepository draft_store(pool);
    submission::Drafts drafts(draft_store, clock, draft_secrets, nullptr);
    messages::RegistrationMail letters(forms, offer_secrets, nullptr);
    storage::RegistrationRepository registrations(pool, letters);
    storage::ResponseDeletion deletion(pool);
    const auto views = pages::Views::load(pages::Site{}, (kSource / "forms/pages").string());
    storage::HealthProbe probe(pool);
    http::Metrics metrics;
    const std::string description = "{}";
    const storage::FormIds form_ids;
    storage::InvitationRepository invitations(pool);
    const submission::InvitationLinks invitation_links("invitation key");

    http::Router router;
    app::addServiceRoutes(router, {.forms = forms,
                                   .submissions = submissions,
                                   .clock = clock,
                                   .rate_limiter = rate_limiter,
                                   .pilot_auth = pilot_auth,
                                   .exports = exports,
                                   .statistics = statistics,
                                   .listing = listing,
                                   .csrf = csrf,
                                   .static_files = static_files,
                                   .receipts = receipts,
                                   .registrations = registrations,
                                   .offer_secrets = offer_secrets,
                                   .deletion = deletion,
                                   .views = views,
                                   .probe = probe,
                                   .metrics = metrics,
                                   .api_description = description,
                                   .form_ids = form_ids,
                                   .drafts = &drafts,
                                   .public_url = "https://formulaires.exemple.fr",
                                   .invitations = &invitations,
                                   .invitation_links = &invitation_links,
                                   .remind = [](const domain::Form&, bool) { return std::size_t{0}; },
                                   .reminder_rule = {}});
    std::set<std::string> out;
    for (const auto* route : router.routes()) out.insert(route->method + " " + route->pattern);
    return out;
}

std::set<std::string> documentedRoutes(const json& doc)
{
    static const std::set<std::string> methods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};
    std::set<std::string> out;
    for (const auto& [path, item] : doc.at("paths").items()) {
        for (const auto& [method, operation] : item.items()) {
            if (!methods.count(method)) continue;
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out.insert(upper + " " + path);
        }
    }
    return out;
}

std::string listOf(const std::set<std::string>& items)
{
    std::string out;
    for (const auto& item : items) out += "\n  " + item;
    return out;
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b)
{
    std::set<std::string> out;
    for (const auto& x : a) {
        if (!b.count(x)) out.insert(x);
    }
    return out;
}

// Follows "#/components/…/name"; null when it leads nowhere.
const json* resolve(const json& doc, const json& node)
{
    if (!node.is_object() || !node.contains("$ref")) return &node;
    const auto pointer = node.at("$ref").get<std::string>();
    if (pointer.rfind("#/", 0) != 0) return nullptr;
    const json::json_pointer at(pointer.substr(1));
    return doc.contains(at) ? &doc.at(at) : nullptr;
}

void collectRefs(const json& node, std::vector<std::string>& out)
{
    if (node.is_object()) {
        if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) out.push_back(ref->get<std::string>());
        for (const auto& [key, value] : node.items()) collectRefs(value, out);
    } else if (node.is_array()) {
        for (const auto& value : node) collectRefs(value, out);
    }
}

// code → the statuses it is sent with: ApiError(404, "not_found", …), ApiError e(503, "unavailable", …), and
// any answer written as JSON text ({"error":"…",…}). (The 408 of a slow head is Pistache's, without a body.)
std::map<std::string, std::set<int>> emittedErrorCodes()
{
    static const std::regex constructed(R"re(ApiError(?:\s+\w+)?\s*\(\s*(\d{3})\s*,\s*"([a-z_]+)")re");
    static const std::regex literal(R"re(\{"error":"([a-z_]+)")re");
    std::map<std::string, std::set<int>> out;
    for (const auto* area : {"service", "exports"}) {
        for (const auto& entry : fs::recursive_directory_iterator(kSource / area)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
            const auto text = readFile(entry.path());
            for (std::sregex_iterator it(text.begin(), text.end(), constructed), end; it != end; ++it) {
                out[(*it)[2]].insert(std::stoi((*it)[1]));
            }
            for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
                out[(*it)[1]];  // its status is Pistache's, written beside it
            }
        }
    }
    return out;
}

TEST(OpenApiDocumentTest, IsOpenApi31WithFrenchDescriptions)
{
    const auto doc = document();
    EXPECT_EQ(doc.at("openapi"), "3.1.0");
    EXPECT_FALSE(doc.at("info").at("description").get<std::string>().empty());
    EXPECT_TRUE(doc.at("components").at("securitySchemes").contains("pilotToken"));
    for (const auto& [path, item] : doc.at("paths").items()) {
        for (const auto& [method, operation] : item.items()) {
            if (method == "parameters") continue;
            EXPECT_TRUE(operation.contains("summary") && operation.contains("description")) << method << " " << path;
            EXPECT_FALSE(operation.value("responses", json::object()).empty()) << method << " " << path;
        }
    }
}

TEST(OpenApiDocumentTest, DescribesEveryRouteOfTheServiceAndNoOther)
{
    const auto registered = serviceRoutes();
    const auto documented = documentedRoutes(document());
    ASSERT_FALSE(registered.empty());
    EXPECT_TRUE(minus(registered, documented).empty())
        << "routes of the service missing from docs/openapi.json:" << listOf(minus(registered, documented));
    EXPECT_TRUE(minus(documented, registered).empty())
        << "routes of docs/openapi.json the service does not have:" << listOf(minus(documented, registered));
}

TEST(OpenApiDocumentTest, DeclaresEveryPathParameter)
{
    const auto doc = document();
    static const std::regex placeholder(R"(\{([^}]+)\})");
    for (const auto& [path, item] : doc.at("paths").items()) {
        auto pathParameters = [&](const json& list, std::set<std::string>& names) {
            for (const auto& p : list) {
                const auto* param = resolve(doc, p);
                ASSERT_NE(param, nullptr) << path;
                if (param->value("in", "") == "path") names.insert(param->at("name").get<std::string>());
            }
        };
        std::set<std::string> used;
        for (std::sregex_iterator it(path.begin(), path.end(), placeholder), end; it != end; ++it)
            used.insert((*it)[1]);
        std::set<std::string> shared;
        pathParameters(item.value("parameters", json::array()), shared);
        for (const auto& [method, operation] : item.items()) {
            if (method == "parameters") continue;
            auto declared = shared;
            pathParameters(operation.value("parameters", json::array()), declared);
            EXPECT_EQ(declared, used) << method << " " << path;
        }
    }
}

TEST(OpenApiDocumentTest, EveryReferenceLeadsSomewhere)
{
    const auto doc = document();
    std::vector<std::string> refs;
    collectRefs(doc, refs);
    ASSERT_FALSE(refs.empty());
    for (const auto& ref : refs) {
        EXPECT_NE(resolve(doc, json{{"$ref", ref}}), nullptr) << ref;
    }
}

TEST(OpenApiDocumentTest, ListsEveryErrorCodeTheServiceSendsAndNoOther)
{
    const auto emitted = emittedErrorCodes();
    ASSERT_TRUE(emitted.count("group_full") && emitted.count("too_many_attempts"))
        << "the scan of the sources finds no longer what it should";
    const auto doc = document();
    std::map<std::string, int> documented;
    for (const auto& code : doc.at("components").at("schemas").at("ErrorCode").at("oneOf")) {
        documented[code.at("const").get<std::string>()] = code.at("x-status").get<int>();
        EXPECT_FALSE(code.value("description", "").empty()) << code.dump();
    }
    std::set<std::string> emitted_codes, documented_codes;
    for (const auto& [code, statuses] : emitted) emitted_codes.insert(code);
    for (const auto& [code, status] : documented) documented_codes.insert(code);
    EXPECT_TRUE(minus(emitted_codes, documented_codes).empty())
        << "error codes of the sources missing from ErrorCode in docs/openapi.json:"
        << listOf(minus(emitted_codes, documented_codes));
    EXPECT_TRUE(minus(documented_codes, emitted_codes).empty())
        << "error codes of docs/openapi.json no source sends:" << listOf(minus(documented_codes, emitted_codes));
    for (const auto& [code, statuses] : emitted) {
        for (int status : statuses) {
            if (documented.count(code)) {
                EXPECT_EQ(documented[code], status) << code;
            }
        }
    }
}

TEST(OpenApiDocumentTest, ServeFindsTheDocsBesideTheFormsOrWhereToldAndStopsWithoutThem)
{
    app::ServeConfig config;
    config.forms_dir = (kSource / "forms").string();
    EXPECT_EQ(fs::path(app::docsDirectory(config)), kSource / "docs");
    // A test's fixture forms lie deeper in the same tree.
    config.forms_dir = (kSource / "tests/e2e/data/forms").string();
    EXPECT_EQ(fs::path(app::docsDirectory(config)), kSource / "docs");
    config.docs_dir = "/nonexistent/docs";
    EXPECT_EQ(app::docsDirectory(config), "/nonexistent/docs");

    EXPECT_EQ(json::parse(app::readApiDescription((kSource / "docs").string())).at("openapi"), "3.1.0");
    try {
        app::readApiDescription("/nonexistent/docs");
        FAIL() << "a missing description must stop the start-up";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("--docs : le fichier /nonexistent/docs/openapi.json"), std::string::npos)
            << e.what();
    }
}

}  // namespace
