#include "service/http/dispatcher.h"

#include <spdlog/spdlog.h>

#include <atomic>

#include "service/http/api_error.h"
#include "service/http/request_head.h"
#include "service/http/urlencoded.h"
#include "service/storage/database_error.h"

namespace tnt::http {
namespace {

// Strict-Transport-Security is nginx's, which serves the HTTPS (deploy/nginx-tnt-forms.conf).
void addSecurityHeaders(HttpResponse& r)
{
    r.header("X-Content-Type-Options", "nosniff");
    // No Referer at all, even to the service itself: a receipt page's address is the respondent's secret, and
    // a Referer would copy it into access logs.
    r.header("Referrer-Policy", "no-referrer");
    r.header("X-Frame-Options", "DENY");
    r.header("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
             "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
}

// Pistache bounds only the whole request (--max-body plus 64 KiB), so a client could send 64 KiB of headers
// with every request; refuse them as other servers do (Node: 16 KiB in all). Found by the bad-input table.
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

std::size_t headerBytes(const HttpRequest& request)
{
    std::size_t total = 0;
    for (const auto& [name, value] : request.headers) total += name.size() + value.size() + 4;  // ": " and CRLF
    return total;
}

// 308 to the one spelling of a GET route ("/pilote/" → "/pilote"), with the same query.
HttpResponse canonicalRedirect(const std::string& path, const HttpRequest& request)
{
    std::string location = path;
    char separator = '?';
    for (const auto& [name, value] : request.query) {
        location += separator + urlEncode(name) + "=" + urlEncode(value);
        separator = '&';
    }
    auto response = HttpResponse::text(308, "Cette page a déménagé à son adresse canonique.\n");
    response.header("Location", location);
    return response;
}

}  // namespace

HttpResponse errorResponse(const ApiError& error)
{
    // Invalid UTF-8 in a detail becomes U+FFFD instead of an exception: an error always renders.
    auto response = HttpResponse::json(error.status(),
                                       error.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (error.retryAfter() > 0) response.header("Retry-After", std::to_string(error.retryAfter()));
    // RFC 6750: a 401 names the scheme it wants (only pilots' routes answer 401).
    if (error.status() == 401) response.header("WWW-Authenticate", "Bearer realm=\"tnt-forms\"");
    return response;
}

Dispatcher::Dispatcher(const Router& router, WorkerPool& workers, Metrics& metrics, std::shared_ptr<spdlog::logger> log,
                       Options options)
    : router_(router), workers_(workers), metrics_(metrics), log_(std::move(log)), options_(std::move(options))
{
}

HttpResponse Dispatcher::run(const Route& route, const HttpRequest& request) const
{
    return answer(route, request, [&] { return route.handler(request); });
}

HttpResponse Dispatcher::answer(const Route& route, const HttpRequest& request,
                                const std::function<HttpResponse()>& produce) const
{
    try {
        return produce();
    } catch (const ApiError& e) {
        return errorResponse(e);
    } catch (const storage::DatabaseUnavailable& e) {
        log_->warn("{} {}: database unavailable: {}", request.method, route.pattern, e.what());
        metrics_.increment("tnt_database_unavailable_total");
        return errorResponse(ApiError::unavailable(options_.retry_after_seconds));
    } catch (const storage::DatabaseError& e) {
        if (e.kind() == storage::DatabaseError::Kind::conflict) {
            // A deadlock or lock wait that outlasted the retries: the client may try again shortly.
            log_->warn("{} {}: database conflict: {}", request.method, route.pattern, e.what());
            metrics_.increment("tnt_database_unavailable_total");
            return errorResponse(ApiError::unavailable(options_.retry_after_seconds));
        }
        log_->error("{} {}: database error: {}", request.method, route.pattern, e.what());
        return errorResponse(ApiError::internal());
    } catch (const std::exception& e) {
        log_->error("{} {}: unexpected error: {}", request.method, route.pattern, e.what());
        return errorResponse(ApiError::internal());
    } catch (...) {
        log_->error("{} {}: unexpected error of an unknown type", request.method, route.pattern);
        return errorResponse(ApiError::internal());
    }
}

void Dispatcher::dispatch(HttpRequest request, std::unique_ptr<Responder> responder) const
{
    const auto start = std::chrono::steady_clock::now();
    if (headerBytes(request) > kMaxHeaderBytes) {
        finish("(unmatched)", request,
               errorResponse(ApiError(431, "headers_too_large", "Les en-têtes de la requête sont trop volumineux.")),
               *responder, start);
        return;
    }
    request.client_address =
        options_.trusted_proxies.clientAddress(request.peer_address, request.header("x-forwarded-for"));
    auto match = router_.match(request.method, request.path);
    if (match.route == nullptr) {
        if (!match.canonical_get.empty() && (request.method == "GET" || request.method == "HEAD")) {
            finish("(unmatched)", request, canonicalRedirect(match.canonical_get, request), *responder, start);
            return;
        }
        if (match.allowed.empty()) {
            finish("(unmatched)", request, errorResponse(ApiError::notFound()), *responder, start);
            return;
        }
        std::string allow;
        for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
        auto response = errorResponse(ApiError(405, "method_not_allowed", "Cette adresse n'accepte pas cette méthode.",
                                               {{"allowed", match.allowed}}));
        response.header("Allow", allow);
        finish("(unmatched)", request, std::move(response), *responder, start);
        return;
    }
    const Route& route = *match.route;
    request.params = std::move(match.params);
    if (request.body.size() > options_.max_body_bytes) {
        finish(route.pattern, request, errorResponse(payloadTooLarge(options_.max_body_bytes)), *responder, start);
        return;
    }
    if (route.execution == Execution::inline_on_reactor) {
        finish(route.pattern, request, run(route, request), *responder, start);
        return;
    }
    // The request and responder move into the task; the router and its routes outlive the pool.
    auto shared_request = std::make_shared<HttpRequest>(std::move(request));
    auto shared_responder = std::shared_ptr<Responder>(std::move(responder));
    if (route.execution == Execution::deferred && shared_request->body.size() <= kDeferredOnReactorBytes) {
        startDeferred(route, shared_request, shared_responder, start);
        return;
    }
    const bool taken = workers_.trySubmit([this, &route, shared_request, shared_responder, start] {
        if (route.execution == Execution::deferred) {
            startDeferred(route, shared_request, shared_responder, start);
            return;
        }
        finish(route.pattern, *shared_request, run(route, *shared_request), *shared_responder, start);
    });
    if (!taken) {
        metrics_.increment("tnt_worker_queue_rejections_total");
        finish(route.pattern, *shared_request, errorResponse(ApiError::unavailable(options_.retry_after_seconds)),
               *shared_responder, start);
    }
}

void Dispatcher::startDeferred(const Route& route, std::shared_ptr<HttpRequest> request,
                               std::shared_ptr<Responder> responder, std::chrono::steady_clock::time_point start) const
{
    // Answered once: a second call (a handler that replied, then threw) is ignored.
    auto replied = std::make_shared<std::atomic<bool>>(false);
    const Reply reply = [this, &route, request, responder, start,
                         replied](const std::function<HttpResponse()>& produce) {
        if (replied->exchange(true)) return;
        finish(route.pattern, *request, answer(route, *request, produce), *responder, start);
    };
    try {
        route.deferred(*request, reply);
    } catch (...) {
        reply([error = std::current_exception()]() -> HttpResponse { std::rethrow_exception(error); });
    }
}

void Dispatcher::refuse(const ApiError& error, const HttpRequest& request, std::unique_ptr<Responder> responder) const
{
    finish("(refused)", request, errorResponse(error), *responder, std::chrono::steady_clock::now());
}

void Dispatcher::finish(const std::string& route, const HttpRequest& request, HttpResponse response,
                        Responder& responder, std::chrono::steady_clock::time_point start) const
{
    addSecurityHeaders(response);
    if (request.method == "HEAD") {
        // Headers only: body bytes after a HEAD's response would be read, on a kept-alive upstream
        // connection, as the start of the next response.
        response.body.clear();
        response.stream = nullptr;
    }
    const int status = response.status;
    const bool streamed = static_cast<bool>(response.stream);
    // A whole response is counted before it is written, so a client
    // that reads /metrics right after its answer sees it; a stream once produced (the writer thread sends the
    // rest at the client's pace).
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (!streamed) metrics_.observeRequest(route, request.method, status, elapsed);
    try {
        responder.send(std::move(response));
    } catch (const std::exception& e) {
        log_->warn("{} {}: could not send the response: {}", request.method, route, e.what());
    }
    if (streamed) {
        elapsed = std::chrono::steady_clock::now() - start;
        metrics_.observeRequest(route, request.method, status, elapsed);
    }
    if (options_.log_requests) {
        // Route pattern, never the path: a path may carry a token or an id.
        log_->info("{} {} {} {:.1f}ms{}", request.method, route, status,
                   std::chrono::duration<double, std::milli>(elapsed).count(), streamed ? " (streamed)" : "");
    }
}

}  // namespace tnt::http
