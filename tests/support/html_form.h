// What the e2e tests need to post the HTML forms like a browser: urlencoding of fields, and the hidden
// values (CSRF token, idempotency token) read back from a rendered page. Written apart from the service's
// own parser on purpose, so a test does not agree with the code it checks by construction.
#pragma once

#include <cctype>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace tnt::testing {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// As a browser encodes a form: unreserved bytes kept, space as '+', the rest as %XX.
inline std::string formEncode(const std::string& text)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out += {'%', hex[c >> 4], hex[c & 15]};
        }
    }
    return out;
}

inline std::string formBody(const FormFields& fields)
{
    std::string body;
    for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + formEncode(k) + "=" + formEncode(v);
    return body;
}

// The value of the hidden input `name` in a rendered page, "" when there is none.
inline std::string hiddenValue(const std::string& html, const std::string& name)
{
    std::smatch m;
    if (std::regex_search(html, m, std::regex("name=\"" + name + "\"[^>]*value=\"([^\"]*)\""))) return m[1];
    return "";
}

}  // namespace tnt::testing
