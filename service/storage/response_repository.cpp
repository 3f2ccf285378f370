#include "service/storage/response_repository.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <memory>

#include "service/storage/answer_rows_column.h"
#include "service/storage/database_error.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"
#include "service/submission/submission_refused.h"

namespace tnt::storage {
namespace {

constexpr int kDuplicateKey = 1062;
constexpr int kDeadlock = 1213;
constexpr int kAttempts = 4;

std::string placeholders(std::size_t rows, const char* row)
{
    std::string sql;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i > 0) sql += ", ";
        sql += row;
    }
    return sql;
}

// Thrown inside the transaction to roll it back and answer with the earlier response.
struct IdempotentReplay {};

// Inserts `rows` rows with multi-row INSERTs of power-of-two sizes, so a connection caches at most a dozen
// prepared statements per table whatever the batch sizes, and the server's prepared-statement count stays
// bounded. `bind(statement, first_index, row)` binds one row's values.
template <typename Row, typename Bind>
void insertRows(ConnectionPool::Lease& lease, const std::string& prefix, const char* row_placeholders,
                const std::vector<Row>& rows, Bind bind)
{
    std::size_t done = 0;
    while (done < rows.size()) {
        std::size_t chunk = 1;
        while (chunk * 2 <= rows.size() - done && chunk < 256) chunk *= 2;
        auto& st = lease.prepare(prefix + placeholders(chunk, row_placeholders));
        int index = 1;
        for (std::size_t i = 0; i < chunk; ++i) index = bind(st, index, rows[done + i]);
        st.executeUpdate();
        done += chunk;
    }
}

// Which of `claims` another response holds already (the unique index refused one of them).
std::vector<std::string> takenClaims(ConnectionPool::Lease& lease, unsigned form_id, const std::vector<std::string>& claims)
{
    auto& st = lease.prepare("SELECT claim FROM unique_claims WHERE form_id = ? AND claim IN (" +
                             placeholders(claims.size(), "?") + ") LOCK IN SHARE MODE");
    st.setUInt(1, form_id);
    for (std::size_t i = 0; i < claims.size(); ++i) st.setString(static_cast<int>(i) + 2, claims[i]);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    std::vector<std::string> taken;
    while (rs->next()) taken.push_back(rs->getString(1));
    return taken;
}

}  // namespace

ResponseRepository::ResponseRepository(ConnectionPool& pool, std::map<std::string, FormRecord> forms)
    : pool_(pool), forms_(std::move(forms))
{
}

const FormRecord& ResponseRepository::record(const std::string& slug) const
{
    const auto it = forms_.find(slug);
    if (it == forms_.end()) throw std::logic_error("form " + slug + " was not synchronised at start-up");
    return it->second;
}

std::optional<submission::StoredResponse> ResponseRepository::findByKey(ConnectionPool::Lease& lease, unsigned form_id,
                                                                        const std::string& key)
{
    auto& st = lease.prepare(
        "SELECT public_id, submitted_at, request_hash FROM responses WHERE form_id = ? AND idempotency_key = ?");
    st.setUInt(1, form_id);
    st.setString(2, key);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return std::nullopt;
    submission::StoredResponse earlier{rs->getString(1), fromSqlDateTime(rs->getString(2)), true, {}, {}};
    if (!rs->isNull(3)) earlier.request_hash = rs->getString(3);
    return earlier;
}

std::optional<submission::StoredResponse> ResponseRepository::findByIdempotencyKey(const std::string& form_slug,
                                                                                   const std::string& key)
{
    auto lease = pool_.acquire();
    try {
        return findByKey(lease, record(form_slug).form_id, key);
    } catch (const sql::SQLException& e) {
        if (isConnectionLost(e)) lease.markBroken();
        throw;
    }
}

submission::StoredResponse ResponseRepository::storeOnce(ConnectionPool::Lease& lease,
                                                         const submission::NewResponse& r, const FormRecord& form)
{
    Transaction tx(lease);
    auto& insert = lease.prepare(
        "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, idempotency_key, source, answers, "
        "answer_rows, receipt_hash, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setString(1, r.public_id);
    insert.setUInt(2, form.form_id);
    insert.setUInt(3, form.version_id);
    insert.setString(4, toSqlDateTime(r.submitted_at));
    if (r.idempotency_key) {
        insert.setString(5, *r.idempotency_key);
    } else {
        insert.setNull(5, 0);
    }
    if (r.source.empty()) {
        insert.setNull(6, 0);
    } else {
        insert.setString(6, r.source);
    }
    insert.setString(7, r.answers.dump());
    insert.setString(8, encodeAnswerRows(r.rows));
    if (r.receipt_hash) {
        insert.setString(9, *r.receipt_hash);
    } else {
        insert.setNull(9, 0);
    }
    if (r.request_hash.empty()) {
        insert.setNull(10, 0);
    } else {
        insert.setString(10, r.request_hash);
    }
    try {
        insert.executeUpdate();
    } catch (const sql::SQLException& e) {
        // A concurrent request with the same key won the race: answer with its response.
        if (e.getErrorCode() == kDuplicateKey && r.idempotency_key) throw IdempotentReplay{};
        throw;
    }
    std::unique_ptr<sql::ResultSet> id_rs(lease.prepare("SELECT LAST_INSERT_ID()").executeQuery());
    id_rs->next();
    const auto response_id = id_rs->getUInt64(1);

    if (!r.claims.empty()) {
        auto& claims = lease.prepare("INSERT INTO unique_claims (form_id, claim, response_id) VALUES " +
                                     placeholders(r.claims.size(), "(?, ?, ?)"));
        int i = 1;
        for (const auto& claim : r.claims) {
            claims.setUInt(i++, form.form_id);
            claims.setString(i++, claim);
            claims.setUInt64(i++, response_id);
        }
        try {
            claims.executeUpdate();
        } catch (const sql::SQLException& e) {
            if (e.getErrorCode() == kDuplicateKey) {
                throw submission::SubmissionRefused::alreadyRegistered(takenClaims(lease, form.form_id, r.claims));
            }
            throw;
        }
    }

    if (!r.groups.empty()) {
        // Sorted, so two sign-ups to the same groups lock their rows in the same order (no deadlock).
        auto groups = r.groups;
        std::sort(groups.begin(), groups.end());
        auto& take = lease.prepare(
            "UPDATE project_groups SET registered = registered + 1 "
            "WHERE code = ? AND (capacity IS NULL OR registered < capacity)");
        for (const auto& code : groups) {
            take.setString(1, code);
            if (take.executeUpdate() == 0) {
                auto& name = lease.prepare("SELECT name FROM project_groups WHERE code = ?");
                name.setString(1, code);
                std::unique_ptr<sql::ResultSet> rs(name.executeQuery());
                throw submission::SubmissionRefused::groupFull(code, rs->next() ? std::string(rs->getString(1)) : code);
            }
        }
        auto& registrations = lease.prepare("INSERT INTO registrations (response_id, group_code, form_id) VALUES " +
                                            placeholders(groups.size(), "(?, ?, ?)"));
        int i = 1;
        for (const auto& code : groups) {
            registrations.setUInt64(i++, response_id);
            registrations.setString(i++, code);
            registrations.setUInt(i++, form.form_id);
        }
        registrations.executeUpdate();
    }
    // Counted into the statistics later, by the folder (schema/0004_count_pending.sql).
    auto& pending = lease.prepare("INSERT INTO count_pending (response_id) VALUES (?)");
    pending.setUInt64(1, response_id);
    pending.executeUpdate();
    tx.commit();
    return submission::StoredResponse{r.public_id, r.submitted_at, false, {}, {}};
}

std::vector<submission::StoredResponse> ResponseRepository::storeBatch(
    const std::vector<const submission::NewResponse*>& batch)
{
    if (batch.empty()) return {};
    auto lease = pool_.acquire();
    try {
        Transaction tx(lease);
        {
            struct ResponseRow {
                const submission::NewResponse* r;
                const FormRecord* form;
            };
            std::vector<ResponseRow> responses;
            for (const auto* r : batch) responses.push_back({r, &record(r->form_slug)});
            insertRows(lease,
                       "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, idempotency_key, "
                       "source, answers, answer_rows, receipt_hash, request_hash) VALUES ",
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", responses, [](sql::PreparedStatement& st, int i, const ResponseRow& row) {
                           st.setString(i++, row.r->public_id);
                           st.setUInt(i++, row.form->form_id);
                           st.setUInt(i++, row.form->version_id);
                           st.setString(i++, toSqlDateTime(row.r->submitted_at));
                           if (row.r->idempotency_key) {
                               st.setString(i++, *row.r->idempotency_key);
                           } else {
                               st.setNull(i++, 0);
                           }
                           if (row.r->source.empty()) {
                               st.setNull(i++, 0);
                           } else {
                               st.setString(i++, row.r->source);
                           }
                           st.setString(i++, row.r->answers.dump());
                           st.setString(i++, encodeAnswerRows(row.r->rows));
                           if (row.r->receipt_hash) {
                               st.setString(i++, *row.r->receipt_hash);
                           } else {
                               st.setNull(i++, 0);
                           }
                           if (row.r->request_hash.empty()) {
                               st.setNull(i++, 0);
                           } else {
                               st.setString(i++, row.r->request_hash);
                           }
                           return i;
                       });
            // One multi-row INSERT gets consecutive ids (innodb_autoinc_lock_mode 0 or 1) spaced by
            // auto_increment_increment (Galera sets it): the first is LAST_INSERT_ID(). A batch larger than
            // one statement holds several runs, so the ids are read back by public id instead.
            std::vector<std::uint64_t> ids(batch.size());
            {
                std::string sql = "SELECT public_id, id FROM responses WHERE public_id IN (" +
                                  placeholders(batch.size(), "?") + ")";
                auto& st = lease.prepare(sql);
                for (std::size_t i = 0; i < batch.size(); ++i) st.setString(static_cast<int>(i) + 1, batch[i]->public_id);
                std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
                std::map<std::string, std::uint64_t> by_public;
                while (rs->next()) by_public[rs->getString(1)] = rs->getUInt64(2);
                for (std::size_t i = 0; i < batch.size(); ++i) ids[i] = by_public.at(batch[i]->public_id);
            }

            struct Claim {
                unsigned form_id;
                const std::string* claim;
                std::uint64_t response_id;
            };
            struct Registration {
                std::uint64_t response_id;
                const std::string* group;
                unsigned form_id;
            };
            std::vector<Claim> claims;
            std::vector<Registration> registrations;
            std::map<std::string, unsigned> places;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const auto form_id = responses[i].form->form_id;
                for (const auto& c : batch[i]->claims) claims.push_back({form_id, &c, ids[i]});
                for (const auto& g : batch[i]->groups) {
                    registrations.push_back({ids[i], &g, form_id});
                    ++places[g];
                }
            }
            insertRows(lease, "INSERT INTO unique_claims (form_id, claim, response_id) VALUES ", "(?, ?, ?)", claims,
                       [](sql::PreparedStatement& st, int i, const Claim& c) {
                           st.setUInt(i++, c.form_id);
                           st.setString(i++, *c.claim);
                           st.setUInt64(i++, c.response_id);
                           return i;
                       });
            // std::map: groups are locked in code order, like the single path, so batches never deadlock
            // on each other's group rows.
            auto& take = lease.prepare(
                "UPDATE project_groups SET registered = registered + ? "
                "WHERE code = ? AND (capacity IS NULL OR registered + ? <= capacity)");
            for (const auto& [code, n] : places) {
                take.setUInt(1, n);
                take.setString(2, code);
                take.setUInt(3, n);
                if (take.executeUpdate() == 0) throw BatchConflict("group " + code + " has fewer places than the batch");
            }
            insertRows(lease, "INSERT INTO registrations (response_id, group_code, form_id) VALUES ", "(?, ?, ?)",
                       registrations, [](sql::PreparedStatement& st, int i, const Registration& r) {
                           st.setUInt64(i++, r.response_id);
                           st.setString(i++, *r.group);
                           st.setUInt(i++, r.form_id);
                           return i;
                       });
            insertRows(lease, "INSERT INTO count_pending (response_id) VALUES ", "(?)", ids,
                       [](sql::PreparedStatement& st, int i, std::uint64_t id) {
                           st.setUInt64(i++, id);
                           return i;
                       });
        }
        tx.commit();
    } catch (const sql::SQLException& e) {
        if (isConnectionLost(e)) {
            lease.markBroken();
            throw DatabaseUnavailable(std::string("connection lost while storing a batch: ") + e.what());
        }
        if (e.getErrorCode() == kDuplicateKey || e.getErrorCode() == kDeadlock || e.getErrorCode() == 1205) {
            throw BatchConflict(e.what());
        }
        throw;
    }
    std::vector<submission::StoredResponse> stored;
    for (const auto* r : batch) stored.push_back({r->public_id, r->submitted_at, false, {}, {}});
    return stored;
}

submission::StoredResponse ResponseRepository::store(const submission::NewResponse& r)
{
    const auto& form = record(r.form_slug);
    for (int attempt = 1;; ++attempt) {
        auto lease = pool_.acquire();
        try {
            return storeOnce(lease, r, form);
        } catch (const IdempotentReplay&) {
            if (auto earlier = findByKey(lease, form.form_id, *r.idempotency_key)) return *earlier;
            throw std::runtime_error("idempotency key conflict without a stored response");
        } catch (const sql::SQLException& e) {
            if (isConnectionLost(e)) {
                lease.markBroken();
                throw DatabaseUnavailable(std::string("connection lost while storing a response: ") + e.what());
            }
            if (e.getErrorCode() == kDeadlock && attempt < kAttempts) continue;
            throw;
        }
    }
}

}  // namespace tnt::storage
