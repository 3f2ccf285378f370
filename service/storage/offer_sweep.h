// The service's background thread that ends lapsed offers and offers free places to the people waiting
// (RegistrationRepository::sweep), every `every`. Safe with several instances: each group is swept under
// its row lock, and a group another instance is sweeping is skipped until the next round.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "service/storage/registration_repository.h"
#include "service/submission/clock.h"

namespace tnt::storage {

class OfferSweep {
public:
    struct Options {
        std::chrono::milliseconds every{30000};
        std::function<void()> on_thread_start;  // the database driver's per-thread init
        std::function<void()> on_thread_stop;
        std::function<void(std::size_t)> on_changes;  // offers ended or made in one round (when any)
        std::function<void(const std::string&)> on_failure;  // a round that failed (the database away…)
    };

    OfferSweep(RegistrationRepository& registrations, const submission::Clock& clock, Options options);
    ~OfferSweep();
    OfferSweep(const OfferSweep&) = delete;
    OfferSweep& operator=(const OfferSweep&) = delete;

private:
    void run();

    RegistrationRepository& registrations_;
    const submission::Clock& clock_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tnt::storage
