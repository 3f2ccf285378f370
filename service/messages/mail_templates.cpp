#include "service/messages/mail_templates.h"

#include <stdexcept>

namespace tnt::messages {
namespace {

std::string oneLine(std::string text)
{
    for (char& c : text) {
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    }
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

templating::LoadOptions mailOptions()
{
    templating::LoadOptions options;
    // Only the HTML part is HTML: the subject and the text part keep the answers as written.
    options.plain_suffixes = {".subject", ".text"};
    for (const auto& kind : MailTemplates::kinds()) {
        for (const char* part : {".subject", ".text", ".html"}) options.required.push_back(kind + part);
    }
    return options;
}

}  // namespace

const std::vector<std::string>& MailTemplates::kinds()
{
    static const std::vector<std::string> all{"inscription", "copie",   "resume",     "offre",
                                              "place",       "reprise", "invitation", "relance"};
    return all;
}

MailTemplates MailTemplates::load(const std::string& dir)
{
    return MailTemplates(templating::TemplateSet::load(dir, mailOptions()));
}

std::vector<std::string> MailTemplates::check(const std::string& dir)
{
    return templating::TemplateSet::check(dir, mailOptions());
}

RenderedMail MailTemplates::render(const std::string& kind, const nlohmann::json& values) const
{
    if (!set_.contains(kind + ".subject")) throw std::out_of_range("type de courriel inconnu : " + kind);
    return {oneLine(set_.render(kind + ".subject", values)), set_.render(kind + ".text", values),
            set_.render(kind + ".html", values)};
}

}  // namespace tnt::messages
