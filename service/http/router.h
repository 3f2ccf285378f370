// Maps a method and a path to a handler. Patterns are literal segments and {name} parameters
// ("/api/v1/forms/{slug}"). Each route has one spelling: "/metrics/" or "/f//x" match nothing, so a rule
// of the reverse proxy written for the exact path cannot be walked around. The pattern itself names the route in logs and metrics, so metrics never
// carry the values of a path (no personal data, bounded cardinality).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "service/http/http_message.h"

namespace tnt::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// How a deferred handler answers, once, from whichever thread finishes its work: `produce` returns the
// response or throws, and what it throws is answered as a handler's exception would be.
using Reply = std::function<void(const std::function<HttpResponse()>& produce)>;
// Starts the work and returns at once, never blocking; the work calls the Reply when it is done.
using DeferredHandler = std::function<void(const HttpRequest&, Reply)>;

enum class Execution {
    inline_on_reactor,  // cheap, never blocks: answered on Pistache's thread
    worker_pool,  // touches the database or the disk: runs on the bounded worker pool
    // Starts on Pistache's thread (on a worker when the body is large) and is answered by the thread that
    // completes it — a submission by the database writer that committed it: no thread waits for the commit.
    deferred,
};

struct Route {
    std::string method;
    std::string pattern;
    Handler handler;  // worker_pool and inline_on_reactor
    Execution execution = Execution::worker_pool;
    DeferredHandler deferred;  // Execution::deferred
};

struct RouteMatch {
    const Route* route = nullptr;  // null: no route for this method
    std::vector<std::string> allowed;  // methods of the path when route is null (405), empty for 404
    std::map<std::string, std::string> params;
    // When the path is not written canonically (an empty segment, a trailing slash) nothing matches, and
    // this is the canonical path a GET may be redirected to ("/pilote/" → "/pilote"), if a GET route has it.
    std::string canonical_get;
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler, Execution execution = Execution::worker_pool);
    void addDeferred(std::string method, std::string pattern, DeferredHandler handler);
    RouteMatch match(const std::string& method, const std::string& path) const;
    // Every route, in the order added: what the API description (docs/openapi.json) is checked against.
    std::vector<const Route*> routes() const;

private:
    struct Compiled {
        Route route;
        std::vector<std::string> segments;
    };
    std::vector<Compiled> routes_;
};

}  // namespace tnt::http
