// A mail message as the bytes an SMTP relay takes (RFC 5322 headers, MIME body, CRLF everywhere): the text
// and optional HTML of a notification, with attachments such as an invitation (.ics). Pure functions, so what
// a respondent's mail client will see is unit-tested without a relay.
//
// Header values come from form authors and respondents (a subject, a display name): they cannot add a header.
// Line breaks and other control characters in header text become spaces; an address that could carry one is
// refused (std::invalid_argument), because a mangled address would send the mail somewhere else.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tnt::mail {

struct Attachment {
    std::string filename;  // UTF-8; written as RFC 2231 filename* when not ASCII
    std::string content_type;  // e.g. "text/calendar; charset=UTF-8; method=PUBLISH"
    std::string data;  // any bytes; sent as base64
};

struct Message {
    std::string from_address;  // envelope and From address, ASCII
    std::string from_name;  // display name, UTF-8 (may be empty)
    std::string to;  // one recipient address
    std::string subject;  // UTF-8
    std::string text;  // text/plain body, UTF-8, '\n' line ends
    std::string html;  // text/html body, UTF-8 (may be empty: then no multipart/alternative)
    std::vector<Attachment> attachments;
    std::string message_id;  // without angle brackets: "local@domain"
    std::chrono::system_clock::time_point date;
    // More header fields, after the standard ones: List-Unsubscribe and List-Unsubscribe-Post (RFC 2369,
    // RFC 8058) on an invitation. Names are letters, digits and '-'; values printable ASCII.
    std::vector<std::pair<std::string, std::string>> extra_headers;
};

// An address renderMime and SmtpClient accept: printable ASCII with no spaces, quotes, brackets, commas or
// semicolons, one '@' between two non-empty parts, at most 254 characters. Anything else could split a header
// or an SMTP command, or reach someone else.
bool isPlainAddress(std::string_view address);

// "<28 random letters and digits>@domain". Throws std::invalid_argument on a domain that is not a plain
// ASCII host name.
std::string newMessageId(std::string_view domain);

// Header text (a subject, a display name) as one header line may carry it. Control characters become spaces
// (a run of CR and LF one space). Printable ASCII is kept as it is, unless it contains "=?" (which a reader
// would take for an encoded word) or a word too long to fold; anything else becomes RFC 2047 encoded words
// "=?UTF-8?B?…?=" separated by spaces, each at most 68 characters (so one fits after any header name on a
// 78-character line) and never splitting a UTF-8 sequence.
std::string encodeHeaderText(std::string_view utf8);

// RFC 2045 quoted-printable: '\n' (or "\r\n") in the input is a hard line break written CRLF; soft breaks
// ("=" CRLF) keep every line within 76 characters and never split an "=XX"; '=', non-ASCII bytes, control
// characters, spaces and tabs at the end of a line and a '.' starting a line are encoded.
std::string quotedPrintable(std::string_view text);

// Base64 in lines of 76 characters, each ending with CRLF (nothing for empty input).
std::string base64Lines(std::string_view data);

// The whole message: Date, From, To, Subject, Message-ID, MIME-Version and Auto-Submitted headers folded
// within 78 characters, then text/plain, multipart/alternative (text and HTML) or multipart/mixed (with the
// attachments). Boundaries start with "=_", which neither quoted-printable nor base64 can produce. Ends with
// CRLF. Throws std::invalid_argument on an address, message id, content type or extra header that is not
// plain ASCII or contains a line break.
std::string renderMime(const Message& message);

}  // namespace tnt::mail
