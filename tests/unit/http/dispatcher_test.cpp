#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <future>
#include <thread>
#include <nlohmann/json.hpp>

#include "service/http/api_error.h"
#include "service/http/dispatcher.h"
#include "service/storage/database_error.h"

using namespace tnt::http;

namespace {

class CapturingResponder final : public Responder {
public:
    explicit CapturingResponder(std::promise<HttpResponse>& out) : out_(out) {}
    void send(HttpResponse response) override { out_.set_value(std::move(response)); }

private:
    std::promise<HttpResponse>& out_;
};

struct DispatcherFixture : ::testing::Test {
    // Declared before the pool, so they outlive its threads (members are destroyed in reverse order).
    Router router;
    Metrics metrics;
    std::shared_ptr<spdlog::logger> log =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    WorkerPool workers{2, 16};

    HttpResponse call(const std::string& method, const std::string& path, std::string body = "",
                      std::size_t max_body = 1024)
    {
        Dispatcher d(router, workers, metrics, log,
                     {.max_body_bytes = max_body, .retry_after_seconds = 3, .trusted_proxies = {}});
        std::promise<HttpResponse> promise;
        HttpRequest req;
        req.method = method;
        req.path = path;
        req.body = std::move(body);
        d.dispatch(std::move(req), std::make_unique<CapturingResponder>(promise));
        auto response = promise.get_future().get();
        // The worker still records metrics after sending: wait until it is done with `d`.
        while (workers.busy() > 0 || workers.queued() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return response;
    }

    static std::string header(const HttpResponse& r, const std::string& name)
    {
        for (const auto& [n, v] : r.headers) {
            if (n == name) return v;
        }
        return "";
    }
};

}  // namespace

TEST_F(DispatcherFixture, UnknownPathIsAJsonNotFound)
{
    const auto r = call("GET", "/nulle-part");
    EXPECT_EQ(r.status, 404);
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"], "not_found");
    EXPECT_FALSE(body["message"].get<std::string>().empty());
}

TEST_F(DispatcherFixture, WrongMethodIs405WithAllow)
{
    router.add("GET", "/x", [](const HttpRequest&) { return HttpResponse::text(200, "x"); });
    const auto r = call("PUT", "/x");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(header(r, "Allow"), "GET");
}

TEST_F(DispatcherFixture, NonCanonicalPathIs404ForPostAnd308ForGet)
{
    router.add("GET", "/metrics", [](const HttpRequest&) { return HttpResponse::text(200, "m"); });
    router.add("POST", "/f/{slug}", [](const HttpRequest&) { return HttpResponse::text(200, "posted"); });
    const auto get = call("GET", "/metrics/");
    EXPECT_EQ(get.status, 308);
    EXPECT_EQ(header(get, "Location"), "/metrics");
    EXPECT_EQ(get.body.find("/metrics"), std::string::npos) << "the path is not echoed";
    EXPECT_EQ(call("POST", "/f/abc/").status, 404);
    EXPECT_EQ(call("POST", "/f//abc").status, 404);
}

TEST_F(DispatcherFixture, HeadGetsHeadersWithoutABodyEvenWhenRefused)
{
    router.add(
        "GET", "/healthz", [](const HttpRequest&) { return HttpResponse::text(200, "ok"); },
        Execution::inline_on_reactor);
    router.add("GET", "/export", [](const HttpRequest&) {
        HttpResponse r = HttpResponse::text(200, "");
        r.stream = [](const ChunkWriter& write) { write("row\n"); };
        return r;
    });
    const auto head = call("HEAD", "/healthz");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    const auto refused = call("HEAD", "/export");
    EXPECT_EQ(refused.status, 405);
    EXPECT_TRUE(refused.body.empty());
    EXPECT_FALSE(refused.stream);
    EXPECT_EQ(header(refused, "Allow"), "GET");
}

TEST_F(DispatcherFixture, InvalidUtf8InAnErrorDetailStillGivesAJsonError)
{
    router.add("GET", "/x", [](const HttpRequest& request) -> HttpResponse {
        throw ApiError(422, "validation_failed", "Mauvais filtre.", {{"fields", {{request.body, "?"}}}});
    });
    const auto r = call("GET", "/x", "caf\xe9 \xff");
    EXPECT_EQ(r.status, 422);
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"], "validation_failed");
    EXPECT_FALSE(header(r, "Content-Security-Policy").empty());
}

TEST_F(DispatcherFixture, AnExceptionOfAnyTypeGivesAGeneric500)
{
    router.add("GET", "/x", [](const HttpRequest&) -> HttpResponse { throw 42; });
    const auto r = call("GET", "/x");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "internal_error");
    EXPECT_FALSE(header(r, "X-Content-Type-Options").empty());
}

TEST_F(DispatcherFixture, ApiErrorIsRenderedWithItsStatusCodeAndDetails)
{
    router.add("POST", "/x", [](const HttpRequest&) -> HttpResponse {
        throw ApiError(422, "validation_failed", "Le formulaire contient des erreurs.",
                       {{"fields", {{"email", "Saisissez une adresse valide."}}}});
    });
    const auto r = call("POST", "/x");
    EXPECT_EQ(r.status, 422);
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"], "validation_failed");
    EXPECT_EQ(body["fields"]["email"], "Saisissez une adresse valide.");
}

TEST_F(DispatcherFixture, InternalErrorNeverLeaksItsMessage)
{
    router.add("GET", "/x", [](const HttpRequest&) -> HttpResponse {
        throw std::runtime_error("Table 'secret.users' doesn't exist");
    });
    const auto r = call("GET", "/x");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "internal_error");
}

TEST_F(DispatcherFixture, DatabaseUnavailableIs503WithRetryAfter)
{
    router.add("GET", "/x", [](const HttpRequest&) -> HttpResponse {
        throw tnt::storage::DatabaseUnavailable("cannot connect to tnt@unix:/x");
    });
    const auto r = call("GET", "/x");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(header(r, "Retry-After"), "3");
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "unavailable");
}

TEST_F(DispatcherFixture, OversizedBodyIs413BeforeTheHandlerRuns)
{
    bool ran = false;
    router.add("POST", "/x", [&ran](const HttpRequest&) {
        ran = true;
        return HttpResponse::text(200, "x");
    });
    const auto r = call("POST", "/x", std::string(2000, 'a'), 1024);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "payload_too_large");
    EXPECT_FALSE(ran);
}

TEST_F(DispatcherFixture, SecurityHeadersAreOnEveryResponse)
{
    router.add("GET", "/x", [](const HttpRequest&) { return HttpResponse::text(200, "x"); });
    for (const auto& r : {call("GET", "/x"), call("GET", "/absent")}) {
        EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
        EXPECT_NE(header(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_FALSE(header(r, "Referrer-Policy").empty());
    }
}

TEST_F(DispatcherFixture, RequestsAreCountedByRoutePatternNotPath)
{
    router.add("GET", "/f/{slug}", [](const HttpRequest& req) { return HttpResponse::text(200, req.param("slug")); });
    EXPECT_EQ(call("GET", "/f/personne-dupont").body, "personne-dupont");
    const auto text = metrics.render();
    EXPECT_NE(text.find(R"(tnt_http_requests_total{route="/f/{slug}",method="GET",status="200"} 1)"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("personne-dupont"), std::string::npos);
}

namespace {

// Records the thread that sent, besides the response.
class ThreadNotingResponder final : public Responder {
public:
    ThreadNotingResponder(std::promise<HttpResponse>& out, std::thread::id& sender) : out_(out), sender_(sender) {}
    void send(HttpResponse response) override
    {
        sender_ = std::this_thread::get_id();
        out_.set_value(std::move(response));
    }

private:
    std::promise<HttpResponse>& out_;
    std::thread::id& sender_;
};

}  // namespace

TEST_F(DispatcherFixture, ADeferredRouteIsAnsweredByTheThreadThatCompletesItsWork)
{
    std::promise<Reply> handed;
    std::thread::id started_on;
    router.addDeferred("POST", "/x", [&](const HttpRequest&, Reply reply) {
        started_on = std::this_thread::get_id();
        handed.set_value(std::move(reply));
    });
    Dispatcher d(router, workers, metrics, log,
                 {.max_body_bytes = 1024, .retry_after_seconds = 3, .trusted_proxies = {}});
    std::promise<HttpResponse> sent;
    std::thread::id sender;
    HttpRequest req;
    req.method = "POST";
    req.path = "/x";
    d.dispatch(std::move(req), std::make_unique<ThreadNotingResponder>(sent, sender));
    EXPECT_EQ(started_on, std::this_thread::get_id()) << "started on the thread that read the request";
    auto response = sent.get_future();
    EXPECT_EQ(response.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout)
        << "nothing is sent before the work is done";
    std::thread writer([reply = handed.get_future().get()] {
        reply([] { return HttpResponse::json(201, R"({"id":"A"})"); });
        reply([] { return HttpResponse::text(500, "second"); });  // ignored: answered once
    });
    const auto writer_id = writer.get_id();
    writer.join();
    const auto r = response.get();
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(sender, writer_id) << "sent by the thread that completed the work, not a worker";
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_NE(metrics.render().find("route=\"/x\",method=\"POST\",status=\"201\""), std::string::npos);
}

TEST_F(DispatcherFixture, ADeferredRoutesErrorsAreMappedAsAHandlersWhetherAtOnceOrLater)
{
    router.addDeferred("POST", "/now", [](const HttpRequest&, Reply) {
        throw ApiError(422, "validation_failed", "Réponses invalides.");
    });
    std::thread later;
    router.addDeferred("POST", "/later", [&later](const HttpRequest&, Reply reply) {
        later = std::thread([reply] {
            reply([]() -> HttpResponse { throw tnt::storage::DatabaseUnavailable("cannot connect to tnt@unix:/x"); });
        });
    });
    EXPECT_EQ(call("POST", "/now").status, 422);
    Dispatcher d(router, workers, metrics, log,
                 {.max_body_bytes = 1024, .retry_after_seconds = 3, .trusted_proxies = {}});
    std::promise<HttpResponse> sent;
    HttpRequest req;
    req.method = "POST";
    req.path = "/later";
    d.dispatch(std::move(req), std::make_unique<CapturingResponder>(sent));
    const auto r = sent.get_future().get();
    later.join();  // done with `d`
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(header(r, "Retry-After"), "3");
    EXPECT_EQ(r.body.find("tnt@unix"), std::string::npos) << "never the exception's text";
}

TEST_F(DispatcherFixture, ADeferredRouteWithALargeBodyStartsOnAWorker)
{
    std::thread::id started_on;
    router.addDeferred("POST", "/x", [&](const HttpRequest& request, Reply reply) {
        started_on = std::this_thread::get_id();
        const auto size = request.body.size();
        reply([size] { return HttpResponse::text(200, std::to_string(size)); });
    });
    const auto small = call("POST", "/x", "{}", 1 << 20);
    EXPECT_EQ(small.status, 200);
    EXPECT_EQ(started_on, std::this_thread::get_id());
    const auto large = call("POST", "/x", std::string(Dispatcher::kDeferredOnReactorBytes + 1, ' '), 1 << 20);
    EXPECT_EQ(large.body, std::to_string(Dispatcher::kDeferredOnReactorBytes + 1));
    EXPECT_NE(started_on, std::this_thread::get_id()) << "parsed on a worker, not on the thread shared by connections";
}
