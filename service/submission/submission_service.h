// Answering a form: the server's clock decides the window (and each group's deadline), the domain
// validates, then the store keeps the response with its claims and group places in one transaction.
// A retry with the same idempotency key returns the first response, even after the form has closed:
// a stored response is never rejected afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/submission/clock.h"
#include "service/submission/mail_composer.h"
#include "service/submission/receipt_secrets.h"
#include "service/submission/response_store.h"
#include "service/submission/submission_refused.h"

namespace tnt::submission {

// The window check: throws SubmissionRefused (not_open, closed) unless the form takes answers at `now`.
void ensureFormOpen(const domain::Form& form, domain::TimePoint now);

class SubmissionService {
public:
    // `receipts`: issues the respondents' receipt secrets; without it (imports) no receipt is issued.
    // `mail` composes the e-mails a response sends (none without it); imports never send any.
    // `amendments`: where changed answers are written; without it, answers cannot be changed.
    SubmissionService(ResponseStore& store, const Clock& clock, const domain::GroupCatalogue* catalogue,
                      const ReceiptSecrets* receipts = nullptr, const MailComposer* mail = nullptr,
                      AmendmentStore* amendments = nullptr);

    // Throws SubmissionRefused; already_registered names the groups already joined when it can. The
    // result carries the receipt secret, also on a replay. Waits for the store (submitThen).
    StoredResponse submit(const domain::Form& form, const nlohmann::json& answers,
                          const std::optional<std::string>& idempotency_key, const std::string& source = "");

    // submit(), without waiting: validates on the caller's thread, then `done` gets the stored response or
    // the refusal — at once when the answers are refused, else from the store's writer once the response's
    // transaction has committed (so `done` must not block). `form` outlives the call to `done`.
    void submitThen(const domain::Form& form, const nlohmann::json& answers,
                    const std::optional<std::string>& idempotency_key, const std::string& source, StoreCompletion done);

    // An answer collected elsewhere (framaforms, Airtable exports), with its original time.
    struct ImportedAnswer {
        nlohmann::json answers;
        domain::TimePoint submitted_at;
        std::string key;  // the idempotency key: importing the same row twice stores it once
    };
    // Stores answers collected elsewhere: the same validation, uniqueness and group capacity as a live
    // submission, but no window or deadline check (the form has usually closed since). One outcome per
    // answer, in order: stored (replayed when its key was stored before) or the error (SubmissionRefused
    // when invalid, a claim taken, a group full). Written in as few transactions as the store can.
    std::vector<StoreOutcome> importResponses(const domain::Form& form, const std::vector<ImportedAnswer>& answers,
                                              const std::string& source);
    // importResponses in its two steps, so that an import validates a chunk while the previous one is
    // stored: prepareImport validates and touches no store (any thread); storeImport writes what it prepared
    // and returns the outcomes, the refusals of the first step included.
    struct PreparedImport {
        std::vector<StoreOutcome> outcomes;  // one per answer: its refusal, or left for storeImport
        std::vector<NewResponse> responses;  // the valid answers, in order
        std::vector<std::size_t> index;  // of each of `responses` in `outcomes`
    };
    PreparedImport prepareImport(const domain::Form& form, const std::vector<ImportedAnswer>& answers,
                                 const std::string& source) const;
    std::vector<StoreOutcome> storeImport(PreparedImport prepared);

    // Replaces the answers of the response whose receipt secret is `receipt`, while the form is open: the
    // same validation and uniqueness as a new response. A change of groups follows the rules of a new
    // registration for a group added (its deadline, its places, its waitlist) and of a withdrawal for a group
    // left. Throws SubmissionRefused (closed, not_open, invalid, already_registered when a claim is taken,
    // group_full); returns unknown or deleted when the receipt leads to no response, groups_changed when the
    // store cannot change groups.
    AmendOutcome amend(const domain::Form& form, const std::string& receipt, const nlohmann::json& answers);

    // The receipt secret a submission with `idempotency_key` got or would get (none without receipts): how
    // a page sent twice finds the receipt of the first sending.
    std::optional<std::string> receiptFor(const domain::Form& form, const std::string& idempotency_key) const;

    // The window check alone, for pages that show "clos depuis le …" before anyone types an answer.
    void ensureOpen(const domain::Form& form) const;

private:
    // Those of `groups` that take no registration at `now`: code → the French sentence that says so.
    std::map<std::string, std::string> closedGroups(const std::vector<std::string>& groups,
                                                    domain::TimePoint now) const;
    // The key of the form's groups question ("groups" without one), where group refusals are shown.
    static std::string groupsKey(const domain::Form& form);
    NewResponse prepare(const domain::Form& form, const nlohmann::json& answers, domain::TimePoint submitted_at) const;
    // The store's already_registered refusal, with the groups its taken claims are about.
    SubmissionRefused explainAlreadyRegistered(const domain::Form& form, const NewResponse& response,
                                               const SubmissionRefused& refusal) const;

    ResponseStore& store_;
    const Clock& clock_;
    const domain::GroupCatalogue* catalogue_;
    const ReceiptSecrets* receipts_;
    const MailComposer* mail_;
    AmendmentStore* amendments_;
};

}  // namespace tnt::submission
