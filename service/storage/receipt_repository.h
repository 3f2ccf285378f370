// Finds a response by its respondent's receipt (the SHA-256 of the receipt secret,
// submission::ReceiptSecrets): what the receipt page shows — the response number, when it was sent, the
// groups it joined — and whether a receipt that finds nothing belonged to a response its respondent deleted.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "service/domain/group_catalogue.h"
#include "service/storage/connection_pool.h"

namespace tnt::storage {

enum class ReceiptState {
    found,  // the response is there
    deleted,  // its respondent deleted it with this receipt
    unknown,  // no such receipt: a wrong link, or a response purged at the end of its retention
};

struct Receipt {
    ReceiptState state = ReceiptState::unknown;
    std::string public_id;  // when found
    std::chrono::system_clock::time_point submitted_at;
    std::vector<std::string> groups;  // the group codes it registered to, sorted
    std::vector<domain::Placement> placements;  // its state in each of them, in the same order
    std::string answers;  // the answers as stored (JSON text), for the page that changes them
    std::optional<std::chrono::system_clock::time_point> updated_at;  // when they were last changed
};

class ReceiptRepository {
public:
    explicit ReceiptRepository(ConnectionPool& pool) : pool_(pool) {}

    Receipt find(const std::string& form_slug, const std::string& receipt_hash);
    // The same on a connection already leased (inside the deletion's transaction).
    static Receipt find(ConnectionPool::Lease& lease, const std::string& form_slug, const std::string& receipt_hash);
    // Inside the respondent's deletion: remembers the receipt as deleted.
    static void recordDeleted(ConnectionPool::Lease& lease, unsigned form_id, const std::string& receipt_hash);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
