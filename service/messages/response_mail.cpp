#include "service/messages/response_mail.h"

#include <spdlog/spdlog.h>

#include "service/domain/paris_time.h"
#include "service/mail/icalendar.h"
#include "service/mail/mime.h"

namespace tnt::messages {
namespace {

namespace mustache = kainjow::mustache;

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

std::string numberText(const nlohmann::json& value)
{
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    std::string text = value.dump();
    for (char& c : text) {
        if (c == '.') c = ',';  // French decimal comma
    }
    return text;
}

}  // namespace

ResponseMail::ResponseMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue,
                           ResponseMailSettings settings, std::shared_ptr<spdlog::logger> log)
    : templates_(templates), catalogue_(catalogue), settings_(std::move(settings)), log_(std::move(log))
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
        if (value.is_boolean()) return value.get<bool>() ? "Oui" : "Non";  // a ticked consent
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
    if (value.is_number()) return numberText(value);
    if (value.is_boolean()) return value.get<bool>() ? "Oui" : "Non";
    return value.dump();
}

mustache::data ResponseMail::templateData(const domain::Form& form, const submission::NewResponse& response,
                                          const std::string& receipt) const
{
    mustache::data data;
    data.set("form_title", form.title);
    data.set("response_id", response.public_id);
    data.set("submitted_at", domain::formatFrenchParis(response.submitted_at));
    data.set("receipt_url", settings_.public_url + "/f/" + form.slug + "/merci/" + receipt);
    data.set("withdraw_url", settings_.public_url + "/f/" + form.slug + "/supprimer/" + receipt);
    data.set("form_url", settings_.public_url + "/f/" + form.slug);
    data.set("publisher", settings_.publisher);
    data.set("contact_email", settings_.contact_email);
    std::string first_name;
    mustache::list answers;
    for (const auto& question : form.questions) {
        const auto text = answerText(question, response.answers);
        if (text.empty()) continue;
        if (question.autocomplete == "given-name" && first_name.empty()) first_name = text;
        mustache::data answer;
        answer.set("label", question.label);
        answer.set("value", text);
        answers.push_back(answer);
    }
    if (!first_name.empty()) data.set("first_name", first_name);  // an empty string would open its section
    data.set("answers", answers);

    mustache::list groups;
    bool any_meeting = false;
    for (const auto& code : response.groups) {
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        mustache::data g;
        g.set("code", code);
        g.set("name", group != nullptr ? group->name : code);
        g.set("objective", group != nullptr ? group->objective : "");
        mustache::list meetings;
        if (group != nullptr) {
            for (const auto& meeting : group->meetings) {
                if (meeting.starts_at < response.submitted_at) continue;  // only the meetings to come
                mustache::data m;
                m.set("when", domain::formatFrenchParis(meeting.starts_at));
                m.set("duration_minutes", std::to_string(meeting.duration_minutes));
                // Mustache opens a section on an empty string: only what the meeting has.
                if (!meeting.place.empty()) m.set("place", meeting.place);
                if (!meeting.video_url.empty()) m.set("video_url", meeting.video_url);
                meetings.push_back(m);
            }
        }
        any_meeting = any_meeting || !meetings.empty();
        g.set("has_meetings", !meetings.empty());
        g.set("meetings", meetings);
        groups.push_back(g);
    }
    data.set("groups", groups);
    data.set("has_groups", !response.groups.empty());
    data.set("has_calendar", any_meeting);
    return data;
}

std::string ResponseMail::calendar(const submission::NewResponse& response) const
{
    std::vector<mail::CalendarEvent> events;
    for (const auto& code : response.groups) {
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        if (group == nullptr) continue;
        for (const auto& meeting : group->meetings) {
            if (meeting.starts_at < response.submitted_at) continue;
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
    return mail::renderCalendar(events, std::chrono::time_point_cast<std::chrono::seconds>(response.submitted_at));
}

std::vector<submission::OutgoingMail> ResponseMail::compose(const domain::Form& form,
                                                            const submission::NewResponse& response,
                                                            const std::string& receipt) const
{
    const auto to = recipient(form, response.answers);
    if (to.empty() || receipt.empty()) return {};
    const std::string kind = response.groups.empty() ? "copie" : "inscription";
    try {
        const auto rendered = templates_.render(kind, templateData(form, response, receipt));
        mail::Message message;
        message.from_address = settings_.from_address;
        message.from_name = settings_.from_name;
        message.to = to;
        message.subject = rendered.subject;
        message.text = rendered.text;
        message.html = rendered.html;
        if (kind == "inscription") {
            if (auto ics = calendar(response); !ics.empty()) {
                message.attachments.push_back(
                    {"reunions.ics", "text/calendar; charset=UTF-8; method=PUBLISH", std::move(ics)});
            }
        }
        const auto at = settings_.from_address.find('@');
        message.message_id =
            mail::newMessageId(at == std::string::npos ? "tnt-forms.invalid" : settings_.from_address.substr(at + 1));
        message.date = response.submitted_at;
        return {{message.message_id, kind, to, mail::renderMime(message)}};
    } catch (const std::exception& e) {
        // Never the address nor the answers in the log: the form, the kind and why.
        log_->error("courriel « {} » du formulaire {} non composé : {}", kind, form.slug, e.what());
        return {};
    }
}

}  // namespace tnt::messages
