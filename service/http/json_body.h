// Reading a JSON request body safely: the content type is checked (415), the nesting depth is bounded
// before parsing (deeply nested input must not exhaust the stack), and malformed JSON is a 400 with a
// French sentence, never a parser's message.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "service/http/http_message.h"

namespace tnt::http {

inline constexpr int kMaxJsonDepth = 32;

void requireJsonContentType(const HttpRequest& request);
// Nesting depth of arrays and objects, ignoring brackets inside strings.
int jsonDepth(std::string_view text);
nlohmann::json parseJsonBody(std::string_view text);

}  // namespace tnt::http
