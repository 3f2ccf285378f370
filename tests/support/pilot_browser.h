// A pilot's browser on the dashboard, for the e2e tests: it keeps the cookies the service sets (and drops
// those it clears) and sends them back, as a browser does, so a test walks login → pages → logout the way
// a person does and can also replay an old cookie like an attacker would.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/html_form.h"
#include "tests/support/http_client.h"

namespace tnt::testing {

class PilotBrowser {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    explicit PilotBrowser(int port, Headers extra_headers = {}) : port_(port), extra_(std::move(extra_headers)) {}

    HttpResult get(const std::string& target) { return remember(httpGet(port_, target, headers())); }
    HttpResult post(const std::string& target, const FormFields& fields)
    {
        auto h = headers();
        h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        return remember(httpRequest(port_, "POST", target, h, formBody(fields)));
    }
    // Opens the login page, pastes `secret` and posts it with the page's CSRF token: the answer (303 when
    // the token is accepted).
    HttpResult login(const std::string& secret)
    {
        const auto page = get("/pilote");
        return post("/pilote/connexion", {{"_csrf", hiddenValue(page.body, "_csrf")}, {"jeton", secret}});
    }
    // Posts the logout form of the forms page (with its CSRF token).
    HttpResult logout()
    {
        const auto page = get("/pilote/formulaires");
        return post("/pilote/deconnexion", {{"_csrf", hiddenValue(page.body, "_csrf")}});
    }

    std::string cookie(const std::string& name) const
    {
        const auto it = cookies_.find(name);
        return it == cookies_.end() ? "" : it->second;
    }
    void setCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    void forgetCookie(const std::string& name) { cookies_.erase(name); }
    // The Set-Cookie header values of the last answer (several are joined by ", " by the test client).
    const std::string& lastSetCookie() const { return last_set_cookie_; }

private:
    Headers headers() const
    {
        auto h = extra_;
        std::string jar;
        for (const auto& [name, value] : cookies_) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
        if (!jar.empty()) h.emplace_back("Cookie", jar);
        return h;
    }

    HttpResult remember(HttpResult result)
    {
        last_set_cookie_ = result.header("set-cookie");
        std::size_t pos = 0;
        while (pos < last_set_cookie_.size()) {
            auto end = last_set_cookie_.find(", ", pos);
            if (end == std::string::npos) end = last_set_cookie_.size();
            const auto one = last_set_cookie_.substr(pos, end - pos);
            const auto eq = one.find('=');
            const auto semi = one.find(';');
            if (eq != std::string::npos) {
                const auto name = one.substr(0, eq);
                const auto value = one.substr(eq + 1, (semi == std::string::npos ? one.size() : semi) - eq - 1);
                if (one.find("Max-Age=0") != std::string::npos) {
                    cookies_.erase(name);
                } else {
                    cookies_[name] = value;
                }
            }
            pos = end + 2;
        }
        return result;
    }

    int port_;
    Headers extra_;
    std::map<std::string, std::string> cookies_;
    std::string last_set_cookie_;
};

}  // namespace tnt::testing
