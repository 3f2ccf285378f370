#include "service/templating/template_set.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace tnt::templating {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr std::string_view kExtension = ".mustache";

struct Source {
    std::filesystem::path file;
    std::string text;
};

int lineOf(const std::string& text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string located(const Source& source, std::size_t offset, const std::string& what)
{
    return source.file.string() + ":" + std::to_string(lineOf(source.text, offset)) + ": " + what;
}

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// The engine's English message, in the operators' language, at its line.
std::string engineProblem(const Source& source, const std::string& message)
{
    static const std::regex at(R"(^(.*) at (\d+)$)");
    static const std::regex section(R"re(^(Unopened|Unclosed) section "(.*)"$)re");
    std::smatch m;
    std::string what = message;
    std::size_t offset = 0;
    if (std::regex_match(message, m, at)) {
        what = m[1];
        offset = static_cast<std::size_t>(std::stoul(m[2]));
    }
    std::smatch s;
    if (what == "Unclosed tag") {
        what = "balise ouverte par {{ jamais fermée";
    } else if (std::regex_match(what, s, section)) {
        what = s[1] == "Unopened" ? "fin de section « " + s[2].str() + " » sans son début"
                                  : "section « " + s[2].str() + " » jamais fermée";
    }
    return located(source, offset, what);
}

struct Tag {
    std::size_t offset;
    char sigil;  // '>' partial, '{' or '&' raw, '=' delimiters, '#', '^', '/', '!', or 0 for a value
    std::string name;
};

// The tags of a text (default delimiters only: changing them is refused).
std::vector<Tag> tagsOf(const std::string& text)
{
    std::vector<Tag> tags;
    std::size_t at = 0;
    while ((at = text.find("{{", at)) != std::string::npos) {
        const bool triple = text.compare(at, 3, "{{{") == 0;
        const auto body = at + (triple ? 3 : 2);
        const auto close = text.find(triple ? "}}}" : "}}", body);
        if (close == std::string::npos) break;  // the engine reports it
        std::string inner = trim(std::string_view(text).substr(body, close - body));
        char sigil = triple ? '{' : 0;
        if (!triple && !inner.empty() && std::string_view(">&=#^/!").find(inner[0]) != std::string_view::npos) {
            sigil = inner[0];
            inner = trim(std::string_view(inner).substr(1));
        }
        tags.push_back({at, sigil, inner});
        at = close + (triple ? 3 : 2);
    }
    return tags;
}

// Empty strings and null become false, so that a section skips them and a name found empty in an item stops
// there instead of showing the parent's value; numbers become their text.
data scalarData(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::string: {
        const auto& text = value.get_ref<const std::string&>();
        return text.empty() ? data(false) : data(text);
    }
    case nlohmann::json::value_t::boolean:
        return data(value.get<bool>());
    case nlohmann::json::value_t::null:
        return data(false);
    default:
        return data(value.dump());
    }
}

data::type containerType(const nlohmann::json& value)
{
    return value.is_object() ? data::type::object : data::type::list;
}

// Fills `out` (an object or a list, as `value` is) in place: kainjow's data only copies what it is given, so
// building children first and handing them up would copy every subtree once per level.
void fill(data& out, const nlohmann::json& value)
{
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            if (!item.is_structured()) {
                out.set(key, scalarData(item));
                continue;
            }
            out.set(key, data(containerType(item)));
            fill(const_cast<data&>(*out.get(key)), item);  // ours: the const is the getter's only
        }
        return;
    }
    for (const auto& item : value) {
        if (!item.is_structured()) {
            out.push_back(scalarData(item));
            continue;
        }
        out.push_back(data(containerType(item)));
        fill(const_cast<data&>(out.list_value().back()), item);
    }
}

data toData(const nlohmann::json& value)
{
    if (!value.is_structured()) return scalarData(value);
    data out(containerType(value));
    fill(out, value);
    return out;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

struct TemplateSet::Compiled {
    explicit Compiled(const std::string& text) : engine(text) {}
    mustache engine;  // rendered concurrently: see render()
};

TemplateError::TemplateError(const std::string& dir, std::vector<std::string> problems)
    : std::runtime_error([&] {
          std::string message = "les modèles de " + dir + " ont des erreurs :";
          for (const auto& p : problems) message += "\n  " + p;
          return message;
      }()),
      problems_(std::move(problems))
{
}

TemplateSet::TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;
TemplateSet::~TemplateSet() = default;

namespace {

class Loader {
public:
    Loader(const std::filesystem::path& dir, const LoadOptions& options) : dir_(dir), options_(options) {}

    std::map<std::string, std::string> run()
    {
        read();
        for (const auto& name : options_.required) {
            if (sources_.count(name) == 0) {
                problems.push_back((dir_ / (name + std::string(kExtension))).string() + ": fichier absent");
            }
        }
        for (const auto& [name, source] : sources_) checkAlone(name, source);
        std::map<std::string, std::string> expanded;
        if (!problems.empty()) return expanded;
        for (const auto& [name, source] : sources_) {
            std::vector<std::string> including;
            expanded[name] = expand(name, including);
            if (!problems.empty()) break;  // one loop is reported once, not from each of its files
        }
        return expanded;
    }

    std::vector<std::string> problems;

private:
    void read()
    {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir_, ec)) {
            problems.push_back(dir_.string() + ": dossier absent ou illisible");
            return;
        }
        for (std::filesystem::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
            const auto& path = it->path();
            if (!it->is_regular_file() || path.extension() != kExtension) continue;
            std::ifstream in(path, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (!in) {
                problems.push_back(path.string() + ": fichier illisible");
                continue;
            }
            auto name = std::filesystem::relative(path, dir_).replace_extension().generic_string();
            sources_[name] = Source{path, text.str()};
        }
        if (ec) problems.push_back(dir_.string() + ": " + ec.message());
    }

    // The file's own problems: its syntax, its partials, its raw values.
    void checkAlone(const std::string& name, const Source& source)
    {
        mustache alone(source.text);
        if (!alone.is_valid()) problems.push_back(engineProblem(source, alone.error_message()));
        const bool raw_allowed = options_.raw_allowed.count(name) > 0;
        for (const auto& tag : tagsOf(source.text)) {
            if (tag.sigil == '=') {
                problems.push_back(located(source, tag.offset, "changer les délimiteurs ({{=…=}}) n'est pas permis"));
            } else if ((tag.sigil == '{' || tag.sigil == '&') && !raw_allowed) {
                problems.push_back(located(source, tag.offset,
                                           "« " + tag.name +
                                               " » serait écrit sans échappement : seuls les modèles prévus pour le "
                                               "balisage construit par le service le peuvent"));
            } else if (tag.sigil == '>' && sources_.count(tag.name) == 0) {
                problems.push_back(located(source, tag.offset,
                                           "partiel « " + tag.name + " » introuvable (" + tag.name +
                                               std::string(kExtension) + " n'est pas dans " + dir_.string() + ")"));
            }
        }
    }

    // The text with every partial in place, comments alone on their lines removed with their line, and the
    // file's last newline dropped (so that `<label>{{> label}}</label>` stays on one line).
    std::string expand(const std::string& name, std::vector<std::string>& including)
    {
        if (!problems.empty()) return {};  // a loop was found: it is said once
        const auto& source = sources_.at(name);
        if (std::find(including.begin(), including.end(), name) != including.end()) {
            std::string chain;
            for (const auto& n : including) chain += n + " → ";
            problems.push_back(source.file.string() + ": partiels inclus les uns dans les autres sans fin (" + chain +
                               name + ")");
            return {};
        }
        including.push_back(name);
        const auto& text = source.text;
        std::string out;
        std::size_t copied = 0;
        for (const auto& tag : tagsOf(text)) {
            if (tag.sigil != '>' && tag.sigil != '!') continue;
            auto start = tag.offset;
            auto end = text.find("}}", tag.offset) + 2;
            if (tag.sigil == '!') {
                const auto line_start = text.find_last_not_of(" \t", start == 0 ? 0 : start - 1);
                const bool starts_line = start == 0 || line_start == std::string::npos || text[line_start] == '\n';
                const auto after = text.find_first_not_of(" \t", end);
                if (starts_line && (after == std::string::npos || text[after] == '\n')) {
                    start = line_start == std::string::npos || start == 0 ? 0 : line_start + 1;
                    end = after == std::string::npos ? text.size() : after + 1;
                }
            }
            if (start < copied) start = copied;
            out.append(text, copied, start - copied);
            if (tag.sigil == '>') out += expand(tag.name, including);
            copied = end;
        }
        out.append(text, copied, std::string::npos);
        if (!out.empty() && out.back() == '\n') out.pop_back();
        including.pop_back();
        return out;
    }

    std::filesystem::path dir_;
    const LoadOptions& options_;
    std::map<std::string, Source> sources_;
};

}  // namespace

std::vector<std::string> TemplateSet::check(const std::filesystem::path& dir, const LoadOptions& options)
{
    try {
        load(dir, options);
        return {};
    } catch (const TemplateError& e) {
        return e.problems();
    }
}

TemplateSet TemplateSet::load(const std::filesystem::path& dir, const LoadOptions& options)
{
    Loader loader(dir, options);
    auto expanded = loader.run();
    auto problems = std::move(loader.problems);
    TemplateSet set;
    for (auto& [name, text] : expanded) {
        auto compiled = std::make_unique<Compiled>(text);
        auto& engine = compiled->engine;
        if (!engine.is_valid()) {
            // Each file parses alone: a section opened in one file and closed in another.
            problems.push_back((dir / (name + std::string(kExtension))).string() + ": une fois ses partiels inclus, " +
                               engine.error_message());
            continue;
        }
        const bool plain = std::any_of(options.plain_suffixes.begin(), options.plain_suffixes.end(),
                                       [&name = name](const std::string& s) { return endsWith(name, s); });
        if (plain) {
            engine.set_custom_escape([](const std::string& s) { return s; });
        } else if (options.escape) {
            engine.set_custom_escape(options.escape);
        }
        set.templates_.emplace(name, std::move(compiled));
    }
    if (!problems.empty()) throw TemplateError(dir.string(), std::move(problems));
    return set;
}

bool TemplateSet::contains(const std::string& name) const
{
    return templates_.count(name) > 0;
}

std::vector<std::string> TemplateSet::names() const
{
    std::vector<std::string> out;
    for (const auto& entry : templates_) out.push_back(entry.first);
    return out;
}

std::string TemplateSet::render(const std::string& name, const nlohmann::json& view) const
{
    auto& engine = templates_.at(name)->engine;
    const auto values = toData(view);
    std::string out;
    out.reserve(16 * 1024);
    // kainjow's render is not const, but with the partials already in place and no lambda among the values it
    // only reads the template: several threads render the same one at once (the ThreadSanitizer stage runs
    // the service's page tests).
    engine.render(values, [&out](const std::string& chunk) { out += chunk; });
    if (!engine.is_valid()) throw std::runtime_error("modèle « " + name + " » : " + engine.error_message());
    return out;
}

}  // namespace tnt::templating
