// What a request's head announces about its body, checked as soon as the head is in and before Pistache
// reads the body: Pistache 0.0.5 reserves memory for the announced Content-Length before a byte of the body
// has arrived (10^14 → std::bad_alloc), answers "Content-Length: -1" with a 500 carrying a C++ message and
// takes the first of two conflicting lengths. Pure, so the rules are unit-tested; http_server applies them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "service/http/api_error.h"

namespace tnt::http {

// The length of the head (request line and headers, with the blank line ending them) at the start of
// `bytes`, or nullopt while it is incomplete.
std::optional<std::size_t> requestHeadLength(std::string_view bytes);

// The refusal `head` deserves, if any: 400 invalid_content_length for a length that is not a decimal number,
// lengths that disagree, or a length beside Transfer-Encoding (RFC 9112 §6.3: a request smuggling vector);
// 413 payload_too_large for a length above `max_body_bytes`.
std::optional<ApiError> refuseAnnouncedBody(std::string_view head, std::size_t max_body_bytes);

// The dispatcher's 413, also given here before the body is read.
ApiError payloadTooLarge(std::size_t max_body_bytes);

}  // namespace tnt::http
