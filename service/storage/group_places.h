// How many people each project group has, as the form pages and the form API show it: the capacity counter
// itself (project_groups.registered, the one the conditional UPDATE of a sign-up checks), read by a thread
// of its own every second, so that showing « 12 places restantes » costs a page no database round trip. The
// figures may be a second old; the capacity is still enforced when a sign-up is stored.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "service/domain/group_catalogue.h"
#include "service/storage/connection_pool.h"

namespace tnt::storage {

class GroupPlaces {
public:
    using Counts = std::map<std::string, domain::GroupCounts>;  // group code → places held, people waiting

    struct Options {
        std::chrono::milliseconds every{1000};
        std::function<void()> on_thread_start;
        std::function<void()> on_thread_stop;
    };

    // Reads once before returning (the first page has figures), then every `every` on its thread.
    GroupPlaces(ConnectionPool& pool, Options options);
    ~GroupPlaces();
    GroupPlaces(const GroupPlaces&) = delete;
    GroupPlaces& operator=(const GroupPlaces&) = delete;

    // The last counts read; empty while the database could not be read.
    std::shared_ptr<const Counts> counts() const;

private:
    void refresh();
    void run();

    ConnectionPool& pool_;
    Options options_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Counts> counts_ = std::make_shared<const Counts>();
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tnt::storage
