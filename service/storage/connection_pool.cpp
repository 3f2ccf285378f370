#include "service/storage/connection_pool.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include "service/storage/database_error.h"

namespace tnt::storage {

struct ConnectionPool::Slot {
    std::unique_ptr<sql::Connection> connection;
    std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements;
    std::chrono::steady_clock::time_point last_used;
};

ConnectionPool::ConnectionPool(sql::Driver& driver, DatabaseSettings settings, Options options)
    : driver_(driver), settings_(std::move(settings)), options_(options)
{
}

ConnectionPool::ConnectionPool(DatabaseSettings settings, Options options)
    : ConnectionPool(*sql::mysql::get_mysql_driver_instance(), std::move(settings), options)
{
}

ConnectionPool::~ConnectionPool()
{
    close();
}

void ConnectionPool::threadInit()
{
    driver_.threadInit();
}

void ConnectionPool::threadEnd()
{
    driver_.threadEnd();
}

std::unique_ptr<ConnectionPool::Slot> ConnectionPool::connect()
{
    sql::ConnectOptionsMap props;
    if (!settings_.socket.empty()) {
        props["hostName"] = sql::SQLString("localhost");
        props["socket"] = sql::SQLString(settings_.socket);
    } else {
        props["hostName"] = sql::SQLString(settings_.host);
        props["port"] = settings_.port;
    }
    props["userName"] = sql::SQLString(settings_.user);
    props["password"] = sql::SQLString(settings_.password);
    props["schema"] = sql::SQLString(settings_.name);
    props["OPT_CONNECT_TIMEOUT"] = static_cast<int>(settings_.connect_timeout.count());
    props["OPT_READ_TIMEOUT"] = static_cast<int>(settings_.read_timeout.count());
    props["OPT_WRITE_TIMEOUT"] = static_cast<int>(settings_.read_timeout.count());
    props["OPT_RECONNECT"] = false;  // a silent reconnect would lose the transaction's state
    props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");

    auto slot = std::make_unique<Slot>();
    try {
        slot->connection.reset(driver_.connect(props));
        std::unique_ptr<sql::Statement> st(slot->connection->createStatement());
        st->execute("SET time_zone = '+00:00', NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (const sql::SQLException& e) {
        // The message may name the user or the host, never the password: keep it for the log.
        throw DatabaseUnavailable("cannot connect to " + settings_.describe() + ": " + e.what());
    }
    slot->last_used = std::chrono::steady_clock::now();
    return slot;
}

ConnectionPool::Lease ConnectionPool::acquire()
{
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
    while (true) {
        if (closed_) throw DatabaseUnavailable("connection pool closed");
        if (!idle_.empty()) {
            auto slot = std::move(idle_.back());
            idle_.pop_back();
            ++in_use_;
            lock.unlock();
            const auto idle_for = std::chrono::steady_clock::now() - slot->last_used;
            if (idle_for < options_.validate_after_idle) return Lease(*this, std::move(slot));
            bool valid = false;
            try {
                valid = slot->connection->isValid();
            } catch (const sql::SQLException&) {
                valid = false;
            }
            if (valid) return Lease(*this, std::move(slot));
            // Replace the dead connection in place: its place in the pool stays reserved.
            slot.reset();
            try {
                return Lease(*this, connect());
            } catch (...) {
                lock.lock();
                --in_use_;
                --open_;
                available_.notify_one();
                throw;
            }
        }
        if (open_ < options_.size) {
            ++open_;
            ++in_use_;
            lock.unlock();
            try {
                return Lease(*this, connect());
            } catch (...) {
                lock.lock();
                --open_;
                --in_use_;
                available_.notify_one();
                throw;
            }
        }
        if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
            open_ >= options_.size) {
            throw DatabaseUnavailable("no database connection free within the acquire timeout");
        }
    }
}

void ConnectionPool::giveBack(std::unique_ptr<Slot> slot, bool broken)
{
    std::unique_lock lock(mutex_);
    --in_use_;
    if (broken || closed_) {
        --open_;
        lock.unlock();
        slot.reset();  // closes outside the lock: closing a dead socket may block briefly
        available_.notify_one();
        return;
    }
    slot->last_used = std::chrono::steady_clock::now();
    idle_.push_back(std::move(slot));
    lock.unlock();
    available_.notify_one();
}

std::size_t ConnectionPool::inUse() const
{
    std::lock_guard lock(mutex_);
    return in_use_;
}

std::size_t ConnectionPool::open() const
{
    std::lock_guard lock(mutex_);
    return open_;
}

void ConnectionPool::close()
{
    std::vector<std::unique_ptr<Slot>> closing;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        closing.swap(idle_);
        open_ -= closing.size();
    }
    available_.notify_all();
}

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<Slot> slot) : pool_(&pool), slot_(std::move(slot)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), slot_(std::move(other.slot_)), broken_(other.broken_)
{
}

ConnectionPool::Lease::~Lease()
{
    if (slot_) pool_->giveBack(std::move(slot_), broken_);
}

sql::Connection& ConnectionPool::Lease::connection()
{
    return *slot_->connection;
}

sql::PreparedStatement& ConnectionPool::Lease::prepare(const std::string& sql)
{
    auto& cached = slot_->statements[sql];
    if (!cached) cached.reset(slot_->connection->prepareStatement(sql));
    return *cached;
}

}  // namespace tnt::storage
