#include "service/submission/submission_service.h"

#include <algorithm>
#include <future>
#include <memory>
#include <set>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/domain/unique_claims.h"

namespace tnt::submission {

SubmissionService::SubmissionService(ResponseStore& store, const Clock& clock, const domain::GroupCatalogue* catalogue,
                                     const ReceiptSecrets* receipts, const MailComposer* mail,
                                     AmendmentStore* amendments)
    : store_(store), clock_(clock), catalogue_(catalogue), receipts_(receipts), mail_(mail), amendments_(amendments)
{
}

AmendOutcome SubmissionService::amend(const domain::Form& form, const std::string& receipt,
                                      const nlohmann::json& answers)
{
    if (amendments_ == nullptr) throw std::logic_error("this service cannot change answers");
    ensureOpen(form);
    const auto now = clock_.now();
    auto prepared = prepare(form, answers, now);
    auto closed = closedGroups(prepared.groups, now);
    Amendment amendment{.form_slug = form.slug,
                        .receipt_hash = ReceiptSecrets::hash(receipt),
                        .answers = std::move(prepared.answers),
                        .rows = std::move(prepared.rows),
                        .claims = std::move(prepared.claims),
                        .groups = std::move(prepared.groups),
                        .closed_groups = std::move(closed),
                        .groups_key = groupsKey(form),
                        .updated_at = now,
                        .mail = {}};
    if (mail_ != nullptr) {
        // Called by the store inside the amendment's transaction, only when a group is joined; the message
        // is the registration confirmation of the answers as they now are, sent now.
        amendment.mail = [this, &form, &receipt, &amendment](const std::string& public_id,
                                                             const std::vector<domain::Placement>& placements) {
            NewResponse changed;
            changed.form_slug = form.slug;
            changed.public_id = public_id;
            changed.submitted_at = amendment.updated_at;
            changed.answers = amendment.answers;
            changed.groups = amendment.groups;
            return mail_->compose(form, changed, receipt, placements);
        };
    }
    const auto outcome = amendments_->amend(amendment);
    if (outcome == AmendOutcome::claim_taken) throw SubmissionRefused::alreadyRegistered();
    return outcome;
}

std::map<std::string, std::string> SubmissionService::closedGroups(const std::vector<std::string>& groups,
                                                                   domain::TimePoint now) const
{
    std::map<std::string, std::string> closed;
    if (catalogue_ == nullptr) return closed;
    for (const auto& code : groups) {
        const auto* group = catalogue_->find(code);
        if (group != nullptr && !group->acceptsRegistrationAt(now)) {
            closed[code] = "Les inscriptions au groupe « " + group->name + " » sont closes depuis le " +
                           domain::formatFrenchParis(*group->registration_deadline) + ".";
        }
    }
    return closed;
}

std::string SubmissionService::groupsKey(const domain::Form& form)
{
    const auto* question = form.groupsQuestion();
    return question != nullptr ? question->key : "groups";
}

void SubmissionService::ensureOpen(const domain::Form& form) const
{
    ensureFormOpen(form, clock_.now());
}

std::optional<std::string> SubmissionService::receiptFor(const domain::Form& form,
                                                         const std::string& idempotency_key) const
{
    if (receipts_ == nullptr) return std::nullopt;
    return receipts_->issue(form.slug, idempotency_key);
}

void ensureFormOpen(const domain::Form& form, domain::TimePoint now)
{
    switch (form.window.statusAt(now)) {
    case domain::FormStatus::upcoming:
        throw SubmissionRefused::notOpen(*form.window.opens_at);
    case domain::FormStatus::closed:
        throw SubmissionRefused::closed(*form.window.closes_at);
    case domain::FormStatus::open:
        return;
    }
}

NewResponse SubmissionService::prepare(const domain::Form& form, const nlohmann::json& answers,
                                       domain::TimePoint submitted_at) const
{
    auto result = domain::validateAnswers(form, answers);
    if (!result.ok()) throw SubmissionRefused::invalid(std::move(result.errors));
    NewResponse response;
    response.groups = domain::selectedGroups(form, result.normalized.answers);
    for (const auto& claim : domain::uniqueClaims(form, result.normalized.answers)) {
        response.claims.push_back(crypto::sha256Hex(claim));
    }
    response.form_slug = form.slug;
    response.form_version = form.version;
    // 16 characters without look-alikes (no 0/O, 1/I/L), read out or typed from the receipt: 79 bits.
    response.public_id = crypto::randomToken(16, "23456789ABCDEFGHJKMNPQRSTUVWXYZ");
    response.submitted_at = submitted_at;
    response.answers = std::move(result.normalized.answers);
    response.rows = std::move(result.normalized.rows);
    return response;
}

StoredResponse SubmissionService::submit(const domain::Form& form, const nlohmann::json& answers,
                                         const std::optional<std::string>& idempotency_key, const std::string& source)
{
    // Shared with the thread that completes it, which may still be inside set_value when this one returns.
    auto result = std::make_shared<std::promise<StoredResponse>>();
    auto future = result->get_future();
    submitThen(form, answers, idempotency_key, source, [result](StoreOutcome outcome) {
        if (outcome.stored) {
            result->set_value(std::move(*outcome.stored));
        } else {
            result->set_exception(outcome.error);
        }
    });
    return future.get();  // rethrows the refusal
}

void SubmissionService::submitThen(const domain::Form& form, const nlohmann::json& answers,
                                   const std::optional<std::string>& idempotency_key, const std::string& source,
                                   StoreCompletion done)
{
    const auto receipt = receipts_ != nullptr ? receipts_->issue(form.slug, idempotency_key) : std::string();
    // Invalid UTF-8 is refused by the validation below; here it must not throw first.
    const auto request_hash = crypto::sha256Hex(answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // A replay answers with the first response, but only to the same answers.
    const auto replay = [receipt, request_hash](StoredResponse earlier) -> StoreOutcome {
        if (!earlier.request_hash.empty() && earlier.request_hash != request_hash) {
            return {std::nullopt, std::make_exception_ptr(SubmissionRefused::idempotencyKeyReused())};
        }
        earlier.receipt = receipt;
        return {std::move(earlier), {}};
    };
    auto response = std::make_shared<NewResponse>();
    try {
        const auto now = clock_.now();
        ensureOpen(form);
        *response = prepare(form, answers, now);
        if (auto late = closedGroups(response->groups, now); !late.empty()) {
            throw SubmissionRefused::invalid({{groupsKey(form), late.begin()->second}});
        }
    } catch (const SubmissionRefused&) {
        // The key of a response stored earlier is answered with it, even when the same answers would be
        // refused now (the form closed since): looked up only then, so a new key costs no look-up.
        if (!idempotency_key) {
            done({std::nullopt, std::current_exception()});
            return;
        }
        store_.findByIdempotencyKeyThen(
            form.slug, *idempotency_key,
            [refusal = std::current_exception(), replay, done = std::move(done)](StoreOutcome found) {
                if (found.stored) {
                    done(replay(std::move(*found.stored)));
                } else {
                    done({std::nullopt, found.error ? found.error : refusal});
                }
            });
        return;
    }
    response->idempotency_key = idempotency_key;
    response->source = source;
    if (!receipt.empty()) response->receipt_hash = ReceiptSecrets::hash(receipt);
    response->request_hash = request_hash;
    if (mail_ != nullptr) {
        // Called by the store inside the response's transaction; the response it is given is the one stored.
        response->mail = [this, &form, receipt](const NewResponse& stored,
                                                const std::vector<domain::Placement>& placements) {
            return mail_->compose(form, stored, receipt, placements);
        };
    }
    // A key used before is met by the unique index in the response's transaction, and its earlier response
    // comes back as a replay.
    store_.storeThen(response, [this, &form, response, receipt, replay, done = std::move(done)](StoreOutcome outcome) {
        if (outcome.stored) {
            if (outcome.stored->replayed) {
                done(replay(std::move(*outcome.stored)));
                return;
            }
            outcome.stored->receipt = receipt;
            done(std::move(outcome));
            return;
        }
        try {
            std::rethrow_exception(outcome.error);
        } catch (const SubmissionRefused& refusal) {
            if (refusal.reason() == RefusalReason::already_registered) {
                done({std::nullopt, std::make_exception_ptr(explainAlreadyRegistered(form, *response, refusal))});
                return;
            }
        } catch (...) {
        }
        done(std::move(outcome));
    });
}

SubmissionRefused SubmissionService::explainAlreadyRegistered(const domain::Form& form, const NewResponse& response,
                                                              const SubmissionRefused& refusal) const
{
    std::set<std::string> taken_groups;
    for (const auto& claim : domain::uniqueClaims(form, response.answers)) {
        const auto hash = crypto::sha256Hex(claim);
        if (std::find(refusal.taken_claims.begin(), refusal.taken_claims.end(), hash) == refusal.taken_claims.end()) {
            continue;
        }
        if (auto group = domain::claimedGroup(form, claim)) taken_groups.insert(*group);
    }
    if (taken_groups.empty()) return refusal;
    std::vector<std::string> codes;
    std::vector<std::string> names;
    for (const auto& code : response.groups) {  // catalogue order
        if (!taken_groups.contains(code)) continue;
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        codes.push_back(code);
        names.push_back(group != nullptr ? group->name : code);
    }
    return SubmissionRefused::alreadyInGroups(std::move(codes), names);
}

std::vector<StoreOutcome> SubmissionService::importResponses(const domain::Form& form,
                                                             const std::vector<ImportedAnswer>& answers,
                                                             const std::string& source)
{
    return storeImport(prepareImport(form, answers, source));
}

SubmissionService::PreparedImport SubmissionService::prepareImport(const domain::Form& form,
                                                                   const std::vector<ImportedAnswer>& answers,
                                                                   const std::string& source) const
{
    PreparedImport prepared;
    prepared.outcomes.resize(answers.size());
    prepared.responses.reserve(answers.size());
    prepared.index.reserve(answers.size());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        try {
            auto response = prepare(form, answers[i].answers, answers[i].submitted_at);
            response.idempotency_key = answers[i].key;
            response.source = source;
            prepared.responses.push_back(std::move(response));
            prepared.index.push_back(i);
        } catch (const SubmissionRefused&) {
            prepared.outcomes[i].error = std::current_exception();
        }
    }
    return prepared;
}

std::vector<StoreOutcome> SubmissionService::storeImport(PreparedImport prepared)
{
    std::vector<const NewResponse*> batch;
    batch.reserve(prepared.responses.size());
    for (const auto& response : prepared.responses) batch.push_back(&response);
    auto stored = store_.storeAll(batch);
    for (std::size_t j = 0; j < stored.size(); ++j) prepared.outcomes[prepared.index[j]] = std::move(stored[j]);
    return std::move(prepared.outcomes);
}

}  // namespace tnt::submission
