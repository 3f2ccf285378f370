#include "service/submission/drafts.h"

#include "service/domain/form_steps.h"
#include "service/submission/submission_service.h"

namespace tnt::submission {
namespace {

Draft fromStored(const std::string& secret, const StoredDraft& stored)
{
    auto answers = nlohmann::json::parse(stored.answers, nullptr, false);
    if (answers.is_discarded() || !answers.is_object()) answers = nlohmann::json::object();
    return {secret, std::move(answers), stored.step, stored.updated_at, stored.expires_at, stored.invitation};
}

}  // namespace

DraftRefused::DraftRefused(Reason reason)
    : std::runtime_error(reason == Reason::forged ? "draft link not issued here" : "draft gone"), reason_(reason)
{
}

Drafts::Drafts(DraftStore& store, const Clock& clock, const SignedSecrets& secrets, const MailComposer* mail)
    : store_(store), clock_(clock), secrets_(secrets), mail_(mail)
{
}

void Drafts::ensureOpen(const domain::Form& form, const std::string& secret)
{
    try {
        ensureFormOpen(form, clock_.now());
    } catch (const SubmissionRefused& refusal) {
        // A closed form's draft can no longer be sent: it goes now rather than at the purge.
        if (refusal.reason() == RefusalReason::closed && !secret.empty()) {
            store_.remove(form.slug, SignedSecrets::hash(secret));
        }
        throw;
    }
}

Draft Drafts::create(const domain::Form& form, const nlohmann::json& answers, std::size_t step)
{
    ensureOpen(form, "");
    const auto now = clock_.now();
    const auto secret = secrets_.issue();
    const StoredDraft stored{answers.dump(), step, now, domain::draftExpiry(form, now), std::nullopt};
    store_.create(form.slug, SignedSecrets::hash(secret), stored, now);
    return fromStored(secret, stored);
}

std::optional<Draft> Drafts::createForInvitation(const domain::Form& form, const nlohmann::json& answers,
                                                 std::size_t step, const std::string& secret, std::uint64_t invitation)
{
    if (!secrets_.authentic(secret)) throw DraftRefused(DraftRefused::Reason::forged);
    ensureOpen(form, "");
    const auto now = clock_.now();
    const StoredDraft stored{answers.dump(), step, now, domain::draftExpiry(form, now), invitation};
    if (!store_.create(form.slug, SignedSecrets::hash(secret), stored, now)) return std::nullopt;
    return fromStored(secret, stored);
}

Draft Drafts::open(const domain::Form& form, const std::string& secret)
{
    if (!secrets_.authentic(secret)) throw DraftRefused(DraftRefused::Reason::forged);
    ensureOpen(form, secret);
    const auto stored = store_.find(form.slug, SignedSecrets::hash(secret), clock_.now());
    if (!stored) throw DraftRefused(DraftRefused::Reason::gone);
    return fromStored(secret, *stored);
}

Draft Drafts::change(const domain::Form& form, const std::string& secret,
                     const std::function<void(nlohmann::json& answers, std::size_t& step)>& edit)
{
    if (!secrets_.authentic(secret)) throw DraftRefused(DraftRefused::Reason::forged);
    ensureOpen(form, secret);
    const auto stored = store_.update(form.slug, SignedSecrets::hash(secret), clock_.now(), [&](StoredDraft& draft) {
        auto current = fromStored(secret, draft);
        edit(current.answers, current.step);
        draft.answers = current.answers.dump();
        draft.step = current.step;
        // Kept its retention after its last change, never past the form's closing.
        draft.expires_at = domain::draftExpiry(form, clock_.now());
    });
    if (!stored) throw DraftRefused(DraftRefused::Reason::gone);
    return fromStored(secret, *stored);
}

bool Drafts::discard(const domain::Form& form, const std::string& secret)
{
    if (!secrets_.authentic(secret)) return false;
    return store_.remove(form.slug, SignedSecrets::hash(secret));
}

bool Drafts::mailLink(const domain::Form& form, const Draft& draft, const std::string& to)
{
    if (mail_ == nullptr) return false;
    const auto messages =
        mail_->draftLink(form, to, draft.secret, domain::announcedDraftExpiry(form, draft.expires_at));
    for (const auto& m : messages) store_.queueMail(m);
    return !messages.empty();
}

}  // namespace tnt::submission
