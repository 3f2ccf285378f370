#include "service/storage/registration_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <set>

#include "service/storage/database_error.h"
#include "service/storage/lease_work.h"
#include "service/storage/outbox_repository.h"
#include "service/storage/registration_state_counts.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

using Clock = std::chrono::system_clock;
using domain::RegistrationState;

constexpr int kAttempts = 4;

// One transaction of `work`, tried again on a deadlock or a lock wait timeout (Galera's certification
// failures arrive as deadlocks).
template <typename Work>
auto retrying(ConnectionPool& pool, Work work)
{
    for (int attempt = 1;; ++attempt) {
        try {
            return withLease(pool, [&](ConnectionPool::Lease& lease) {
                Transaction tx(lease, Transaction::Kind::read_committed);
                auto result = work(lease);
                tx.commit();
                return result;
            });
        } catch (const DatabaseError& e) {
            if (e.kind() != DatabaseError::Kind::conflict || attempt >= kAttempts) throw;
        }
    }
}

// Locks the group's row: every change of its sign-ups and counters is made under it. False when the group
// is unknown, or (skip_locked) when another transaction holds it.
bool lockGroup(ConnectionPool::Lease& lease, const std::string& group, bool skip_locked = false)
{
    auto& st = lease.prepare(skip_locked ? "SELECT code FROM project_groups WHERE code = ? FOR UPDATE SKIP LOCKED"
                                         : "SELECT code FROM project_groups WHERE code = ? FOR UPDATE");
    st.setString(1, group);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    return rs->next();
}

struct SignUp {
    RegistrationState state = RegistrationState::registered;
    std::optional<Clock::time_point> offer_expires_at;
};

std::optional<SignUp> lockSignUp(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group)
{
    auto& st = lease.prepare(
        "SELECT state, offer_expires_at FROM registrations WHERE response_id = ? AND group_code = ? FOR UPDATE");
    st.setUInt64(1, response_id);
    st.setString(2, group);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    if (!rs->next()) return std::nullopt;
    SignUp s;
    s.state = domain::parseRegistrationState(std::string(rs->getString(1))).value_or(RegistrationState::registered);
    if (!rs->isNull(2)) s.offer_expires_at = fromSqlDateTime(rs->getString(2));
    return s;
}

// Moves a sign-up from state `from` to `state`, with its form's counters (the group's row is locked).
void setState(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group, RegistrationState from,
              RegistrationState state)
{
    auto& st = lease.prepare(
        "UPDATE registrations SET state = ?, changed_at = UTC_TIMESTAMP(6) WHERE response_id = ? AND group_code = ?");
    st.setString(1, std::string(domain::registrationStateName(state)));
    st.setUInt64(2, response_id);
    st.setString(3, group);
    st.executeUpdate();
    countSignUp(lease, response_id, group, domain::registrationStateName(from), -1);
    countSignUp(lease, response_id, group, domain::registrationStateName(state), +1);
}

// Moves the group's counters by (held, waitlisted); never below zero.
void moveCounters(ConnectionPool::Lease& lease, const std::string& group, int held, int waitlisted)
{
    auto& st = lease.prepare(
        "UPDATE project_groups SET registered = GREATEST(CAST(registered AS SIGNED) + ?, 0), "
        "waitlisted = GREATEST(CAST(waitlisted AS SIGNED) + ?, 0) WHERE code = ?");
    st.setInt(1, held);
    st.setInt(2, waitlisted);
    st.setString(3, group);
    st.executeUpdate();
}

bool holdsPlace(RegistrationState s)
{
    return s == RegistrationState::registered || s == RegistrationState::offered;
}

void queue(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::vector<submission::OutgoingMail>& mail)
{
    for (const auto& m : mail) queueOutboxMail(lease, m, response_id);
}

// The person of a sign-up, as the letters need them.
submission::RegistrationNotice notice(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group)
{
    auto& st = lease.prepare(
        "SELECT f.slug, r.public_id, r.answers, r.submitted_at FROM responses r JOIN forms f ON f.id = r.form_id "
        "WHERE r.id = ?");
    st.setUInt64(1, response_id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    submission::RegistrationNotice n;
    n.group = group;
    if (!rs->next()) return n;
    n.form_slug = rs->getString(1);
    n.response_public_id = rs->getString(2);
    n.answers = nlohmann::json::parse(std::string(rs->getString(3)), nullptr, false);
    n.submitted_at = fromSqlDateTime(rs->getString(4));
    return n;
}

}  // namespace

RegistrationRepository::RegistrationRepository(ConnectionPool& pool, const submission::RegistrationLetters& letters)
    : pool_(pool), letters_(letters)
{
}

std::vector<domain::Placement> RegistrationRepository::placements(ConnectionPool::Lease& lease,
                                                                  std::uint64_t response_id)
{
    auto& st = lease.prepare(
        "SELECT g.group_code, g.state, g.offer_expires_at, "
        "(SELECT COUNT(*) FROM registrations w WHERE w.group_code = g.group_code AND w.state = 'waitlisted' "
        "AND w.position <= g.position) "
        "FROM registrations g WHERE g.response_id = ? ORDER BY g.group_code");
    st.setUInt64(1, response_id);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    std::vector<domain::Placement> out;
    while (rs->next()) {
        domain::Placement p;
        p.group = rs->getString(1);
        p.state = domain::parseRegistrationState(std::string(rs->getString(2))).value_or(RegistrationState::registered);
        if (!rs->isNull(3)) {
            p.offer_expires_at = std::chrono::time_point_cast<std::chrono::seconds>(fromSqlDateTime(rs->getString(3)));
        }
        if (p.state == RegistrationState::waitlisted) p.position = rs->getInt64(4);
        out.push_back(std::move(p));
    }
    return out;
}

std::size_t RegistrationRepository::fill(ConnectionPool::Lease& lease, const std::string& group, Clock::time_point now)
{
    auto& counters = lease.prepare(
        "SELECT capacity, registered, waitlisted, offer_hours, waitlist FROM project_groups WHERE code = ?");
    counters.setString(1, group);
    std::unique_ptr<sql::ResultSet> rs(counters.executeQuery());
    // A group without a waitlist (any more: removed from the catalogue, say) offers nothing; the people
    // still waiting keep their state, which their receipts and the exports show.
    if (!rs->next() || rs->isNull(1) || !rs->getBoolean(5)) return 0;
    const auto capacity = rs->getInt64(1);
    auto held = rs->getInt64(2);
    const auto hours = std::chrono::hours(rs->getInt64(4));
    std::size_t offered = 0;
    while (held < capacity) {
        auto& first = lease.prepare(
            "SELECT response_id FROM registrations WHERE group_code = ? AND state = 'waitlisted' "
            "ORDER BY position LIMIT 1 FOR UPDATE");
        first.setString(1, group);
        std::unique_ptr<sql::ResultSet> next(first.executeQuery());
        if (!next->next()) {
            // Nobody waits (any drift of the counter is mended here).
            auto& none = lease.prepare("UPDATE project_groups SET waitlisted = 0 WHERE code = ?");
            none.setString(1, group);
            none.executeUpdate();
            break;
        }
        const auto response_id = next->getUInt64(1);
        auto person = notice(lease, response_id, group);
        // Whole seconds: the time the e-mail and the pages show is the time enforced.
        person.offer_expires_at = std::chrono::time_point_cast<std::chrono::seconds>(now + hours);
        const auto letter = letters_.offer(person);
        auto& offer = lease.prepare(
            "UPDATE registrations SET state = 'offered', offer_hash = ?, offer_expires_at = ?, "
            "changed_at = UTC_TIMESTAMP(6) WHERE response_id = ? AND group_code = ?");
        offer.setString(1, letter.secret_hash);
        offer.setString(2, toSqlDateTime(person.offer_expires_at));
        offer.setUInt64(3, response_id);
        offer.setString(4, group);
        offer.executeUpdate();
        countSignUp(lease, response_id, group, domain::registrationStateName(RegistrationState::waitlisted), -1);
        countSignUp(lease, response_id, group, domain::registrationStateName(RegistrationState::offered), +1);
        moveCounters(lease, group, +1, -1);
        queue(lease, response_id, letter.mail);
        ++held;
        ++offered;
    }
    return offered;
}

WithdrawalOutcome RegistrationRepository::leave(ConnectionPool::Lease& lease, std::uint64_t response_id,
                                                const std::string& group, RegistrationState state,
                                                Clock::time_point now)
{
    const auto sign_up = lockSignUp(lease, response_id, group);
    if (!sign_up) return WithdrawalOutcome::not_found;
    if (holdsPlace(sign_up->state)) {
        setState(lease, response_id, group, sign_up->state, state);
        moveCounters(lease, group, -1, 0);
        fill(lease, group, now);
        return WithdrawalOutcome::withdrawn;
    }
    if (sign_up->state == RegistrationState::waitlisted) {
        setState(lease, response_id, group, sign_up->state, state);
        moveCounters(lease, group, 0, -1);
        return WithdrawalOutcome::withdrawn;
    }
    return WithdrawalOutcome::already;
}

WithdrawalOutcome RegistrationRepository::leaveWithin(ConnectionPool::Lease& lease, std::uint64_t response_id,
                                                      const std::string& group, Clock::time_point now)
{
    if (!lockGroup(lease, group)) return WithdrawalOutcome::not_found;
    return leave(lease, response_id, group, RegistrationState::withdrawn, now);
}

WithdrawalOutcome RegistrationRepository::withdrawWhere(const std::string& condition, const std::string& form_slug,
                                                        const std::string& key, const std::string& group,
                                                        Clock::time_point now)
{
    return retrying(pool_, [&](ConnectionPool::Lease& lease) {
        auto& find = lease.prepare(
            "SELECT r.id FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND " + condition);
        find.setString(1, form_slug);
        find.setString(2, key);
        std::unique_ptr<sql::ResultSet> rs(find.executeQuery());
        if (!rs->next()) return WithdrawalOutcome::not_found;
        const auto response_id = rs->getUInt64(1);
        if (!lockGroup(lease, group)) return WithdrawalOutcome::not_found;
        return leave(lease, response_id, group, RegistrationState::withdrawn, now);
    });
}

WithdrawalOutcome RegistrationRepository::withdrawByReceipt(const std::string& form_slug,
                                                            const std::string& receipt_hash, const std::string& group,
                                                            Clock::time_point now)
{
    return withdrawWhere("r.receipt_hash = ?", form_slug, receipt_hash, group, now);
}

WithdrawalOutcome RegistrationRepository::withdrawByPublicId(const std::string& form_slug, const std::string& public_id,
                                                             const std::string& group, Clock::time_point now)
{
    return withdrawWhere("r.public_id = ?", form_slug, public_id, group, now);
}

std::map<std::string, std::map<RegistrationState, long long>> RegistrationRepository::stateCounts(
    const std::string& form_slug)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "SELECT c.group_code, c.state, c.n FROM registration_counts c JOIN forms f ON f.id = c.form_id "
            "WHERE f.slug = ? AND c.n <> 0");
        st.setString(1, form_slug);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::map<std::string, std::map<RegistrationState, long long>> out;
        while (rs->next()) {
            if (const auto state = domain::parseRegistrationState(std::string(rs->getString(2)))) {
                out[rs->getString(1)][*state] = rs->getInt64(3);
            }
        }
        return out;
    });
}

OfferLink RegistrationRepository::findOffer(const std::string& offer_hash)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "SELECT f.slug, g.group_code, g.state, g.offer_expires_at FROM registrations g "
            "JOIN forms f ON f.id = g.form_id WHERE g.offer_hash = ?");
        st.setString(1, offer_hash);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        OfferLink link;
        if (!rs->next()) return link;
        link.form_slug = rs->getString(1);
        link.group = rs->getString(2);
        if (!rs->isNull(4)) link.expires_at = fromSqlDateTime(rs->getString(4));
        switch (domain::parseRegistrationState(std::string(rs->getString(3))).value_or(RegistrationState::registered)) {
        case RegistrationState::offered:
            link.state = OfferLink::State::open;
            break;
        case RegistrationState::registered:
            link.state = OfferLink::State::accepted;
            break;
        case RegistrationState::declined:
            link.state = OfferLink::State::declined;
            break;
        case RegistrationState::expired:
            link.state = OfferLink::State::expired;
            break;
        case RegistrationState::waitlisted:
        case RegistrationState::withdrawn:
            link.state = OfferLink::State::withdrawn;
            break;
        }
        return link;
    });
}

OfferAnswer RegistrationRepository::answer(ConnectionPool::Lease& lease, std::uint64_t response_id,
                                           const std::string& group, bool accept, Clock::time_point now)
{
    if (!lockGroup(lease, group)) return OfferAnswer::unknown;
    const auto sign_up = lockSignUp(lease, response_id, group);
    if (!sign_up) return OfferAnswer::unknown;
    if (sign_up->state == RegistrationState::expired) return OfferAnswer::expired;
    if (sign_up->state != RegistrationState::offered) return OfferAnswer::used;
    if (sign_up->offer_expires_at && *sign_up->offer_expires_at < now) {
        // Lapsed before the sweep saw it: ended now, and the place passes on.
        leave(lease, response_id, group, RegistrationState::expired, now);
        return OfferAnswer::expired;
    }
    if (!accept) {
        leave(lease, response_id, group, RegistrationState::declined, now);
        return OfferAnswer::declined;
    }
    setState(lease, response_id, group, RegistrationState::offered, RegistrationState::registered);
    queue(lease, response_id, letters_.accepted(notice(lease, response_id, group)));
    return OfferAnswer::accepted;
}

OfferAnswer RegistrationRepository::answerOffer(const std::string& offer_hash, bool accept, Clock::time_point now)
{
    return retrying(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("SELECT response_id, group_code FROM registrations WHERE offer_hash = ?");
        st.setString(1, offer_hash);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return OfferAnswer::unknown;
        const auto response_id = rs->getUInt64(1);
        const std::string group = rs->getString(2);
        return answer(lease, response_id, group, accept, now);
    });
}

OfferAnswer RegistrationRepository::answerOfferByReceipt(const std::string& form_slug, const std::string& receipt_hash,
                                                         const std::string& group, bool accept, Clock::time_point now)
{
    return retrying(pool_, [&](ConnectionPool::Lease& lease) {
        auto& find = lease.prepare(
            "SELECT r.id FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.receipt_hash = ?");
        find.setString(1, form_slug);
        find.setString(2, receipt_hash);
        std::unique_ptr<sql::ResultSet> rs(find.executeQuery());
        if (!rs->next()) return OfferAnswer::unknown;
        return answer(lease, rs->getUInt64(1), group, accept, now);
    });
}

std::size_t RegistrationRepository::sweep(Clock::time_point now)
{
    // The groups with a lapsed offer or a free place while people wait.
    const auto groups = withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "SELECT DISTINCT group_code FROM registrations WHERE state = 'offered' AND offer_expires_at < ? "
            "UNION SELECT code FROM project_groups WHERE capacity IS NOT NULL AND waitlist = 1 AND waitlisted > 0 "
            "AND registered < capacity");
        st.setString(1, toSqlDateTime(now));
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::set<std::string> out;
        while (rs->next()) out.insert(rs->getString(1));
        return out;
    });
    std::size_t changes = 0;
    for (const auto& group : groups) {
        changes += retrying(pool_, [&](ConnectionPool::Lease& lease) -> std::size_t {
            if (!lockGroup(lease, group, true)) return 0;  // another sweeper or a sign-up has it: next round
            auto& lapsed = lease.prepare(
                "SELECT response_id FROM registrations WHERE group_code = ? AND state = 'offered' "
                "AND offer_expires_at < ? FOR UPDATE");
            lapsed.setString(1, group);
            lapsed.setString(2, toSqlDateTime(now));
            std::unique_ptr<sql::ResultSet> rs(lapsed.executeQuery());
            std::vector<std::uint64_t> ids;
            while (rs->next()) ids.push_back(rs->getUInt64(1));
            for (const auto id : ids) {
                setState(lease, id, group, RegistrationState::offered, RegistrationState::expired);
                moveCounters(lease, group, -1, 0);
            }
            return ids.size() + fill(lease, group, now);
        });
    }
    return changes;
}

}  // namespace tnt::storage
