// Unpredictable identifiers and secrets from OpenSSL's CSPRNG: response numbers, receipt secrets, access
// tokens, CSRF keys. URL-safe alphabets so they travel in paths, cookies and headers unchanged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tnt::crypto {

// `length` characters from [A-Za-z0-9] (about 5.95 bits each).
std::string randomToken(std::size_t length);

// `length` characters drawn uniformly from `alphabet` (2 to 256 distinct characters).
std::string randomToken(std::size_t length, std::string_view alphabet);

}  // namespace tnt::crypto
