// Takes every request from the server: finds its route, runs the handler inline or on the worker pool,
// turns every error into the JSON error shape (never e.what() to a client), adds the security headers,
// then logs one line and records the metrics. Free of Pistache: the server hands it a Responder.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "service/http/http_message.h"
#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/http/trusted_proxies.h"
#include "service/http/worker_pool.h"

namespace spdlog {
class logger;
}

namespace tnt::http {

class ApiError;

// Sends one response; implemented on the client's socket (http_server.cpp), or by tests.
class Responder {
public:
    virtual ~Responder() = default;
    virtual void send(HttpResponse response) = 0;
};

class Dispatcher {
public:
    struct Options {
        std::size_t max_body_bytes = 1 << 20;
        int retry_after_seconds = 2;
        bool log_requests = true;
        TrustedProxies trusted_proxies;  // whose X-Forwarded-For names the client
    };

    Dispatcher(const Router& router, WorkerPool& workers, Metrics& metrics, std::shared_ptr<spdlog::logger> log,
               Options options);

    void dispatch(HttpRequest request, std::unique_ptr<Responder> responder) const;

    // Answers a request the server refused from its head alone (an announced body too large or ambiguous),
    // with the security headers, the log line and the metrics of any other response.
    void refuse(const ApiError& error, const HttpRequest& request, std::unique_ptr<Responder> responder) const;

    // Runs a handler and maps what it throws to a response. Public for unit tests.
    HttpResponse run(const Route& route, const HttpRequest& request) const;

    // A deferred route's body above this size is parsed on a worker rather than on Pistache's thread, which
    // other connections share.
    static constexpr std::size_t kDeferredOnReactorBytes = 64 * 1024;

private:
    // `produce`'s response, or what it throws mapped to one (the JSON error shape, never e.what()).
    HttpResponse answer(const Route& route, const HttpRequest& request,
                        const std::function<HttpResponse()>& produce) const;
    // Starts a deferred route; its Reply finishes the request from whichever thread calls it.
    void startDeferred(const Route& route, std::shared_ptr<HttpRequest> request, std::shared_ptr<Responder> responder,
                       std::chrono::steady_clock::time_point start) const;
    void finish(const std::string& route, const HttpRequest& request, HttpResponse response, Responder& responder,
                std::chrono::steady_clock::time_point start) const;

    const Router& router_;
    WorkerPool& workers_;
    Metrics& metrics_;
    std::shared_ptr<spdlog::logger> log_;
    Options options_;
};

// Renders an ApiError as the JSON error response with Retry-After when it has one.
HttpResponse errorResponse(const ApiError& error);

}  // namespace tnt::http
