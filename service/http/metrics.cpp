#include "service/http/metrics.h"

#include <fmt/format.h>

namespace tnt::http {

void Metrics::observeRequest(const std::string& route, const std::string& method, int status,
                             std::chrono::nanoseconds duration)
{
    const double seconds = std::chrono::duration<double>(duration).count();
    std::lock_guard lock(mutex_);
    ++requests_[{route, method, status}];
    auto& h = latency_[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::addCounter(const std::string& name, const std::string& help, std::function<double()> read)
{
    std::lock_guard lock(mutex_);
    sampled_[name] = Sampled{help, "counter", std::move(read)};
}

void Metrics::addGauge(const std::string& name, const std::string& help, std::function<double()> read)
{
    std::lock_guard lock(mutex_);
    sampled_[name] = Sampled{help, "gauge", std::move(read)};
}

void Metrics::increment(const std::string& name, double by)
{
    std::lock_guard lock(mutex_);
    counters_[name] += by;
}

std::string Metrics::render() const
{
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP tnt_http_requests_total HTTP requests by route pattern, method and status.\n";
    out += "# TYPE tnt_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [route, method, status] = key;
        out += fmt::format("tnt_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n", route, method,
                           status, count);
    }
    out += "# HELP tnt_http_request_duration_seconds Time from the request to the last byte handed to the socket.\n";
    out += "# TYPE tnt_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            out += fmt::format("tnt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                               kBuckets[i], h.buckets[i]);
        }
        out += fmt::format("tnt_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
        out += fmt::format("tnt_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
        out += fmt::format("tnt_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
    }
    for (const auto& [name, value] : counters_) {
        out += fmt::format("# TYPE {} counter\n{} {}\n", name, name, value);
    }
    for (const auto& [name, s] : sampled_) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, s.help, name, s.type, name, s.read());
    }
    return out;
}

}  // namespace tnt::http
