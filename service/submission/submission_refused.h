// Why a submission was not stored, in the domain's words; the HTTP layer maps each reason to its status
// and error code (form_not_open 403, form_closed 410, validation_failed 422, already_registered and
// group_full 409, idempotency_key_reused 422), the pages to a French message beside the field.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/domain/paris_time.h"

namespace tnt::submission {

enum class RefusalReason { not_open, closed, invalid, already_registered, group_full, idempotency_key_reused };

class SubmissionRefused : public std::runtime_error {
public:
    SubmissionRefused(RefusalReason reason, std::string message);

    RefusalReason reason() const { return reason_; }
    const std::string& message() const { return message_; }

    // invalid: field key → one French sentence
    std::map<std::string, std::string> fields;
    // not_open: when it opens; closed: the announced closing time (its last accepted second)
    std::optional<domain::TimePoint> at;
    // group_full: the group that has no place left
    std::string group;
    // already_registered: the groups already joined with these answers, when the form's unique_by names
    // its groups question (codes, in catalogue order); the store fills `taken_claims` (hashed claims).
    std::vector<std::string> groups;
    std::vector<std::string> taken_claims;

    static SubmissionRefused notOpen(domain::TimePoint opens_at);
    static SubmissionRefused closed(domain::TimePoint closed_since);
    static SubmissionRefused invalid(std::map<std::string, std::string> fields);
    static SubmissionRefused alreadyRegistered(std::vector<std::string> taken_claims = {});
    // Says which groups: "Une inscription au groupe « Données » existe déjà …". `names` match `codes`.
    static SubmissionRefused alreadyInGroups(std::vector<std::string> codes, const std::vector<std::string>& names);
    // The idempotency key was used before for other answers.
    static SubmissionRefused idempotencyKeyReused();
    static SubmissionRefused groupFull(const std::string& code, const std::string& name);

private:
    RefusalReason reason_;
    std::string message_;
};

}  // namespace tnt::submission
