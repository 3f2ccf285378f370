// The bad-input table (issue 7): garbage, oversized, malicious and slow requests against the real binary and
// MariaDB. Each row gives the request, the status and error code expected, and whether a response may be
// stored (rows are counted before and after); SQL and HTML must be stored verbatim and HTML escaped where a
// page shows it. After the table the service must still answer /healthz: nothing crashed it.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/html_form.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxBody = 256 * 1024;  // --max-body: room for 100k '[' and still a limit to pass
const std::string kSubmit = "/api/v1/forms/avis/responses";
const std::vector<std::pair<std::string, std::string>> kJson{{"Content-Type", "application/json"}};

struct Outcome {
    enum class Kind { passed, failed, skipped } kind = Kind::passed;
    std::string detail;
};

// One row. A request row is checked by the table itself; a probe row runs its own exchange (raw sockets,
// several requests) and says how it went.
struct Row {
    std::string name;
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int status = 0;
    std::string error;  // expected "error" of the JSON body; "" when not JSON
    bool stores = false;  // whether exactly one response is added
    std::optional<std::string> stored_commentaire;  // read back from the database when set
    std::string allow;  // expected Allow header, for 405
    std::function<Outcome()> probe;  // instead of the request above
};

// A string literal with its embedded NUL bytes kept.
template <std::size_t N>
std::string bytes(const char (&literal)[N])
{
    return std::string(literal, N - 1);
}

std::string jsonAnswers(const json& answers)
{
    return json{{"answers", answers}}.dump();
}

// The answers object with a raw JSON value text for `key`: lets rows carry numbers nlohmann would not write.
std::string rawAnswers(const std::string& inner)
{
    return R"({"answers":{)" + inner + "}}";
}

// Sends `partial` and waits: the server must answer (408) or close the connection within `limit`.
Outcome slowClient(int port, const std::string& partial, std::chrono::seconds limit)
{
    const int fd = connectLoopback(port);
    if (fd < 0) return {Outcome::Kind::failed, "cannot connect"};
    ::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
    const auto start = std::chrono::steady_clock::now();
    std::string received;
    bool closed = false;
    while (std::chrono::steady_clock::now() - start < limit) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 250) <= 0) continue;
        char buf[4096];
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            closed = true;
            break;
        }
        received.append(buf, static_cast<std::size_t>(n));
        if (received.find("\r\n\r\n") != std::string::npos) break;
    }
    ::close(fd);
    const auto seconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count() /
        1000.0;
    char when[32];
    std::snprintf(when, sizeof when, "%.1f s", seconds);
    if (received.rfind("HTTP/1.1 408", 0) == 0) return {Outcome::Kind::passed, std::string("408 after ") + when};
    if (closed && received.empty()) return {Outcome::Kind::passed, std::string("closed after ") + when};
    if (!received.empty()) return {Outcome::Kind::failed, "answered " + received.substr(0, received.find("\r\n"))};
    return {Outcome::Kind::failed, "still open after " + std::string(when)};
}

class BadInputTable : public SharedServiceSuite<BadInputTable> {
protected:
    static void SetUpTestSuite() { startSuite({"--max-body", std::to_string(kMaxBody)}); }

    static long long responses() { return db->count("responses"); }
    static long long answers() { return db->count(TestDatabase::answer_rows); }

    static Outcome check(const Row& row)
    {
        if (row.probe) return row.probe();
        const auto responses_before = responses();
        const auto answers_before = answers();
        const auto r = httpRequest(port, row.method, row.target, row.headers, row.body, 15000);
        std::string problems;
        auto problem = [&problems](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
        if (r.status != row.status) {
            problem("status " + std::to_string(r.status) + " instead of " + std::to_string(row.status) + " " +
                    r.body.substr(0, 200));
        }
        if (!row.error.empty()) {
            const auto body = json::parse(r.body, nullptr, false);
            const auto code = body.is_object() && body.contains("error") ? body["error"].dump() : "(none)";
            if (code != json(row.error).dump()) problem("error " + code + " instead of \"" + row.error + "\"");
        }
        if (!row.allow.empty() && r.header("allow") != row.allow) {
            problem("Allow \"" + r.header("allow") + "\" instead of \"" + row.allow + "\"");
        }
        const auto added = responses() - responses_before;
        if (added != (row.stores ? 1 : 0)) problem(std::to_string(added) + " response(s) stored");
        if (!row.stores && answers() != answers_before) problem("answer rows stored");
        if (row.stored_commentaire && r.status == 201) {
            const auto id = r.json()["id"].get<std::string>();
            const auto in_json =
                db->scalar("SELECT JSON_VALUE(answers, '$.commentaire') FROM responses WHERE public_id = '" + id + "'");
            if (in_json != *row.stored_commentaire) problem("responses.answers holds \"" + in_json + "\"");
        }
        if (problems.empty()) return {Outcome::Kind::passed, std::to_string(r.status)};
        return {Outcome::Kind::failed, problems};
    }

    // The HTML form: GET /f/avis for a CSRF token, then POST an invalid answer next to a script; the page
    // rendered again with the error must show the script escaped, and nothing is stored.
    static Outcome htmlFormEscapesScript()
    {
        const auto page = httpGet(port, "/f/avis");
        if (page.status == 404) return {Outcome::Kind::skipped, "no HTML form page yet (/f/avis is 404)"};
        const auto csrf = hiddenValue(page.body, "_csrf");
        if (csrf.empty()) return {Outcome::Kind::failed, "no _csrf field on /f/avis"};
        const auto responses_before = responses();
        const std::string body = "_csrf=" + csrf + "&note=9&commentaire=%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E";
        const auto r =
            httpRequest(port, "POST", "/f/avis", {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
        std::string problems;
        if (r.status != 422) problems += "status " + std::to_string(r.status) + " instead of 422; ";
        if (r.body.find("&lt;script&gt;alert(") == std::string::npos) problems += "the script is not shown escaped; ";
        if (r.body.find("<script>alert(") != std::string::npos) problems += "the script is shown raw; ";
        if (responses() != responses_before) problems += "a response was stored; ";
        if (problems.empty()) return {Outcome::Kind::passed, "422, shown as &lt;script&gt;"};
        return {Outcome::Kind::failed, problems};
    }

    // Invalid UTF-8 typed into the HTML form (browsers never send it, scripts can): refused like in JSON.
    static Outcome htmlFormInvalidUtf8()
    {
        const auto page = httpGet(port, "/f/avis");
        if (page.status == 404) return {Outcome::Kind::skipped, "no HTML form page yet (/f/avis is 404)"};
        const auto csrf = hiddenValue(page.body, "_csrf");
        if (csrf.empty()) return {Outcome::Kind::failed, "no _csrf field on /f/avis"};
        const auto responses_before = responses();
        const auto r = httpRequest(port, "POST", "/f/avis", {{"Content-Type", "application/x-www-form-urlencoded"}},
                                   "_csrf=" + csrf + "&note=3&commentaire=Caf%E9+%FF%FE");
        std::string problems;
        if (r.status != 422) problems += "status " + std::to_string(r.status) + " instead of 422; ";
        if (responses() != responses_before) problems += "a response was stored; ";
        if (problems.empty()) return {Outcome::Kind::passed, "422"};
        return {Outcome::Kind::failed, problems};
    }

    // A 64 KiB header line: refused with 431 (the service's 16 KiB limit), and the next request still served.
    static Outcome oversizedHeader()
    {
        const auto r = httpRequest(port, "GET", "/api/v1/forms", {{"X-Padding", std::string(64 * 1024, 'a')}});
        const auto after = httpGet(port, "/healthz");
        std::string detail = "status " + std::to_string(r.status) + ", /healthz " + std::to_string(after.status);
        const bool refused = r.status == 431;
        if (refused && after.status == 200) return {Outcome::Kind::passed, detail};
        return {Outcome::Kind::failed, detail};
    }

    static std::vector<Row> table()
    {
        std::vector<Row> rows;
        auto post = [&rows](std::string name, std::string body, int status, std::string error) {
            rows.push_back(Row{.name = std::move(name),
                               .method = "POST",
                               .target = kSubmit,
                               .headers = kJson,
                               .body = std::move(body),
                               .status = status,
                               .error = std::move(error)});
        };
        auto stored = [&rows](std::string name, std::string commentaire) {
            rows.push_back(Row{.name = std::move(name),
                               .method = "POST",
                               .target = kSubmit,
                               .headers = kJson,
                               .body = jsonAnswers({{"note", 3}, {"commentaire", commentaire}}),
                               .status = 201,
                               .stores = true,
                               .stored_commentaire = commentaire});
        };

        // Malformed JSON: 400 invalid_json.
        post("truncated JSON", R"({"answers":{"note":3,"commentaire":"Très)", 400, "invalid_json");
        post("garbage bytes", bytes("\x00\xff\xfe\x80garbage\x1b[0m\r\n"), 400, "invalid_json");
        post("deep nesting: 100k '['", std::string(100000, '['), 400, "invalid_json");
        post("deep nesting inside answers: 40 levels",
             rawAnswers(R"("note":3,"commentaire":)" + std::string(40, '[') + std::string(40, ']')), 400,
             "invalid_json");
        post("invalid UTF-8 inside a JSON string", rawAnswers("\"note\":3,\"commentaire\":\"Caf\xe9 \xff\xfe\""), 400,
             "invalid_json");
        post("raw NUL byte inside a JSON string", rawAnswers(bytes("\"note\":3,\"commentaire\":\"a\0b\"")), 400,
             "invalid_json");
        post("lone UTF-16 surrogate escape", rawAnswers(R"("note":3,"commentaire":"\ud800")"), 400, "invalid_json");
        post("empty body", "", 400, "invalid_json");
        // Sizes: --max-body is 256 KiB.
        post("huge string (300 KB > --max-body)", jsonAnswers({{"note", 3}, {"commentaire", std::string(300000, 'x')}}),
             413, "payload_too_large");
        rows.push_back(Row{.name = "huge body (4 MiB, past the request limit)", .probe = [] {
                               const auto r =
                                   httpRequest(port, "POST", kSubmit, kJson,
                                               jsonAnswers({{"note", 3}, {"commentaire", std::string(4 << 20, 'x')}}));
                               const auto alive = httpGet(port, "/healthz").status == 200;
                               const auto detail =
                                   "status " + std::to_string(r.status) + (alive ? ", alive" : ", DEAD");
                               // Pistache may refuse before the handler (413) or drop the connection (no status).
                               const bool refused = r.status == 413 || r.status == 0;
                               return Outcome{refused && alive ? Outcome::Kind::passed : Outcome::Kind::failed, detail};
                           }});
        // Not an object, or not {"answers": {…}}: 422 validation_failed.
        post("JSON array instead of an object", "[1,2,3]", 422, "validation_failed");
        post("JSON number instead of an object", "42", 422, "validation_failed");
        post("JSON string instead of an object", R"("answers")", 422, "validation_failed");
        post("JSON null", "null", 422, "validation_failed");
        post("answers is an array", R"({"answers":[3]})", 422, "validation_failed");
        post("unexpected top-level key", R"({"answers":{"note":3},"admin":true})", 422, "validation_failed");
        // Wrong types in answers: 422 validation_failed.
        post("object where a string is expected", rawAnswers(R"("note":3,"commentaire":{"a":"b"})"), 422,
             "validation_failed");
        post("number where a string is expected", rawAnswers(R"("note":3,"commentaire":12)"), 422, "validation_failed");
        // A number past a double is refused by the JSON parser itself ("number overflow").
        post("scale answered 1e400", rawAnswers(R"("note":1e400)"), 400, "invalid_json");
        post("scale answered -0", rawAnswers(R"("note":-0)"), 422, "validation_failed");
        post("scale answered a huge integer", rawAnswers(R"("note":123456789012345678901234567890)"), 422,
             "validation_failed");
        post("scale answered 18446744073709551619", rawAnswers(R"("note":18446744073709551619)"), 422,
             "validation_failed");
        post("scale answered an array", rawAnswers(R"("note":[3])"), 422, "validation_failed");
        post("unknown question", rawAnswers(R"("note":3,"'; DROP TABLE responses; --":"x")"), 422, "validation_failed");
        // Stored verbatim: SQL is data, HTML is text; NUL escaped in JSON is a character like any other.
        stored("SQL injection: quote and DROP", "'); DROP TABLE responses; --");
        stored("SQL injection: OR 1=1", "x' OR '1'='1");
        stored("SQL injection: backslash and comment", "\\'; SELECT SLEEP(5); /*");
        stored("NUL byte escaped (\\u0000) in a value", bytes("avant\0apr\xc3\xa8s"));
        stored("HTML and script", "<script>alert('x')</script><img src=x onerror=alert(1)>");
        // Routing and media types.
        rows.push_back(Row{.name = "unknown form",
                           .method = "POST",
                           .target = "/api/v1/forms/inconnu/responses",
                           .headers = kJson,
                           .body = jsonAnswers({{"note", 3}}),
                           .status = 404,
                           .error = "not_found"});
        rows.push_back(Row{.name = "wrong content type (text/plain)",
                           .method = "POST",
                           .target = kSubmit,
                           .headers = {{"Content-Type", "text/plain"}},
                           .body = jsonAnswers({{"note", 3}}),
                           .status = 415,
                           .error = "unsupported_media_type"});
        rows.push_back(Row{.name = "no content type",
                           .method = "POST",
                           .target = kSubmit,
                           .body = jsonAnswers({{"note", 3}}),
                           .status = 415,
                           .error = "unsupported_media_type"});
        rows.push_back(Row{.name = "wrong method: DELETE on responses",
                           .method = "DELETE",
                           .target = kSubmit,
                           .status = 405,
                           .error = "method_not_allowed",
                           .allow = "POST, GET"});  // answers are posted; pilots download them
        rows.push_back(Row{.name = "wrong method: PUT on the form list",
                           .method = "PUT",
                           .target = "/api/v1/forms",
                           .headers = kJson,
                           .body = "{}",
                           .status = 405,
                           .error = "method_not_allowed",
                           .allow = "GET"});
        // Probes.
        rows.push_back(
            Row{.name = "HTML form re-rendered with an error escapes a script", .probe = htmlFormEscapesScript});
        rows.push_back(Row{.name = "invalid UTF-8 in an HTML form value", .probe = htmlFormInvalidUtf8});
        rows.push_back(Row{.name = "oversized header (64 KiB)", .probe = oversizedHeader});
        rows.push_back(Row{.name = "slow client: half the headers (header timeout 10 s)", .probe = [] {
                               return slowClient(
                                   port, "POST " + kSubmit + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl",
                                   std::chrono::seconds(13));
                           }});
        rows.push_back(Row{.name = "slow client: half the body (body timeout 30 s)", .probe = [] {
                               return slowClient(port,
                                                 "POST " + kSubmit +
                                                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                                     "application/json\r\nContent-Length: 40\r\n\r\n{\"answers\":{\"no",
                                                 std::chrono::seconds(33));
                           }});
        return rows;
    }
};

}  // namespace

TEST_F(BadInputTable, EveryRowIsRefusedOrStoredVerbatimAndTheServiceSurvives)
{
    const auto rows = table();
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto outcome = check(rows[i]);
        const char* verdict = outcome.kind == Outcome::Kind::passed   ? "ok"
                              : outcome.kind == Outcome::Kind::failed ? "FAILED"
                                                                      : "skipped";
        std::printf("[bad-input %2zu/%zu] %-7s %-58s %s\n", i + 1, rows.size(), verdict, rows[i].name.c_str(),
                    outcome.detail.c_str());
        std::fflush(stdout);
        if (outcome.kind == Outcome::Kind::passed) ++passed;
        if (outcome.kind == Outcome::Kind::skipped) ++skipped;
        if (outcome.kind == Outcome::Kind::failed) {
            ++failed;
            ADD_FAILURE() << rows[i].name << ": " << outcome.detail;
        }
    }
    const auto health = httpGet(port, "/healthz");
    EXPECT_EQ(health.status, 200) << "the service no longer answers after the table";
    EXPECT_TRUE(service->running()) << "the service process died:\n" << service->log();
    std::printf("bad-input table: %zu rows, %d passed, %d failed, %d skipped; /healthz %d after the table\n",
                rows.size(), passed, failed, skipped, health.status);
}
