// Per-address rate limit (submissions; failed pilot authentications): a token bucket per client address, kept in memory only (never
// stored, never logged), refilled continuously. A burst of `per_minute` is allowed, then one more every
// 60/per_minute seconds.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tnt::http {

class RateLimiter {
public:
    // per_minute = 0 disables the limit.
    explicit RateLimiter(int per_minute, std::size_t max_tracked = 100000);

    // True when the address may submit now; otherwise `retry_after_seconds` says when it may.
    bool allow(const std::string& address, std::chrono::steady_clock::time_point now, int& retry_after_seconds);
    // True when the address has used its allowance (without using any): `retry_after_seconds` says when
    // it may again. For limits counted on failures only, checked before the attempt.
    bool exhausted(const std::string& address, std::chrono::steady_clock::time_point now, int& retry_after_seconds);

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point updated;
    };
    void forgetIdle(std::chrono::steady_clock::time_point now);
    void refill(Bucket& b, std::chrono::steady_clock::time_point now) const;
    int retryAfter(const Bucket& b) const;

    const double capacity_;
    const double per_second_;
    const std::size_t max_tracked_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tnt::http
