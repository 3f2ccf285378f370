#include "service/pages/form_page.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "exports/number_format.h"
#include "service/domain/departements.h"
#include "service/pages/html.h"
#include "service/pages/views.h"

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

// The view model of forms/pages/form.mustache: every key a template reads is set on every item (an empty
// value is absent, and an absent one would show the parent's value of the same name).
class FormView {
public:
    FormView(const domain::Form& form, const FormPageState& state) : form_(form), state_(state) {}

    nlohmann::json build() const
    {
        nlohmann::json view;
        view["form"] = {{"title", form_.title}, {"description", form_.description}, {"slug", form_.slug}};
        view["summary"] = summary();
        view["tokens"] = {{"csrf_field", kCsrfField},
                          {"csrf", state_.csrf_token},
                          {"idempotency_field", kIdempotencyField},
                          {"idempotency", state_.idempotency_token},
                          {"honeypot_field", kHoneypotField},
                          {"invitation_field", kInvitationField},
                          {"invitation", state_.invitation}};
        view["action"] = state_.amend_path.empty() ? "/f/" + form_.slug : state_.amend_path;
        view["amending"] = !state_.amend_path.empty();
        view["read_only"] = state_.read_only;
        view["stepper"] = stepView();
        view["first_page"] = !state_.step || state_.step->index == 0;
        auto& sections = view["sections"] = nlohmann::json::array();
        for (std::size_t i = 0; i < form_.sections.size(); ++i) {
            if (state_.step && !form_.single_page && i != state_.step->index) continue;
            const auto& section = form_.sections[i];
            nlohmann::json questions = nlohmann::json::array();
            for (const auto& key : section.question_keys) {
                if (state_.step && state_.step->hidden.count(key) > 0) continue;
                if (const auto* q = form_.find(key)) questions.push_back(question(*q));
            }
            sections.push_back(
                {{"title", section.title}, {"description", section.description}, {"questions", std::move(questions)}});
        }
        return view;
    }

private:
    // The DSFR stepper and the step's own fields and buttons; false on a single page.
    nlohmann::json stepView() const
    {
        if (!state_.step) return false;
        const auto& step = *state_.step;
        const auto count = form_.stepCount();
        const auto index = std::min(step.index, count - 1);
        const auto next = index + 1 < count && !step.last ? form_.sections[index + 1].title : std::string();
        return {{"number", std::to_string(index + 1)},
                {"count", std::to_string(count)},
                {"title", form_.sections[index].title},
                {"next_title", next},
                {"last", step.last},
                {"has_previous", step.has_previous},
                {"index", std::to_string(index)},
                {"draft", step.draft_secret},
                {"step_field", kStepField},
                {"draft_field", kDraftField},
                {"action_field", kActionField},
                {"next_action", step.last ? kActionSend : kActionNext},
                {"previous_action", kActionPrevious},
                {"save_action", kActionSave}};
    }

    const domain::GroupAvailability* availabilityOf(const std::string& code) const
    {
        const auto it = state_.groups.find(code);
        return it == state_.groups.end() ? nullptr : &it->second;
    }

    std::string errorOf(const std::string& key) const
    {
        const auto it = state_.errors.find(key);
        return it == state_.errors.end() ? std::string() : it->second;
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

    // false when there is nothing to say, else the alert above the form.
    nlohmann::json summary() const
    {
        if (state_.notice.empty() && state_.errors.empty()) return false;
        nlohmann::json items = nlohmann::json::array();
        for (const auto& q : form_.questions) {
            for (const auto& key : {q.key, q.otherTextKey()}) {
                const auto error = errorOf(key);
                if (error.empty()) continue;
                const auto label = key == q.key ? q.label : q.other_label + " (précision)";
                items.push_back({{"anchor", errorAnchor(form_, key)}, {"text", label + " : " + error}});
            }
        }
        const auto count = items.size();
        return {{"notice", state_.notice},
                {"has_items", count > 0},
                {"one_item", count == 1},
                {"count", std::to_string(count)},
                {"items", std::move(items)}};
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

    static std::string joinIds(const std::vector<std::string>& ids)
    {
        std::string joined;
        for (const auto& id : ids) {
            if (id.empty()) continue;
            joined += (joined.empty() ? "" : " ") + id;
        }
        return joined;
    }

    enum class Control { input, textarea, select, choices, consent };

    static Control controlOf(const Question& q)
    {
        if (q.type == QuestionType::consent) return Control::consent;
        if (isGroup(q)) return Control::choices;
        if (q.type == QuestionType::departement || q.type == QuestionType::single_choice) return Control::select;
        if (q.type == QuestionType::long_text) return Control::textarea;
        return Control::input;
    }

    nlohmann::json question(const Question& q) const
    {
        const auto id = fieldId(q.key);
        const auto error = errorOf(q.key);
        const auto help = hint(q);
        const auto control = controlOf(q);
        nlohmann::json v{
            {"is_input", control == Control::input},
            {"is_textarea", control == Control::textarea},
            {"is_select", control == Control::select},
            {"is_choices", control == Control::choices},
            {"is_consent", control == Control::consent},
            {"id", id},
            {"name", q.key},
            {"label", q.label},
            {"required", alwaysRequired(q)},
            {"help", help},
            {"error", error},
            {"described_by", joinIds({help.empty() ? "" : id + "-aide", error.empty() ? "" : id + "-erreur"})},
            {"value", value(q.key)},
            {"checked", control == Control::consent && !value(q.key).empty()},
            {"group_class", control == Control::select ? "fr-select-group" : "fr-input-group"},
            {"maxlength", ""},
            {"input_type", ""},
            {"spellcheck_off", false},
            {"step", ""},
            {"min", ""},
            {"max", ""},
            {"autocomplete", ""},
            {"inline", false},
            {"radio_required", false},
            {"options", nlohmann::json::array()},
            {"other", q.allow_other ? otherText(q) : nlohmann::json(false)}};
        switch (control) {
        case Control::input:
            input(q, v);
            break;
        case Control::textarea:
            v["maxlength"] = std::to_string(q.textLimit());
            break;
        case Control::select:
        case Control::choices:
            options(q, control == Control::choices, v);
            break;
        case Control::consent:
            break;
        }
        return v;
    }

    static void input(const Question& q, nlohmann::json& v)
    {
        switch (q.type) {
        case QuestionType::email:
            v["input_type"] = "email";
            v["spellcheck_off"] = true;
            break;
        case QuestionType::phone:
            v["input_type"] = "tel";
            break;
        case QuestionType::number:
        case QuestionType::integer:
            v["input_type"] = "number";
            v["step"] = q.type == QuestionType::integer ? "1" : "any";
            if (q.min) v["min"] = numberText(*q.min);
            if (q.max) v["max"] = numberText(*q.max);
            break;
        case QuestionType::date:
            v["input_type"] = "date";
            break;
        default:
            v["input_type"] = "text";
            v["maxlength"] = std::to_string(q.textLimit());
        }
        // A personal field the browser can fill in (RGAA 11.13).
        v["autocomplete"] = q.autocompleteToken();
    }

    // A select's options, or the radios or checkboxes of a group; a project group shows its places and
    // deadline under its name and, full or closed, cannot be ticked (unless it is among the answers shown
    // again).
    void options(const Question& q, bool group, nlohmann::json& v) const
    {
        const bool multiple = q.type == QuestionType::multiple_choice;
        v["input_type"] = multiple ? "checkbox" : "radio";
        v["inline"] = q.type == QuestionType::scale || q.type == QuestionType::nps || q.type == QuestionType::yes_no;
        v["radio_required"] = alwaysRequired(q) && !multiple;
        const auto chosen = group ? values(q.key) : std::vector<std::string>{value(q.key)};
        auto& out = v["options"];
        for (const auto& c : choicesOf(q)) {
            const bool checked = std::find(chosen.begin(), chosen.end(), c.value) != chosen.end();
            const auto* place = q.options_from == domain::OptionsSource::groups ? availabilityOf(c.value) : nullptr;
            // Only what an option has: its other names (option_*) are absent from every enclosing item, so an
            // absent one is false (a select of 101 départements stays small).
            nlohmann::json option{
                {"option_id", optionId(q, c.value)}, {"option_value", c.value}, {"option_label", c.label}};
            if (!c.help.empty()) option["option_help"] = c.help;
            if (checked) option["option_checked"] = true;
            if (group && place != nullptr && !place->selectable() && !checked) option["option_disabled"] = true;
            if (auto places = place != nullptr ? place->describe() : std::string(); !places.empty()) {
                option["option_places"] = std::move(places);
                option["option_places_state"] = place->stateName();
            }
            out.push_back(std::move(option));
        }
    }

    // The text of an "other" answer, right under its choices.
    nlohmann::json otherText(const Question& q) const
    {
        const auto key = q.otherTextKey();
        const auto id = otherTextId(q);
        const auto error = errorOf(key);
        return {{"id", id},
                {"name", key},
                {"label", q.other_label},
                {"error", error},
                {"value", value(key)},
                {"maxlength", std::to_string(q.textLimit())},
                {"described_by", joinIds({id + "-aide", error.empty() ? "" : id + "-erreur"})}};
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

std::string renderFormPage(const Views& views, const domain::Form& form, const FormPageState& state)
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
    if (!state.values.empty() || !state.errors.empty() || !state.notice.empty() || !state.amend_path.empty() ||
        state.read_only || !state.invitation.empty() ||
        (state.step && (!state.step->draft_secret.empty() || !state.step->hidden.empty()))) {
        return views.page("form", {title, false}, FormView(form, state).build());
    }
    // A form as it first shows is the same for every request but for its two tokens, until a group's places
    // change: rendered once with markers where the tokens go (random per process, so no form text can hold
    // them), then copied with the request's tokens in place.
    static const std::string marker = [] {
        std::random_device random;
        return "tnt" + std::to_string(random()) + std::to_string(random()) + "x";
    }();
    const auto csrf_marker = marker + "csrf";
    const auto idempotency_marker = marker + "jeton";
    std::string key = form.slug + '\n' + form.version;
    if (state.step) key += "\nstep " + std::to_string(state.step->index) + (state.step->last ? " last" : "");
    for (const auto& [code, availability] : state.groups) {
        // Everything the page says of the group that changes while the service runs.
        key += '\n' + code + ' ' + std::string(availability.stateName()) + ' ' +
               (availability.places_left ? std::to_string(*availability.places_left) : "-") + ' ' +
               std::to_string(availability.waitlist_length);
    }
    auto page = views.cachedPage(key, [&] {
        FormPageState blank = state;
        blank.csrf_token = csrf_marker;
        blank.idempotency_token = idempotency_marker;
        return views.page("form", {title, false}, FormView(form, blank).build());
    });
    for (const auto& [at, token] :
         {std::pair{csrf_marker, state.csrf_token}, {idempotency_marker, state.idempotency_token}}) {
        if (const auto pos = page.find(at); pos != std::string::npos) page.replace(pos, at.size(), escapeHtml(token));
    }
    return page;
}

}  // namespace tnt::pages
