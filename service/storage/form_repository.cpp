#include "service/storage/form_repository.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <chrono>
#include <memory>
#include <thread>

#include "service/storage/driver_errors.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {

FormIds formIds(const std::map<std::string, FormRecord>& records)
{
    FormIds ids;
    for (const auto& [slug, record] : records) ids.emplace(slug, record.form_id);
    return ids;
}
namespace {

unsigned lastInsertId(ConnectionPool::Lease& lease)
{
    std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT LAST_INSERT_ID()").executeQuery());
    rs->next();
    return rs->getUInt(1);
}

void setOptionalTime(sql::PreparedStatement& st, int index, const std::optional<domain::Seconds>& t)
{
    if (t) {
        st.setString(index, toSqlDateTime(*t));
    } else {
        st.setNull(index, 0);
    }
}

FormRecord syncForm(ConnectionPool::Lease& lease, const domain::Form& form)
{
    FormRecord record;
    auto& upsert = lease.prepare("INSERT INTO forms (slug) VALUES (?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
    upsert.setString(1, form.slug);
    upsert.executeUpdate();
    record.form_id = lastInsertId(lease);

    auto& existing = lease.prepare("SELECT id, version FROM form_versions WHERE form_id = ? AND sha256 = ?");
    existing.setUInt(1, record.form_id);
    existing.setString(2, form.version);
    std::unique_ptr<sql::ResultSet> found(existing.executeQuery());
    if (found->next()) {
        record.version_id = found->getUInt(1);
        record.version_number = found->getUInt(2);
    } else {
        auto& last = lease.prepare("SELECT COALESCE(MAX(version), 0) FROM form_versions WHERE form_id = ? FOR UPDATE");
        last.setUInt(1, record.form_id);
        std::unique_ptr<sql::ResultSet> rs(last.executeQuery());
        rs->next();
        record.version_number = rs->getUInt(1) + 1;
        auto& insert = lease.prepare(
            "INSERT INTO form_versions (form_id, version, sha256, definition, opens_at, closes_at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        insert.setUInt(1, record.form_id);
        insert.setUInt(2, record.version_number);
        insert.setString(3, form.version);
        insert.setString(4, form.toJson().dump());
        setOptionalTime(insert, 5, form.window.opens_at);
        setOptionalTime(insert, 6, form.window.closes_at);
        insert.executeUpdate();
        record.version_id = lastInsertId(lease);
    }
    auto& current = lease.prepare("UPDATE forms SET current_version_id = ? WHERE id = ?");
    current.setUInt(1, record.version_id);
    current.setUInt(2, record.form_id);
    current.executeUpdate();
    return record;
}

void syncGroups(ConnectionPool::Lease& lease, const domain::GroupCatalogue& catalogue)
{
    // The counters (`registered`, `waitlisted`, `next_position`) are never touched here: they count the
    // sign-ups already stored. A capacity raised while people wait is filled by the offers' sweep.
    auto& upsert = lease.prepare(
        "INSERT INTO project_groups (code, name, capacity, registration_deadline, waitlist, offer_hours) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE name = VALUES(name), capacity = VALUES(capacity), "
        "registration_deadline = VALUES(registration_deadline), waitlist = VALUES(waitlist), "
        "offer_hours = VALUES(offer_hours)");
    // A group removed from the catalogue keeps its row (its sign-ups refer to it) but no longer offers
    // places from its waitlist: every flag is cleared, then the catalogue's groups set theirs again (one
    // transaction, so no sweep sees the cleared flags).
    lease.prepare("UPDATE project_groups SET waitlist = 0").executeUpdate();
    for (const auto& g : catalogue.groups) {
        upsert.setString(1, g.code);
        upsert.setString(2, g.name);
        if (g.capacity) {
            upsert.setUInt(3, static_cast<unsigned>(*g.capacity));
        } else {
            upsert.setNull(3, 0);
        }
        setOptionalTime(upsert, 4, g.registration_deadline);
        upsert.setBoolean(5, g.waitlist);
        upsert.setUInt(6, static_cast<unsigned>(g.offer_hours));
        upsert.executeUpdate();
    }
}

}  // namespace

std::map<std::string, FormRecord> FormRepository::sync(const std::vector<domain::Form>& forms,
                                                       const domain::GroupCatalogue* catalogue)
{
    // Instances starting together (on one server, or on two Galera nodes where a conflict surfaces as a
    // deadlock at commit) may sync at the same moment: the loser retries and finds the winner's rows.
    for (int attempt = 1;; ++attempt) {
        auto lease = pool_.acquire();
        try {
            std::map<std::string, FormRecord> records;
            Transaction tx(lease);
            if (catalogue != nullptr) syncGroups(lease, *catalogue);
            for (const auto& form : forms) records[form.slug] = syncForm(lease, form);
            tx.commit();
            return records;
        } catch (const sql::SQLException& e) {
            const bool retry = (isRetryableConflict(e) || e.getErrorCode() == kErrDuplicateKey) && attempt < 8;
            if (!retry) {
                lease.markBroken();
                throwStorageError(e, &lease);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    }
}

}  // namespace tnt::storage
