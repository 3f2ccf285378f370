#include "service/messages/digest_mail.h"

#include "service/domain/paris_time.h"

namespace tnt::messages {

DigestMail::DigestMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue,
                       ResponseMailSettings settings)
    : templates_(templates), catalogue_(catalogue), settings_(std::move(settings))
{
    while (settings_.public_url.ends_with('/')) settings_.public_url.pop_back();
}

std::optional<submission::OutgoingMail> DigestMail::compose(const storage::DigestPeriod& period) const
{
    std::uint64_t total = 0;
    auto groups = nlohmann::json::array();
    for (const auto& [code, count] : period.registrations) {
        if (count == 0) continue;
        total += count;
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        groups.push_back({{"code", code},
                          {"name", group != nullptr ? group->name : code},
                          {"count", std::to_string(count)},
                          {"plural", count > 1}});
    }
    if (total == 0) return std::nullopt;
    const nlohmann::json values = {{"token_name", period.token.name},
                                   {"since", domain::formatFrenchParis(period.since)},
                                   {"until", domain::formatFrenchParis(period.until)},
                                   {"total", std::to_string(total)},
                                   {"plural", total > 1},
                                   {"groups", std::move(groups)},
                                   {"dashboard_url", settings_.public_url + "/pilote/"},
                                   {"publisher", settings_.publisher},
                                   {"contact_email", settings_.contact_email}};
    const nlohmann::json payload = {
        {"values", values},
        {"date", std::chrono::duration_cast<std::chrono::seconds>(period.until.time_since_epoch()).count()}};
    return submission::OutgoingMail{ResponseMail::messageId(settings_), "resume", period.token.notify_email,
                                    payload.dump()};
}

std::string DigestMail::render(const std::string& message_id, const std::string& recipient,
                               const std::string& payload) const
{
    const auto values = nlohmann::json::parse(payload);
    const domain::TimePoint date{std::chrono::seconds(values.at("date").get<long long>())};
    return ResponseMail::mime(settings_, templates_.render("resume", values.at("values")), message_id, recipient, date,
                              {});
}

}  // namespace tnt::messages
