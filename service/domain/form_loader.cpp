// Form files → Form, with every problem reported at its line and column.
#include "service/domain/form_loader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "service/domain/yaml_map_reader.h"

namespace tnt::domain {

namespace {

constexpr std::array<std::string_view, 11> form_keys = {"slug",           "title",       "description",  "window",
                                                        "retention_days", "unique_by",   "confirmation", "sections",
                                                        "email_copy",     "single_page", "invitations"};
constexpr std::array<std::string_view, 3> invitations_keys = {"mandate", "departement", "commune"};
constexpr std::array<std::string_view, 2> email_copy_keys = {"to", "consent"};
constexpr std::array<std::string_view, 3> window_keys = {"opens_at", "closes_at", "grace_minutes"};
constexpr std::array<std::string_view, 3> section_keys = {"title", "description", "questions"};
constexpr std::array<std::string_view, 19> question_keys = {
    "key",       "type",        "label",       "help",         "required",     "options", "options_from",
    "display",   "allow_other", "other_label", "min_selected", "max_selected", "min",     "max",
    "min_label", "max_label",   "max_length",  "visible_if",   "autocomplete"};
constexpr std::array<std::string_view, 3> option_keys = {"key", "label", "help"};
constexpr std::array<std::string_view, 2> visible_if_keys = {"question", "equals"};

constexpr long long max_grace_minutes = 24 * 60;
constexpr long long max_text_length = 100000;

bool isQuestionKey(std::string_view key)
{
    if (key.empty() || key.front() < 'a' || key.front() > 'z') {
        return false;
    }
    return std::all_of(key.begin(), key.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool isOptionKey(std::string_view key)
{
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool isSlug(std::string_view slug)
{
    return !slug.empty() && slug.front() != '-' && std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool isChoice(QuestionType t)
{
    return t == QuestionType::single_choice || t == QuestionType::multiple_choice;
}

// Which keys make sense for which types: a `min` on a text is a mistake worth reporting, not ignoring.
bool keyAppliesTo(std::string_view key, QuestionType t)
{
    if (key == "options" || key == "options_from" || key == "allow_other" || key == "other_label") {
        return isChoice(t);
    }
    if (key == "display") {
        return t == QuestionType::single_choice;
    }
    if (key == "min_selected" || key == "max_selected") {
        return t == QuestionType::multiple_choice;
    }
    if (key == "min" || key == "max") {
        return t == QuestionType::number || t == QuestionType::integer || t == QuestionType::scale;
    }
    if (key == "min_label" || key == "max_label") {
        return t == QuestionType::scale || t == QuestionType::nps;
    }
    if (key == "max_length") {
        return t == QuestionType::short_text || t == QuestionType::long_text;
    }
    if (key == "autocomplete") {
        return t == QuestionType::short_text || t == QuestionType::email || t == QuestionType::phone;
    }
    return true;
}

std::string typeList()
{
    std::string out;
    for (int i = 0; i <= static_cast<int>(QuestionType::departement); ++i) {
        if (!out.empty()) {
            out += ", ";
        }
        out += toString(static_cast<QuestionType>(i));
    }
    return out;
}

bool isIntegral(double value)
{
    return std::floor(value) == value;
}

class FormParser {
public:
    FormParser(const std::string& file, const GroupCatalogue* catalogue, std::vector<Diagnostic>& out)
        : sink_(file, out), catalogue_(catalogue)
    {
    }

    std::optional<Form> parse(std::string_view text)
    {
        if (!checkUtf8(text, sink_)) {
            return std::nullopt;
        }
        YAML::Node root;
        try {
            root = YAML::Load(std::string(text));
        } catch (const YAML::Exception& e) {
            sink_.at(e.mark, "YAML invalide : " + e.msg);
            return std::nullopt;
        }
        const std::size_t before = sink_.count();
        Form form;
        readForm(root, form);
        if (sink_.count() != before) {
            return std::nullopt;
        }
        form.version = computeVersion(form);
        return form;
    }

private:
    void readForm(const YAML::Node& root, Form& form)
    {
        YamlMapReader map(root, YAML::Mark{}, "le formulaire", form_keys, sink_);
        if (!map.valid()) {
            return;
        }
        if (auto slug = map.string("slug", true)) {
            form.slug = *slug;
            const std::string stem = std::filesystem::path(sink_.file()).stem().string();
            if (!isSlug(*slug)) {
                map.errorAtValue("slug", "le slug « " + *slug +
                                             " » ne peut contenir que des minuscules sans accent, des chiffres et "
                                             "des tirets");
            } else if (stem != *slug) {
                map.errorAtValue("slug", "le slug « " + *slug + " » doit être le nom du fichier (" + stem + ")");
            }
        }
        form.title = map.string("title", true).value_or("");
        form.description = map.string("description").value_or("");
        form.confirmation = map.string("confirmation").value_or("");
        form.single_page = map.boolean("single_page").value_or(false);
        if (auto days = map.integer("retention_days")) {
            if (*days <= 0) {
                map.errorAtValue("retention_days", "retention_days doit être un nombre de jours positif");
            } else {
                form.retention_days = static_cast<int>(std::min<long long>(*days, 100000));
            }
        }
        if (auto window = map.node("window")) {
            readWindow(*window, map.valueMark("window"), form.window);
        } else {
            sink_.at(map.mark(), "clé « window » obligatoire manquante dans le formulaire");
        }
        if (auto sections = map.node("sections"); sections && sections->IsSequence() && sections->size() > 0) {
            for (const YAML::Node& section : *sections) {
                readSection(section, form);
            }
        } else {
            sink_.at(map.has("sections") ? map.valueMark("sections") : map.mark(),
                     "le formulaire doit avoir une liste « sections » non vide");
        }
        if (auto uniqueBy = map.stringList("unique_by")) {
            for (const auto& [key, mark] : *uniqueBy) {
                if (!form.find(key)) {
                    sink_.at(mark, "unique_by nomme la question inconnue « " + key + " »");
                } else if (std::count(form.unique_by.begin(), form.unique_by.end(), key) > 0) {
                    sink_.at(mark, "unique_by nomme deux fois « " + key + " »");
                } else {
                    form.unique_by.push_back(key);
                }
            }
        }
        if (auto copy = map.node("email_copy")) readEmailCopy(*copy, map.valueMark("email_copy"), form);
        if (auto invitations = map.node("invitations")) {
            readInvitations(*invitations, map.valueMark("invitations"), form);
        }
    }

    void readInvitations(const YAML::Node& node, const YAML::Mark& at, Form& form)
    {
        YamlMapReader map(node, at, "les invitations (invitations)", invitations_keys, sink_);
        if (!map.valid()) return;
        InvitationSettings settings;
        settings.mandate = map.string("mandate", true).value_or("");
        settings.departement = map.string("departement").value_or("");
        settings.commune = map.string("commune").value_or("");
        const auto* mandate = form.find(settings.mandate);
        if (!settings.mandate.empty() &&
            (mandate == nullptr || mandate->type != QuestionType::single_choice || mandate->options.empty())) {
            map.errorAtValue("mandate",
                             "invitations.mandate doit nommer une question à choix unique du formulaire, "
                             "pas « " +
                                 settings.mandate + " »");
        }
        const auto* departement = settings.departement.empty() ? nullptr : form.find(settings.departement);
        if (!settings.departement.empty() &&
            (departement == nullptr || departement->type != QuestionType::departement)) {
            map.errorAtValue("departement",
                             "invitations.departement doit nommer une question de type departement "
                             "du formulaire, pas « " +
                                 settings.departement + " »");
        }
        const auto* commune = settings.commune.empty() ? nullptr : form.find(settings.commune);
        if (!settings.commune.empty() && (commune == nullptr || commune->type != QuestionType::short_text)) {
            map.errorAtValue("commune",
                             "invitations.commune doit nommer une question de type short_text du "
                             "formulaire, pas « " +
                                 settings.commune + " »");
        }
        form.invitations = std::move(settings);
    }

    void readEmailCopy(const YAML::Node& node, const YAML::Mark& at, Form& form)
    {
        YamlMapReader map(node, at, "l'envoi par courriel (email_copy)", email_copy_keys, sink_);
        if (!map.valid()) return;
        EmailCopy copy;
        copy.to = map.string("to", true).value_or("");
        copy.consent = map.string("consent").value_or("");
        const auto* to = form.find(copy.to);
        if (!copy.to.empty() && (to == nullptr || to->type != QuestionType::email)) {
            map.errorAtValue(
                "to", "email_copy.to doit nommer une question de type email du formulaire, pas « " + copy.to + " »");
        }
        const auto* consent = copy.consent.empty() ? nullptr : form.find(copy.consent);
        if (!copy.consent.empty() && (consent == nullptr || consent->type != QuestionType::consent)) {
            map.errorAtValue("consent",
                             "email_copy.consent doit nommer une question de type consent du "
                             "formulaire, pas « " +
                                 copy.consent + " »");
        }
        form.email_copy = std::move(copy);
    }

    void readWindow(const YAML::Node& node, const YAML::Mark& at, FormWindow& window)
    {
        YamlMapReader map(node, at, "la fenêtre (window)", window_keys, sink_);
        if (!map.valid()) {
            return;
        }
        window.opens_at = readInstant(map, "opens_at", DayBoundary::start_of_day);
        window.closes_at = readInstant(map, "closes_at", DayBoundary::end_of_day);
        if (window.opens_at && window.closes_at && *window.closes_at < *window.opens_at) {
            map.errorAtValue("closes_at", "la fenêtre se ferme (closes_at) avant de s'ouvrir (opens_at)");
        }
        if (auto grace = map.integer("grace_minutes")) {
            if (*grace < 0 || *grace > max_grace_minutes) {
                map.errorAtValue("grace_minutes", "grace_minutes doit être entre 0 et 1440");
            } else {
                window.grace = std::chrono::minutes{*grace};
            }
        }
    }

    std::optional<Seconds> readInstant(YamlMapReader& map, std::string_view key, DayBoundary boundary)
    {
        auto text = map.string(key);
        if (!text) {
            return std::nullopt;
        }
        ParisTimeParse parsed = parseParisLocalTime(*text, boundary);
        if (!parsed.value) {
            map.errorAtValue(key, std::string(key) + " : " + parsed.error);
        }
        return parsed.value;
    }

    void readSection(const YAML::Node& node, Form& form)
    {
        YamlMapReader map(node, node.Mark(), "une section", section_keys, sink_);
        if (!map.valid()) {
            return;
        }
        Section section;
        section.title = map.string("title", true).value_or("");
        section.description = map.string("description").value_or("");
        auto questions = map.node("questions");
        if (!questions || !questions->IsSequence() || questions->size() == 0) {
            sink_.at(map.has("questions") ? map.valueMark("questions") : map.mark(),
                     "une section doit avoir une liste « questions » non vide");
        } else {
            for (const YAML::Node& questionNode : *questions) {
                if (auto question = readQuestion(questionNode, form)) {
                    section.question_keys.push_back(question->key);
                    form.questions.push_back(std::move(*question));
                }
            }
        }
        form.sections.push_back(std::move(section));
    }

    std::optional<Question> readQuestion(const YAML::Node& node, const Form& form)
    {
        YamlMapReader map(node, node.Mark(), "une question", question_keys, sink_);
        if (!map.valid()) {
            return std::nullopt;
        }
        const std::size_t before = sink_.count();
        Question q;
        if (auto key = map.string("key", true)) {
            q.key = *key;
            if (!isQuestionKey(*key)) {
                map.errorAtValue("key", "la clé « " + *key +
                                            " » doit commencer par une minuscule et ne contenir que des minuscules "
                                            "sans accent, des chiffres et _");
            } else if (auto seen = seen_keys_.find(*key); seen != seen_keys_.end()) {
                map.errorAtValue("key", "la clé de question « " + *key + " » est déjà utilisée ligne " +
                                            std::to_string(seen->second));
            } else {
                seen_keys_.emplace(*key, map.valueMark("key").line + 1);
            }
        }
        q.label = map.string("label", true).value_or("");
        q.help = map.string("help").value_or("");
        q.required = map.boolean("required").value_or(false);

        const auto typeName = map.string("type", true);
        if (!typeName) {
            return std::nullopt;
        }
        const auto type = questionTypeFromString(*typeName);
        if (!type) {
            map.errorAtValue("type", "type inconnu « " + *typeName + " » (types possibles : " + typeList() + ")");
            return std::nullopt;
        }
        q.type = *type;
        for (std::string_view key : question_keys) {
            if (map.has(key) && !keyAppliesTo(key, q.type)) {
                map.errorAtValue(key, "« " + std::string(key) + " » ne s'applique pas au type " + *typeName);
            }
        }
        if (isChoice(q.type)) {
            readChoice(map, q);
        }
        readBounds(map, q);
        if (auto length = map.integer("max_length"); length && keyAppliesTo("max_length", q.type)) {
            if (*length <= 0 || *length > max_text_length) {
                map.errorAtValue("max_length", "max_length doit être entre 1 et 100000");
            } else {
                q.max_length = static_cast<std::size_t>(*length);
            }
        }
        if (auto token = map.string("autocomplete"); token && keyAppliesTo("autocomplete", q.type)) {
            readAutocomplete(map, *token, q);
        }
        if (auto visible = map.node("visible_if")) {
            readVisibleIf(*visible, map.valueMark("visible_if"), q, form);
        }
        if (sink_.count() != before) {
            return std::nullopt;
        }
        return q;
    }

    void readChoice(YamlMapReader& map, Question& q)
    {
        q.allow_other = map.boolean("allow_other").value_or(false);
        if (auto otherLabel = map.string("other_label")) {
            q.other_label = *otherLabel;
        }
        if (auto display = map.string("display")) {
            if (*display == "select") {
                q.display = ChoiceDisplay::select;
            } else if (*display != "radio") {
                map.errorAtValue("display", "display vaut radio ou select, pas « " + *display + " »");
            }
        }
        const bool hasOptions = map.has("options");
        if (auto from = map.string("options_from")) {
            if (*from != "groups") {
                map.errorAtValue("options_from", "options_from ne connaît que « groups », pas « " + *from + " »");
            } else if (hasOptions) {
                map.errorAtValue("options_from", "options et options_from ne peuvent pas aller ensemble");
            } else if (!catalogue_) {
                map.errorAtValue("options_from", "options_from: groups demande le catalogue des groupes (" +
                                                     std::string(group_catalogue_file) + "), absent ou invalide");
            } else {
                q.options_from = OptionsSource::groups;
                for (const Group& group : catalogue_->groups) {
                    q.options.push_back(Option{group.code, group.name, group.objective});
                }
            }
        } else if (!hasOptions) {
            sink_.at(map.mark(), "la question à choix « " + q.key +
                                     " » n'a pas d'options : ajoutez « options » ou « options_from: groups »");
        } else {
            readOptions(map, q);
        }
        const auto minSelected = map.integer("min_selected");
        const auto maxSelected = map.integer("max_selected");
        const long long available = static_cast<long long>(q.acceptedOptionKeys().size());
        if (minSelected) {
            if (*minSelected < 0 || *minSelected > available) {
                map.errorAtValue("min_selected", "min_selected doit être entre 0 et le nombre d'options (" +
                                                     std::to_string(available) + ")");
            } else {
                q.min_selected = static_cast<int>(*minSelected);
            }
        }
        if (maxSelected) {
            if (*maxSelected < 1) {
                map.errorAtValue("max_selected", "max_selected doit être au moins 1");
            } else if (minSelected && *maxSelected < *minSelected) {
                map.errorAtValue("max_selected", "max_selected est plus petit que min_selected");
            } else {
                q.max_selected = static_cast<int>(*maxSelected);
            }
        }
    }

    void readOptions(YamlMapReader& map, Question& q)
    {
        const YAML::Node list = *map.node("options");
        if (!list.IsSequence() || list.size() == 0) {
            map.errorAtValue("options", "« options » doit être une liste non vide de {key, label}");
            return;
        }
        std::map<std::string, int> seen;
        if (q.allow_other) {
            seen.emplace(std::string(other_option_key), map.valueMark("allow_other").line + 1);
        }
        for (const YAML::Node& item : list) {
            YamlMapReader option(item, item.Mark(), "une option", option_keys, sink_);
            if (!option.valid()) {
                continue;
            }
            Option o;
            o.key = option.string("key", true).value_or("");
            o.label = option.string("label", true).value_or("");
            o.help = option.string("help").value_or("");
            if (o.key.empty()) {
                continue;
            }
            if (!isOptionKey(o.key)) {
                option.errorAtValue("key", "la clé d'option « " + o.key +
                                               " » ne peut contenir que des minuscules sans accent, des chiffres, _ "
                                               "et -");
            } else if (auto it = seen.find(o.key); it != seen.end()) {
                option.errorAtValue("key", "la clé d'option « " + o.key + " » est déjà utilisée ligne " +
                                               std::to_string(it->second) +
                                               (o.key == other_option_key ? " (allow_other ajoute « autre »)" : ""));
            } else {
                seen.emplace(o.key, option.valueMark("key").line + 1);
            }
            q.options.push_back(std::move(o));
        }
    }

    void readAutocomplete(YamlMapReader& map, const std::string& token, Question& q)
    {
        std::string fitting;
        for (const auto& known : autocomplete_tokens) {
            const bool fits = !known.type || *known.type == q.type;
            if (fits && known.token == token) {
                q.autocomplete = token;
                return;
            }
            if (fits) fitting += (fitting.empty() ? "" : ", ") + std::string(known.token);
        }
        map.errorAtValue("autocomplete", "autocomplete « " + token + " » inconnu pour le type " +
                                             std::string(toString(q.type)) + " (valeurs possibles : " + fitting + ")");
    }

    void readBounds(YamlMapReader& map, Question& q)
    {
        if (q.type == QuestionType::scale) {
            q.min = 1;
            q.max = 5;
        } else if (q.type == QuestionType::nps) {
            q.min = 0;
            q.max = 10;
        }
        if (!keyAppliesTo("min", q.type)) {
            q.min_label = map.string("min_label").value_or("");
            q.max_label = map.string("max_label").value_or("");
            return;
        }
        const auto min = map.number("min");
        const auto max = map.number("max");
        const bool wholeNumbers = q.type != QuestionType::number;
        if (min && wholeNumbers && !isIntegral(*min)) {
            map.errorAtValue("min", "min doit être un nombre entier pour le type " + std::string(toString(q.type)));
        } else if (min) {
            q.min = *min;
        }
        if (max && wholeNumbers && !isIntegral(*max)) {
            map.errorAtValue("max", "max doit être un nombre entier pour le type " + std::string(toString(q.type)));
        } else if (max) {
            q.max = *max;
        }
        if (q.min && q.max && *q.max < *q.min) {
            map.errorAtValue(map.has("max") ? "max" : "min", "max est plus petit que min");
        } else if (q.type == QuestionType::scale && (*q.max - *q.min) > 10) {
            map.errorAtValue(map.has("max") ? "max" : "min", "une échelle a au plus 11 niveaux");
        }
        if (q.type == QuestionType::scale) {
            q.min_label = map.string("min_label").value_or("");
            q.max_label = map.string("max_label").value_or("");
        }
    }

    void readVisibleIf(const YAML::Node& node, const YAML::Mark& at, Question& q, const Form& form)
    {
        YamlMapReader map(node, at, "visible_if", visible_if_keys, sink_);
        if (!map.valid()) {
            return;
        }
        VisibleIf rule;
        rule.question = map.string("question", true).value_or("");
        const auto values = map.stringList("equals", true);
        if (!map.has("equals")) {
            sink_.at(map.mark(), "clé « equals » obligatoire manquante dans visible_if");
        }
        if (rule.question.empty() || !values) {
            return;
        }
        const Question* target = form.find(rule.question);
        if (!target) {
            const bool later = seen_keys_.count(rule.question) > 0 || rule.question == q.key;
            map.errorAtValue("question",
                             later ? "visible_if renvoie à « " + rule.question +
                                         " », qui n'est pas avant cette question : une question ne peut dépendre "
                                         "que d'une question précédente"
                                   : "visible_if renvoie à la question inconnue « " + rule.question + " »");
            // A later question is only known once the whole file is read: remember it to report it then.
            if (!later) {
                pending_later_.push_back({rule.question, map.valueMark("question")});
            }
            return;
        }
        if (!hasOptionKeys(target->type)) {
            map.errorAtValue("question",
                             "visible_if doit renvoyer à une question à choix, oui/non ou case à cocher ; « " +
                                 rule.question + " » est de type " + std::string(toString(target->type)));
            return;
        }
        const std::vector<std::string> accepted = target->acceptedOptionKeys();
        for (const auto& [value, mark] : *values) {
            if (std::find(accepted.begin(), accepted.end(), value) == accepted.end()) {
                std::string list;
                for (const std::string& key : accepted) {
                    list += (list.empty() ? "" : ", ") + key;
                }
                sink_.at(mark, "« " + value + " » n'est pas une option de « " + rule.question +
                                   " » (options : " + list + ")");
            } else {
                rule.values.push_back(value);
            }
        }
        q.visible_if = std::move(rule);
    }

public:
    // A visible_if naming a question defined further down was first reported as unknown; say "later"
    // instead, which is what the author needs to know.
    void refineLaterReferences(std::vector<Diagnostic>& diagnostics, std::size_t from)
    {
        for (const auto& [key, mark] : pending_later_) {
            if (seen_keys_.count(key) == 0) {
                continue;
            }
            for (std::size_t i = from; i < diagnostics.size(); ++i) {
                Diagnostic& d = diagnostics[i];
                if (d.line == mark.line + 1 && d.column == mark.column + 1 &&
                    d.message.find("question inconnue") != std::string::npos) {
                    d.message = "visible_if renvoie à « " + key +
                                " », qui vient après cette question : une question ne peut dépendre que d'une "
                                "question précédente";
                }
            }
        }
    }

private:
    DiagnosticSink sink_;
    const GroupCatalogue* catalogue_;
    std::map<std::string, int> seen_keys_;  // question key → line, in file order
    std::vector<std::pair<std::string, YAML::Mark>> pending_later_;
};

std::optional<std::string> readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

const Form* FormSet::find(std::string_view slug) const
{
    for (const Form& form : forms) {
        if (form.slug == slug) {
            return &form;
        }
    }
    return nullptr;
}

FormLoad loadFormText(std::string_view yaml, const std::string& file, const GroupCatalogue* catalogue)
{
    FormLoad result;
    FormParser parser(file, catalogue, result.diagnostics);
    result.form = parser.parse(yaml);
    parser.refineLaterReferences(result.diagnostics, 0);
    return result;
}

FormSet loadFormsDirectory(const std::filesystem::path& dir)
{
    FormSet set;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        set.diagnostics.push_back(Diagnostic{dir.string(), 1, 1, "dossier de formulaires introuvable"});
        return set;
    }
    const std::filesystem::path cataloguePath = dir / group_catalogue_file;
    if (std::filesystem::exists(cataloguePath, ec)) {
        if (auto text = readFile(cataloguePath)) {
            GroupCatalogueLoad load = loadGroupCatalogueText(*text, cataloguePath.string());
            set.catalogue = std::move(load.catalogue);
            set.diagnostics.insert(set.diagnostics.end(), load.diagnostics.begin(), load.diagnostics.end());
        } else {
            set.diagnostics.push_back(Diagnostic{cataloguePath.string(), 1, 1, "fichier illisible"});
        }
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml") &&
            entry.path().filename() != group_catalogue_file) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& path : files) {
        auto text = readFile(path);
        if (!text) {
            set.diagnostics.push_back(Diagnostic{path.string(), 1, 1, "fichier illisible"});
            continue;
        }
        FormLoad load = loadFormText(*text, path.string(), set.catalogue ? &*set.catalogue : nullptr);
        set.diagnostics.insert(set.diagnostics.end(), load.diagnostics.begin(), load.diagnostics.end());
        if (!load.form) {
            continue;
        }
        if (set.find(load.form->slug)) {
            set.diagnostics.push_back(Diagnostic{
                path.string(), 1, 1, "le slug « " + load.form->slug + " » est déjà pris par un autre fichier"});
            continue;
        }
        set.forms.push_back(std::move(*load.form));
    }
    std::sort(set.forms.begin(), set.forms.end(), [](const Form& a, const Form& b) { return a.slug < b.slug; });
    return set;
}

}  // namespace tnt::domain
