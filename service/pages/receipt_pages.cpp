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

std::string renderReceiptPage(const Views& views, const domain::Form& form, const ReceiptView& receipt)
{
    const nlohmann::json view{{"form", {{"title", form.title}, {"confirmation", form.confirmation}}},
                              {"receipt",
                               {{"submitted_at", receipt.submitted_at},
                                {"number", formatResponseNumber(receipt.number)},
                                {"has_groups", !receipt.groups.empty()},
                                {"several_groups", receipt.groups.size() > 1},
                                {"groups", receipt.groups},
                                {"deletion_path", receipt.deletion_path}}}};
    return views.page("receipt", {"Réponses enregistrées – " + form.title, false}, view);
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
