#include "service/storage/transaction.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>

namespace tnt::storage {
namespace {

// START TRANSACTION / COMMIT as statements: one round trip each, where Connector's setAutoCommit pair
// costs two SET autocommit round trips on top of the COMMIT.
void execute(ConnectionPool::Lease& lease, const char* sql)
{
    std::unique_ptr<sql::Statement> st(lease.connection().createStatement());
    st->execute(sql);
}

}  // namespace

Transaction::Transaction(ConnectionPool::Lease& lease, Kind kind) : lease_(lease)
{
    switch (kind) {
    case Kind::read_write:
        execute(lease_, "START TRANSACTION");
        break;
    case Kind::snapshot:
        execute(lease_, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        break;
    case Kind::read_committed:
        execute(lease_, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");  // the next transaction only
        execute(lease_, "START TRANSACTION");
        break;
    }
}

Transaction::~Transaction()
{
    if (done_) return;
    try {
        execute(lease_, "ROLLBACK");
    } catch (const sql::SQLException&) {
        lease_.markBroken();
    }
}

void Transaction::commit()
{
    execute(lease_, "COMMIT");
    done_ = true;
}

}  // namespace tnt::storage
