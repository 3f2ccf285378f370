#include "service/submission/submission_service.h"

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/domain/unique_claims.h"

namespace tnt::submission {

SubmissionService::SubmissionService(ResponseStore& store, const Clock& clock, const domain::GroupCatalogue* catalogue)
    : store_(store), clock_(clock), catalogue_(catalogue)
{
}

void SubmissionService::ensureOpen(const domain::Form& form) const
{
    const auto now = clock_.now();
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
    response.public_id = crypto::randomToken(22);
    response.submitted_at = submitted_at;
    response.answers = std::move(result.normalized.answers);
    response.rows = std::move(result.normalized.rows);
    return response;
}

StoredResponse SubmissionService::submit(const domain::Form& form, const nlohmann::json& answers,
                                         const std::optional<std::string>& idempotency_key, const std::string& source)
{
    if (idempotency_key) {
        if (auto earlier = store_.findByIdempotencyKey(form.slug, *idempotency_key)) return *earlier;
    }
    const auto now = clock_.now();
    ensureOpen(form);
    auto response = prepare(form, answers, now);
    if (catalogue_ != nullptr) {
        std::map<std::string, std::string> late;
        for (const auto& code : response.groups) {
            const auto* group = catalogue_->find(code);
            if (group != nullptr && !group->acceptsRegistrationAt(now)) {
                const auto* question = form.groupsQuestion();
                late[question != nullptr ? question->key : "groups"] =
                    "Les inscriptions au groupe « " + group->name + " » sont closes depuis le " +
                    domain::formatFrenchParis(*group->registration_deadline) + ".";
            }
        }
        if (!late.empty()) throw SubmissionRefused::invalid(std::move(late));
    }
    response.idempotency_key = idempotency_key;
    response.source = source;
    return store_.store(response);
}

StoredResponse SubmissionService::importResponse(const domain::Form& form, const nlohmann::json& answers,
                                                 domain::TimePoint submitted_at, const std::string& source,
                                                 const std::string& key)
{
    if (auto earlier = store_.findByIdempotencyKey(form.slug, key)) return *earlier;
    auto response = prepare(form, answers, submitted_at);
    response.idempotency_key = key;
    response.source = source;
    return store_.store(response);
}

}  // namespace tnt::submission
