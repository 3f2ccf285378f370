// One database transaction on a leased connection: rolled back unless committed, and a connection
// that failed mid-way is marked broken so the pool replaces it.
#pragma once

#include "service/storage/connection_pool.h"

namespace tnt::storage {

class Transaction {
public:
    explicit Transaction(ConnectionPool::Lease& lease);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    ConnectionPool::Lease& lease_;
    bool done_ = false;
};

}  // namespace tnt::storage
