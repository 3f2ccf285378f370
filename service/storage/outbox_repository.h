// The e-mail outbox (schema/0011_outbox.sql): messages are inserted by the response repository in their
// response's transaction; this repository hands due ones to the sender threads and records what became of
// them. Several threads and instances (Galera too) may claim at once: a claim is a committed move of the
// rows' next attempt past a lease, taken under FOR UPDATE SKIP LOCKED, so each message goes to one sender
// at a time; a sender that dies mid-way leaves its messages due again when the lease ends (at most one
// duplicate per crash, with the same Message-ID).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

struct OutboxMessage {
    std::uint64_t id = 0;
    std::string message_id;
    std::string kind;
    std::string recipient;
    std::string payload;  // JSON: what the message says (rendered by the sender)
    unsigned attempts = 0;  // this one included
    std::chrono::seconds age{0};  // since it was queued
};

struct OutboxDepth {
    std::uint64_t pending = 0;  // waiting to be sent, due or not
    std::chrono::seconds oldest_due{0};  // how late the oldest due message is (0 when none is due)
};

// Queues `mail` in the outbox on `lease`, in whatever transaction it is in (the one of the change that causes
// the message), due at once; `response_id` ties it to a response (its rows go with the response).
void queueOutboxMail(ConnectionPool::Lease& lease, const submission::OutgoingMail& mail,
                     std::optional<std::uint64_t> response_id = std::nullopt);

class OutboxRepository {
public:
    explicit OutboxRepository(ConnectionPool& pool) : pool_(pool) {}

    // Up to `limit` due messages, each counted as one more attempt and not due again before `lease`.
    std::vector<OutboxMessage> claimDue(std::size_t limit, std::chrono::seconds lease);

    // Delivered: the payload and the recipient are forgotten.
    void markSent(std::uint64_t id);
    // Not delivered this time: due again after `delay`. `error` never names the recipient.
    void markRetry(std::uint64_t id, std::chrono::milliseconds delay, const std::string& error);
    // Given up (refused by the relay, unrenderable, or retried for too long): the payload and the recipient are
    // forgotten.
    void markFailed(std::uint64_t id, const std::string& error);

    OutboxDepth depth();

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
