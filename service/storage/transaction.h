// One database transaction on a leased connection: rolled back unless committed, and a connection
// that failed mid-way is marked broken so the pool replaces it.
#pragma once

#include "service/storage/connection_pool.h"

namespace tnt::storage {

class Transaction {
public:
    enum class Kind {
        read_write,
        snapshot,  // read only, every read from the one snapshot taken at the start
        read_committed,  // locking reads take the rows they return and no gaps: inserts beside them go on
    };
    explicit Transaction(ConnectionPool::Lease& lease, Kind kind = Kind::read_write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    ConnectionPool::Lease& lease_;
    bool done_ = false;
};

}  // namespace tnt::storage
