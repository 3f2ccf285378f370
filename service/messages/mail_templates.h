// The e-mails' wording, in files the programme team edits without a build (forms/mail/ by default,
// --mail-templates to use another folder): for each kind of message a subject, a text part and an HTML
// part, in Mustache, loaded by the same engine and rules as the pages (templating::TemplateSet). `{{value}}`
// is HTML-escaped in the HTML part and left as written in the subject and the text part (which are not
// HTML). Every file is read and parsed at start-up: a missing file or a syntax error stops the service with
// the file's name and line.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "service/templating/template_set.h"

namespace tnt::messages {

struct RenderedMail {
    std::string subject;
    std::string text;
    std::string html;
};

class MailTemplates {
public:
    // The kinds of message the service sends; each needs KIND.subject.mustache, KIND.text.mustache and
    // KIND.html.mustache.
    static const std::vector<std::string>& kinds();

    // Throws templating::TemplateError naming every missing or invalid file.
    static MailTemplates load(const std::string& dir);
    // What load() would refuse, one problem a line (`tnt-forms templates check --mail DIR`).
    static std::vector<std::string> check(const std::string& dir);

    // `values`: a JSON object of strings, booleans, numbers, objects and lists. An empty string counts as
    // absent, so that `{{#place}}, {{place}}{{/place}}` writes nothing for a meeting without a place.
    // Thread-safe. Throws std::out_of_range for an unknown kind.
    RenderedMail render(const std::string& kind, const nlohmann::json& values) const;

private:
    explicit MailTemplates(templating::TemplateSet set) : set_(std::move(set)) {}
    templating::TemplateSet set_;
};

}  // namespace tnt::messages
