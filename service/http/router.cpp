#include "service/http/router.h"

#include <algorithm>

namespace tnt::http {
namespace {

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

bool isParam(const std::string& segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "/" or segments separated by single slashes, without a trailing one.
bool isCanonical(const std::string& path)
{
    if (path == "/") return true;
    return !path.empty() && path.front() == '/' && path.back() != '/' && path.find("//") == std::string::npos;
}

std::string canonicalOf(const std::string& path)
{
    std::string out;
    for (const auto& segment : splitPath(path)) out += "/" + segment;
    return out.empty() ? "/" : out;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Execution execution)
{
    Compiled c;
    c.segments = splitPath(pattern);
    c.route = Route{std::move(method), std::move(pattern), std::move(handler), execution, {}};
    routes_.push_back(std::move(c));
}

void Router::addDeferred(std::string method, std::string pattern, DeferredHandler handler)
{
    Compiled c;
    c.segments = splitPath(pattern);
    c.route = Route{std::move(method), std::move(pattern), {}, Execution::deferred, std::move(handler)};
    routes_.push_back(std::move(c));
}

std::vector<const Route*> Router::routes() const
{
    std::vector<const Route*> out;
    out.reserve(routes_.size());
    for (const auto& c : routes_) out.push_back(&c.route);
    return out;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const
{
    RouteMatch result;
    if (!isCanonical(path)) {
        const auto canonical = canonicalOf(path);
        if (isCanonical(canonical) && match("GET", canonical).route != nullptr) result.canonical_get = canonical;
        return result;
    }
    const auto segments = splitPath(path);
    for (const auto& c : routes_) {
        if (c.segments.size() != segments.size()) continue;
        std::map<std::string, std::string> params;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            if (isParam(c.segments[i])) {
                params[c.segments[i].substr(1, c.segments[i].size() - 2)] = segments[i];
            } else {
                ok = c.segments[i] == segments[i];
            }
        }
        if (!ok) continue;
        // HEAD is a GET without its body, for the cheap routes only: a worker route's GET (an export, the
        // statistics) would do its work and log an export for nothing; there HEAD is 405.
        const bool head_of_get =
            method == "HEAD" && c.route.method == "GET" && c.route.execution == Execution::inline_on_reactor;
        if (c.route.method == method || head_of_get) {
            result.route = &c.route;
            result.params = std::move(params);
            result.allowed.clear();
            return result;
        }
        if (std::find(result.allowed.begin(), result.allowed.end(), c.route.method) == result.allowed.end()) {
            result.allowed.push_back(c.route.method);
        }
    }
    return result;
}

}  // namespace tnt::http
