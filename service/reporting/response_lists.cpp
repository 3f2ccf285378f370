#include "service/reporting/response_lists.h"

#include <nlohmann/json.hpp>

namespace tnt::reporting {
namespace {

std::string answerText(const nlohmann::json& answers, const std::string& key)
{
    const auto it = answers.find(key);
    return it != answers.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// « En liste d'attente » → "en liste d'attente": the state inside parentheses after the group's name.
std::string lowerFirst(std::string_view text)
{
    std::string out(text);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
}

}  // namespace

RegistrantFields registrantFields(const domain::Form& form)
{
    RegistrantFields fields;
    for (const auto& q : form.questions) {
        const auto token = q.autocompleteToken();
        if (token == "given-name" || token == "family-name" || token == "name") fields.name.push_back(q.key);
        if (token == "organization" && fields.structure.empty()) fields.structure = q.key;
    }
    // A form file without autocomplete tokens: the usual keys.
    if (fields.name.empty()) {
        for (const char* key : {"prenom", "nom", "name"}) {
            const auto* q = form.find(key);
            if (q != nullptr && q->type == domain::QuestionType::short_text) fields.name.push_back(key);
        }
    }
    if (fields.structure.empty()) {
        for (const char* key : {"structure", "organisation", "collectivite"}) {
            const auto* q = form.find(key);
            if (q != nullptr && q->type == domain::QuestionType::short_text) {
                fields.structure = key;
                break;
            }
        }
    }
    return fields;
}

std::string groupLabel(const domain::FormSet& forms, const std::string& code)
{
    const auto* group = forms.catalogue ? forms.catalogue->find(code) : nullptr;
    return group == nullptr ? code : code + " — " + group->name;
}

Registrant registrantOf(const storage::ListedResponse& row, const RegistrantFields& fields,
                        const domain::FormSet& forms, const GroupScope& scope)
{
    Registrant out;
    out.public_id = row.public_id;
    out.submitted_at = std::chrono::time_point_cast<domain::TimePoint::duration>(row.submitted_at);
    const auto answers = nlohmann::json::parse(row.answers, nullptr, false);
    if (answers.is_object()) {
        for (const auto& key : fields.name) {
            const auto part = answerText(answers, key);
            if (part.empty()) continue;
            out.name += (out.name.empty() ? "" : " ") + part;
        }
        if (!fields.structure.empty()) out.structure = answerText(answers, fields.structure);
    }
    // "GP1:registered,GP3:waitlisted"
    std::string_view rest = row.registrations;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto colon = item.find(':');
        const std::string code(item.substr(0, colon));
        if (code.empty() || !scope.shows(code)) continue;
        auto label = groupLabel(forms, code);
        const auto state =
            colon == std::string_view::npos ? std::nullopt : domain::parseRegistrationState(item.substr(colon + 1));
        if (state && *state != domain::RegistrationState::registered) {
            label += " (" + lowerFirst(domain::registrationStateLabel(*state)) + ")";
        }
        out.groups.push_back(std::move(label));
    }
    return out;
}

bool isFreeText(const domain::Question& question)
{
    if (question.type == domain::QuestionType::long_text) return true;
    const auto token = question.autocompleteToken();
    return question.type == domain::QuestionType::short_text && (token.empty() || token == "off");
}

std::size_t characterCount(std::string_view text)
{
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::uint64_t pageCount(std::uint64_t total, std::size_t page_size)
{
    return total == 0 ? 1 : (total + page_size - 1) / page_size;
}

}  // namespace tnt::reporting
