// RFC 5322 headers and the MIME encodings (RFC 2045 quoted-printable and base64, RFC 2047 encoded words,
// RFC 2231 file names) a notification needs, written by hand: the few rules are easier to test than a
// library's defaults are to pin down.
#include "service/mail/mime.h"

#include <algorithm>
#include <stdexcept>

#include "service/crypto/random_secret.h"

namespace tnt::mail {

namespace {

constexpr std::size_t kHeaderLineLimit = 78;
// An encoded word or an unencoded word no longer than this fits after "Subject: " on one header line.
constexpr std::size_t kMaxHeaderWord = 68;
// 42 bytes are 56 base64 characters: "=?UTF-8?B?" + 56 + "?=" is 68.
constexpr std::size_t kEncodedWordBytes = 42;
constexpr std::size_t kQuotedPrintableLine = 76;
constexpr std::size_t kBase64Line = 76;

constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr char kBase64Digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool isPrintableAscii(std::string_view text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e) return false;
    }
    return true;
}

// One line of header text: every control character is whitespace, runs of whitespace are one space and the
// ends are trimmed, so a value can never start a new header and folding never leaves a blank line.
std::string oneLine(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out.push_back(' ');
        pendingSpace = false;
        out.push_back(c);
    }
    return out;
}

bool hasWordLongerThan(std::string_view text, std::size_t limit)
{
    std::size_t run = 0;
    for (const char c : text) {
        run = c == ' ' ? 0 : run + 1;
        if (run > limit) return true;
    }
    return false;
}

void appendBase64(std::string& out, std::string_view data)
{
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(data[i]) << 16 | static_cast<unsigned char>(data[i + 1]) << 8 |
                           static_cast<unsigned char>(data[i + 2]);
        out.push_back(kBase64Digits[v >> 18 & 63]);
        out.push_back(kBase64Digits[v >> 12 & 63]);
        out.push_back(kBase64Digits[v >> 6 & 63]);
        out.push_back(kBase64Digits[v & 63]);
    }
    const std::size_t rest = data.size() - i;
    if (rest == 0) return;
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out.push_back(kBase64Digits[v >> 18 & 63]);
    out.push_back(kBase64Digits[v >> 12 & 63]);
    out.push_back(rest == 2 ? kBase64Digits[v >> 6 & 63] : '=');
    out.push_back('=');
}

bool isUtf8Continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// "=?UTF-8?B?…?=" words separated by spaces. The spaces of the text are inside the words: a reader drops
// the whitespace between two encoded words.
std::string encodedWords(std::string_view text)
{
    std::string out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = std::min(text.size(), begin + kEncodedWordBytes);
        // Back up to the start of a UTF-8 sequence; a run of stray continuation bytes is cut where it must be.
        std::size_t cut = end;
        while (cut < text.size() && cut > begin && isUtf8Continuation(text[cut])) --cut;
        if (cut > begin) end = cut;
        if (!out.empty()) out.push_back(' ');
        out += "=?UTF-8?B?";
        appendBase64(out, text.substr(begin, end - begin));
        out += "?=";
        begin = end;
    }
    return out;
}

std::string headerText(std::string_view utf8)
{
    std::string line = oneLine(utf8);
    if (isPrintableAscii(line) && line.find("=?") == std::string::npos && !hasWordLongerThan(line, kMaxHeaderWord)) {
        return line;
    }
    return encodedWords(line);
}

bool isAtext(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// A display name as an RFC 5322 phrase: atoms as they are, other ASCII as a quoted string, the rest as
// encoded words.
std::string displayName(std::string_view utf8)
{
    std::string line = oneLine(utf8);
    if (!isPrintableAscii(line) || hasWordLongerThan(line, kMaxHeaderWord - 2)) return encodedWords(line);
    bool atoms = line.find("=?") == std::string::npos;
    for (const char c : line) atoms = atoms && (c == ' ' || isAtext(c));
    if (atoms) return line;
    std::string quoted = "\"";
    for (const char c : line) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

void requirePlainAddress(std::string_view address, const char* what)
{
    // The message names the field, not the value: addresses are personal data and end up in logs.
    if (!isPlainAddress(address)) throw std::invalid_argument(std::string("mail: invalid ") + what);
}

// "Name: value", folded before a space so no line exceeds 78 characters; a word longer than a line stays
// whole (RFC 5322 allows 998).
void appendHeader(std::string& out, std::string_view name, std::string_view value)
{
    out += name;
    out.push_back(':');
    std::size_t column = name.size() + 1;
    std::size_t begin = 0;
    while (begin < value.size()) {
        std::size_t end = value.find(' ', begin);
        if (end == std::string_view::npos) end = value.size();
        const std::string_view word = value.substr(begin, end - begin);
        if (column + 1 + word.size() > kHeaderLineLimit && column > name.size() + 1) {
            out += "\r\n";
            column = 0;
        }
        out.push_back(' ');
        out += word;
        column += 1 + word.size();
        begin = end + 1;
    }
    out += "\r\n";
}

void appendTwoDigits(std::string& out, unsigned value)
{
    out.push_back(static_cast<char>('0' + value / 10 % 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

// RFC 5322 date-time in UTC: "Tue, 01 Dec 2026 10:00:00 +0000".
std::string rfc5322Date(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto instant = floor<seconds>(time);
    const auto day = floor<days>(instant);
    const year_month_day ymd{day};
    const hh_mm_ss clock{instant - day};
    std::string out = kDays[weekday{day}.c_encoding()];
    out += ", ";
    appendTwoDigits(out, static_cast<unsigned>(ymd.day()));
    out.push_back(' ');
    out += kMonths[static_cast<unsigned>(ymd.month()) - 1];
    out.push_back(' ');
    out += std::to_string(static_cast<int>(ymd.year()));
    out.push_back(' ');
    appendTwoDigits(out, static_cast<unsigned>(clock.hours().count()));
    out.push_back(':');
    appendTwoDigits(out, static_cast<unsigned>(clock.minutes().count()));
    out.push_back(':');
    appendTwoDigits(out, static_cast<unsigned>(clock.seconds().count()));
    out += " +0000";
    return out;
}

// RFC 2231 attr-chars, the bytes a filename* value keeps as they are.
bool isAttrChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

// `attachment; filename="…"` for a short printable ASCII name; otherwise only the RFC 2231 filename*
// (split in continuations when long). Both at once would be read differently: Python's email takes the
// first, others the last, mail clients the starred one.
std::string contentDisposition(std::string_view utf8Name)
{
    const std::string name = oneLine(utf8Name);
    constexpr std::size_t kQuotedNameLimit = 60;
    if (isPrintableAscii(name) && name.size() <= kQuotedNameLimit) {
        std::string out = "attachment; filename=\"";
        for (const char c : name) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
        if (!hasWordLongerThan(out, kMaxHeaderWord)) return out;
    }

    // A piece starts at the start of a character: some readers decode each piece on its own.
    constexpr std::size_t kPieceLimit = 45;
    std::vector<std::string> pieces{""};
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        const std::string encoded =
            isAttrChar(c) ? std::string(1, c) : std::string{'%', kHexDigits[u >> 4], kHexDigits[u & 15]};
        if (pieces.back().size() + encoded.size() > kPieceLimit && !isUtf8Continuation(c)) pieces.emplace_back();
        pieces.back() += encoded;
    }
    if (pieces.size() == 1) return "attachment; filename*=UTF-8''" + pieces[0];
    std::string out = "attachment";
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        out += "; filename*" + std::to_string(i) + "*=" + (i == 0 ? "UTF-8''" : "") + pieces[i];
    }
    return out;
}

struct Entity {
    std::string headers;  // header lines, each ending with CRLF
    std::string body;
};

Entity textEntity(std::string_view subtype, std::string_view text)
{
    Entity entity;
    appendHeader(entity.headers, "Content-Type", "text/" + std::string(subtype) + "; charset=UTF-8");
    appendHeader(entity.headers, "Content-Transfer-Encoding", "quoted-printable");
    entity.body = quotedPrintable(text);
    return entity;
}

Entity attachmentEntity(const Attachment& attachment)
{
    if (attachment.content_type.empty() || !isPrintableAscii(attachment.content_type)) {
        throw std::invalid_argument("mail: invalid attachment content type");
    }
    Entity entity;
    appendHeader(entity.headers, "Content-Type", attachment.content_type);
    appendHeader(entity.headers, "Content-Disposition", contentDisposition(attachment.filename));
    appendHeader(entity.headers, "Content-Transfer-Encoding", "base64");
    entity.body = base64Lines(attachment.data);
    return entity;
}

// Parts can never contain the boundary: quoted-printable writes '=' only before two hex digits or a line
// break, and base64 has no '_'.
std::string newBoundary()
{
    return "=_" + crypto::randomToken(24);
}

Entity multipartEntity(std::string_view subtype, const std::vector<Entity>& parts)
{
    const std::string boundary = newBoundary();
    Entity entity;
    appendHeader(entity.headers, "Content-Type",
                 "multipart/" + std::string(subtype) + "; boundary=\"" + boundary + "\"");
    for (const Entity& part : parts) {
        entity.body += "--" + boundary + "\r\n";
        entity.body += part.headers;
        entity.body += "\r\n";
        entity.body += part.body;
        entity.body += "\r\n";
    }
    entity.body += "--" + boundary + "--\r\n";
    return entity;
}

}  // namespace

bool isPlainAddress(std::string_view address)
{
    if (address.empty() || address.size() > 254) return false;
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return false;
        if (std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) return false;
    }
    const std::size_t at = address.find('@');
    return at != 0 && at != std::string_view::npos && at + 1 < address.size() &&
           address.find('@', at + 1) == std::string_view::npos;
}

std::string newMessageId(std::string_view domain)
{
    bool valid = !domain.empty() && domain.size() <= 253;
    for (const char c : domain) {
        valid = valid &&
                ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    }
    if (!valid) throw std::invalid_argument("mail: invalid message id domain");
    return crypto::randomToken(28) + "@" + std::string(domain);
}

std::string encodeHeaderText(std::string_view utf8)
{
    return headerText(utf8);
}

std::string quotedPrintable(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::vector<std::string> tokens;
    std::vector<std::size_t> remaining;  // characters from a token to the end of its line
    std::size_t begin = 0;
    while (true) {
        const std::size_t newline = text.find('\n', begin);
        std::string_view line = text.substr(begin, newline == std::string_view::npos ? newline : newline - begin);
        if (newline != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);

        tokens.clear();
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            const auto u = static_cast<unsigned char>(c);
            const bool blank = c == ' ' || c == '\t';
            if ((u >= 33 && u <= 126 && c != '=') || (blank && i + 1 < line.size())) {
                tokens.emplace_back(1, c);
            } else {
                tokens.push_back({'=', kHexDigits[u >> 4], kHexDigits[u & 15]});
            }
        }
        remaining.assign(tokens.size() + 1, 0);
        for (std::size_t i = tokens.size(); i-- > 0;) remaining[i] = remaining[i + 1] + tokens[i].size();

        // A '.' alone at the start of a line ends an SMTP transfer when a relay forgets to unstuff it.
        const auto placed = [](const std::string& token, std::size_t column) {
            return column == 0 && token == "." ? std::string("=2E") : token;
        };
        std::size_t column = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const std::size_t firstExtra = column == 0 && tokens[i] == "." ? 2 : 0;
            if (column + remaining[i] + firstExtra <= kQuotedPrintableLine) {
                out += placed(tokens[i], column);
                for (std::size_t j = i + 1; j < tokens.size(); ++j) out += tokens[j];
                break;
            }
            // Room is kept for the '=' of the soft break.
            if (column + tokens[i].size() > kQuotedPrintableLine - 1) {
                out += "=\r\n";
                column = 0;
            }
            const std::string token = placed(tokens[i], column);
            out += token;
            column += token.size();
        }

        if (newline == std::string_view::npos) break;
        out += "\r\n";
        begin = newline + 1;
    }
    return out;
}

std::string base64Lines(std::string_view data)
{
    std::string out;
    out.reserve(data.size() * 4 / 3 + data.size() / 28 + 8);
    constexpr std::size_t kBytesPerLine = kBase64Line / 4 * 3;
    for (std::size_t begin = 0; begin < data.size(); begin += kBytesPerLine) {
        appendBase64(out, data.substr(begin, kBytesPerLine));
        out += "\r\n";
    }
    return out;
}

std::string renderMime(const Message& message)
{
    requirePlainAddress(message.from_address, "From address");
    requirePlainAddress(message.to, "To address");
    requirePlainAddress(message.message_id, "message id");

    Entity content = textEntity("plain", message.text);
    if (!message.html.empty()) content = multipartEntity("alternative", {content, textEntity("html", message.html)});
    if (!message.attachments.empty()) {
        std::vector<Entity> parts{content};
        for (const Attachment& attachment : message.attachments) parts.push_back(attachmentEntity(attachment));
        content = multipartEntity("mixed", parts);
    }

    std::string out;
    appendHeader(out, "Date", rfc5322Date(message.date));
    const std::string name = displayName(message.from_name);
    appendHeader(out, "From", name.empty() ? message.from_address : name + " <" + message.from_address + ">");
    appendHeader(out, "To", message.to);
    appendHeader(out, "Subject", headerText(message.subject));
    appendHeader(out, "Message-ID", "<" + message.message_id + ">");
    appendHeader(out, "MIME-Version", "1.0");
    appendHeader(out, "Auto-Submitted", "auto-generated");
    for (const auto& [field, value] : message.extra_headers) {
        const bool name_ok = !field.empty() && std::all_of(field.begin(), field.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        });
        const bool value_ok = std::all_of(value.begin(), value.end(), [](char c) { return c >= 32 && c < 127; });
        if (!name_ok || !value_ok) throw std::invalid_argument("a header that is not plain ASCII: " + field);
        appendHeader(out, field, value);
    }
    out += content.headers;
    out += "\r\n";
    out += content.body;
    // The relay's end of data follows a line break; without one, curl would add one the reader would see.
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

}  // namespace tnt::mail
