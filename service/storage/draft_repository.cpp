#include "service/storage/draft_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/lease_work.h"
#include "service/storage/outbox_repository.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

StoredDraft readDraft(sql::ResultSet& rs)
{
    StoredDraft d;
    d.answers = rs.getString(1);
    d.step = rs.getUInt(2);
    d.updated_at = fromSqlDateTime(rs.getString(3));
    d.expires_at = fromSqlDateTime(rs.getString(4));
    if (!rs.isNull(5)) d.invitation = rs.getUInt64(5);
    return d;
}

bool removeOne(ConnectionPool::Lease& lease, const std::string& form_slug, const std::string& secret_hash)
{
    auto& st =
        lease.prepare("DELETE d FROM drafts d JOIN forms f ON f.id = d.form_id WHERE f.slug = ? AND d.secret_hash = ?");
    st.setString(1, form_slug);
    st.setString(2, secret_hash);
    return st.executeUpdate() > 0;
}

}  // namespace

bool DraftRepository::create(const std::string& form_slug, const std::string& secret_hash, const StoredDraft& draft,
                             std::chrono::system_clock::time_point now)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        // A draft of the same secret (an invitation's, two tabs at once) is left as it is: 0 rows.
        auto& st = lease.prepare(
            "INSERT INTO drafts (secret_hash, form_id, answers, step, created_at, updated_at, expires_at, "
            "invitation_id) SELECT ?, f.id, ?, ?, ?, ?, ?, ? FROM forms f WHERE f.slug = ? "
            "ON DUPLICATE KEY UPDATE drafts.secret_hash = drafts.secret_hash");
        st.setString(1, secret_hash);
        st.setString(2, draft.answers);
        st.setUInt(3, static_cast<unsigned>(draft.step));
        st.setString(4, toSqlDateTime(now));
        st.setString(5, toSqlDateTime(now));
        st.setString(6, toSqlDateTime(draft.expires_at));
        if (draft.invitation) {
            st.setUInt64(7, *draft.invitation);
        } else {
            st.setNull(7, 0);
        }
        st.setString(8, form_slug);
        return st.executeUpdate() > 0;
    });
}

std::optional<StoredDraft> DraftRepository::find(const std::string& form_slug, const std::string& secret_hash,
                                                 std::chrono::system_clock::time_point now)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<StoredDraft> {
        auto& st = lease.prepare(
            "SELECT d.answers, d.step, d.updated_at, d.expires_at, d.invitation_id FROM drafts d JOIN forms f ON f.id "
            "= d.form_id "
            "WHERE f.slug = ? AND d.secret_hash = ?");
        st.setString(1, form_slug);
        st.setString(2, secret_hash);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        auto draft = readDraft(*rs);
        if (draft.expires_at <= now) {
            removeOne(lease, form_slug, secret_hash);
            return std::nullopt;
        }
        return draft;
    });
}

std::optional<StoredDraft> DraftRepository::update(const std::string& form_slug, const std::string& secret_hash,
                                                   std::chrono::system_clock::time_point now,
                                                   const std::function<void(StoredDraft&)>& edit)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<StoredDraft> {
        Transaction tx(lease);
        auto& st = lease.prepare(
            "SELECT d.answers, d.step, d.updated_at, d.expires_at, d.invitation_id FROM drafts d JOIN forms f ON f.id "
            "= d.form_id "
            "WHERE f.slug = ? AND d.secret_hash = ? FOR UPDATE");
        st.setString(1, form_slug);
        st.setString(2, secret_hash);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        auto draft = readDraft(*rs);
        rs.reset();
        if (draft.expires_at <= now) {
            removeOne(lease, form_slug, secret_hash);
            tx.commit();
            return std::nullopt;
        }
        edit(draft);
        draft.updated_at = now;
        auto& up = lease.prepare(
            "UPDATE drafts SET answers = ?, step = ?, updated_at = ?, expires_at = ? WHERE secret_hash = ?");
        up.setString(1, draft.answers);
        up.setUInt(2, static_cast<unsigned>(draft.step));
        up.setString(3, toSqlDateTime(now));
        up.setString(4, toSqlDateTime(draft.expires_at));
        up.setString(5, secret_hash);
        up.executeUpdate();
        tx.commit();
        return draft;
    });
}

bool DraftRepository::remove(const std::string& form_slug, const std::string& secret_hash)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) { return removeOne(lease, form_slug, secret_hash); });
}

void DraftRepository::queueMail(const submission::OutgoingMail& mail)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) { queueOutboxMail(lease, mail); });
}

std::size_t DraftRepository::purgeExpired(std::chrono::system_clock::time_point now, bool dry_run)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::size_t {
        if (dry_run) {
            auto& st = lease.prepare("SELECT COUNT(*) FROM drafts WHERE expires_at <= ?");
            st.setString(1, toSqlDateTime(now));
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            return rs->next() ? rs->getUInt64(1) : 0;
        }
        auto& st = lease.prepare("DELETE FROM drafts WHERE expires_at <= ?");
        st.setString(1, toSqlDateTime(now));
        return static_cast<std::size_t>(st.executeUpdate());
    });
}

}  // namespace tnt::storage
