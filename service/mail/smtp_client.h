// Hands one rendered message to the SMTP relay (libcurl) and says what became of it, in the terms an outbox
// needs: sent, try again later, or refused for good. One connection per message; concurrent sends are safe
// (each has its own curl handle).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tnt::mail {

enum class SmtpSecurity { none, starttls, tls };  // tls = implicit TLS (smtps://)

struct SmtpSettings {
    std::string host;
    int port = 25;
    SmtpSecurity security = SmtpSecurity::none;
    std::string user;  // login only when user is not empty
    std::string password;
    std::string envelope_from;  // MAIL FROM
    std::chrono::seconds timeout{30};
};

struct SendResult {
    // retry: the relay could not be reached, dropped the connection, timed out, answered 4xx, or refused this
    // client (greeting, EHLO, STARTTLS, login, sender: a setting to fix, not a reason to lose the message).
    // rejected: a 5xx answer to the recipient or to the message, or a 552 (too big).
    enum class Status { sent, retry, rejected } status = Status::retry;
    int smtp_code = 0;  // last SMTP reply code when known
    std::string detail;  // short French or curl description, never containing the recipient address or the body
};

class SmtpClient {
public:
    // Throws std::invalid_argument on a host that is not a host name or IP address, a port out of range, an
    // envelope sender that is not a plain ASCII address (isPlainAddress) or a timeout that is not positive.
    explicit SmtpClient(SmtpSettings settings);

    // `mime` as renderMime writes it (CRLF line ends, ending with CRLF). A recipient that is not a plain ASCII
    // address is rejected without a connection.
    SendResult send(const std::string& recipient, const std::string& mime) const;

private:
    SmtpSettings settings_;
    std::string url_;
};

// "none" | "starttls" | "tls"
std::optional<SmtpSecurity> parseSmtpSecurity(std::string_view text);

}  // namespace tnt::mail
