// The invitations of schema/0019_invitations.sql: added from an invitation file with their e-mail queued in
// the same transaction (so a person is invited exactly when a message to them exists), found by the public
// id their signed link carries, moved through invited → started → answered, reminded, unsubscribed, and
// counted for the pilots' participation view. "Answered" is always its own transaction, with no time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/submission/invitations.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

struct NewInvitation {
    std::string public_id;
    std::string email;
    std::string insee;
    std::string departement;
    std::string commune;
    std::string mandate;
};

struct InvitationBatch {
    std::size_t added = 0;
    std::size_t already = 0;  // the address was invited to this form before: left as it was, no e-mail
};

// Who is due a reminder, and with what to write it.
struct ReminderRecipient {
    std::string public_id;
    std::string email;
    std::string commune;
};

struct ReminderRule {
    int days = 7;  // not reminded in the last `days` days
    int max = 2;  // reminded fewer than `max` times
};

struct ParticipationCount {
    std::string departement;
    std::string mandate;
    submission::InvitationState state = submission::InvitationState::invited;
    std::uint64_t count = 0;
};

using InvitationMail = std::function<std::optional<submission::OutgoingMail>(
    const std::string& public_id, const std::string& email, const std::string& commune)>;

class InvitationRepository : public submission::InvitationStore {
public:
    explicit InvitationRepository(ConnectionPool& pool) : pool_(pool) {}

    // Adds the batch to the form `form_slug` in one transaction, with each new invitation's e-mail (`mail`)
    // queued beside it; an address already invited to this form (case aside) is left as it was.
    InvitationBatch add(const std::string& form_slug, const std::vector<NewInvitation>& batch,
                        std::chrono::system_clock::time_point now, const InvitationMail& mail);

    std::optional<submission::Invitation> find(const std::string& form_slug, const std::string& public_id) override;
    void markStarted(std::uint64_t id) override;
    void markAnswered(std::uint64_t id) override;
    bool unsubscribe(std::uint64_t id) override;

    // One transaction of reminders: up to `limit` invitations of the form that have not answered, did not
    // unsubscribe and are due by `rule` at `now` get their reminder queued (`mail`) and counted. How many;
    // with `dry_run`, how many are due (all of them, `limit` aside), changing and locking nothing. Call again
    // until it returns less than `limit`.
    std::size_t remind(const std::string& form_slug, std::chrono::system_clock::time_point now, ReminderRule rule,
                       std::size_t limit, bool dry_run, const InvitationMail& mail);

    // Removes the form's invitations (or counts them, `dry_run`): once a survey is over they serve nothing
    // but its participation figures, and hold addresses. How many.
    std::size_t removeAll(const std::string& form_slug, bool dry_run);

    // How many invitations of the form are in each state, per département and mandate.
    std::vector<ParticipationCount> participation(const std::string& form_slug);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
