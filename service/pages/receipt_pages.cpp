#include "service/pages/receipt_pages.h"

namespace tnt::pages {
namespace {

enum class Gone { deleted, already_deleted, unknown };

std::string gonePage(const Views& views, const domain::Form& form, const std::string& title, Gone gone)
{
    return views.page("receipt_gone", {title + " – " + form.title, false},
                      {{"form", {{"title", form.title}}},
                       {"deleted", gone == Gone::deleted},
                       {"already_deleted", gone == Gone::already_deleted},
                       {"unknown", gone == Gone::unknown}});
}

}  // namespace

std::string formatResponseNumber(const std::string& public_id)
{
    std::string out;
    for (std::size_t i = 0; i < public_id.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += public_id[i];
    }
    return out;
}

std::string describePlacement(const domain::Placement& p)
{
    using domain::RegistrationState;
    switch (p.state) {
    case RegistrationState::registered:
        return "Vous êtes inscrit à ce groupe.";
    case RegistrationState::waitlisted:
        return p.position > 0 ? "Vous êtes " + domain::frenchOrdinal(p.position) +
                                    " sur la liste d'attente du groupe " + p.group + "."
                              : "Vous êtes sur la liste d'attente du groupe " + p.group + ".";
    case RegistrationState::offered:
        return p.offer_expires_at ? "Une place s'est libérée : elle vous est réservée jusqu'au " +
                                        domain::formatFrenchParis(*p.offer_expires_at) + "."
                                  : "Une place s'est libérée : elle vous est réservée.";
    case RegistrationState::withdrawn:
        return "Vous avez quitté ce groupe.";
    case RegistrationState::declined:
        return "Vous avez refusé la place proposée.";
    case RegistrationState::expired:
        return "La place proposée n'a pas été acceptée à temps : elle est passée à la personne suivante.";
    }
    return "";
}

std::string renderReceiptPage(const Views& views, const domain::Form& form, const ReceiptView& receipt)
{
    auto groups = nlohmann::json::array();
    for (const auto& g : receipt.groups) {
        nlohmann::json group{{"name", g.name},
                             {"code", g.placement.group},
                             {"state", domain::registrationStateName(g.placement.state)},
                             {"state_text", describePlacement(g.placement)}};
        if (!g.withdraw_path.empty()) group["withdraw_path"] = g.withdraw_path;
        if (!g.accept_path.empty()) group["accept_path"] = g.accept_path;
        if (!g.decline_path.empty()) group["decline_path"] = g.decline_path;
        groups.push_back(std::move(group));
    }
    const nlohmann::json view{{"form", {{"title", form.title}, {"confirmation", form.confirmation}}},
                              {"receipt",
                               {{"submitted_at", receipt.submitted_at},
                                {"number", formatResponseNumber(receipt.number)},
                                {"has_groups", !receipt.groups.empty()},
                                {"groups", std::move(groups)},
                                {"deletion_path", receipt.deletion_path},
                                {"modify_path", receipt.modify_path},
                                {"can_modify", receipt.can_modify},
                                {"updated_at", receipt.updated_at},
                                {"just_modified", receipt.just_modified}}}};
    return views.page("receipt", {"Réponses enregistrées – " + form.title, false}, view);
}

std::string renderOfferPage(const Views& views, const domain::Form& form, const std::string& group_name,
                            const std::string& expires_at, const std::string& accept_path,
                            const std::string& decline_path)
{
    return views.page("offer", {"Une place vous est proposée – " + form.title, false},
                      {{"form", {{"title", form.title}}},
                       {"group", group_name},
                       {"expires_at", expires_at},
                       {"accept_path", accept_path},
                       {"decline_path", decline_path}});
}

std::string renderDeletionConfirmPage(const Views& views, const domain::Form& form, const std::string& public_id,
                                      const std::string& action_path)
{
    return views.page(
        "delete_confirm", {"Supprimer votre réponse – " + form.title, false},
        {{"form", {{"title", form.title}}}, {"number", formatResponseNumber(public_id)}, {"action", action_path}});
}

std::string renderDeletedPage(const Views& views, const domain::Form& form)
{
    return gonePage(views, form, "Réponse supprimée", Gone::deleted);
}

std::string renderReceiptDeletedPage(const Views& views, const domain::Form& form)
{
    return gonePage(views, form, "Réponse supprimée", Gone::already_deleted);
}

std::string renderReceiptUnknownPage(const Views& views, const domain::Form& form)
{
    return gonePage(views, form, "Lien sans réponse", Gone::unknown);
}

}  // namespace tnt::pages
