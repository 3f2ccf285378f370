// The respondents' drafts (schema/0017_drafts.sql), found by the SHA-256 of their secret: created at the
// first step a respondent sends, changed at each step under the row's lock (two tabs sending the same step:
// the last one wins, the draft stays whole), removed when its answers are sent or it lapses. Also queues the
// e-mail that carries a draft's resume link (an outbox row tied to no response).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "service/storage/connection_pool.h"
#include "service/submission/drafts.h"

namespace tnt::storage {

using submission::StoredDraft;

class DraftRepository : public submission::DraftStore {
public:
    explicit DraftRepository(ConnectionPool& pool) : pool_(pool) {}

    // A new draft of the form `form_slug`.
    bool create(const std::string& form_slug, const std::string& secret_hash, const StoredDraft& draft,
                std::chrono::system_clock::time_point now) override;

    // The draft, if there is one of this form that has not lapsed at `now`; a lapsed one is removed.
    std::optional<StoredDraft> find(const std::string& form_slug, const std::string& secret_hash,
                                    std::chrono::system_clock::time_point now) override;

    // Changes the draft in one transaction, under its row lock: `edit` receives the stored draft and changes
    // it (its answers, its step, its expiry). Returns the draft as stored, or nullopt when it is gone or lapsed.
    std::optional<StoredDraft> update(const std::string& form_slug, const std::string& secret_hash,
                                      std::chrono::system_clock::time_point now,
                                      const std::function<void(StoredDraft&)>& edit) override;

    // Removes the draft; false when there was none.
    bool remove(const std::string& form_slug, const std::string& secret_hash) override;

    // Queues a message about a draft (its resume link) in the outbox.
    void queueMail(const submission::OutgoingMail& mail) override;

    // Removes the drafts lapsed at `now` (or counts them, `dry_run`); how many.
    std::size_t purgeExpired(std::chrono::system_clock::time_point now, bool dry_run = false);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
