// The pilots' daily digests: for each token created with `--notify` whose last digest is older than the
// period, the registrations submitted since then to the groups its scope covers. The caller turns them into
// a message; the message (to the outbox) and the new period's end are committed together, and the token's
// row is claimed with FOR UPDATE SKIP LOCKED, so that several instances send each digest once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/access/access_token.h"
#include "service/storage/connection_pool.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

struct DigestPeriod {
    access::AccessToken token;
    domain::TimePoint since;  // exclusive
    domain::TimePoint until;  // inclusive
    std::vector<std::pair<std::string, std::uint64_t>> registrations;  // group code → new sign-ups, code order
};

class DigestRepository {
public:
    explicit DigestRepository(ConnectionPool& pool) : pool_(pool) {}

    // `compose` gets each due token's period and returns its message (none when there is nothing new to
    // say: the period is closed all the same). Returns how many messages were queued.
    std::size_t queueDue(std::chrono::seconds every,
                         const std::function<std::optional<submission::OutgoingMail>(const DigestPeriod&)>& compose);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
