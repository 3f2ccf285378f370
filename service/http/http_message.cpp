#include "service/http/http_message.h"

namespace tnt::http {

std::optional<std::string> HttpRequest::header(const std::string& lowercase_name) const
{
    const auto it = headers.find(lowercase_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> HttpRequest::queryValue(const std::string& name) const
{
    const auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::string HttpRequest::param(const std::string& name) const
{
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

HttpResponse& HttpResponse::header(std::string name, std::string value)
{
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

HttpResponse HttpResponse::json(int status, std::string body)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.header("Content-Type", "application/json; charset=utf-8");
    return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string content_type)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.header("Content-Type", std::move(content_type));
    return r;
}

HttpResponse HttpResponse::html(int status, std::string body)
{
    return text(status, std::move(body), "text/html; charset=utf-8");
}

HttpResponse HttpResponse::redirect(std::string location)
{
    HttpResponse r;
    r.status = 303;
    r.header("Location", std::move(location));
    return r;
}

}  // namespace tnt::http
