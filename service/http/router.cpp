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

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Execution execution)
{
    Compiled c;
    c.segments = splitPath(pattern);
    c.route = Route{std::move(method), std::move(pattern), std::move(handler), execution};
    routes_.push_back(std::move(c));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const
{
    const auto segments = splitPath(path);
    RouteMatch result;
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
        if (c.route.method == method || (method == "HEAD" && c.route.method == "GET")) {
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
