#include "service/storage/response_repository.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "service/storage/answer_counts.h"
#include "service/storage/answer_rows_column.h"
#include "service/storage/driver_errors.h"
#include "service/storage/lease_work.h"
#include "service/storage/registration_state_counts.h"
#include "service/storage/registration_repository.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"
#include "service/submission/submission_refused.h"

namespace tnt::storage {
namespace {

// A deadlock, a lock wait timeout or a Galera certification failure is tried again, after a short random
// pause that grows with the attempts: sign-ups to one full group all write its row (the waitlist's
// counter), and on a cluster the nodes' writers would otherwise collide again at once.
constexpr int kAttempts = 8;

void pauseBeforeRetry(int attempt)
{
    thread_local std::minstd_rand random(std::random_device{}());
    std::uniform_int_distribution<int> ms(0, 2 * attempt);  // short: a worker waits meanwhile
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(random)));
}

std::string placeholders(std::size_t rows, const char* row)
{
    std::string sql;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i > 0) sql += ", ";
        sql += row;
    }
    return sql;
}

// Why a batch could not go in as it is (the transaction is rolled back; nothing of it was stored).
struct WriteConflict {
    enum class Kind { duplicate_response, duplicate_claim, group_full, retryable } kind;
    std::string group;  // group_full: the first group without enough places
    std::string group_name;  // and its name, read in the transaction (none is read after the rollback)
};

// Runs `statement`; a duplicate key becomes WriteConflict{on_duplicate}, a deadlock or lock wait timeout
// WriteConflict{retryable}.
template <typename Statement>
void runOrConflict(Statement statement, WriteConflict::Kind on_duplicate)
{
    try {
        statement();
    } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == kErrDuplicateKey) throw WriteConflict{on_duplicate, {}, {}};
        if (isRetryableConflict(e)) throw WriteConflict{WriteConflict::Kind::retryable, {}, {}};
        throw;
    }
}

// Calls `run(first, count)` over [0, total) in chunks whose sizes are powers of two up to 256, so a
// connection caches at most a dozen prepared statements per statement shape whatever the batch sizes, and
// the server's prepared-statement count stays bounded.
template <typename Run>
void inPowerOfTwoChunks(std::size_t total, Run run)
{
    std::size_t done = 0;
    while (done < total) {
        std::size_t chunk = 1;
        while (chunk * 2 <= total - done && chunk < 256) chunk *= 2;
        run(done, chunk);
        done += chunk;
    }
}

// Inserts `rows` with multi-row INSERTs; `bind(statement, first_index, row)` binds one row's values.
template <typename Row, typename Bind>
void insertRows(ConnectionPool::Lease& lease, const std::string& prefix, const char* row_placeholders,
                const std::vector<Row>& rows, Bind bind)
{
    inPowerOfTwoChunks(rows.size(), [&](std::size_t first, std::size_t count) {
        auto& st = lease.prepare(prefix + placeholders(count, row_placeholders));
        int index = 1;
        for (std::size_t i = 0; i < count; ++i) index = bind(st, index, rows[first + i]);
        st.executeUpdate();
    });
}

// Messages queued in the outbox in the transaction of the response they belong to.
struct QueuedMail {
    const submission::OutgoingMail* mail;
    std::uint64_t response_id;
};

void queueMails(ConnectionPool::Lease& lease, const std::vector<QueuedMail>& mails)
{
    insertRows(lease,
               "INSERT INTO outbox (message_id, kind, response_id, recipient, payload, created_at, next_attempt_at) "
               "VALUES ",
               "(?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))", mails,
               [](sql::PreparedStatement& st, int i, const QueuedMail& m) {
                   st.setString(i++, m.mail->message_id);
                   st.setString(i++, m.mail->kind);
                   st.setUInt64(i++, m.response_id);
                   st.setString(i++, m.mail->recipient);
                   st.setString(i++, m.mail->payload);
                   return i;
               });
}

// Which of `claims` another response holds already (the unique index refused one of them).
std::vector<std::string> takenClaims(ConnectionPool::Lease& lease, unsigned form_id,
                                     const std::vector<std::string>& claims)
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

// What a group gave `n` sign-ups of one batch: the first `places` of them a place, the rest a place on its
// waitlist, behind `waiting_before` people, numbered from `first_sequence`.
struct Allocation {
    std::size_t places = 0;
    long long waiting_before = 0;
    long long first_sequence = 0;
};

// The capacity rule, in one place. Fast path: one conditional UPDATE takes the places when the group has
// them and nobody is waiting (people waiting go first). Otherwise the group's row is locked and read: a
// group without a waitlist refuses the batch (WriteConflict group_full, which halves it); one with a
// waitlist gives the places left in batch order and puts the others on the list, in the same order.
Allocation takePlaces(ConnectionPool::Lease& lease, const std::string& code, unsigned n)
{
    auto& take = lease.prepare(
        "UPDATE project_groups SET registered = registered + ? "
        "WHERE code = ? AND (capacity IS NULL OR (registered + ? <= capacity AND waitlisted = 0))");
    take.setUInt(1, n);
    take.setString(2, code);
    take.setUInt(3, n);
    int updated = 0;
    runOrConflict([&] { updated = take.executeUpdate(); }, WriteConflict::Kind::retryable);
    if (updated == 1) return {n, 0, 0};
    // A group without a waitlist refuses at once, without locking its row (a lock that, on a cluster,
    // would collide with the other nodes' sign-ups for nothing).
    auto& waitlist = lease.prepare("SELECT waitlist, name FROM project_groups WHERE code = ?");
    waitlist.setString(1, code);
    std::unique_ptr<sql::ResultSet> group;
    runOrConflict([&] { group.reset(waitlist.executeQuery()); }, WriteConflict::Kind::retryable);
    if (!group->next()) throw WriteConflict{WriteConflict::Kind::group_full, code, code};
    const std::string name = group->getString(2);
    if (!group->getBoolean(1)) throw WriteConflict{WriteConflict::Kind::group_full, code, name};
    auto& read = lease.prepare(
        "SELECT capacity, registered, waitlisted, next_position, waitlist FROM project_groups WHERE code = ? "
        "FOR UPDATE");
    read.setString(1, code);
    std::unique_ptr<sql::ResultSet> rs;
    runOrConflict([&] { rs.reset(read.executeQuery()); }, WriteConflict::Kind::retryable);
    if (!rs->next() || rs->isNull(1) || !rs->getBoolean(5))
        throw WriteConflict{WriteConflict::Kind::group_full, code, name};
    const auto capacity = static_cast<long long>(rs->getUInt64(1));
    const auto held = static_cast<long long>(rs->getUInt64(2));
    Allocation a;
    a.waiting_before = static_cast<long long>(rs->getUInt64(3));
    a.first_sequence = static_cast<long long>(rs->getUInt64(4));
    if (a.waiting_before == 0 && held < capacity) a.places = std::min<std::size_t>(n, capacity - held);
    const auto waiting = static_cast<unsigned>(n - a.places);
    auto& update = lease.prepare(
        "UPDATE project_groups SET registered = registered + ?, waitlisted = waitlisted + ?, "
        "next_position = next_position + ? WHERE code = ?");
    update.setUInt(1, static_cast<unsigned>(a.places));
    update.setUInt(2, waiting);
    update.setUInt(3, waiting);
    update.setString(4, code);
    runOrConflict([&] { update.executeUpdate(); }, WriteConflict::Kind::retryable);
    return a;
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
        "SELECT public_id, submitted_at, request_hash, id FROM responses WHERE form_id = ? AND idempotency_key = ?");
    st.setUInt(1, form_id);
    st.setString(2, key);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return std::nullopt;
    submission::StoredResponse earlier{rs->getString(1), fromSqlDateTime(rs->getString(2)), true, {}, {}, {}};
    if (!rs->isNull(3)) earlier.request_hash = rs->getString(3);
    earlier.placements = RegistrationRepository::placements(lease, rs->getUInt64(4));
    return earlier;
}

std::optional<submission::StoredResponse> ResponseRepository::findByIdempotencyKey(const std::string& form_slug,
                                                                                   const std::string& key)
{
    return withLease(pool_,
                     [&](ConnectionPool::Lease& lease) { return findByKey(lease, record(form_slug).form_id, key); });
}

// The one write of responses: a single response is a batch of one. Everything in one transaction, one
// statement per table; the capacity rule is the conditional UPDATE on each group's row, for the places the
// whole batch takes there. Throws WriteConflict (rolled back) when the batch cannot go in as it is.
std::vector<std::vector<domain::Placement>> ResponseRepository::writeBatch(
    ConnectionPool::Lease& lease, const std::vector<const submission::NewResponse*>& batch)
{
    Transaction tx(lease);
    struct ResponseRow {
        const submission::NewResponse* r;
        const FormRecord* form;
    };
    std::vector<ResponseRow> responses;
    responses.reserve(batch.size());
    for (const auto* r : batch) responses.push_back({r, &record(r->form_slug)});
    runOrConflict(
        [&] {
            insertRows(lease,
                       "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, idempotency_key, "
                       "source, answers, answer_rows, receipt_hash, request_hash) VALUES ",
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", responses,
                       [](sql::PreparedStatement& st, int i, const ResponseRow& row) {
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
        },
        WriteConflict::Kind::duplicate_response);
    // One multi-row INSERT gets consecutive ids (innodb_autoinc_lock_mode 0 or 1) spaced by
    // auto_increment_increment (Galera sets it): the first is LAST_INSERT_ID(). A batch larger than one
    // statement holds several runs, so the ids are read back by public id instead.
    std::vector<std::uint64_t> ids(batch.size());
    std::map<std::string, std::uint64_t> by_public;
    inPowerOfTwoChunks(batch.size(), [&](std::size_t first, std::size_t count) {
        auto& st =
            lease.prepare("SELECT public_id, id FROM responses WHERE public_id IN (" + placeholders(count, "?") + ")");
        for (std::size_t i = 0; i < count; ++i) st.setString(static_cast<int>(i) + 1, batch[first + i]->public_id);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        while (rs->next()) by_public[rs->getString(1)] = rs->getUInt64(2);
    });
    for (std::size_t i = 0; i < batch.size(); ++i) ids[i] = by_public.at(batch[i]->public_id);

    struct Claim {
        unsigned form_id;
        const std::string* claim;
        std::uint64_t response_id;
    };
    std::vector<Claim> claims;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        for (const auto& c : batch[i]->claims) claims.push_back({responses[i].form->form_id, &c, ids[i]});
    }
    runOrConflict(
        [&] {
            insertRows(lease, "INSERT INTO unique_claims (form_id, claim, response_id) VALUES ", "(?, ?, ?)", claims,
                       [](sql::PreparedStatement& st, int i, const Claim& c) {
                           st.setUInt(i++, c.form_id);
                           st.setString(i++, *c.claim);
                           st.setUInt64(i++, c.response_id);
                           return i;
                       });
        },
        WriteConflict::Kind::duplicate_claim);

    // Each group's sign-ups, in batch order: a place each while there are places, then the waitlist.
    std::map<std::string, std::vector<std::size_t>> by_group;  // code -> index in the batch
    for (std::size_t i = 0; i < batch.size(); ++i) {
        for (const auto& g : batch[i]->groups) by_group[g].push_back(i);
    }
    std::vector<std::vector<domain::Placement>> placements(batch.size());
    struct Registration {
        std::uint64_t response_id;
        unsigned form_id;
        const std::string* group;
        domain::RegistrationState state;
        long long sequence;  // waitlisted: the group's sequence number (registrations.position)
    };
    std::vector<Registration> registrations;
    // std::map: groups are locked in code order, so two batches never deadlock on each other's group rows.
    for (const auto& [code, members] : by_group) {
        const auto allocation = takePlaces(lease, code, static_cast<unsigned>(members.size()));
        for (std::size_t k = 0; k < members.size(); ++k) {
            const auto i = members[k];
            domain::Placement p;
            p.group = code;
            long long sequence = 0;
            if (k >= allocation.places) {
                const auto behind = static_cast<long long>(k - allocation.places);
                p.state = domain::RegistrationState::waitlisted;
                p.position = allocation.waiting_before + behind + 1;
                sequence = allocation.first_sequence + behind;
            }
            registrations.push_back({ids[i], responses[i].form->form_id, &code, p.state, sequence});
            placements[i].push_back(std::move(p));
        }
    }
    insertRows(lease,
               "INSERT INTO registrations (response_id, group_code, form_id, state, position, changed_at) VALUES ",
               "(?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", registrations,
               [](sql::PreparedStatement& st, int i, const Registration& r) {
                   st.setUInt64(i++, r.response_id);
                   st.setString(i++, *r.group);
                   st.setUInt(i++, r.form_id);
                   st.setString(i++, std::string(domain::registrationStateName(r.state)));
                   if (r.sequence > 0) {
                       st.setUInt64(i++, static_cast<std::uint64_t>(r.sequence));
                   } else {
                       st.setNull(i++, 0);
                   }
                   return i;
               });
    RegistrationCountChanges counts;
    for (const auto& r : registrations)
        ++counts[{r.form_id, *r.group, std::string(domain::registrationStateName(r.state))}];
    applyRegistrationCounts(lease, counts);  // every group's row is locked above
    // Counted into the statistics later, by the folder (schema/0004_count_pending.sql).
    insertRows(lease, "INSERT INTO count_pending (response_id) VALUES ", "(?)", ids,
               [](sql::PreparedStatement& st, int i, std::uint64_t id) {
                   st.setUInt64(i++, id);
                   return i;
               });
    // The e-mails the responses send, in their transaction: a message exists exactly when its response does.
    std::vector<QueuedMail> mails;
    std::vector<std::vector<submission::OutgoingMail>> composed(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i]->mail) composed[i] = batch[i]->mail(*batch[i], placements[i]);
        for (const auto& m : composed[i]) mails.push_back({&m, ids[i]});
    }
    queueMails(lease, mails);
    runOrConflict([&] { tx.commit(); }, WriteConflict::Kind::retryable);
    return placements;
}

submission::StoredResponse ResponseRepository::store(const submission::NewResponse& r)
{
    const auto& form = record(r.form_slug);
    for (int attempt = 1;; ++attempt) {
        const auto outcome =
            withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<submission::StoredResponse> {
                try {
                    auto placements = writeBatch(lease, {&r});
                    return submission::StoredResponse{
                        r.public_id, r.submitted_at, false, {}, {}, std::move(placements.front())};
                } catch (const WriteConflict& conflict) {
                    // Rolled back: say exactly what stopped this response.
                    switch (conflict.kind) {
                    case WriteConflict::Kind::duplicate_response:
                        // A concurrent request with the same key won the race: answer with its response.
                        if (r.idempotency_key) {
                            if (auto earlier = findByKey(lease, form.form_id, *r.idempotency_key)) return earlier;
                        }
                        throw std::runtime_error("duplicate response without an earlier one to answer with");
                    case WriteConflict::Kind::duplicate_claim:
                        throw submission::SubmissionRefused::alreadyRegistered(
                            takenClaims(lease, form.form_id, r.claims));
                    case WriteConflict::Kind::group_full:
                        throw submission::SubmissionRefused::groupFull(conflict.group, conflict.group_name);
                    case WriteConflict::Kind::retryable:
                        if (attempt < kAttempts) return std::nullopt;
                        throw DatabaseError(
                            DatabaseError::Kind::conflict, kErrDeadlock,
                            "a response could not be stored after " + std::to_string(kAttempts) + " deadlocks");
                    }
                    throw std::logic_error("unknown write conflict");
                }
            });
        if (outcome) return *outcome;
        pauseBeforeRetry(attempt);
    }
}

submission::AmendOutcome ResponseRepository::amend(const submission::Amendment& a)
{
    for (int attempt = 1;; ++attempt) {
        const auto outcome = withLease(pool_, [&](ConnectionPool::Lease& lease) { return amendOnce(lease, a); });
        if (outcome) return *outcome;
        if (attempt >= kAttempts) {
            throw DatabaseError(DatabaseError::Kind::conflict, kErrDeadlock,
                                "answers could not be changed after " + std::to_string(kAttempts) + " deadlocks");
        }
        pauseBeforeRetry(attempt);
    }
}

// One attempt; nullopt after a deadlock (rolled back).
std::optional<submission::AmendOutcome> ResponseRepository::amendOnce(ConnectionPool::Lease& lease,
                                                                      const submission::Amendment& a)
{
    using submission::AmendOutcome;
    const auto& form = record(a.form_slug);
    try {
        Transaction tx(lease, Transaction::Kind::read_committed);
        auto& find = lease.prepare("SELECT id, public_id FROM responses WHERE form_id = ? AND receipt_hash = ?");
        find.setUInt(1, form.form_id);
        find.setString(2, a.receipt_hash);
        std::unique_ptr<sql::ResultSet> found(find.executeQuery());
        if (!found->next()) {
            auto& deleted = lease.prepare("SELECT 1 FROM deleted_receipts WHERE form_id = ? AND receipt_hash = ?");
            deleted.setUInt(1, form.form_id);
            deleted.setString(2, a.receipt_hash);
            std::unique_ptr<sql::ResultSet> gone(deleted.executeQuery());
            return gone->next() ? AmendOutcome::deleted : AmendOutcome::unknown;
        }
        const auto id = found->getUInt64(1);
        const std::string public_id = found->getString(2);
        found.reset();
        // The folder's order: the pending row, then the response.
        auto& pending_row = lease.prepare("SELECT response_id FROM count_pending WHERE response_id = ? FOR UPDATE");
        pending_row.setUInt64(1, id);
        std::unique_ptr<sql::ResultSet> pending_rs(pending_row.executeQuery());
        const bool pending = pending_rs->next();
        pending_rs.reset();
        auto& old = lease.prepare(
            "SELECT r.id, r.form_id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), "
            "r.answer_rows FROM responses r WHERE r.id = ? FOR UPDATE");
        old.setUInt64(1, id);
        std::unique_ptr<sql::ResultSet> old_rs(old.executeQuery());
        auto& groups = lease.prepare(
            "SELECT response_id, group_code FROM registrations WHERE response_id = ? ORDER BY group_code");
        groups.setUInt64(1, id);
        std::unique_ptr<sql::ResultSet> groups_rs(groups.executeQuery());
        const auto sets = readGroupSets(*groups_rs);
        groups_rs.reset();
        const auto groups_changed = changeGroups(lease, form.form_id, id, a);
        if (groups_changed == GroupChange::impossible) return AmendOutcome::groups_changed;
        if (!pending) {
            // Counted already: its old answers leave the counters now, its new ones are counted by the
            // folder like a new response's (and, meanwhile, by the statistics' scan of pending responses).
            AnswerCountChanges counts;
            counts.addResultRows(*old_rs, sets, -1);
            if (!counts.empty()) counts.apply(lease);
            auto& relist = lease.prepare("INSERT INTO count_pending (response_id) VALUES (?)");
            relist.setUInt64(1, id);
            relist.executeUpdate();
        }
        old_rs.reset();
        auto& forget = lease.prepare("DELETE FROM unique_claims WHERE response_id = ?");
        forget.setUInt64(1, id);
        forget.executeUpdate();
        for (const auto& claim : a.claims) {
            auto& st = lease.prepare("INSERT INTO unique_claims (form_id, claim, response_id) VALUES (?, ?, ?)");
            st.setUInt(1, form.form_id);
            st.setString(2, claim);
            st.setUInt64(3, id);
            try {
                st.executeUpdate();
            } catch (const sql::SQLException& e) {
                if (e.getErrorCode() == kErrDuplicateKey) return AmendOutcome::claim_taken;  // rolled back
                throw;
            }
        }
        auto& update = lease.prepare(
            "UPDATE responses SET answers = ?, answer_rows = ?, form_version_id = ?, updated_at = ? WHERE id = ?");
        update.setString(1, a.answers.dump());
        update.setString(2, encodeAnswerRows(a.rows));
        update.setUInt(3, form.version_id);
        update.setString(4, toSqlDateTime(a.updated_at));
        update.setUInt64(5, id);
        update.executeUpdate();
        if (groups_changed == GroupChange::joined && a.mail) {
            // A group joined is confirmed as a new registration is: where the person stands in each group now.
            const auto composed = a.mail(public_id, RegistrationRepository::placements(lease, id));
            std::vector<QueuedMail> mails;
            mails.reserve(composed.size());
            for (const auto& m : composed) mails.push_back({&m, id});
            queueMails(lease, mails);
        }
        tx.commit();
        return AmendOutcome::amended;
    } catch (const sql::SQLException& e) {
        if (isRetryableConflict(e)) return std::nullopt;
        throw;
    } catch (const WriteConflict& conflict) {  // rolled back
        if (conflict.kind == WriteConflict::Kind::group_full) {
            throw submission::SubmissionRefused::groupFull(conflict.group, conflict.group_name);
        }
        if (conflict.kind == WriteConflict::Kind::retryable) return std::nullopt;
        throw;
    }
}

ResponseRepository::GroupChange ResponseRepository::changeGroups(ConnectionPool::Lease& lease, unsigned form_id,
                                                                 std::uint64_t id, const submission::Amendment& a)
{
    using domain::RegistrationState;
    std::map<std::string, RegistrationState> rows;  // every sign-up of the response, left ones included
    auto& st = lease.prepare("SELECT group_code, state FROM registrations WHERE response_id = ?");
    st.setUInt64(1, id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) {
        rows[rs->getString(1)] =
            domain::parseRegistrationState(std::string(rs->getString(2))).value_or(RegistrationState::registered);
    }
    rs.reset();
    const std::set<std::string> wanted(a.groups.begin(), a.groups.end());
    std::set<std::string> changed;  // in code order: groups are locked in the order new registrations lock them
    for (const auto& [code, state] : rows) {
        const bool held = state == RegistrationState::registered || state == RegistrationState::offered ||
                          state == RegistrationState::waitlisted;
        if (held != (wanted.count(code) > 0)) changed.insert(code);
    }
    for (const auto& code : wanted) {
        if (rows.count(code) == 0) changed.insert(code);
    }
    if (changed.empty()) return GroupChange::none_joined;
    if (registrations_ == nullptr) return GroupChange::impossible;
    RegistrationCountChanges counts;
    auto outcome = GroupChange::none_joined;
    for (const auto& code : changed) {
        if (wanted.count(code) == 0) {
            registrations_->leaveWithin(lease, id, code, a.updated_at);
            continue;
        }
        if (const auto closed = a.closed_groups.find(code); closed != a.closed_groups.end()) {
            throw submission::SubmissionRefused::invalid({{a.groups_key, closed->second}});
        }
        // Joined as a new registration would be: a place while there are places and nobody waits, else the
        // waitlist (or group_full without one).
        const auto allocation = takePlaces(lease, code, 1);
        const auto state = allocation.places == 1 ? RegistrationState::registered : RegistrationState::waitlisted;
        auto& upsert = lease.prepare(
            "INSERT INTO registrations (response_id, group_code, form_id, state, position, changed_at) "
            "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE state = VALUES(state), "
            "position = VALUES(position), offer_hash = NULL, offer_expires_at = NULL, changed_at = VALUES(changed_at)");
        upsert.setUInt64(1, id);
        upsert.setString(2, code);
        upsert.setUInt(3, form_id);
        upsert.setString(4, std::string(domain::registrationStateName(state)));
        if (state == RegistrationState::waitlisted) {
            upsert.setUInt64(5, static_cast<std::uint64_t>(allocation.first_sequence));
        } else {
            upsert.setNull(5, 0);
        }
        upsert.executeUpdate();
        if (const auto before = rows.find(code); before != rows.end()) {
            --counts[{form_id, code, std::string(domain::registrationStateName(before->second))}];
        }
        ++counts[{form_id, code, std::string(domain::registrationStateName(state))}];
        outcome = GroupChange::joined;
    }
    applyRegistrationCounts(lease, counts);
    return outcome;
}

std::map<std::size_t, submission::StoredResponse> ResponseRepository::earlierResponses(
    ConnectionPool::Lease& lease, const std::vector<const submission::NewResponse*>& batch)
{
    std::map<unsigned, std::map<std::string, std::size_t>> keys;  // form id -> idempotency key -> index
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i]->idempotency_key) keys[record(batch[i]->form_slug).form_id].emplace(*batch[i]->idempotency_key, i);
    }
    std::map<std::size_t, submission::StoredResponse> earlier;
    std::map<std::size_t, std::uint64_t> ids;
    for (const auto& entry : keys) {
        // Named copies, not structured bindings: a lambda captures these (clang 14 cannot capture bindings).
        const unsigned form_id = entry.first;
        const auto& indexes = entry.second;
        const std::vector<std::pair<std::string, std::size_t>> wanted(indexes.begin(), indexes.end());
        inPowerOfTwoChunks(wanted.size(), [&](std::size_t first, std::size_t count) {
            auto& st = lease.prepare(
                "SELECT idempotency_key, public_id, submitted_at, request_hash, id FROM responses "
                "WHERE form_id = ? AND idempotency_key IN (" +
                placeholders(count, "?") + ")");
            st.setUInt(1, form_id);
            for (std::size_t i = 0; i < count; ++i) st.setString(static_cast<int>(i) + 2, wanted[first + i].first);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) {
                submission::StoredResponse stored{
                    rs->getString(2), fromSqlDateTime(rs->getString(3)), true, {}, {}, {}};
                if (!rs->isNull(4)) stored.request_hash = rs->getString(4);
                ids.emplace(indexes.at(rs->getString(1)), rs->getUInt64(5));
                earlier.emplace(indexes.at(rs->getString(1)), std::move(stored));
            }
        });
    }
    // A registration's replay says where it stands in each group, as its first answer did (the same answers
    // chose the same groups; other answers are refused as a reused key).
    for (auto& [index, stored] : earlier) {
        if (!batch[index]->groups.empty()) stored.placements = RegistrationRepository::placements(lease, ids.at(index));
    }
    return earlier;
}

std::vector<submission::StoreOutcome> ResponseRepository::storeAll(
    const std::vector<const submission::NewResponse*>& batch)
{
    std::vector<submission::StoreOutcome> outcomes;
    if (batch.size() == 1) {
        try {
            outcomes.push_back({store(*batch.front()), {}});
        } catch (...) {
            outcomes.push_back({std::nullopt, std::current_exception()});
        }
    }
    if (batch.size() <= 1) return outcomes;

    bool written = false;
    std::vector<std::vector<domain::Placement>> placements;
    std::map<std::size_t, submission::StoredResponse> replays;
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        try {
            placements = writeBatch(lease, batch);
            written = true;
        } catch (const WriteConflict& conflict) {
            // Rolled back. Idempotency keys used before (a file imported again, a retried request) are
            // answered with their earlier responses at once; the rest is tried again.
            if (conflict.kind == WriteConflict::Kind::duplicate_response) replays = earlierResponses(lease, batch);
        }
    });
    if (written) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            outcomes.push_back(
                {submission::StoredResponse{
                     batch[i]->public_id, batch[i]->submitted_at, false, {}, {}, std::move(placements[i])},
                 {}});
        }
        return outcomes;
    }
    if (!replays.empty()) {
        std::vector<const submission::NewResponse*> rest;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!replays.contains(i)) rest.push_back(batch[i]);
        }
        auto rest_outcomes = storeAll(rest);
        auto next = rest_outcomes.begin();
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto replay = replays.find(i);
            outcomes.push_back(replay != replays.end() ? submission::StoreOutcome{std::move(replay->second), {}}
                                                       : std::move(*next++));
        }
        return outcomes;
    }
    // One of them cannot go in as it is (a claim taken, a group without enough places, a key twice in the
    // batch, a deadlock): halve the batch, in order, until each conflict is alone — a few transactions
    // more instead of one per response, and the earlier response wins as it would one by one.
    const auto middle = batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2);
    outcomes = storeAll({batch.begin(), middle});
    auto rest = storeAll({middle, batch.end()});
    outcomes.insert(outcomes.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
    return outcomes;
}

}  // namespace tnt::storage
