#include "service/storage/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>

namespace tnt::storage {

Transaction::Transaction(ConnectionPool::Lease& lease) : lease_(lease)
{
    lease_.connection().setAutoCommit(false);
}

Transaction::~Transaction()
{
    if (done_) return;
    try {
        lease_.connection().rollback();
        lease_.connection().setAutoCommit(true);
    } catch (const sql::SQLException&) {
        lease_.markBroken();
    }
}

void Transaction::commit()
{
    lease_.connection().commit();
    lease_.connection().setAutoCommit(true);
    done_ = true;
}

}  // namespace tnt::storage
