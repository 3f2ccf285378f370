#include "service/access/access_token.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace tnt::access {

bool AccessToken::usableAt(domain::TimePoint now) const
{
    if (revoked_at) return false;
    return !expires_at || now < *expires_at;
}

bool AccessToken::canReadForm(const std::string& slug) const
{
    return std::find(forms.begin(), forms.end(), "*") != forms.end() ||
           std::find(forms.begin(), forms.end(), slug) != forms.end();
}

std::string AccessToken::scopeText() const
{
    std::string text;
    for (const auto& f : forms) text += (text.empty() ? "" : " ") + std::string("form:") + f;
    for (const auto& g : groups) text += (text.empty() ? "" : " ") + std::string("group:") + g;
    return text;
}

void addScope(AccessToken& token, const std::string& scope)
{
    static const std::regex form(R"(^form:(\*|[a-z0-9][a-z0-9-]{0,99})$)");
    static const std::regex group(R"(^group:([A-Za-z0-9_-]{1,32})$)");
    std::smatch m;
    if (std::regex_match(scope, m, form)) {
        token.forms.push_back(m[1].str());
    } else if (std::regex_match(scope, m, group)) {
        token.groups.push_back(m[1].str());
    } else {
        throw std::invalid_argument("portée « " + scope +
                                    " » invalide : attendu form:IDENTIFIANT, form:* ou group:CODE (ex. group:GP3)");
    }
}

void parseScopeText(AccessToken& token, const std::string& text)
{
    std::istringstream in(text);
    std::string scope;
    while (in >> scope) addScope(token, scope);
}

std::vector<std::string> visibleGroups(const AccessToken& token, const std::optional<std::string>& requested)
{
    if (!requested || requested->empty()) return token.groups;
    if (!token.groups.empty() &&
        std::find(token.groups.begin(), token.groups.end(), *requested) == token.groups.end()) {
        throw AccessDenied("Ce jeton ne donne pas accès au groupe « " + *requested + " ».");
    }
    return {*requested};
}

}  // namespace tnt::access
