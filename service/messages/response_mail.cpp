#include "service/messages/response_mail.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "exports/number_format.h"
#include "service/domain/paris_time.h"
#include "service/mail/icalendar.h"
#include "service/mail/mime.h"
#include "service/messages/invitation_mail.h"

namespace tnt::messages {
namespace {

std::string optionLabel(const domain::Question& question, const std::string& key, const nlohmann::json& answers)
{
    for (const auto& choice : question.choices()) {
        if (choice.key != key) continue;
        if (key == domain::other_option_key && question.allow_other) {
            const auto text = answers.find(question.otherTextKey());
            if (text != answers.end() && text->is_string()) return choice.label + " : " + text->get<std::string>();
        }
        return choice.label;
    }
    return key;
}

// A group's meetings after `after`, as the templates show them.
nlohmann::json meetingValues(const domain::Group& group, domain::TimePoint after)
{
    auto meetings = nlohmann::json::array();
    for (const auto& meeting : group.meetings) {
        if (meeting.starts_at < after) continue;  // only the meetings to come
        meetings.push_back({{"when", domain::formatFrenchParis(meeting.starts_at)},
                            {"duration_minutes", std::to_string(meeting.duration_minutes)},
                            {"place", meeting.place},
                            {"video_url", meeting.video_url}});
    }
    return meetings;
}

// Seconds since the epoch: a message's Date when it is not a response's submission.
long long secondsNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

ResponseMail::ResponseMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue,
                           ResponseMailSettings settings, std::shared_ptr<spdlog::logger> log,
                           const submission::InvitationLinks* links)
    : templates_(templates), catalogue_(catalogue), settings_(std::move(settings)), log_(std::move(log)), links_(links)
{
    while (settings_.public_url.ends_with('/')) settings_.public_url.pop_back();
}

std::string ResponseMail::recipient(const domain::Form& form, const nlohmann::json& answers)
{
    if (!form.email_copy) return "";
    if (!form.email_copy->consent.empty()) {
        const auto consent = answers.find(form.email_copy->consent);
        if (consent == answers.end() || *consent != true) return "";
    }
    const auto to = answers.find(form.email_copy->to);
    return to != answers.end() && to->is_string() ? to->get<std::string>() : "";
}

std::string ResponseMail::answerText(const domain::Question& question, const nlohmann::json& answers)
{
    const auto it = answers.find(question.key);
    if (it == answers.end() || it->is_null()) return "";
    const auto& value = *it;
    if (domain::hasOptionKeys(question.type)) {
        if (value.is_boolean()) {  // a ticked consent: the question's own « Oui »
            return optionLabel(
                question, std::string(value.get<bool>() ? domain::yes_option_key : domain::no_option_key), answers);
        }
        if (value.is_string()) return optionLabel(question, value.get<std::string>(), answers);
        std::string out;
        if (value.is_array()) {
            for (const auto& key : value) {
                if (!key.is_string()) continue;
                if (!out.empty()) out += ", ";
                out += optionLabel(question, key.get<std::string>(), answers);
            }
        }
        return out;
    }
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) return exports::formatDecimal(value.get<double>(), ',');  // French decimal comma
    return value.dump();
}

nlohmann::json ResponseMail::templateData(const domain::Form& form, const submission::NewResponse& response,
                                          const std::string& receipt,
                                          const std::vector<domain::Placement>& placements) const
{
    nlohmann::json data;
    data["form_title"] = form.title;
    data["response_id"] = response.public_id;
    data["submitted_at"] = domain::formatFrenchParis(response.submitted_at);
    data["receipt_url"] = settings_.public_url + "/f/" + form.slug + "/merci/" + receipt;
    data["withdraw_url"] = settings_.public_url + "/f/" + form.slug + "/supprimer/" + receipt;
    data["modify_url"] = settings_.public_url + "/f/" + form.slug + "/modifier/" + receipt;
    data["form_url"] = settings_.public_url + "/f/" + form.slug;
    data["publisher"] = settings_.publisher;
    data["contact_email"] = settings_.contact_email;
    std::string first_name;
    auto answers = nlohmann::json::array();
    for (const auto& question : form.questions) {
        const auto text = answerText(question, response.answers);
        if (text.empty()) continue;
        if (question.autocomplete == "given-name" && first_name.empty()) first_name = text;
        // A confirmation lists the groups; only a copy needs every answer.
        if (response.groups.empty()) answers.push_back({{"label", question.label}, {"value", text}});
    }
    data["first_name"] = first_name;
    data["answers"] = std::move(answers);

    auto groups = nlohmann::json::array();
    bool any_meeting = false;
    for (const auto& code : response.groups) {
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        const auto placement = std::find_if(placements.begin(), placements.end(),
                                            [&code](const domain::Placement& p) { return p.group == code; });
        const bool waitlisted =
            placement != placements.end() && placement->state == domain::RegistrationState::waitlisted;
        auto meetings =
            group != nullptr && !waitlisted ? meetingValues(*group, response.submitted_at) : nlohmann::json::array();
        any_meeting = any_meeting || !meetings.empty();
        groups.push_back({{"code", code},
                          {"waitlisted", waitlisted},
                          {"position", waitlisted ? domain::frenchOrdinal(placement->position) : ""},
                          {"name", group != nullptr ? group->name : code},
                          {"objective", group != nullptr ? group->objective : ""},
                          {"has_meetings", !meetings.empty()},
                          {"meetings", std::move(meetings)}});
    }
    data["groups"] = std::move(groups);
    data["has_groups"] = !response.groups.empty();
    data["has_calendar"] = any_meeting;
    return data;
}

std::string ResponseMail::calendar(const std::vector<std::string>& groups, domain::TimePoint after) const
{
    std::vector<mail::CalendarEvent> events;
    for (const auto& code : groups) {
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        if (group == nullptr) continue;
        for (const auto& meeting : group->meetings) {
            if (meeting.starts_at < after) continue;
            mail::CalendarEvent event;
            event.uid = meeting.uid(group->code);
            event.start = meeting.starts_at;
            event.end = meeting.starts_at + std::chrono::minutes(meeting.duration_minutes);
            event.summary = "Groupe projet " + group->code + " : " + group->name;
            event.description = group->objective;
            event.location = meeting.place.empty() ? meeting.video_url : meeting.place;
            event.url = meeting.video_url;
            events.push_back(std::move(event));
        }
    }
    if (events.empty()) return "";
    return mail::renderCalendar(events, std::chrono::time_point_cast<std::chrono::seconds>(after));
}

std::string ResponseMail::messageId(const ResponseMailSettings& settings)
{
    const auto at = settings.from_address.find('@');
    return mail::newMessageId(at == std::string::npos ? "tnt-forms.invalid" : settings.from_address.substr(at + 1));
}

std::string ResponseMail::mime(const ResponseMailSettings& settings, const RenderedMail& rendered,
                               const std::string& message_id, const std::string& recipient,
                               std::chrono::system_clock::time_point date, std::vector<mail::Attachment> attachments,
                               std::vector<std::pair<std::string, std::string>> headers)
{
    mail::Message message;
    message.from_address = settings.from_address;
    message.from_name = settings.from_name;
    message.to = recipient;
    message.subject = rendered.subject;
    message.text = rendered.text;
    message.html = rendered.html;
    message.attachments = std::move(attachments);
    message.message_id = message_id;
    message.date = date;
    message.extra_headers = std::move(headers);
    return mail::renderMime(message);
}

std::vector<submission::OutgoingMail> ResponseMail::compose(const domain::Form& form,
                                                            const submission::NewResponse& response,
                                                            const std::string& receipt,
                                                            const std::vector<domain::Placement>& placements) const
{
    const auto to = recipient(form, response.answers);
    if (to.empty() || receipt.empty()) return {};
    const std::string kind = response.groups.empty() ? "copie" : "inscription";
    try {
        // The calendar holds the meetings of the groups joined, not of those waited for.
        std::vector<std::string> joined;
        for (const auto& code : response.groups) {
            const bool waiting = std::any_of(placements.begin(), placements.end(), [&code](const domain::Placement& p) {
                return p.group == code && p.state == domain::RegistrationState::waitlisted;
            });
            if (!waiting) joined.push_back(code);
        }
        // What render() needs and nothing more: the values, and for the calendar the groups and the instant.
        const nlohmann::json payload = {
            {"values", templateData(form, response, receipt, placements)},
            {"groups", joined},
            {"submitted_at",
             std::chrono::duration_cast<std::chrono::seconds>(response.submitted_at.time_since_epoch()).count()}};
        return {{messageId(settings_), kind, to, payload.dump()}};
    } catch (const std::exception& e) {
        // Never the address nor the answers in the log: the form, the kind and why.
        log_->error("courriel « {} » du formulaire {} non composé : {}", kind, form.slug, e.what());
        return {};
    }
}

nlohmann::json ResponseMail::groupValues(const domain::Form& form, const submission::RegistrationNotice& notice) const
{
    nlohmann::json data;
    data["form_title"] = form.title;
    data["response_id"] = notice.response_public_id;
    data["publisher"] = settings_.publisher;
    data["contact_email"] = settings_.contact_email;
    std::string first_name;
    for (const auto& question : form.questions) {
        if (question.autocomplete != "given-name") continue;
        first_name = answerText(question, notice.answers);
        if (!first_name.empty()) break;
    }
    data["first_name"] = first_name;
    const auto* group = catalogue_ != nullptr ? catalogue_->find(notice.group) : nullptr;
    data["group_code"] = notice.group;
    data["group_name"] = group != nullptr ? group->name : notice.group;
    data["group_objective"] = group != nullptr ? group->objective : "";
    auto meetings =
        group != nullptr ? meetingValues(*group, std::chrono::system_clock::now()) : nlohmann::json::array();
    data["has_meetings"] = !meetings.empty();
    data["meetings"] = std::move(meetings);
    return data;
}

std::vector<submission::OutgoingMail> ResponseMail::one(const std::string& kind, const std::string& to,
                                                        const nlohmann::json& payload,
                                                        const std::string& form_slug) const
{
    try {
        return {{messageId(settings_), kind, to, payload.dump()}};
    } catch (const std::exception& e) {
        log_->error("courriel « {} » du formulaire {} non composé : {}", kind, form_slug, e.what());
        return {};
    }
}

std::vector<submission::OutgoingMail> ResponseMail::offer(const domain::Form& form,
                                                          const submission::RegistrationNotice& notice,
                                                          const std::string& secret) const
{
    try {
        const auto to = recipient(form, notice.answers);
        if (to.empty()) return {};
        auto values = groupValues(form, notice);
        values["expires_at"] = domain::formatFrenchParis(notice.offer_expires_at);
        values["offer_url"] = settings_.public_url + "/offres/" + secret;
        return one("offre", to, {{"values", std::move(values)}, {"submitted_at", secondsNow()}}, form.slug);
    } catch (const std::exception& e) {
        // The offer stands without its e-mail (the receipt page shows it); never the address in the log.
        log_->error("courriel « offre » du formulaire {} non composé : {}", form.slug, e.what());
        return {};
    }
}

std::string ResponseMail::draftUrl(const domain::Form& form, const std::string& secret) const
{
    return settings_.public_url + "/f/" + form.slug + "/reprendre/" + secret;
}

std::vector<submission::OutgoingMail> ResponseMail::draftLink(const domain::Form& form, const std::string& to,
                                                              const std::string& secret,
                                                              domain::TimePoint expires_at) const
{
    nlohmann::json values{{"form_title", form.title},
                          {"resume_url", draftUrl(form, secret)},
                          {"expires_at", domain::formatFrenchParis(expires_at)},
                          {"publisher", settings_.publisher},
                          {"contact_email", settings_.contact_email}};
    return one("reprise", to, {{"values", std::move(values)}, {"submitted_at", secondsNow()}}, form.slug);
}

std::vector<submission::OutgoingMail> ResponseMail::accepted(const domain::Form& form,
                                                             const submission::RegistrationNotice& notice) const
{
    try {
        const auto to = recipient(form, notice.answers);
        if (to.empty()) return {};
        return one("place", to,
                   {{"values", groupValues(form, notice)}, {"groups", {notice.group}}, {"submitted_at", secondsNow()}},
                   form.slug);
    } catch (const std::exception& e) {
        log_->error("courriel « place » du formulaire {} non composé : {}", form.slug, e.what());
        return {};
    }
}

std::string ResponseMail::render(const std::string& kind, const std::string& message_id, const std::string& recipient,
                                 const std::string& payload) const
{
    const auto values = nlohmann::json::parse(payload);
    const domain::TimePoint submitted_at{std::chrono::seconds(values.at("submitted_at").get<long long>())};
    if (kind == kInvitationKind || kind == kReminderKind) {
        // The links are written now, by the process that holds the key (the commands queue the public id).
        if (links_ == nullptr) throw std::runtime_error("no invitation links without the service's key");
        const auto slug = values.at("form").get<std::string>();
        const auto public_id = values.at("invitation").get<std::string>();
        auto data = values.at("values");
        data["invitation_url"] = settings_.public_url +
                                 submission::InvitationLinks::invitationPath(slug, links_->invitationToken(public_id));
        const auto unsubscribe = settings_.public_url + submission::InvitationLinks::unsubscribePath(
                                                            slug, links_->unsubscribeToken(public_id));
        data["unsubscribe_url"] = unsubscribe;
        data["publisher"] = settings_.publisher;
        data["contact_email"] = settings_.contact_email;
        return mime(
            settings_, templates_.render(kind, data), message_id, recipient, submitted_at, {},
            {{"List-Unsubscribe", "<" + unsubscribe + ">"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
    }
    std::vector<mail::Attachment> attachments;
    if (kind == "inscription" || kind == "place") {
        if (auto ics = calendar(values.at("groups").get<std::vector<std::string>>(), submitted_at); !ics.empty()) {
            attachments.push_back({"reunions.ics", "text/calendar; charset=UTF-8; method=PUBLISH", std::move(ics)});
        }
    }
    return mime(settings_, templates_.render(kind, values.at("values")), message_id, recipient, submitted_at,
                std::move(attachments));
}

}  // namespace tnt::messages
