// Answer validation: one pass over the form's questions in order, so visible_if can look at the already
// normalised answers of earlier questions.
#include "service/domain/answer_validation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "exports/number_format.h"
#include "service/domain/departements.h"
#include "service/domain/field_formats.h"

namespace tnt::domain {

namespace {

constexpr double max_exact_integer = 1e15;  // beyond, doubles and BIGINT columns stop agreeing

const std::string msg_required = "Ce champ est obligatoire.";
const std::string msg_choose_one = "Sélectionnez une réponse.";
const std::string msg_choose_some = "Sélectionnez au moins une réponse.";
const std::string msg_consent = "Cochez cette case pour continuer.";
const std::string msg_text = "Saisissez un texte.";
const std::string msg_utf8 = "Ce texte contient des caractères non valides.";
const std::string msg_email = "Saisissez une adresse électronique valide, par exemple nom@commune.fr.";
const std::string msg_phone = "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89.";
const std::string msg_date = "Saisissez une date valide au format AAAA-MM-JJ, par exemple 2027-03-15.";
const std::string msg_option = "Choisissez une des réponses proposées.";
const std::string msg_options = "Choisissez parmi les réponses proposées.";
const std::string msg_yes_no = "Répondez par oui ou par non.";
const std::string msg_consent_value = "Cochez cette case ou laissez-la vide.";
const std::string msg_departement = "Choisissez un département de la liste, par exemple 01, 2A ou 974.";
const std::string msg_other = "Précisez votre réponse.";
const std::string msg_unknown = "Cette question n'existe pas dans ce formulaire.";

// "12", "12,5": French decimal comma, as people write numbers — the exports' formatter, which never
// reads the C locale (printf's %g did).
std::string formatNumber(double value)
{
    return exports::formatDecimal(value, ',');
}

std::string boundsMessage(const Question& q, bool wholeNumber)
{
    const std::string what = q.type == QuestionType::scale || q.type == QuestionType::nps
                                 ? "Choisissez une note"
                                 : (wholeNumber ? "Saisissez un nombre entier" : "Saisissez un nombre");
    if (q.min && q.max) {
        return what + " entre " + formatNumber(*q.min) + " et " + formatNumber(*q.max) + ".";
    }
    if (q.min) {
        return what + " supérieur ou égal à " + formatNumber(*q.min) + ".";
    }
    return what + " inférieur ou égal à " + formatNumber(*q.max) + ".";
}

// A JSON string, or the string of a single-element array (some form encoders send one).
std::optional<std::string> scalarString(const nlohmann::json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_array() && value.size() == 1 && value[0].is_string()) {
        return value[0].get<std::string>();
    }
    return std::nullopt;
}

bool isEmptyAnswer(const nlohmann::json& value)
{
    if (value.is_null()) {
        return true;
    }
    if (value.is_string()) {
        return trimText(value.get<std::string>()).empty();
    }
    if (value.is_array()) {
        return std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return isEmptyAnswer(v); });
    }
    return false;
}

std::optional<double> parseNumber(const nlohmann::json& value)
{
    if (value.is_number()) {
        const double d = value.get<double>();
        return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    auto text = scalarString(value);
    if (!text) {
        return std::nullopt;
    }
    std::string s = trimText(*text);
    std::replace(s.begin(), s.end(), ',', '.');
    if (!s.empty() && s.front() == '+') {
        s.erase(0, 1);
    }
    double d = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(d)) {
        return std::nullopt;
    }
    return d;
}

std::vector<std::string> selectedKeys(const nlohmann::json& normalized)
{
    if (normalized.is_string()) {
        return {normalized.get<std::string>()};
    }
    if (normalized.is_boolean()) {
        return normalized.get<bool>() ? std::vector<std::string>{std::string(yes_option_key)}
                                      : std::vector<std::string>{};
    }
    std::vector<std::string> out;
    if (normalized.is_array()) {
        for (const auto& v : normalized) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

struct Outcome {
    std::optional<std::string> error;
};

class AnswerValidator {
public:
    AnswerValidator(const Form& form, const nlohmann::json& submitted, ValidationResult& result)
        : form_(form), submitted_(submitted), result_(result)
    {
    }

    void run()
    {
        if (!submitted_.is_object()) {
            result_.errors["answers"] = "Les réponses doivent être un objet JSON.";
            return;
        }
        rejectUnknownKeys();
        for (const Question& q : form_.questions) {
            if (!isVisible(q, result_.normalized.answers)) {
                result_.hidden.insert(q.key);
                continue;  // hidden: not required, and whatever was sent is dropped
            }
            const auto it = submitted_.find(q.key);
            const nlohmann::json raw = it == submitted_.end() ? nlohmann::json(nullptr) : *it;
            if (isEmptyAnswer(raw) || (q.type == QuestionType::consent && isUnticked(raw))) {
                if (q.required) {
                    result_.errors[q.key] = requiredMessage(q);
                }
                continue;
            }
            validateOne(q, raw);
        }
        if (!result_.ok()) {
            result_.normalized = NormalizedAnswers{};
        }
    }

private:
    void rejectUnknownKeys()
    {
        int unknown = 0;
        for (auto it = submitted_.begin(); it != submitted_.end(); ++it) {
            const std::string& key = it.key();
            if (form_.find(key)) {
                continue;
            }
            if (key.size() > other_text_suffix.size() &&
                key.compare(key.size() - other_text_suffix.size(), std::string::npos, other_text_suffix) == 0) {
                const Question* q = form_.find(key.substr(0, key.size() - other_text_suffix.size()));
                if (q && q->allow_other) {
                    continue;
                }
            }
            // At most 50 listed: a body of thousands of made-up keys must not make an error bigger than itself.
            if (++unknown > 50) return;
            result_.errors[key] = msg_unknown;
        }
    }

    static bool isUnticked(const nlohmann::json& raw)
    {
        if (raw.is_boolean()) {
            return !raw.get<bool>();
        }
        auto text = scalarString(raw);
        return text && (trimText(*text) == "false" || trimText(*text) == "non" || trimText(*text) == "off");
    }

    static std::string requiredMessage(const Question& q)
    {
        switch (q.type) {
        case QuestionType::single_choice:
        case QuestionType::yes_no:
        case QuestionType::scale:
        case QuestionType::nps:
            return msg_choose_one;
        case QuestionType::multiple_choice:
            return msg_choose_some;
        case QuestionType::consent:
            return msg_consent;
        default:
            return msg_required;
        }
    }

    void fail(const std::string& key, const std::string& message) { result_.errors[key] = message; }

    void addRow(const Question& q, std::string option, std::optional<double> number, std::optional<std::string> text)
    {
        result_.normalized.rows.push_back(AnswerRow{q.key, std::move(option), number, std::move(text)});
    }

    // Trimmed, valid UTF-8, within `limit` characters — or an error for `key`.
    std::optional<std::string> cleanText(const std::string& key, const nlohmann::json& raw, std::size_t limit)
    {
        auto text = scalarString(raw);
        if (!text) {
            fail(key, msg_text);
            return std::nullopt;
        }
        if (!isValidUtf8(*text)) {
            fail(key, msg_utf8);
            return std::nullopt;
        }
        std::string trimmed = trimText(*text);
        if (countCharacters(trimmed) > limit) {
            fail(key,
                 "Ce texte est trop long : " + formatNumber(static_cast<double>(limit)) + " caractères au maximum.");
            return std::nullopt;
        }
        return trimmed;
    }

    void validateOne(const Question& q, const nlohmann::json& raw)
    {
        nlohmann::json& answers = result_.normalized.answers;
        switch (q.type) {
        case QuestionType::short_text:
        case QuestionType::long_text:
            if (auto text = cleanText(q.key, raw, q.textLimit())) {
                answers[q.key] = *text;
                addRow(q, "", std::nullopt, *text);
            }
            return;
        case QuestionType::email:
        case QuestionType::phone:
        case QuestionType::date: {
            auto text = cleanText(q.key, raw, q.textLimit());
            if (!text) {
                return;
            }
            std::optional<std::string> value;
            if (q.type == QuestionType::email) {
                value = normaliseEmail(*text);
            } else if (q.type == QuestionType::phone) {
                value = normalisePhone(*text);
            } else if (isIsoDate(*text)) {
                value = *text;
            }
            if (!value) {
                fail(q.key, q.type == QuestionType::email   ? msg_email
                            : q.type == QuestionType::phone ? msg_phone
                                                            : msg_date);
                return;
            }
            answers[q.key] = *value;
            addRow(q, "", std::nullopt, *value);
            return;
        }
        case QuestionType::number:
        case QuestionType::integer:
        case QuestionType::scale:
        case QuestionType::nps:
            validateNumber(q, raw);
            return;
        case QuestionType::single_choice:
        case QuestionType::multiple_choice:
            validateChoice(q, raw);
            return;
        case QuestionType::yes_no: {
            std::optional<bool> yes;
            if (raw.is_boolean()) {
                yes = raw.get<bool>();
            } else if (auto text = scalarString(raw)) {
                const std::string t = trimText(*text);
                if (t == "oui" || t == "true") {
                    yes = true;
                } else if (t == "non" || t == "false") {
                    yes = false;
                }
            }
            if (!yes) {
                fail(q.key, msg_yes_no);
                return;
            }
            const std::string key(*yes ? yes_option_key : no_option_key);
            answers[q.key] = key;
            addRow(q, key, std::nullopt, std::nullopt);
            return;
        }
        case QuestionType::consent: {
            bool ticked = raw.is_boolean() && raw.get<bool>();
            if (auto text = scalarString(raw)) {
                const std::string t = trimText(*text);
                ticked = t == "on" || t == "true" || t == "oui";
            }
            if (!ticked) {
                fail(q.key, msg_consent_value);
                return;
            }
            answers[q.key] = true;
            addRow(q, std::string(yes_option_key), std::nullopt, std::nullopt);
            return;
        }
        case QuestionType::departement: {
            auto text = scalarString(raw);
            auto code = text ? normaliseDepartement(*text) : std::nullopt;
            if (!code && raw.is_number_integer()) {
                code = normaliseDepartement(std::to_string(raw.get<long long>()));
            }
            if (!code) {
                fail(q.key, msg_departement);
                return;
            }
            answers[q.key] = *code;
            addRow(q, *code, std::nullopt, std::nullopt);
            return;
        }
        }
    }

    void validateNumber(const Question& q, const nlohmann::json& raw)
    {
        const bool wholeNumber = q.type != QuestionType::number;
        const auto value = parseNumber(raw);
        if (!value || std::fabs(*value) > max_exact_integer || (wholeNumber && std::floor(*value) != *value)) {
            if (q.type == QuestionType::scale || q.type == QuestionType::nps) {
                fail(q.key, boundsMessage(q, true));
            } else {
                fail(q.key, wholeNumber ? "Saisissez un nombre entier, par exemple 12."
                                        : "Saisissez un nombre, par exemple 12,5.");
            }
            return;
        }
        if ((q.min && *value < *q.min) || (q.max && *value > *q.max)) {
            fail(q.key, boundsMessage(q, wholeNumber));
            return;
        }
        if (wholeNumber) {
            result_.normalized.answers[q.key] = static_cast<long long>(*value);
        } else {
            result_.normalized.answers[q.key] = *value;
        }
        addRow(q, "", *value, std::nullopt);
    }

    void validateChoice(const Question& q, const nlohmann::json& raw)
    {
        const bool multiple = q.type == QuestionType::multiple_choice;
        std::vector<std::string> picked;
        bool wellTyped = true;
        if (raw.is_string()) {
            picked.push_back(trimText(raw.get<std::string>()));
        } else if (raw.is_array() && (multiple || raw.size() == 1)) {
            for (const auto& item : raw) {
                if (!item.is_string()) {
                    wellTyped = false;
                } else if (std::string key = trimText(item.get<std::string>()); !key.empty()) {
                    picked.push_back(std::move(key));
                }
            }
        } else {
            wellTyped = false;
        }
        const std::vector<std::string> accepted = q.acceptedOptionKeys();
        const bool allKnown = std::all_of(picked.begin(), picked.end(), [&](const std::string& key) {
            return std::find(accepted.begin(), accepted.end(), key) != accepted.end();
        });
        if (!wellTyped || !allKnown) {
            fail(q.key, multiple ? msg_options : msg_option);
            return;
        }
        // Canonical order is the form's, and a key sent twice counts once.
        std::vector<std::string> selected;
        for (const std::string& key : accepted) {
            if (std::find(picked.begin(), picked.end(), key) != picked.end()) {
                selected.push_back(key);
            }
        }
        const int count = static_cast<int>(selected.size());
        if (multiple && q.min_selected && count < *q.min_selected) {
            fail(q.key, *q.min_selected == 1
                            ? msg_choose_some
                            : "Sélectionnez au moins " + std::to_string(*q.min_selected) + " réponses.");
            return;
        }
        if (multiple && q.max_selected && count > *q.max_selected) {
            fail(q.key, *q.max_selected == 1
                            ? "Sélectionnez une seule réponse."
                            : "Sélectionnez au plus " + std::to_string(*q.max_selected) + " réponses.");
            return;
        }
        std::optional<std::string> otherText;
        const bool otherSelected = std::find(selected.begin(), selected.end(), other_option_key) != selected.end();
        if (otherSelected) {
            const auto it = submitted_.find(q.otherTextKey());
            const nlohmann::json other_raw = it == submitted_.end() ? nlohmann::json(nullptr) : *it;
            if (isEmptyAnswer(other_raw)) {
                fail(q.otherTextKey(), msg_other);
                return;
            }
            otherText = cleanText(q.otherTextKey(), other_raw, q.textLimit());
            if (!otherText) {
                return;
            }
        }
        // An "other" text typed and then left by choosing a listed option is dropped, like a hidden answer.
        nlohmann::json& answers = result_.normalized.answers;
        if (multiple) {
            answers[q.key] = selected;
        } else {
            answers[q.key] = selected.front();
        }
        if (otherText) {
            answers[q.otherTextKey()] = *otherText;
        }
        for (const std::string& key : selected) {
            addRow(q, key, std::nullopt, key == other_option_key ? otherText : std::nullopt);
        }
    }

    const Form& form_;
    const nlohmann::json& submitted_;
    ValidationResult& result_;
};

}  // namespace

bool isVisible(const Question& question, const nlohmann::json& normalizedAnswers)
{
    if (!question.visible_if) {
        return true;
    }
    const auto it = normalizedAnswers.find(question.visible_if->question);
    if (it == normalizedAnswers.end()) {
        return false;  // unanswered or itself hidden
    }
    for (const std::string& key : selectedKeys(*it)) {
        const auto& values = question.visible_if->values;
        if (std::find(values.begin(), values.end(), key) != values.end()) {
            return true;
        }
    }
    return false;
}

ValidationResult validateAnswers(const Form& form, const nlohmann::json& submitted)
{
    ValidationResult result;
    AnswerValidator(form, submitted, result).run();
    return result;
}

}  // namespace tnt::domain
