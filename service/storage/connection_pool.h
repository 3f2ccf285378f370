// A bounded pool of Connector/C++ connections. A lease gives one thread one connection at a time with
// its prepared statements cached; a connection that failed is dropped on return and replaced on a later
// acquire, so the pool survives a database restart without restarting the service.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "service/storage/database_settings.h"

namespace sql {
class Connection;
class Driver;
class PreparedStatement;
}  // namespace sql

namespace tnt::storage {

class ConnectionPool {
public:
    struct Options {
        std::size_t size = 16;
        std::chrono::milliseconds acquire_timeout{2000};
        // A connection idle longer than this is pinged before use, so a restarted database is noticed
        // before a request fails on it.
        std::chrono::milliseconds validate_after_idle{1000};
    };

    class Lease;

    ConnectionPool(sql::Driver& driver, DatabaseSettings settings, Options options);
    // Over MySQL Connector/C++'s MariaDB driver, the service's: callers need not know the driver.
    ConnectionPool(DatabaseSettings settings, Options options);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // Throws DatabaseUnavailable when no connection can be had within the acquire timeout.
    Lease acquire();

    // The driver's per-thread set-up and tear-down, for every thread that will use a lease (the driver
    // keeps per-thread state in the client library).
    void threadInit();
    void threadEnd();

    std::size_t capacity() const { return options_.size; }
    std::size_t inUse() const;
    std::size_t open() const;

    // Closes the idle connections; leases still out close theirs when returned.
    void close();

private:
    struct Slot;
    void giveBack(std::unique_ptr<Slot> slot, bool broken);
    std::unique_ptr<Slot> connect();

    sql::Driver& driver_;
    const DatabaseSettings settings_;
    const Options options_;

    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Slot>> idle_;
    std::size_t open_ = 0;  // connections that exist or are being opened
    std::size_t in_use_ = 0;
    bool closed_ = false;
};

class ConnectionPool::Lease {
public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    sql::Connection& connection();
    // The prepared statement for this SQL on this connection, prepared once and reused.
    sql::PreparedStatement& prepare(const std::string& sql);
    // Call when an error left the connection unusable; it is closed instead of going back to the pool.
    void markBroken() { broken_ = true; }

private:
    friend class ConnectionPool;
    Lease(ConnectionPool& pool, std::unique_ptr<Slot> slot);

    ConnectionPool* pool_;
    std::unique_ptr<Slot> slot_;
    bool broken_ = false;
};

}  // namespace tnt::storage
