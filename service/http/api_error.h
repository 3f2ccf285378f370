// The one error type of the service: a machine code, an HTTP status, a French sentence for people and
// optional details (fields, closes_at…). Rendered in one place as {"error", "message", …}. The internal
// cause of a 500 or 503 is logged, never sent.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace tnt::http {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, std::string message, nlohmann::json details = nlohmann::json::object());

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& message() const { return message_; }
    const nlohmann::json& details() const { return details_; }
    // Seconds for a Retry-After header (429, 503), 0 for none.
    int retryAfter() const { return retry_after_; }
    ApiError& withRetryAfter(int seconds)
    {
        retry_after_ = seconds;
        return *this;
    }

    nlohmann::json toJson() const;

    static ApiError notFound();
    static ApiError unavailable(int retry_after_seconds = 2);
    static ApiError internal();

private:
    int status_;
    std::string code_;
    std::string message_;
    nlohmann::json details_;
    int retry_after_ = 0;
};

}  // namespace tnt::http
