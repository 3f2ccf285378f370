// What a mail client reads from renderMime and its encodings: decoded back by small decoders written here,
// line lengths within the RFC limits, and header text that cannot add a header.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/mail/mime.h"

namespace tnt::mail {
namespace {

using namespace std::chrono;

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;  // lowercase is not what the encoder writes
}

// RFC 2045 decoding: "=" CRLF joins lines, "=XX" is a byte, CRLF is a line break ('\n').
std::string decodeQuotedPrintable(std::string_view encoded)
{
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '=' && encoded.substr(i + 1, 2) == "\r\n") {
            i += 2;
        } else if (c == '=') {
            EXPECT_LE(i + 2, encoded.size() - 1) << "an escape cut at the end";
            const int high = hexValue(encoded[i + 1]);
            const int low = hexValue(encoded[i + 2]);
            EXPECT_TRUE(high >= 0 && low >= 0) << "bad escape at " << i;
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '\r' && encoded.substr(i + 1, 1) == "\n") {
            out.push_back('\n');
            ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string decodeBase64(std::string_view encoded)
{
    static const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : encoded) {
        if (c == '\r' || c == '\n' || c == '=') continue;
        const auto value = digits.find(c);
        EXPECT_NE(value, std::string::npos) << "not base64: " << c;
        bits = bits << 6 | static_cast<unsigned>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>(bits >> count & 0xff));
        }
    }
    return out;
}

bool isValidUtf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t j = 1; j < length; ++j) {
            if ((static_cast<unsigned char>(text[i + j]) & 0xc0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

std::vector<std::string> splitWords(std::string_view text)
{
    std::vector<std::string> words;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        const std::size_t end = std::min(text.find(' ', begin), text.size());
        words.emplace_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return words;
}

bool isEncodedWord(std::string_view word)
{
    return word.size() > 12 && word.substr(0, 10) == "=?UTF-8?B?" && word.substr(word.size() - 2) == "?=";
}

// RFC 2047 decoding of a header made only of encoded words or only of plain text; the space between two
// encoded words is dropped.
std::string decodeHeaderText(std::string_view text)
{
    const auto words = splitWords(text);
    bool encoded = false;
    for (const auto& word : words) encoded = encoded || isEncodedWord(word);
    if (!encoded) return std::string(text);
    std::string out;
    for (const auto& word : words) {
        EXPECT_TRUE(isEncodedWord(word)) << word;
        out += decodeBase64(std::string_view(word).substr(10, word.size() - 12));
    }
    return out;
}

// Splits at CRLF, failing on a bare CR or LF.
std::vector<std::string> crlfLines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find("\r\n", begin);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(begin, end - begin);
        EXPECT_EQ(line.find_first_of("\r\n"), std::string_view::npos) << "bare CR or LF in: " << line;
        lines.emplace_back(line);
        begin = end + 2;
    }
    return lines;
}

struct Entity {
    std::vector<std::pair<std::string, std::string>> headers;  // unfolded
    std::vector<std::string> rawHeaderLines;
    std::string body;

    std::string header(const std::string& name) const
    {
        for (const auto& [n, v] : headers) {
            if (n == name) return v;
        }
        return "<missing " + name + ">";
    }
    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const auto& header : headers) out.push_back(header.first);
        return out;
    }
};

Entity parseEntity(std::string_view text)
{
    Entity entity;
    const std::size_t end = text.find("\r\n\r\n");
    EXPECT_NE(end, std::string_view::npos) << "no blank line after the headers";
    entity.rawHeaderLines = crlfLines(text.substr(0, end));
    entity.body = std::string(text.substr(end + 4));
    for (const auto& line : entity.rawHeaderLines) {
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            EXPECT_FALSE(entity.headers.empty()) << "a continuation before any header";
            if (!entity.headers.empty()) entity.headers.back().second += line;  // unfolding removes only CRLF
            continue;
        }
        const std::size_t colon = line.find(':');
        EXPECT_NE(colon, std::string::npos) << "not a header: " << line;
        std::string value = line.substr(colon + 1);
        entity.headers.emplace_back(line.substr(0, colon), value);
    }
    for (auto& header : entity.headers) {
        if (!header.second.empty() && header.second[0] == ' ') header.second.erase(0, 1);
    }
    return entity;
}

std::string boundaryOf(const std::string& contentType)
{
    const std::string key = "boundary=\"";
    const std::size_t at = contentType.find(key);
    if (at == std::string::npos) return "";
    const std::size_t end = contentType.find('"', at + key.size());
    return contentType.substr(at + key.size(), end - at - key.size());
}

// The parts between "--boundary" lines, each without the CRLF that belongs to the next delimiter.
std::vector<std::string> multipartParts(const std::string& body, const std::string& boundary)
{
    std::vector<std::string> parts;
    const std::string delimiter = "--" + boundary;
    EXPECT_EQ(body.rfind(delimiter + "--\r\n"), body.size() - delimiter.size() - 4) << "no close delimiter at the end";
    std::size_t at = body.find(delimiter + "\r\n");
    EXPECT_EQ(at, 0u);
    while (at != std::string::npos) {
        const std::size_t begin = at + delimiter.size() + 2;
        const std::size_t next = body.find("\r\n" + delimiter, begin);
        EXPECT_NE(next, std::string::npos);
        if (next == std::string::npos) break;
        parts.push_back(body.substr(begin, next - begin));
        at = body.compare(next + 2 + delimiter.size(), 2, "--") == 0 ? std::string::npos : next + 2;
    }
    return parts;
}

void expectLineLimits(std::string_view mime)
{
    for (const auto& line : crlfLines(mime)) EXPECT_LE(line.size(), 998u) << line;
}

void expectHeaderLinesWithin78(const Entity& entity)
{
    for (const auto& line : entity.rawHeaderLines) EXPECT_LE(line.size(), 78u) << line;
}

Message sampleMessage()
{
    Message m;
    m.from_address = "ne-pas-repondre@tnt.anct.gouv.fr";
    m.from_name = "Équipe Territoires numériques";
    m.to = "camille.dupont@example.org";
    m.subject = "Votre inscription à l'atelier « IA générative » est confirmée";
    m.text = "Bonjour Camille,\n\nVotre inscription est enregistrée.\n\n-- \nL'équipe\n";
    m.message_id = "abc123@tnt.anct.gouv.fr";
    m.date = sys_days{2026y / December / 1} + 10h;
    return m;
}

TEST(QuotedPrintable, KeepsPlainAsciiAndWritesLineBreaksAsCrlf)
{
    EXPECT_EQ(quotedPrintable("Bonjour,\nA demain"), "Bonjour,\r\nA demain");
    EXPECT_EQ(quotedPrintable("ligne\r\nsuivante\n"), "ligne\r\nsuivante\r\n");
    EXPECT_EQ(quotedPrintable(""), "");
}

TEST(QuotedPrintable, EncodesEqualsSignsAndNonAscii)
{
    EXPECT_EQ(quotedPrintable("a=b"), "a=3Db");
    EXPECT_EQ(quotedPrintable("à bientôt"), "=C3=A0 bient=C3=B4t");
    EXPECT_EQ(quotedPrintable("cr\rseul"), "cr=0Dseul");
}

TEST(QuotedPrintable, EncodesSpacesAndTabsEndingALine)
{
    EXPECT_EQ(quotedPrintable("fin \nfin\t\nmi lieu"), "fin=20\r\nfin=09\r\nmi lieu");
    EXPECT_EQ(quotedPrintable("  "), " =20");
}

TEST(QuotedPrintable, EncodesADotStartingALine)
{
    EXPECT_EQ(quotedPrintable(".\n.suite\na.b"), "=2E\r\n=2Esuite\r\na.b");
}

TEST(QuotedPrintable, SoftBreaksKeepLinesWithin76Characters)
{
    const std::string text(200, 'a');
    const std::string encoded = quotedPrintable(text);
    const auto lines = crlfLines(encoded);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], std::string(75, 'a') + "=");
    EXPECT_EQ(lines[1], std::string(75, 'a') + "=");
    EXPECT_EQ(lines[2], std::string(50, 'a'));
    EXPECT_EQ(decodeQuotedPrintable(encoded), text);
    // A line of exactly 76 characters needs no soft break.
    EXPECT_EQ(quotedPrintable(std::string(76, 'b')), std::string(76, 'b'));
}

TEST(QuotedPrintable, NeverSplitsAnEscape)
{
    for (std::size_t prefix = 0; prefix < 4; ++prefix) {
        const std::string text = std::string(prefix, 'x') + [] {
            std::string s;
            for (int i = 0; i < 60; ++i) s += "é";
            return s;
        }();
        const std::string encoded = quotedPrintable(text);
        for (const auto& line : crlfLines(encoded)) {
            EXPECT_LE(line.size(), 76u);
            // An '=' is followed by two hex digits, or is the soft break ending the line.
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (line[i] != '=') continue;
                if (i + 1 == line.size()) continue;
                ASSERT_LE(i + 3, line.size()) << line;
                EXPECT_GE(hexValue(line[i + 1]), 0) << line;
                EXPECT_GE(hexValue(line[i + 2]), 0) << line;
            }
        }
        EXPECT_EQ(decodeQuotedPrintable(encoded), text);
    }
}

TEST(QuotedPrintable, RoundTripsUtf8TextOfEveryLength)
{
    const std::string alphabet = "aé =\t.€ b😀,";
    std::string text;
    for (int length = 0; length < 400; ++length) {
        text += alphabet[static_cast<std::size_t>(length * 7) % alphabet.size()];
        if (length % 97 == 96) text += "\n";
        const std::string encoded = quotedPrintable(text);
        for (const auto& line : crlfLines(encoded)) {
            ASSERT_LE(line.size(), 76u) << line;
            if (!line.empty()) {
                // Nothing but a soft break may follow a trailing blank.
                EXPECT_NE(line.back(), ' ');
                EXPECT_NE(line.back(), '\t');
            }
        }
        ASSERT_EQ(decodeQuotedPrintable(encoded), text) << "length " << length;
    }
}

TEST(Base64Lines, EncodesKnownVectors)
{
    EXPECT_EQ(base64Lines(""), "");
    EXPECT_EQ(base64Lines("f"), "Zg==\r\n");
    EXPECT_EQ(base64Lines("fo"), "Zm8=\r\n");
    EXPECT_EQ(base64Lines("foo"), "Zm9v\r\n");
    EXPECT_EQ(base64Lines("foobar"), "Zm9vYmFy\r\n");
}

TEST(Base64Lines, WritesLinesOf76Characters)
{
    std::string data;
    for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 37 % 256));
    const std::string encoded = base64Lines(data);
    const auto lines = crlfLines(encoded);
    ASSERT_EQ(lines.size(), 18u);  // 1000 bytes = 17 lines of 57 bytes and 31 more
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
    EXPECT_EQ(lines.back().size(), 44u);
    EXPECT_EQ(encoded.substr(encoded.size() - 2), "\r\n");
    EXPECT_EQ(decodeBase64(encoded), data);
    EXPECT_EQ(crlfLines(base64Lines(std::string(57, 'x'))).size(), 1u);
    EXPECT_EQ(crlfLines(base64Lines(std::string(58, 'x'))).size(), 2u);
}

TEST(EncodeHeaderText, KeepsPrintableAscii)
{
    EXPECT_EQ(encodeHeaderText("Your registration, confirmed (1/2)"), "Your registration, confirmed (1/2)");
}

TEST(EncodeHeaderText, WritesAccentsAsUtf8EncodedWords)
{
    const std::string subject = "Réponse reçue";
    const std::string encoded = encodeHeaderText(subject);
    EXPECT_EQ(encoded, "=?UTF-8?B?UsOpcG9uc2UgcmXDp3Vl?=");
    EXPECT_EQ(decodeHeaderText(encoded), subject);
}

TEST(EncodeHeaderText, SplitsALongSubjectInShortWordsWithoutCuttingACharacter)
{
    std::string subject;
    for (int i = 0; i < 12; ++i) subject += "Inscription confirmée à l’atelier « Numérique » 😀 ";
    subject += "fin";
    const std::string encoded = encodeHeaderText(subject);
    const auto words = splitWords(encoded);
    EXPECT_GT(words.size(), 10u);
    for (const auto& word : words) {
        ASSERT_TRUE(isEncodedWord(word)) << word;
        EXPECT_LE(word.size(), 75u);
        EXPECT_TRUE(isValidUtf8(decodeBase64(std::string_view(word).substr(10, word.size() - 12)))) << word;
    }
    EXPECT_EQ(decodeHeaderText(encoded), subject);
}

TEST(EncodeHeaderText, TurnsLineBreaksIntoOneSpace)
{
    EXPECT_EQ(encodeHeaderText("Bonjour\r\nBcc: victim@example.org"), "Bonjour Bcc: victim@example.org");
    EXPECT_EQ(encodeHeaderText("  a \t\n b  "), "a b");
    const std::string encoded = encodeHeaderText("Été\r\nBcc: x@example.org");
    EXPECT_EQ(encoded.find_first_of("\r\n"), std::string::npos);
    EXPECT_EQ(decodeHeaderText(encoded), "Été Bcc: x@example.org");
}

TEST(EncodeHeaderText, EncodesWhatAReaderWouldDecode)
{
    const std::string lookalike = "=?UTF-8?B?SGk=?= is not mine";
    const std::string encoded = encodeHeaderText(lookalike);
    EXPECT_NE(encoded, lookalike);
    EXPECT_EQ(decodeHeaderText(encoded), lookalike);
}

TEST(EncodeHeaderText, EncodesAnAsciiWordTooLongToFold)
{
    const std::string url = "https://tnt.anct.gouv.fr/f/inscription-groupes-projets/recu/0123456789abcdef0123";
    const std::string encoded = encodeHeaderText("Lien " + url);
    for (const auto& word : splitWords(encoded)) EXPECT_LE(word.size(), 68u);
    EXPECT_EQ(decodeHeaderText(encoded), "Lien " + url);
}

TEST(MessageId, IsRandomAtTheDomain)
{
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const std::string id = newMessageId("tnt.anct.gouv.fr");
        const std::size_t at = id.find('@');
        ASSERT_GE(at, 24u);
        EXPECT_EQ(id.substr(at), "@tnt.anct.gouv.fr");
        EXPECT_TRUE(isPlainAddress(id));
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 50u);
    EXPECT_THROW(newMessageId(""), std::invalid_argument);
    EXPECT_THROW(newMessageId("bad>domain"), std::invalid_argument);
}

TEST(PlainAddress, RefusesWhatCouldSplitAHeaderOrACommand)
{
    EXPECT_TRUE(isPlainAddress("camille.dupont+atelier@example.org"));
    EXPECT_FALSE(isPlainAddress(""));
    EXPECT_FALSE(isPlainAddress("a@b\r\nBcc: c@d"));
    EXPECT_FALSE(isPlainAddress("a@b>"));
    EXPECT_FALSE(isPlainAddress("élodie@example.org"));
    EXPECT_FALSE(isPlainAddress("a b@example.org"));
    EXPECT_FALSE(isPlainAddress("a@b@c"));
    EXPECT_FALSE(isPlainAddress("@example.org"));
    EXPECT_FALSE(isPlainAddress("a@"));
    EXPECT_FALSE(isPlainAddress("a@b,c@d"));
    EXPECT_FALSE(isPlainAddress(std::string(250, 'a') + "@b.fr"));
}

TEST(RenderMime, TextOnlyMessageHasTheHeadersAndAQuotedPrintableBody)
{
    const Message m = sampleMessage();
    const std::string mime = renderMime(m);
    const Entity entity = parseEntity(mime);
    EXPECT_EQ(entity.names(),
              (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
                                        "Content-Type", "Content-Transfer-Encoding"}));
    EXPECT_EQ(entity.header("Date"), "Tue, 01 Dec 2026 10:00:00 +0000");
    EXPECT_EQ(entity.header("To"), "camille.dupont@example.org");
    EXPECT_EQ(entity.header("Message-ID"), "<abc123@tnt.anct.gouv.fr>");
    EXPECT_EQ(entity.header("MIME-Version"), "1.0");
    EXPECT_EQ(entity.header("Auto-Submitted"), "auto-generated");
    EXPECT_EQ(entity.header("Content-Type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(entity.header("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(decodeHeaderText(entity.header("Subject")), m.subject);

    const std::string from = entity.header("From");
    const std::size_t angle = from.rfind(" <");
    ASSERT_NE(angle, std::string::npos);
    EXPECT_EQ(from.substr(angle), " <ne-pas-repondre@tnt.anct.gouv.fr>");
    EXPECT_EQ(decodeHeaderText(from.substr(0, angle)), m.from_name);

    EXPECT_EQ(decodeQuotedPrintable(entity.body), m.text);
    expectHeaderLinesWithin78(entity);
    expectLineLimits(mime);
}

TEST(RenderMime, ExtraHeadersFollowTheStandardOnesAndCannotAddOthers)
{
    Message m = sampleMessage();
    m.extra_headers = {{"List-Unsubscribe", "<https://formulaires.exemple.fr/f/x/desinscription/abc>"},
                       {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
    const Entity entity = parseEntity(renderMime(m));
    EXPECT_EQ(entity.header("List-Unsubscribe"), "<https://formulaires.exemple.fr/f/x/desinscription/abc>");
    EXPECT_EQ(entity.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    m.extra_headers = {{"List-Unsubscribe", "<https://a>\r\nBcc: someone@example.org"}};
    EXPECT_THROW(renderMime(m), std::invalid_argument);
    m.extra_headers = {{"Bcc: x@y\r\nX", "v"}};
    EXPECT_THROW(renderMime(m), std::invalid_argument);
}

TEST(RenderMime, DateIsUtcInRfc5322Form)
{
    Message m = sampleMessage();
    m.date = sys_days{2027y / July / 4} + 23h + 5min + 9s + 999ms;
    EXPECT_EQ(parseEntity(renderMime(m)).header("Date"), "Sun, 04 Jul 2027 23:05:09 +0000");
}

TEST(RenderMime, EndsEveryLineWithCrlfAndTheMessageWithOne)
{
    Message m = sampleMessage();
    m.text = "sans saut final";
    const std::string mime = renderMime(m);
    crlfLines(mime);
    EXPECT_EQ(mime.substr(mime.size() - 2), "\r\n");
}

TEST(RenderMime, FromDisplayNamesAreAtomsQuotedOrEncoded)
{
    Message m = sampleMessage();
    m.from_name = "Mairie de Lyon";
    EXPECT_EQ(parseEntity(renderMime(m)).header("From"), "Mairie de Lyon <ne-pas-repondre@tnt.anct.gouv.fr>");
    m.from_name = "ANCT, \"TNT\" \\ Lyon";
    EXPECT_EQ(parseEntity(renderMime(m)).header("From"),
              "\"ANCT, \\\"TNT\\\" \\\\ Lyon\" <ne-pas-repondre@tnt.anct.gouv.fr>");
    m.from_name = "";
    EXPECT_EQ(parseEntity(renderMime(m)).header("From"), "ne-pas-repondre@tnt.anct.gouv.fr");
}

TEST(RenderMime, TextAndHtmlMakeAMultipartAlternative)
{
    Message m = sampleMessage();
    m.html = "<p>Bonjour Camille,</p>\n<p>Votre inscription est <strong>enregistrée</strong>.</p>\n";
    const std::string mime = renderMime(m);
    const Entity entity = parseEntity(mime);
    const std::string contentType = entity.header("Content-Type");
    ASSERT_EQ(contentType.rfind("multipart/alternative; ", 0), 0u) << contentType;
    const std::string boundary = boundaryOf(contentType);
    ASSERT_EQ(boundary.rfind("=_", 0), 0u);
    const auto parts = multipartParts(entity.body, boundary);
    ASSERT_EQ(parts.size(), 2u);
    const Entity text = parseEntity(parts[0]);
    const Entity html = parseEntity(parts[1]);
    EXPECT_EQ(text.header("Content-Type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=UTF-8");
    EXPECT_EQ(html.header("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(decodeQuotedPrintable(text.body), m.text);
    EXPECT_EQ(decodeQuotedPrintable(html.body), m.html);
    EXPECT_EQ(entity.header("Content-Transfer-Encoding"), "<missing Content-Transfer-Encoding>");
}

TEST(RenderMime, AttachmentsMakeAMultipartMixedAroundTheAlternative)
{
    Message m = sampleMessage();
    m.html = "<p>Bonjour</p>";
    std::string binary;
    for (int i = 0; i < 300; ++i) binary.push_back(static_cast<char>(i % 256));
    m.attachments = {{"invitation.ics", "text/calendar; charset=UTF-8; method=PUBLISH", "BEGIN:VCALENDAR\r\n"},
                     {"données.bin", "application/octet-stream", binary}};
    const std::string mime = renderMime(m);
    const Entity entity = parseEntity(mime);
    const std::string mixed = boundaryOf(entity.header("Content-Type"));
    ASSERT_EQ(entity.header("Content-Type").rfind("multipart/mixed; ", 0), 0u);
    const auto parts = multipartParts(entity.body, mixed);
    ASSERT_EQ(parts.size(), 3u);

    const Entity alternative = parseEntity(parts[0]);
    const std::string inner = boundaryOf(alternative.header("Content-Type"));
    EXPECT_NE(inner, mixed);
    EXPECT_EQ(multipartParts(alternative.body, inner).size(), 2u);

    const Entity calendar = parseEntity(parts[1]);
    EXPECT_EQ(calendar.header("Content-Type"), "text/calendar; charset=UTF-8; method=PUBLISH");
    EXPECT_EQ(calendar.header("Content-Disposition"), "attachment; filename=\"invitation.ics\"");
    EXPECT_EQ(calendar.header("Content-Transfer-Encoding"), "base64");
    EXPECT_EQ(decodeBase64(calendar.body), "BEGIN:VCALENDAR\r\n");

    const Entity data = parseEntity(parts[2]);
    EXPECT_EQ(data.header("Content-Disposition"), "attachment; filename*=UTF-8''donn%C3%A9es.bin");
    EXPECT_EQ(decodeBase64(data.body), binary);

    // The boundaries appear only as delimiters.
    for (const auto& line : crlfLines(mime)) {
        if (line.find(mixed) != std::string::npos) {
            EXPECT_TRUE(line == "--" + mixed || line == "--" + mixed + "--" ||
                        line.find("boundary=") != std::string::npos)
                << line;
        }
    }
}

TEST(RenderMime, TextWithAttachmentNeedsNoAlternative)
{
    Message m = sampleMessage();
    m.attachments = {{"a.txt", "text/plain; charset=UTF-8", "x"}};
    const Entity entity = parseEntity(renderMime(m));
    const auto parts = multipartParts(entity.body, boundaryOf(entity.header("Content-Type")));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parseEntity(parts[0]).header("Content-Type"), "text/plain; charset=UTF-8");
}

TEST(RenderMime, BoundariesDifferAndNeverOccurInEncodedContent)
{
    Message m = sampleMessage();
    // Text that looks like delimiters: quoted-printable writes its '=' as =3D, so "=_" cannot appear.
    m.text = "--=_abc\n=_\n--\n";
    m.html = "<p>--=_</p>";
    const std::string first = boundaryOf(parseEntity(renderMime(m)).header("Content-Type"));
    const std::string second = boundaryOf(parseEntity(renderMime(m)).header("Content-Type"));
    EXPECT_NE(first, second);
    EXPECT_EQ(quotedPrintable(m.text).find("=_"), std::string::npos);
    const Entity entity = parseEntity(renderMime(m));
    EXPECT_EQ(decodeQuotedPrintable(
                  parseEntity(multipartParts(entity.body, boundaryOf(entity.header("Content-Type")))[0]).body),
              m.text);
}

TEST(RenderMime, KeepsHeaderLinesWithin78AndEveryLineWithin998)
{
    Message m = sampleMessage();
    m.subject.clear();
    for (int i = 0; i < 20; ++i) m.subject += "Rappel : l’atelier commence bientôt, pensez à vous connecter. ";
    m.subject += "Merci";
    m.from_name = "Agence nationale de la cohésion des territoires — programme Territoires numériques";
    m.html = std::string(5000, 'h');
    m.text = std::string(3000, 't') + "\n" + std::string(100, ' ') + "\n";
    m.attachments = {
        {std::string(120, 'n') + "-é.ics", "text/calendar; charset=UTF-8; method=PUBLISH", std::string(10000, 'c')}};
    const std::string mime = renderMime(m);
    expectLineLimits(mime);
    const Entity entity = parseEntity(mime);
    expectHeaderLinesWithin78(entity);
    EXPECT_EQ(decodeHeaderText(entity.header("Subject")), m.subject);
    const auto parts = multipartParts(entity.body, boundaryOf(entity.header("Content-Type")));
    ASSERT_EQ(parts.size(), 2u);
    const Entity attachment = parseEntity(parts[1]);
    expectHeaderLinesWithin78(attachment);
    // RFC 2231 continuations carry the long name.
    std::string name;
    const std::string disposition = attachment.header("Content-Disposition");
    for (std::size_t at = disposition.find("*="); at != std::string::npos; at = disposition.find("*=", at + 2)) {
        std::size_t begin = at + 2;
        if (disposition.compare(begin, 7, "UTF-8''") == 0) begin += 7;
        name += disposition.substr(begin, disposition.find(';', begin) - begin);
    }
    EXPECT_EQ(name, std::string(120, 'n') + "-%C3%A9.ics");
}

TEST(RenderMime, HeaderTextCannotAddAHeader)
{
    Message m = sampleMessage();
    m.subject = "Bonjour\r\nBcc: victim@example.org";
    m.from_name = "Eve\nBcc: other@example.org\r\n\r\nbody";
    const Entity entity = parseEntity(renderMime(m));
    EXPECT_EQ(entity.names(),
              (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
                                        "Content-Type", "Content-Transfer-Encoding"}));
    EXPECT_EQ(entity.header("Subject"), "Bonjour Bcc: victim@example.org");
    EXPECT_EQ(decodeQuotedPrintable(entity.body), m.text);
}

TEST(RenderMime, RefusesAddressesIdsAndContentTypesThatCouldSplitAHeader)
{
    Message m = sampleMessage();
    m.to = "camille@example.org\r\nBcc: victim@example.org";
    EXPECT_THROW(renderMime(m), std::invalid_argument);
    m = sampleMessage();
    m.to = "élodie@example.org";
    EXPECT_THROW(renderMime(m), std::invalid_argument);
    m = sampleMessage();
    m.from_address = "x@example.org\nBcc: y@example.org";
    EXPECT_THROW(renderMime(m), std::invalid_argument);
    m = sampleMessage();
    m.message_id = "a@b>\r\nBcc: <c@d";
    EXPECT_THROW(renderMime(m), std::invalid_argument);
    m = sampleMessage();
    m.attachments = {{"a.ics", "text/calendar\r\nBcc: victim@example.org", "x"}};
    EXPECT_THROW(renderMime(m), std::invalid_argument);
}

}  // namespace
}  // namespace tnt::mail
