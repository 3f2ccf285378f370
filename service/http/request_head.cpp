#include "service/http/request_head.h"

#include <string>
#include <vector>

namespace tnt::http {
namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool sameNameIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

ApiError invalidLength(const char* why)
{
    return ApiError(400, "invalid_content_length",
                    std::string("La longueur du corps annoncée (Content-Length) ") + why);
}

}  // namespace

std::optional<std::size_t> requestHeadLength(std::string_view bytes)
{
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) return std::nullopt;
    return end + 4;
}

ApiError payloadTooLarge(std::size_t max_body_bytes)
{
    return ApiError(413, "payload_too_large",
                    "La requête est trop volumineuse (" + std::to_string(max_body_bytes) + " octets au plus).");
}

std::optional<ApiError> refuseAnnouncedBody(std::string_view head, std::size_t max_body_bytes)
{
    std::vector<std::string_view> lengths;
    bool transfer_encoding = false;
    std::size_t line_start = head.find("\r\n");  // after the request line
    while (line_start != std::string_view::npos && line_start + 2 < head.size()) {
        line_start += 2;
        const auto line_end = head.find("\r\n", line_start);
        const auto line = head.substr(
            line_start, line_end == std::string_view::npos ? std::string_view::npos : line_end - line_start);
        line_start = line_end;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // the parser refuses it
        const auto name = line.substr(0, colon);
        if (sameNameIgnoringCase(name, "transfer-encoding")) transfer_encoding = true;
        if (!sameNameIgnoringCase(name, "content-length")) continue;
        // "Content-Length: 5, 5" is one length written twice (RFC 9110 §8.6); anything else is refused.
        auto values = line.substr(colon + 1);
        while (true) {
            const auto comma = values.find(',');
            lengths.push_back(trim(values.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            values.remove_prefix(comma + 1);
        }
    }
    if (lengths.empty()) return std::nullopt;
    if (transfer_encoding) return invalidLength("accompagne un Transfer-Encoding : la requête est ambiguë.");
    for (const auto length : lengths) {
        if (length.empty() || length.find_first_not_of("0123456789") != std::string_view::npos) {
            return invalidLength("n'est pas un nombre entier positif.");
        }
        if (length != lengths.front()) return invalidLength("est donnée plusieurs fois avec des valeurs différentes.");
    }
    const auto digits = lengths.front().find_first_not_of('0');
    const auto significant = digits == std::string_view::npos ? std::string_view() : lengths.front().substr(digits);
    if (significant.size() > 18 || (!significant.empty() && std::stoull(std::string(significant)) > max_body_bytes)) {
        return payloadTooLarge(max_body_bytes);
    }
    return std::nullopt;
}

}  // namespace tnt::http
