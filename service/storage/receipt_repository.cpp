#include "service/storage/receipt_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/lease_work.h"
#include "service/storage/registration_repository.h"
#include "service/storage/sql_time.h"

namespace tnt::storage {

Receipt ReceiptRepository::find(const std::string& form_slug, const std::string& receipt_hash)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) { return find(lease, form_slug, receipt_hash); });
}

Receipt ReceiptRepository::find(ConnectionPool::Lease& lease, const std::string& form_slug,
                                const std::string& receipt_hash)
{
    Receipt receipt;
    auto& st = lease.prepare(
        "SELECT r.public_id, r.submitted_at, r.id, r.answers, r.updated_at FROM responses r "
        "JOIN forms f ON f.id = r.form_id "
        "WHERE f.slug = ? AND r.receipt_hash = ?");
    st.setString(1, form_slug);
    st.setString(2, receipt_hash);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (rs->next()) {
        receipt.state = ReceiptState::found;
        receipt.public_id = rs->getString(1);
        receipt.submitted_at = fromSqlDateTime(rs->getString(2));
        receipt.answers = rs->getString(4);
        if (!rs->isNull(5)) receipt.updated_at = fromSqlDateTime(rs->getString(5));
        receipt.placements = RegistrationRepository::placements(lease, rs->getUInt64(3));
        for (const auto& p : receipt.placements) receipt.groups.push_back(p.group);
        return receipt;
    }
    auto& deleted = lease.prepare(
        "SELECT 1 FROM deleted_receipts d JOIN forms f ON f.id = d.form_id WHERE f.slug = ? AND d.receipt_hash = ?");
    deleted.setString(1, form_slug);
    deleted.setString(2, receipt_hash);
    std::unique_ptr<sql::ResultSet> gone(deleted.executeQuery());
    if (gone->next()) receipt.state = ReceiptState::deleted;
    return receipt;
}

void ReceiptRepository::recordDeleted(ConnectionPool::Lease& lease, unsigned form_id, const std::string& receipt_hash)
{
    auto& st = lease.prepare(
        "INSERT IGNORE INTO deleted_receipts (receipt_hash, form_id, deleted_at) VALUES (?, ?, UTC_TIMESTAMP(6))");
    st.setString(1, receipt_hash);
    st.setUInt(2, form_id);
    st.executeUpdate();
}

}  // namespace tnt::storage
