#include "service/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace tnt::http {

RateLimiter::RateLimiter(int per_minute, std::size_t max_tracked)
    : capacity_(per_minute), per_second_(per_minute / 60.0), max_tracked_(max_tracked)
{
}

bool RateLimiter::allow(const std::string& address, std::chrono::steady_clock::time_point now, int& retry_after_seconds)
{
    if (capacity_ <= 0) return true;
    std::lock_guard lock(mutex_);
    if (buckets_.size() >= max_tracked_) forgetIdle(now);
    auto [it, inserted] = buckets_.try_emplace(address, Bucket{capacity_, now});
    auto& b = it->second;
    if (!inserted) refill(b, now);
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    retry_after_seconds = retryAfter(b);
    return false;
}

bool RateLimiter::exhausted(const std::string& address, std::chrono::steady_clock::time_point now,
                            int& retry_after_seconds)
{
    if (capacity_ <= 0) return false;
    std::lock_guard lock(mutex_);
    const auto it = buckets_.find(address);
    if (it == buckets_.end()) return false;
    refill(it->second, now);
    if (it->second.tokens >= 1.0) return false;
    retry_after_seconds = retryAfter(it->second);
    return true;
}

void RateLimiter::refill(Bucket& b, std::chrono::steady_clock::time_point now) const
{
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(capacity_, b.tokens + elapsed * per_second_);
    b.updated = now;
}

int RateLimiter::retryAfter(const Bucket& b) const
{
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

void RateLimiter::forgetIdle(std::chrono::steady_clock::time_point now)
{
    // A bucket that would be full again carries no information: drop it.
    const auto refill = std::chrono::duration<double>(capacity_ / per_second_);
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        if (now - it->second.updated >= refill) {
            it = buckets_.erase(it);
        } else {
            ++it;
        }
    }
    if (buckets_.size() >= max_tracked_) buckets_.clear();  // under a flood, forget rather than grow
}

}  // namespace tnt::http
