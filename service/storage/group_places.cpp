#include "service/storage/group_places.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "service/storage/lease_work.h"

namespace tnt::storage {

GroupPlaces::GroupPlaces(ConnectionPool& pool, Options options) : pool_(pool), options_(std::move(options))
{
    refresh();
    thread_ = std::thread([this] { run(); });
}

GroupPlaces::~GroupPlaces()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const GroupPlaces::Counts> GroupPlaces::counts() const
{
    const std::lock_guard lock(mutex_);
    return counts_;
}

void GroupPlaces::refresh()
{
    try {
        auto fresh = withLease(pool_, [](ConnectionPool::Lease& lease) {
            auto counts = std::make_shared<Counts>();
            std::unique_ptr<sql::ResultSet> rs(
                lease.prepare("SELECT code, registered, waitlisted FROM project_groups").executeQuery());
            while (rs->next()) (*counts)[rs->getString(1)] = domain::GroupCounts(rs->getInt64(2), rs->getInt64(3));
            return counts;
        });
        const std::lock_guard lock(mutex_);
        counts_ = std::move(fresh);
    } catch (const std::exception&) {
        // The database is away: the pages show no figures rather than old ones.
        const std::lock_guard lock(mutex_);
        counts_ = std::make_shared<const Counts>();
    }
}

void GroupPlaces::run()
{
    if (options_.on_thread_start) options_.on_thread_start();
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, options_.every, [this] { return stopping_; })) break;
        }
        refresh();
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

}  // namespace tnt::storage
