#include "service/messages/mail_templates.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tnt::messages {
namespace {

std::unique_ptr<kainjow::mustache::mustache> readTemplate(const std::filesystem::path& file, bool html,
                                                          std::vector<std::string>& problems)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        problems.push_back(file.string() + " : fichier absent ou illisible");
        return nullptr;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(text.str());
    if (!tmpl->is_valid()) {
        problems.push_back(file.string() + " : " + tmpl->error_message());
        return nullptr;
    }
    // Only the HTML part is HTML: the subject and the text part keep the answers as written.
    if (!html) tmpl->set_custom_escape([](const std::string& s) { return s; });
    return tmpl;
}

std::string oneLine(std::string text)
{
    for (char& c : text) {
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    }
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

kainjow::mustache::data toMustache(const nlohmann::json& value)
{
    using kainjow::mustache::data;
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        data out{data::type::object};
        for (const auto& [key, item] : value.items()) {
            // Mustache opens a section on any string, the empty one included: an empty value is left out.
            if (item.is_null() || (item.is_string() && item.get_ref<const std::string&>().empty())) continue;
            out.set(key, toMustache(item));
        }
        return out;
    }
    case nlohmann::json::value_t::array: {
        data out{data::type::list};
        for (const auto& item : value) out.push_back(toMustache(item));
        return out;
    }
    case nlohmann::json::value_t::string:
        return data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
        return data(value.get<bool>());
    default:
        return data(value.dump());
    }
}

}  // namespace

const std::vector<std::string>& MailTemplates::kinds()
{
    static const std::vector<std::string> all{"inscription", "copie", "resume"};
    return all;
}

MailTemplates MailTemplates::load(const std::string& dir)
{
    MailTemplates templates;
    std::vector<std::string> problems;
    const std::filesystem::path root(dir);
    for (const auto& kind : kinds()) {
        Kind k;
        k.subject = readTemplate(root / (kind + ".subject.mustache"), false, problems);
        k.text = readTemplate(root / (kind + ".text.mustache"), false, problems);
        k.html = readTemplate(root / (kind + ".html.mustache"), true, problems);
        templates.kinds_.emplace(kind, std::move(k));
    }
    if (!problems.empty()) {
        std::string message = "les modèles de courriel de " + dir + " ont des erreurs :";
        for (const auto& p : problems) message += "\n  " + p;
        throw std::runtime_error(message);
    }
    return templates;
}

RenderedMail MailTemplates::render(const std::string& kind, const nlohmann::json& values) const
{
    const auto& k = kinds_.at(kind);
    const auto data = toMustache(values);
    const std::lock_guard lock(*mutex_);
    RenderedMail out{oneLine(k.subject->render(data)), k.text->render(data), k.html->render(data)};
    for (const auto* part : {k.subject.get(), k.text.get(), k.html.get()}) {
        if (!part->is_valid())
            throw std::runtime_error("modèle de courriel « " + kind + " » : " + part->error_message());
    }
    return out;
}

}  // namespace tnt::messages
