#include "service/http/json_body.h"

#include <algorithm>

#include "service/http/api_error.h"

namespace tnt::http {

void requireJsonContentType(const HttpRequest& request)
{
    auto type = request.header("content-type").value_or("");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto base = type.substr(0, type.find(';'));
    if (base.find("application/json") == std::string::npos) {
        throw ApiError(415, "unsupported_media_type",
                       "Envoyez les réponses au format JSON (Content-Type: application/json).");
    }
}

int jsonDepth(std::string_view text)
{
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

nlohmann::json parseJsonBody(std::string_view text)
{
    if (jsonDepth(text) > kMaxJsonDepth) {
        throw ApiError(400, "invalid_json", "Le JSON envoyé est imbriqué trop profondément.");
    }
    auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        throw ApiError(400, "invalid_json", "Le corps de la requête n'est pas un JSON valide.");
    }
    return parsed;
}

}  // namespace tnt::http
