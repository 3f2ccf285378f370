#include "service/pages/form_page.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "exports/number_format.h"
#include "service/domain/departements.h"
#include "service/pages/html.h"

namespace tnt::pages {
namespace {

using domain::Question;
using domain::QuestionType;

struct Choice {
    std::string value;
    std::string label;
    std::string help;
};

// An HTML number attribute: a point, no exponent, and the exact bound the server checks ("5", "2.5").
std::string numberText(double value)
{
    return exports::formatDecimal(value, '.');
}

int scaleMin(const Question& q)
{
    if (q.type == QuestionType::nps) return 0;
    return q.min ? static_cast<int>(std::lround(*q.min)) : 1;
}

int scaleMax(const Question& q)
{
    if (q.type == QuestionType::nps) return 10;
    return q.max ? static_cast<int>(std::lround(*q.max)) : 5;
}

// What a page offers to pick: a scale's values, the départements, else the question's own choices.
std::vector<Choice> choicesOf(const Question& q)
{
    std::vector<Choice> out;
    switch (q.type) {
    case QuestionType::scale:
    case QuestionType::nps:
        for (int v = scaleMin(q); v <= scaleMax(q); ++v) out.push_back({std::to_string(v), std::to_string(v), ""});
        break;
    case QuestionType::departement:
        for (const auto& d : domain::departements()) {
            out.push_back({std::string(d.code), std::string(d.code) + " – " + std::string(d.name), ""});
        }
        break;
    default:
        for (auto& o : q.choices()) out.push_back({std::move(o.key), std::move(o.label), std::move(o.help)});
    }
    return out;
}

// Radios or checkboxes in a fieldset (true), or one control with a label (false).
// Required whatever the other answers: a question shown only after some answer (visible_if) is required only
// then, which a page without JavaScript cannot know, so it carries neither the asterisk nor `required`.
bool alwaysRequired(const Question& q)
{
    return q.required && !q.visible_if;
}

bool isGroup(const Question& q)
{
    switch (q.type) {
    case QuestionType::multiple_choice:
    case QuestionType::scale:
    case QuestionType::nps:
    case QuestionType::yes_no:
        return true;
    case QuestionType::single_choice:
        return q.display == domain::ChoiceDisplay::radio;
    default:
        return false;
    }
}

std::string optionId(const Question& q, const std::string& value)
{
    return fieldId(q.key) + "-" + idPart(value);
}

std::string otherTextId(const Question& q)
{
    return fieldId(q.key) + "-autre-texte";
}

std::string labelOfValue(const domain::Form& form, const std::string& question_key, const std::string& value)
{
    const auto* q = form.find(question_key);
    if (q != nullptr) {
        for (const auto& c : choicesOf(*q)) {
            if (c.value == value) return c.label;
        }
    }
    return value;
}

class FormRenderer {
public:
    FormRenderer(const domain::Form& form, const FormPageState& state) : form_(form), state_(state) {}

    std::string render()
    {
        const bool has_errors = !state_.errors.empty();
        std::string out;
        out += "<div class=\"fr-grid-row fr-grid-row--center\"><div class=\"fr-col-12 fr-col-md-10 fr-col-lg-8\">\n";
        out += "<h1>" + escapeHtml(form_.title) + "</h1>\n";
        if (!state_.notice.empty() || has_errors) out += summary();
        if (!form_.description.empty()) out += "<p class=\"fr-text--lead\">" + escapeHtml(form_.description) + "</p>\n";
        out +=
            "<p class=\"fr-text--sm\">Les champs marqués d'un astérisque (<span class=\"tnt-required\">*</span>) "
            "sont obligatoires.</p>\n";
        out +=
            "<form method=\"post\" action=\"/f/" + escapeHtml(form_.slug) + "\" accept-charset=\"utf-8\" novalidate>\n";
        out += "<input type=\"hidden\" name=\"" + std::string(kCsrfField) + "\" value=\"" +
               escapeHtml(state_.csrf_token) + "\">\n";
        out += "<input type=\"hidden\" name=\"" + std::string(kIdempotencyField) + "\" value=\"" +
               escapeHtml(state_.idempotency_token) + "\">\n";
        out +=
            "<div class=\"tnt-honeypot\" aria-hidden=\"true\"><label for=\"tnt-site-web\">Ne pas remplir</label>"
            "<input type=\"text\" id=\"tnt-site-web\" name=\"" +
            std::string(kHoneypotField) + "\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n";
        int section_number = 0;
        for (const auto& section : form_.sections) {
            ++section_number;
            out += "<fieldset class=\"tnt-section\"><legend class=\"tnt-section__legend\"><h2 class=\"fr-h4\">" +
                   escapeHtml(section.title) + "</h2></legend>\n";
            if (!section.description.empty()) out += "<p>" + escapeHtml(section.description) + "</p>\n";
            for (const auto& key : section.question_keys) {
                if (const auto* q = form_.find(key)) out += question(*q);
            }
            out += "</fieldset>\n";
        }
        out +=
            "<div class=\"fr-btns-group fr-btns-group--inline-md fr-mt-4w\">"
            "<button class=\"fr-btn\" type=\"submit\">Envoyer mes réponses</button></div>\n";
        out += "</form>\n</div></div>\n";
        return out;
    }

private:
    const domain::GroupAvailability* availabilityOf(const std::string& code) const
    {
        const auto it = state_.groups.find(code);
        return it == state_.groups.end() ? nullptr : &it->second;
    }

    const std::string* errorOf(const std::string& key) const
    {
        const auto it = state_.errors.find(key);
        return it == state_.errors.end() ? nullptr : &it->second;
    }

    std::vector<std::string> values(const std::string& key) const
    {
        std::vector<std::string> out;
        for (const auto& [name, value] : state_.values) {
            if (name == key) out.push_back(value);
        }
        return out;
    }

    std::string value(const std::string& key) const
    {
        const auto all = values(key);
        return all.empty() ? std::string() : all.back();
    }

    std::string summary() const
    {
        std::vector<std::pair<std::string, std::string>> items;  // anchor, text
        for (const auto& q : form_.questions) {
            for (const auto& key : {q.key, q.otherTextKey()}) {
                if (const auto* e = errorOf(key)) {
                    const auto label = key == q.key ? q.label : q.other_label + " (précision)";
                    items.emplace_back(errorAnchor(form_, key), label + " : " + *e);
                }
            }
        }
        std::string out = "<div class=\"fr-alert fr-alert--error fr-mb-4w\" role=\"alert\" id=\"resume-erreurs\">\n";
        if (items.empty()) {
            out += "<h2 class=\"fr-alert__title\">Vos réponses n'ont pas été envoyées</h2>\n";
        } else {
            out += "<h2 class=\"fr-alert__title\">" +
                   (items.size() == 1 ? std::string("Une réponse est à corriger")
                                      : std::to_string(items.size()) + " réponses sont à corriger") +
                   "</h2>\n";
        }
        if (!state_.notice.empty()) out += "<p>" + escapeHtml(state_.notice) + "</p>\n";
        if (!items.empty()) {
            out += "<ul>\n";
            for (const auto& [anchor, text] : items) {
                out += "<li><a href=\"#" + anchor + "\">" + escapeHtml(text) + "</a></li>\n";
            }
            out += "</ul>\n";
        }
        out += "</div>\n";
        return out;
    }

    std::string hint(const Question& q) const
    {
        std::string text = q.help;
        auto add = [&text](const std::string& more) {
            if (!text.empty()) text += " ";
            text += more;
        };
        if (q.type == QuestionType::scale || q.type == QuestionType::nps) {
            std::string range = "De " + std::to_string(scaleMin(q));
            if (!q.min_label.empty()) range += " (" + q.min_label + ")";
            range += " à " + std::to_string(scaleMax(q));
            if (!q.max_label.empty()) range += " (" + q.max_label + ")";
            add(range + ".");
        }
        if (q.visible_if) {
            const auto* controlling = form_.find(q.visible_if->question);
            std::string answers;
            for (std::size_t i = 0; i < q.visible_if->values.size(); ++i) {
                if (i > 0) answers += i + 1 == q.visible_if->values.size() ? " ou " : ", ";
                answers += "« " + labelOfValue(form_, q.visible_if->question, q.visible_if->values[i]) + " »";
            }
            const auto condition = "si vous avez répondu " + answers + " à la question « " +
                                   (controlling ? controlling->label : q.visible_if->question) + " »";
            add(q.required ? "Obligatoire " + condition + "." : "(Seulement " + condition + ".)");
        }
        return text;
    }

    std::string labelText(const Question& q) const
    {
        std::string out = escapeHtml(q.label);
        if (alwaysRequired(q)) out += "&nbsp;<span class=\"tnt-required\">*</span>";  // never alone on a line
        return out;
    }

    static std::string describedBy(const std::vector<std::string>& ids)
    {
        std::string joined;
        for (const auto& id : ids) {
            if (id.empty()) continue;
            joined += (joined.empty() ? "" : " ") + id;
        }
        return joined.empty() ? std::string() : " aria-describedby=\"" + joined + "\"";
    }

    std::string question(const Question& q) const
    {
        if (q.type == QuestionType::consent) return consent(q);
        if (isGroup(q)) return group(q);
        return single(q);
    }

    // A text, number, date or select control with its label, help and error.
    std::string single(const Question& q) const
    {
        const auto id = fieldId(q.key);
        const auto* error = errorOf(q.key);
        const auto help = hint(q);
        const bool select = q.type == QuestionType::departement || q.type == QuestionType::single_choice;
        const std::string group_class = select ? "fr-select-group" : "fr-input-group";
        std::string out =
            "<div class=\"" + group_class + (error ? " " + group_class + "--error" : "") + " tnt-question\">\n";
        out += "<label class=\"fr-label\" for=\"" + id + "\">" + labelText(q) + "</label>\n";
        if (!help.empty())
            out += "<p class=\"fr-hint-text tnt-hint\" id=\"" + id + "-aide\">" + escapeHtml(help) + "</p>\n";
        std::string common = " id=\"" + id + "\" name=\"" + escapeHtml(q.key) + "\"" +
                             describedBy({help.empty() ? "" : id + "-aide", error ? id + "-erreur" : ""}) +
                             (error ? " aria-invalid=\"true\"" : "") + (alwaysRequired(q) ? " required" : "");
        const auto current = value(q.key);
        if (select) {
            out += "<select class=\"fr-select" + std::string(error ? " fr-select--error" : "") + "\"" + common + ">\n";
            out += "<option value=\"\"" + std::string(current.empty() ? " selected" : "") +
                   ">Sélectionnez une réponse</option>\n";
            for (const auto& c : choicesOf(q)) {
                out += "<option value=\"" + escapeHtml(c.value) + "\"" + (c.value == current ? " selected" : "") + ">" +
                       escapeHtml(c.label) + "</option>\n";
            }
            out += "</select>\n";
        } else if (q.type == QuestionType::long_text) {
            out += "<textarea class=\"fr-input" + std::string(error ? " fr-input--error" : "") + "\"" + common +
                   " rows=\"5\" maxlength=\"" + std::to_string(q.textLimit()) + "\">" + escapeHtml(current) +
                   "</textarea>\n";
        } else {
            std::string type = "text";
            std::string extra;
            switch (q.type) {
            case QuestionType::email:
                type = "email";
                extra = " spellcheck=\"false\"";
                break;
            case QuestionType::phone:
                type = "tel";
                break;
            case QuestionType::number:
            case QuestionType::integer:
                type = "number";
                extra = q.type == QuestionType::integer ? " step=\"1\"" : " step=\"any\"";
                if (q.min) extra += " min=\"" + escapeHtml(numberText(*q.min)) + "\"";
                if (q.max) extra += " max=\"" + escapeHtml(numberText(*q.max)) + "\"";
                break;
            case QuestionType::date:
                type = "date";
                break;
            default:
                extra = " maxlength=\"" + std::to_string(q.textLimit()) + "\"";
            }
            // A personal field the browser can fill in (RGAA 11.13).
            if (const auto token = q.autocompleteToken(); !token.empty()) {
                extra += " autocomplete=\"" + escapeHtml(token) + "\"";
            }
            out += "<input class=\"fr-input" + std::string(error ? " fr-input--error" : "") + "\" type=\"" + type +
                   "\"" + common + extra + " value=\"" + escapeHtml(current) + "\">\n";
        }
        if (error) out += "<p class=\"fr-error-text\" id=\"" + id + "-erreur\">" + escapeHtml(*error) + "</p>\n";
        out += "</div>\n";
        if (q.allow_other) out += otherText(q);
        return out;
    }

    // Radios (single choice, yes/no, scale, NPS) or checkboxes (multiple choice) in a fieldset.
    std::string group(const Question& q) const
    {
        const auto id = fieldId(q.key);
        const auto* error = errorOf(q.key);
        const auto help = hint(q);
        const bool multiple = q.type == QuestionType::multiple_choice;
        const bool inline_row =
            q.type == QuestionType::scale || q.type == QuestionType::nps || q.type == QuestionType::yes_no;
        const std::string input_type = multiple ? "checkbox" : "radio";
        const auto chosen = values(q.key);
        std::string out = "<fieldset class=\"fr-fieldset tnt-question" +
                          std::string(error ? " fr-fieldset--error" : "") + "\" id=\"" + id + "\"" +
                          (error ? " aria-labelledby=\"" + id + "-legende " + id + "-messages\"" : "") + ">\n";
        out += "<legend class=\"fr-fieldset__legend fr-fieldset__legend--regular\" id=\"" + id + "-legende\">" +
               labelText(q);
        if (!help.empty())
            out += " <span class=\"fr-hint-text\" id=\"" + id + "-aide\">" + escapeHtml(help) + "</span>";
        out += "</legend>\n";
        for (const auto& c : choicesOf(q)) {
            const auto option_id = optionId(q, c.value);
            const bool checked = std::find(chosen.begin(), chosen.end(), c.value) != chosen.end();
            out += "<div class=\"fr-fieldset__element" +
                   std::string(inline_row ? " fr-fieldset__element--inline" : "") + "\"><div class=\"fr-" + input_type +
                   "-group\">";
            // A project group: its places and deadline under its objective; full or closed, not selectable.
            const auto* place = q.options_from == domain::OptionsSource::groups ? availabilityOf(c.value) : nullptr;
            const bool blocked = place != nullptr && !place->selectable() && !checked;
            out += "<input type=\"" + input_type + "\" id=\"" + option_id + "\" name=\"" + escapeHtml(q.key) +
                   "\" value=\"" + escapeHtml(c.value) + "\"" + (checked ? " checked" : "") +
                   (blocked ? " disabled" : "") +
                   (error ? " aria-invalid=\"true\"" + describedBy({id + "-erreur"}) : "") +
                   (alwaysRequired(q) && !multiple ? " required" : "") + ">";
            out += "<label class=\"fr-label\" for=\"" + option_id + "\">" + escapeHtml(c.label);
            if (!c.help.empty()) out += " <span class=\"fr-hint-text\">" + escapeHtml(c.help) + "</span>";
            if (place != nullptr && !place->describe().empty()) {
                out += " <span class=\"fr-hint-text tnt-places tnt-places--" + std::string(place->stateName()) + "\">" +
                       escapeHtml(place->describe()) + "</span>";
            }
            out += "</label></div></div>\n";
        }
        out += "<div class=\"fr-messages-group\" id=\"" + id + "-messages\" aria-live=\"polite\">";
        if (error)
            out += "<p class=\"fr-message fr-message--error\" id=\"" + id + "-erreur\">" + escapeHtml(*error) + "</p>";
        out += "</div>\n</fieldset>\n";
        // After the group, not inside it: the group's error state and message stay on the group and do not
        // paint this optional field red.
        if (q.allow_other) out += otherText(q);
        return out;
    }

    // The text of an "other" answer, right under its choices.
    std::string otherText(const Question& q) const
    {
        const auto key = q.otherTextKey();
        const auto id = otherTextId(q);
        const auto* error = errorOf(key);
        std::string out =
            "<div class=\"fr-input-group" + std::string(error ? " fr-input-group--error" : "") + " tnt-other\">\n";
        out += "<label class=\"fr-label\" for=\"" + id + "\">" + escapeHtml(q.other_label) +
               " : précisez</label>\n<p class=\"fr-hint-text tnt-hint\" id=\"" + id + "-aide\">Si vous avez choisi « " +
               escapeHtml(q.other_label) + " ».</p>\n";
        out += "<input class=\"fr-input" + std::string(error ? " fr-input--error" : "") + "\" type=\"text\" id=\"" +
               id + "\" name=\"" + escapeHtml(key) + "\" maxlength=\"" + std::to_string(q.textLimit()) + "\"" +
               describedBy({id + "-aide", error ? id + "-erreur" : ""}) + (error ? " aria-invalid=\"true\"" : "") +
               " value=\"" + escapeHtml(value(key)) + "\">\n";
        if (error) out += "<p class=\"fr-error-text\" id=\"" + id + "-erreur\">" + escapeHtml(*error) + "</p>\n";
        out += "</div>\n";
        return out;
    }

    // One checkbox that must be ticked to agree.
    std::string consent(const Question& q) const
    {
        const auto id = fieldId(q.key);
        const auto* error = errorOf(q.key);
        const auto help = hint(q);
        const bool checked = !value(q.key).empty();
        std::string out = "<div class=\"fr-checkbox-group tnt-question" +
                          std::string(error ? " fr-checkbox-group--error" : "") + "\">\n";
        out += "<input type=\"checkbox\" id=\"" + id + "\" name=\"" + escapeHtml(q.key) + "\" value=\"oui\"" +
               (checked ? " checked" : "") +
               describedBy({help.empty() ? "" : id + "-aide", error ? id + "-erreur" : ""}) +
               (error ? " aria-invalid=\"true\"" : "") + (alwaysRequired(q) ? " required" : "") + ">\n";
        out += "<label class=\"fr-label\" for=\"" + id + "\">" + labelText(q) + "</label>\n";
        out += "<div class=\"fr-messages-group\" id=\"" + id + "-messages\">";
        if (!help.empty()) out += "<p class=\"fr-message\" id=\"" + id + "-aide\">" + escapeHtml(help) + "</p>";
        if (error)
            out += "<p class=\"fr-message fr-message--error\" id=\"" + id + "-erreur\">" + escapeHtml(*error) + "</p>";
        out += "</div>\n</div>\n";
        return out;
    }

    const domain::Form& form_;
    const FormPageState& state_;
};

}  // namespace

std::string errorAnchor(const domain::Form& form, const std::string& key)
{
    if (const auto* q = form.find(key)) {
        if (isGroup(*q)) {
            const auto choices = choicesOf(*q);
            return choices.empty() ? fieldId(q->key) : optionId(*q, choices.front().value);
        }
        return fieldId(q->key);
    }
    const std::string suffix(domain::other_text_suffix);
    if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
        if (const auto* q = form.find(key.substr(0, key.size() - suffix.size())); q && q->allow_other)
            return otherTextId(*q);
    }
    return "";
}

std::string renderFormPage(const Site& site, const domain::Form& form, const FormPageState& state)
{
    std::string title = form.title + " – Formulaires TNT";
    if (!state.errors.empty()) {
        title = "Erreur : " +
                (state.errors.size() == 1 ? std::string("une réponse à corriger")
                                          : std::to_string(state.errors.size()) + " réponses à corriger") +
                " – " + form.title;
    } else if (!state.notice.empty()) {
        title = "Erreur : réponses non envoyées – " + form.title;
    }
    return renderPage({title, false, &site}, FormRenderer(form, state).render());
}

}  // namespace tnt::pages
