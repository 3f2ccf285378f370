// What the submission service needs from storage: store one response atomically (response, answer rows,
// uniqueness claims, group places) and find a response by its idempotency key. Implemented over MariaDB by
// storage::ResponseRepository; tests may implement it in memory.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/answer_validation.h"
#include "service/domain/group_catalogue.h"
#include "service/domain/paris_time.h"

namespace tnt::submission {

// An e-mail a new response sends (the outbox's row): written in the response's transaction, rendered and
// sent later by the outbox's senders.
struct OutgoingMail {
    std::string message_id;  // the Message-ID header, without angle brackets
    std::string kind;  // "inscription", "copie", "resume"
    std::string recipient;
    std::string payload;  // what the message says, as JSON (messages::ResponseMail renders it)
};

struct NewResponse {
    std::string form_slug;
    std::string form_version;  // sha256 of the definition answered
    std::string public_id;
    domain::TimePoint submitted_at;
    std::optional<std::string> idempotency_key;
    nlohmann::json answers;
    std::vector<domain::AnswerRow> rows;
    std::vector<std::string> claims;  // already hashed
    std::vector<std::string> groups;  // codes, each takes one place or a place on the group's waitlist
    std::string source;  // "" for the API and pages; the file name for imports
    std::optional<std::string> receipt_hash;  // ReceiptSecrets::hash of the respondent's secret; none for imports
    std::string request_hash;  // SHA-256 of the answers as received, kept with the idempotency key
    // The e-mails queued with the response (none for imports), composed once its place in each group is
    // known — inside its transaction, so a confirmation says « inscrit » or « 3e sur la liste d'attente » as
    // it was stored. Called with this response; never throws (MailComposer::compose).
    std::function<std::vector<OutgoingMail>(const NewResponse&, const std::vector<domain::Placement>&)> mail;
};

struct StoredResponse {
    std::string public_id;
    domain::TimePoint submitted_at;
    bool replayed = false;  // true when an earlier submission with the same idempotency key was returned
    std::string receipt;  // the respondent's receipt secret (SubmissionService fills it; never stored)
    std::string request_hash;  // of the stored response, on a replay ("" when stored before it was kept)
    std::vector<domain::Placement> placements;  // its state in each group it chose, in code order
};

// What storing one response of several came to: the stored response, or what store() threw for it
// (SubmissionRefused for a taken claim or a full group, a storage error…).
struct StoreOutcome {
    std::optional<StoredResponse> stored;
    std::exception_ptr error;
};

// New answers for a response already stored, found by its receipt (the respondent's right to change it).
struct Amendment {
    std::string form_slug;
    std::string receipt_hash;  // ReceiptSecrets::hash of the respondent's secret
    nlohmann::json answers;  // normalised, as NewResponse::answers
    std::vector<domain::AnswerRow> rows;
    std::vector<std::string> claims;  // already hashed
    // The groups chosen. A group left is withdrawn from (its place offered to the first person waiting); a
    // group added is joined by the same capacity and waitlist rule as a new registration.
    std::vector<std::string> groups;
    // The groups chosen that take no registration now (their deadline passed): code → French sentence. One
    // of them may be kept, not added. `groups_key` is the question they are answered in.
    std::map<std::string, std::string> closed_groups;
    std::string groups_key;
    domain::TimePoint updated_at;
    // The e-mails an amendment that joins a group sends: the confirmation of where the person now stands in
    // each group, composed inside its transaction from the response's public id and placements then, and
    // queued with it. Never throws (MailComposer::compose).
    std::function<std::vector<OutgoingMail>(const std::string& public_id, const std::vector<domain::Placement>&)> mail;
};

enum class AmendOutcome {
    amended,
    unknown,  // no such receipt
    deleted,  // its respondent deleted the response
    claim_taken,  // another response holds one of the new claims (unique_by): nothing changed
    groups_changed,  // the groups differ and this store cannot change them (nothing changed)
};

// Where amendments are written (the database's response repository).
class AmendmentStore {
public:
    virtual ~AmendmentStore() = default;
    // Replaces the answers in one transaction, submitted_at kept, updated_at set; the statistics counters
    // stay exact at every commit. Throws SubmissionRefused: group_full (a group added has no place and no
    // waitlist), invalid (a group added whose registrations are closed).
    virtual AmendOutcome amend(const Amendment& amendment) = 0;
};

// Called once with what storing (or looking up) came to, from the thread that did it.
using StoreCompletion = std::function<void(StoreOutcome)>;

class ResponseStore {
public:
    virtual ~ResponseStore() = default;

    // store(), answered through `done` — from a writer thread, once the response's transaction has
    // committed, in a store that batches (so `done` must not block); the default stores at once, on the
    // caller's thread. `response` lives until `done` has returned.
    virtual void storeThen(std::shared_ptr<const NewResponse> response, StoreCompletion done);

    // findByIdempotencyKey(), answered through `done` likewise: `stored` is the earlier response, none when
    // the key was not used.
    virtual void findByIdempotencyKeyThen(const std::string& form_slug, const std::string& key, StoreCompletion done);

    // Stores everything in one transaction, or nothing. Throws SubmissionRefused (already_registered with
    // the taken claims, group_full) when a claim is taken or a group has no place; returns the earlier response when the
    // idempotency key was already used for this form.
    virtual StoredResponse store(const NewResponse& response) = 0;

    // Stores several responses, each with the answer store() would give it, in order: an earlier response
    // takes a place or a claim before a later one. The default stores them one by one; the database's
    // store writes them in as few transactions as their conflicts allow (group commit).
    virtual std::vector<StoreOutcome> storeAll(const std::vector<const NewResponse*>& responses);

    virtual std::optional<StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                               const std::string& key) = 0;
};

}  // namespace tnt::submission
