// unique_by claims and selected groups from normalised answers.
#include "service/domain/unique_claims.h"

#include <algorithm>

#include "service/domain/field_formats.h"

namespace tnt::domain {

namespace {

std::string lowerAscii(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

// The values one answer contributes to claims: several for a multiple choice, one otherwise.
std::vector<std::string> claimValues(const nlohmann::json& answer)
{
    std::vector<std::string> out;
    if (answer.is_array()) {
        for (const auto& item : answer) {
            out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
        }
    } else if (answer.is_string()) {
        out.push_back(lowerAscii(trimText(answer.get<std::string>())));
    } else {
        out.push_back(answer.dump());
    }
    return out;
}

}  // namespace

std::vector<std::string> uniqueClaims(const Form& form, const nlohmann::json& normalizedAnswers)
{
    if (form.unique_by.empty() || !normalizedAnswers.is_object()) {
        return {};
    }
    std::vector<nlohmann::json> claims = {nlohmann::json::array()};
    for (const std::string& key : form.unique_by) {
        const auto it = normalizedAnswers.find(key);
        if (it == normalizedAnswers.end()) {
            return {};
        }
        const std::vector<std::string> values = claimValues(*it);
        if (values.empty()) {
            return {};
        }
        std::vector<nlohmann::json> next;
        for (const nlohmann::json& claim : claims) {
            for (const std::string& value : values) {
                nlohmann::json extended = claim;
                extended.push_back(key);
                extended.push_back(value);
                next.push_back(std::move(extended));
            }
        }
        claims = std::move(next);
    }
    std::vector<std::string> out;
    out.reserve(claims.size());
    for (const nlohmann::json& claim : claims) {
        out.push_back(claim.dump());
    }
    return out;
}

std::optional<std::string> claimedGroup(const Form& form, std::string_view claim)
{
    const Question* question = form.groupsQuestion();
    if (!question) {
        return std::nullopt;
    }
    const auto parsed = nlohmann::json::parse(claim, nullptr, false);
    if (!parsed.is_array()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i + 1 < parsed.size(); i += 2) {
        if (parsed[i] == question->key && parsed[i + 1].is_string()) {
            return parsed[i + 1].get<std::string>();
        }
    }
    return std::nullopt;
}

std::vector<std::string> selectedGroups(const Form& form, const nlohmann::json& normalizedAnswers)
{
    const Question* question = form.groupsQuestion();
    if (!question || !normalizedAnswers.is_object()) {
        return {};
    }
    const auto it = normalizedAnswers.find(question->key);
    if (it == normalizedAnswers.end()) {
        return {};
    }
    std::vector<std::string> picked;
    if (it->is_string()) {
        picked.push_back(it->get<std::string>());
    } else if (it->is_array()) {
        for (const auto& item : *it) {
            if (item.is_string()) {
                picked.push_back(item.get<std::string>());
            }
        }
    }
    std::vector<std::string> out;
    for (const Option& option : question->options) {
        if (std::find(picked.begin(), picked.end(), option.key) != picked.end()) {
            out.push_back(option.key);
        }
    }
    return out;
}

}  // namespace tnt::domain
