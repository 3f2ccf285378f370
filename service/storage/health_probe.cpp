#include "service/storage/health_probe.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/database_error.h"

namespace tnt::storage {

bool HealthProbe::databaseAnswers()
{
    try {
        auto lease = pool_.acquire();
        try {
            std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT 1").executeQuery());
            return rs->next() && rs->getInt(1) == 1;
        } catch (const sql::SQLException&) {
            lease.markBroken();
            return false;
        }
    } catch (const DatabaseUnavailable&) {
        return false;
    }
}

}  // namespace tnt::storage
