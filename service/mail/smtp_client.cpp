// libcurl's SMTP transfer, with the dialogue followed through curl's debug callback: a 5xx means "drop this
// message" only when it answers RCPT TO or DATA, and curl's own error codes do not say which command failed.
#include "service/mail/smtp_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "service/mail/mime.h"

namespace tnt::mail {

namespace {

void initialiseCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

// The verb of the last command sent and the code of the last reply, as the debug callback saw them.
struct Dialogue {
    std::string command = "CONNECT";
    int reply = 0;
    // Set at QUIT, which curl sends after a failure inside curl_easy_perform (or later, in curl_easy_cleanup):
    // the command that failed and its reply must stay.
    bool finished = false;
};

int followDialogue(CURL*, curl_infotype type, char* data, std::size_t size, void* user)
{
    auto& dialogue = *static_cast<Dialogue*>(user);
    if (dialogue.finished) return 0;
    const std::string_view line(data, size);
    if (type == CURLINFO_HEADER_OUT) {
        std::string verb(line.substr(0, std::min(line.find_first_of(" \r\n"), line.size())));
        std::transform(verb.begin(), verb.end(), verb.begin(),
                       [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
        if (verb == "QUIT") {
            dialogue.finished = true;
            return 0;
        }
        // Anything else is the continuation of AUTH (credentials, which are not kept).
        for (const char* known : {"EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA"}) {
            if (verb == known) dialogue.command = verb;
        }
    } else if (type == CURLINFO_HEADER_IN && size >= 3 &&
               std::all_of(data, data + 3, [](char c) { return c >= '0' && c <= '9'; })) {
        dialogue.reply = (data[0] - '0') * 100 + (data[1] - '0') * 10 + (data[2] - '0');
    }
    return 0;
}

struct Upload {
    std::string_view rest;
};

std::size_t readUpload(char* buffer, std::size_t size, std::size_t count, void* user)
{
    auto& upload = *static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload.rest.size());
    std::memcpy(buffer, upload.rest.data(), n);
    upload.rest.remove_prefix(n);
    return n;
}

struct OptionRefused {
    CURLoption option;
};

template <typename Value>
void setOption(CURL* curl, CURLoption option, Value value)
{
    if (curl_easy_setopt(curl, option, value) != CURLE_OK) throw OptionRefused{option};
}

// curl's message for a failed transfer, which names the relay but could quote a reply: the recipient is
// masked in case a relay echoed it.
std::string curlDescription(CURLcode code, const char* errorBuffer, const std::string& recipient)
{
    std::string text = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(code);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    std::string lowered = text;
    std::string needle = recipient;
    const auto lower = [](std::string& s) {
        std::transform(s.begin(), s.end(), s.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
    };
    lower(lowered);
    lower(needle);
    for (std::size_t at = lowered.find(needle); !needle.empty() && at != std::string::npos;
         at = lowered.find(needle, at + 1)) {
        text.replace(at, needle.size(), std::string(needle.size(), '*'));
    }
    constexpr std::size_t kLimit = 200;
    if (text.size() > kLimit) text.resize(kLimit);
    return text;
}

std::string withCode(const std::string& text, int code)
{
    return text + " (" + std::to_string(code) + ")";
}

SendResult classify(CURLcode code, int reply, const Dialogue& dialogue, const char* errorBuffer,
                    const std::string& recipient)
{
    using Status = SendResult::Status;
    const std::string& command = dialogue.command;
    if (code == CURLE_OK) return {Status::sent, reply, withCode("accepté par le relais", reply)};

    if (reply >= 500 && reply < 600) {
        if (command == "RCPT") return {Status::rejected, reply, withCode("destinataire refusé par le relais", reply)};
        if (command == "DATA") return {Status::rejected, reply, withCode("message refusé par le relais", reply)};
        if (reply == 552) return {Status::rejected, reply, withCode("message trop volumineux pour le relais", reply)};
        if (command == "MAIL") return {Status::retry, reply, withCode("expéditeur refusé par le relais", reply)};
        if (command == "AUTH") return {Status::retry, reply, withCode("identifiants SMTP refusés", reply)};
        if (command == "STARTTLS") return {Status::retry, reply, withCode("STARTTLS refusé par le relais", reply)};
        return {Status::retry, reply, withCode("le relais refuse la session", reply)};
    }
    if (reply >= 400 && reply < 500) {
        if (command == "RCPT") return {Status::retry, reply, withCode("destinataire différé par le relais", reply)};
        if (command == "DATA") return {Status::retry, reply, withCode("message différé par le relais", reply)};
        return {Status::retry, reply, withCode("relais momentanément indisponible", reply)};
    }
    const std::string cause = curlDescription(code, errorBuffer, recipient);
    if (code == CURLE_OPERATION_TIMEDOUT) return {Status::retry, reply, "délai dépassé avec le relais SMTP : " + cause};
    if (code == CURLE_USE_SSL_FAILED || code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION) {
        return {Status::retry, reply, "TLS impossible avec le relais SMTP : " + cause};
    }
    if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
        return {Status::retry, reply, "relais SMTP injoignable : " + cause};
    }
    return {Status::retry, reply, "échange avec le relais SMTP interrompu : " + cause};
}

bool isHostName(std::string_view host)
{
    if (host.empty()) return false;
    for (const char c : host) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                             c == '-' || c == ':' || c == '[' || c == ']';
        if (!allowed) return false;
    }
    return true;
}

}  // namespace

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings))
{
    if (!isHostName(settings_.host)) throw std::invalid_argument("smtp: invalid host");
    if (settings_.port < 1 || settings_.port > 65535) throw std::invalid_argument("smtp: port out of range");
    if (!isPlainAddress(settings_.envelope_from)) throw std::invalid_argument("smtp: invalid envelope sender");
    if (settings_.timeout <= std::chrono::seconds::zero()) throw std::invalid_argument("smtp: timeout not positive");
    // An IPv6 literal goes between brackets in a URL.
    const bool bareIpv6 = settings_.host.find(':') != std::string::npos && settings_.host.front() != '[';
    const std::string host = bareIpv6 ? "[" + settings_.host + "]" : settings_.host;
    url_ = (settings_.security == SmtpSecurity::tls ? "smtps://" : "smtp://") + host + ":" +
           std::to_string(settings_.port);
    initialiseCurlOnce();
}

SendResult SmtpClient::send(const std::string& recipient, const std::string& mime) const
{
    if (!isPlainAddress(recipient)) return {SendResult::Status::rejected, 0, "adresse du destinataire invalide"};

    // Declared before the handle, so they outlive curl_easy_cleanup, which may still call back.
    Dialogue dialogue;
    Upload upload{mime};
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const std::string from = "<" + settings_.envelope_from + ">";
    const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
        curl_slist_append(nullptr, ("<" + recipient + ">").c_str()), &curl_slist_free_all);
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
    if (!handle || !recipients) return {SendResult::Status::retry, 0, "curl indisponible (mémoire)"};
    CURL* curl = handle.get();

    try {
        setOption(curl, CURLOPT_URL, url_.c_str());
        setOption(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        setOption(curl, CURLOPT_NOSIGNAL, 1L);
        setOption(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
        setOption(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.timeout.count()));
        setOption(curl, CURLOPT_ERRORBUFFER, errorBuffer);
        setOption(curl, CURLOPT_USE_SSL,
                  static_cast<long>(settings_.security == SmtpSecurity::starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
        if (!settings_.user.empty()) {
            setOption(curl, CURLOPT_USERNAME, settings_.user.c_str());
            setOption(curl, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        setOption(curl, CURLOPT_MAIL_FROM, from.c_str());
        setOption(curl, CURLOPT_MAIL_RCPT, recipients.get());
        setOption(curl, CURLOPT_UPLOAD, 1L);
        setOption(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
        setOption(curl, CURLOPT_READFUNCTION, &readUpload);
        setOption(curl, CURLOPT_READDATA, &upload);
        // The debug callback replaces curl's verbose output: nothing is printed.
        setOption(curl, CURLOPT_DEBUGFUNCTION, &followDialogue);
        setOption(curl, CURLOPT_DEBUGDATA, &dialogue);
        setOption(curl, CURLOPT_VERBOSE, 1L);
    } catch (const OptionRefused& refused) {
        return {SendResult::Status::retry, 0,
                "option curl refusée (" + std::to_string(static_cast<int>(refused.option)) + ")"};
    }

    const CURLcode code = curl_easy_perform(curl);
    dialogue.finished = true;
    long reply = 0;
    if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply) != CURLE_OK || reply == 0) reply = dialogue.reply;
    return classify(code, static_cast<int>(reply), dialogue, errorBuffer, recipient);
}

std::optional<SmtpSecurity> parseSmtpSecurity(std::string_view text)
{
    if (text == "none") return SmtpSecurity::none;
    if (text == "starttls") return SmtpSecurity::starttls;
    if (text == "tls") return SmtpSecurity::tls;
    return std::nullopt;
}

}  // namespace tnt::mail
