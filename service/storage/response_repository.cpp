#include "service/storage/response_repository.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

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
    auto& st = lease.prepare("SELECT public_id, submitted_at FROM responses WHERE form_id = ? AND idempotency_key = ?");
    st.setUInt(1, form_id);
    st.setString(2, key);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return std::nullopt;
    return submission::StoredResponse{rs->getString(1), fromSqlDateTime(rs->getString(2)), true};
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
        "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, idempotency_key, source, answers) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
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
            if (e.getErrorCode() == kDuplicateKey) throw submission::SubmissionRefused::alreadyRegistered();
            throw;
        }
    }

    if (!r.rows.empty()) {
        auto& answers = lease.prepare(
            "INSERT INTO answers (response_id, form_id, question_key, option_key, num_value, text_value) VALUES " +
            placeholders(r.rows.size(), "(?, ?, ?, ?, ?, ?)"));
        int i = 1;
        for (const auto& row : r.rows) {
            answers.setUInt64(i++, response_id);
            answers.setUInt(i++, form.form_id);
            answers.setString(i++, row.question_key);
            answers.setString(i++, row.option_key);
            if (row.number) {
                answers.setDouble(i++, *row.number);
            } else {
                answers.setNull(i++, 0);
            }
            if (row.text) {
                answers.setString(i++, *row.text);
            } else {
                answers.setNull(i++, 0);
            }
        }
        answers.executeUpdate();
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
    tx.commit();
    return submission::StoredResponse{r.public_id, r.submitted_at, false};
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
