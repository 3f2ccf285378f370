// SHA-256 and HMAC-SHA-256 as lowercase hex, and a comparison whose time does not depend on where two
// secrets differ. Used for migration checksums, form versions, token hashes and signed links.
#pragma once

#include <string>
#include <string_view>

namespace tnt::crypto {

std::string sha256Hex(std::string_view data);
std::string hmacSha256Hex(std::string_view key, std::string_view data);
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tnt::crypto
