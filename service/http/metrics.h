// Prometheus metrics of the service: requests by route, method and status, a latency histogram by
// route, and gauges read at scrape time (database connections in use, worker queue). Labels are route
// patterns, never path values, so nothing personal reaches /metrics.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace tnt::http {

class Metrics {
public:
    void observeRequest(const std::string& route, const std::string& method, int status,
                        std::chrono::nanoseconds duration);
    void addCounter(const std::string& name, const std::string& help, std::function<double()> read);
    void addGauge(const std::string& name, const std::string& help, std::function<double()> read);
    void increment(const std::string& name, double by = 1.0);

    std::string render() const;

private:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
    struct Histogram {
        std::array<unsigned long long, kBuckets.size()> buckets{};
        unsigned long long count = 0;
        double sum = 0;
    };
    struct Sampled {
        std::string help;
        std::string type;
        std::function<double()> read;
    };

    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
    std::map<std::string, Histogram> latency_;
    std::map<std::string, Sampled> sampled_;
    std::map<std::string, double> counters_;
};

}  // namespace tnt::http
