// The life of a sign-up after it is stored (schema/0013_waitlist.sql): withdrawing from one group, the
// offer of a freed place to the first person waiting, its acceptance or refusal, and the sweep that ends
// lapsed offers. Every change is one transaction that first locks the group's row, so that changes to one
// group are serialised across threads, instances and Galera nodes, and the counters move with the rows:
// at every commit registered + offered ≤ capacity. Freeing a place offers it, in the same transaction, to
// the first waitlisted person (and queues their e-mail); nobody is offered a place twice, and people are
// offered places in the order they joined the list.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/group_catalogue.h"
#include "service/storage/connection_pool.h"
#include "service/submission/registration_letters.h"

namespace tnt::storage {

// What a withdrawal came to.
enum class WithdrawalOutcome {
    withdrawn,  // done: a place held is freed (and offered on), or the place on the list given up
    already,  // the sign-up had already left the group: nothing changed
    not_found,  // no such sign-up (no such receipt or response, or not in this group)
};

// An offer's link, looked up by its secret's hash.
struct OfferLink {
    enum class State { unknown, open, accepted, declined, expired, withdrawn } state = State::unknown;
    std::string form_slug;
    std::string group;
    std::chrono::system_clock::time_point expires_at;
};

// What answering an offer came to.
enum class OfferAnswer {
    accepted,  // now registered (the confirmation is queued)
    declined,  // the place passes on
    expired,  // too late: the place has passed on
    used,  // already answered (or the person has left the group)
    unknown,  // no such offer
};

class RegistrationRepository {
public:
    // `letters` composes the offer and confirmation messages; it must outlive the repository.
    RegistrationRepository(ConnectionPool& pool, const submission::RegistrationLetters& letters);

    // A response's state in each group it chose, in code order; a waitlisted one with its rank now.
    static std::vector<domain::Placement> placements(ConnectionPool::Lease& lease, std::uint64_t response_id);

    // The respondent leaves one group (their receipt's hash). Idempotent.
    WithdrawalOutcome withdrawByReceipt(const std::string& form_slug, const std::string& receipt_hash,
                                        const std::string& group, std::chrono::system_clock::time_point now);
    // A pilot frees a place (the response's public id, within one form). Idempotent.
    WithdrawalOutcome withdrawByPublicId(const std::string& form_slug, const std::string& public_id,
                                         const std::string& group, std::chrono::system_clock::time_point now);

    // Within the caller's transaction (an amendment that drops the group, holding the response's row): the
    // group's row is locked, the sign-up leaves as withdrawn and its place goes to the first person waiting,
    // as a withdrawal from the receipt does.
    WithdrawalOutcome leaveWithin(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group,
                                  std::chrono::system_clock::time_point now);

    // How many sign-ups of the form are in each state, per group: group code → state → count.
    std::map<std::string, std::map<domain::RegistrationState, long long>> stateCounts(const std::string& form_slug);

    OfferLink findOffer(const std::string& offer_hash);
    // Accepts or declines the offer of this secret's hash.
    OfferAnswer answerOffer(const std::string& offer_hash, bool accept, std::chrono::system_clock::time_point now);
    // The same from the respondent's receipt, for the group whose place they are offered.
    OfferAnswer answerOfferByReceipt(const std::string& form_slug, const std::string& receipt_hash,
                                     const std::string& group, bool accept, std::chrono::system_clock::time_point now);

    // Ends the offers that lapsed before `now` and offers every free place to the people waiting (a place
    // freed by an RGPD deletion, a capacity raised in the catalogue). Groups another instance is sweeping
    // are skipped (SKIP LOCKED). Returns how many offers it ended or made.
    std::size_t sweep(std::chrono::system_clock::time_point now);

private:
    // Within a transaction that holds the group's row lock: moves the sign-up (response, group) out of the
    // group as `state`, freeing what it held, then fills the free places.
    WithdrawalOutcome leave(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group,
                            domain::RegistrationState state, std::chrono::system_clock::time_point now);
    OfferAnswer answer(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group, bool accept,
                       std::chrono::system_clock::time_point now);
    // Offers the group's free places to the first people waiting; returns how many were offered.
    std::size_t fill(ConnectionPool::Lease& lease, const std::string& group, std::chrono::system_clock::time_point now);
    WithdrawalOutcome withdrawWhere(const std::string& condition, const std::string& form_slug, const std::string& key,
                                    const std::string& group, std::chrono::system_clock::time_point now);

    ConnectionPool& pool_;
    const submission::RegistrationLetters& letters_;
};

}  // namespace tnt::storage
