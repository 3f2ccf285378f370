#include "service/importing/value_conversion.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "service/domain/departements.h"
#include "service/domain/field_formats.h"
#include "service/domain/label_matching.h"

namespace tnt::importing {

using domain::normaliseLabel;

namespace {

using domain::QuestionType;

bool isOneOf(const std::string& normalised, std::initializer_list<std::string_view> words)
{
    return std::find(words.begin(), words.end(), normalised) != words.end();
}

std::optional<bool> yesOrNo(const std::string& normalised)
{
    if (isOneOf(normalised, {"oui", "o", "yes", "y", "true", "vrai", "1", "x"})) return true;
    if (isOneOf(normalised, {"non", "n", "no", "false", "faux", "0"})) return false;
    return std::nullopt;
}

std::vector<std::string> split(std::string_view text, std::string_view separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        auto part =
            domain::trimText(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (!part.empty()) parts.push_back(std::move(part));
        if (end == std::string_view::npos) break;
        start = end + separator.size();
    }
    return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to, std::string_view separator)
{
    std::string out;
    for (std::size_t i = from; i <= to; ++i) {
        if (i > from) out += separator;
        out += parts[i];
    }
    return out;
}

CellConversion convertMultiple(const domain::Question& q, const ChoiceMatcher& matcher, const std::string& text,
                               std::string_view separator)
{
    std::string sep(separator);
    if (sep.empty()) {
        sep = text.find('|') != std::string::npos ? "|" : text.find('\n') != std::string::npos ? "\n" : ",";
    }
    const auto parts = split(text, sep);
    std::vector<std::string> keys;
    std::vector<std::string> unmatched;
    for (std::size_t i = 0; i < parts.size();) {
        std::size_t matchedTo = parts.size();
        std::optional<std::string> key;
        for (std::size_t j = parts.size(); j-- > i;) {
            if ((key = matcher.match(join(parts, i, j, sep)))) {
                matchedTo = j;
                break;
            }
        }
        if (!key) {
            unmatched.push_back(parts[i]);
            ++i;
            continue;
        }
        if (std::find(keys.begin(), keys.end(), *key) == keys.end()) keys.push_back(*key);
        i = matchedTo + 1;
    }
    CellConversion out;
    if (!unmatched.empty()) {
        if (!q.allow_other) {
            out.error = "« " + unmatched.front() + " » n'est pas un choix de la question";
            return out;
        }
        if (std::find(keys.begin(), keys.end(), domain::other_option_key) == keys.end()) {
            keys.emplace_back(domain::other_option_key);
        }
        out.other_text = join(unmatched, 0, unmatched.size() - 1, sep == "\n" ? "\n" : sep + " ");
    }
    out.value = keys;
    return out;
}

CellConversion convertNumber(const domain::Question& q, const std::string& text)
{
    std::string number;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\'') continue;  // thousands separators: "1 234", "1'234"
        if (text.compare(i, 2, "\xC2\xA0") == 0 || text.compare(i, 3, "\xE2\x80\xAF") == 0) {
            i += text[i + 1] == '\xA0' ? 1 : 2;
            continue;
        }
        number.push_back(c == ',' ? '.' : c);
    }
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    CellConversion out;
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value)) {
        out.error = "« " + text + " » n'est pas un nombre";
        return out;
    }
    const bool integral = q.type != QuestionType::number && value == std::floor(value) && std::fabs(value) < 1e15;
    out.value = integral ? nlohmann::json(static_cast<long long>(value)) : nlohmann::json(value);
    return out;
}

std::string departementCode(const std::string& text)
{
    if (auto code = domain::normaliseDepartement(text)) return *code;
    // "75 - Paris", "75 Paris"
    const auto firstBreak = text.find_first_of(" -");
    if (firstBreak != std::string::npos) {
        if (auto code = domain::normaliseDepartement(text.substr(0, firstBreak))) return *code;
    }
    const auto name = normaliseLabel(text);
    for (const auto& d : domain::departements()) {
        if (normaliseLabel(d.name) == name) return std::string(d.code);
    }
    return text;  // validation says what is expected
}

}  // namespace

ChoiceMatcher::ChoiceMatcher(const domain::Question& question, const std::map<std::string, std::string>* fileWordings)
{
    // Later insertions do not replace earlier ones: the mapping's wordings win, then labels, then keys.
    if (fileWordings != nullptr) {
        for (const auto& [wording, key] : *fileWordings) keys_.emplace(normaliseLabel(wording), key);
    }
    // Then the listed options' labels before their keys, so a label that reads like another option's key still
    // names its own option; the built-in choices (oui, non, autre) last, by label then key.
    const auto choices = question.choices();
    const auto builtIn = [&](const domain::Option& choice) {
        return question.type == QuestionType::yes_no || question.type == QuestionType::consent ||
               (question.allow_other && choice.key == domain::other_option_key);
    };
    for (const auto& choice : choices) {
        if (!builtIn(choice)) keys_.emplace(normaliseLabel(choice.label), choice.key);
    }
    for (const auto& choice : choices) {
        if (builtIn(choice)) continue;
        keys_.emplace(normaliseLabel(choice.key), choice.key);
        keys_.emplace(normaliseLabel(choice.key + " " + choice.label), choice.key);
    }
    for (const auto& choice : choices) {
        if (!builtIn(choice)) continue;
        keys_.emplace(normaliseLabel(choice.label), choice.key);
        keys_.emplace(normaliseLabel(choice.key), choice.key);
    }
}

std::optional<std::string> ChoiceMatcher::match(std::string_view wording) const
{
    const auto it = keys_.find(normaliseLabel(wording));
    if (it == keys_.end()) return std::nullopt;
    return it->second;
}

std::string frenchDateToIso(std::string_view text)
{
    int day = 0, month = 0, year = 0;
    char extra = 0;
    std::string s(text);
    if (std::sscanf(s.c_str(), "%2d/%2d/%4d%c", &day, &month, &year, &extra) == 3 && year >= 1000) {
        char iso[40];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
        return iso;
    }
    return s;
}

CellConversion convertCell(const domain::Question& q, const ChoiceMatcher* matcher, std::string_view raw,
                           std::string_view separator)
{
    CellConversion out;
    const std::string text = domain::trimText(raw);
    if (text.empty()) return out;
    switch (q.type) {
    case QuestionType::short_text:
    case QuestionType::long_text:
    case QuestionType::email:
    case QuestionType::phone:
        out.value = text;
        return out;
    case QuestionType::date:
        out.value = frenchDateToIso(text);
        return out;
    case QuestionType::number:
    case QuestionType::integer:
    case QuestionType::scale:
    case QuestionType::nps:
        return convertNumber(q, text);
    case QuestionType::departement:
        out.value = departementCode(text);
        return out;
    case QuestionType::yes_no: {
        auto yes = yesOrNo(normaliseLabel(text));
        if (!yes && matcher != nullptr) {
            if (auto key = matcher->match(text)) yes = *key == domain::yes_option_key;
        }
        if (!yes) {
            out.error = "« " + text + " » n'est ni oui ni non";
            return out;
        }
        out.value = std::string(*yes ? domain::yes_option_key : domain::no_option_key);
        return out;
    }
    case QuestionType::consent: {
        const auto normalised = normaliseLabel(text);
        // framaforms writes the label of a ticked box; other tools oui, true, 1, x or "checked".
        if (normalised == normaliseLabel(q.label) ||
            (matcher != nullptr && matcher->match(text) == domain::yes_option_key) ||
            isOneOf(normalised, {"oui", "o", "yes", "y", "true", "vrai", "1", "x", "on", "checked", "coche", "accepte",
                                 "j accepte"})) {
            out.value = std::string(domain::yes_option_key);
        } else if (!isOneOf(normalised, {"non", "n", "no", "false", "faux", "0", "off"})) {
            out.error = "« " + text + " » ne dit pas si la case est cochée (oui ou non)";
        }
        return out;
    }
    case QuestionType::single_choice: {
        if (matcher != nullptr) {
            if (auto key = matcher->match(text)) {
                out.value = *key;
                return out;
            }
        }
        if (!q.allow_other) {
            out.error = "« " + text + " » n'est pas un choix de la question";
            return out;
        }
        out.value = std::string(domain::other_option_key);
        out.other_text = text;
        return out;
    }
    case QuestionType::multiple_choice:
        if (matcher == nullptr) {
            out.error = "pas de correspondance des choix";
            return out;
        }
        return convertMultiple(q, *matcher, text, separator);
    }
    return out;
}

}  // namespace tnt::importing
