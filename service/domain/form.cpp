// Form lookups, public JSON and version hash.
#include "service/domain/form.h"

#include <array>
#include <cstdio>

#include "service/crypto/digest.h"

namespace tnt::domain {

const Question* Form::find(std::string_view key) const
{
    for (const Question& question : questions) {
        if (question.key == key) {
            return &question;
        }
    }
    return nullptr;
}

const Question* Form::groupsQuestion() const
{
    for (const Question& question : questions) {
        if (question.options_from == OptionsSource::groups) {
            return &question;
        }
    }
    return nullptr;
}

nlohmann::json Form::canonicalJson() const
{
    nlohmann::json sectionList = nlohmann::json::array();
    for (const Section& section : sections) {
        nlohmann::json questionList = nlohmann::json::array();
        for (const std::string& key : section.question_keys) {
            if (const Question* question = find(key)) {
                questionList.push_back(question->toJson());
            }
        }
        sectionList.push_back(
            {{"title", section.title}, {"description", section.description}, {"questions", questionList}});
    }
    nlohmann::json out = {{"slug", slug},
                          {"title", title},
                          {"description", description},
                          {"window", window.toJson()},
                          {"sections", sectionList},
                          {"unique_by", unique_by},
                          {"retention_days", retention_days},
                          {"confirmation", confirmation}};
    // Only when set, so that the forms without it keep their versions.
    if (email_copy) out["email_copy"] = {{"to", email_copy->to}, {"consent", email_copy->consent}};
    if (single_page) out["single_page"] = true;
    if (invitations) {
        out["invitations"] = {{"mandate", invitations->mandate},
                              {"departement", invitations->departement},
                              {"commune", invitations->commune}};
    }
    return out;
}

nlohmann::json Form::toJson() const
{
    nlohmann::json out = canonicalJson();
    out["version"] = version;
    return out;
}

std::string computeVersion(const Form& form)
{
    return crypto::sha256Hex(form.canonicalJson().dump());
}

}  // namespace tnt::domain
