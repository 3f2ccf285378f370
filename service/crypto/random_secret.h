// Unpredictable identifiers and secrets from OpenSSL's CSPRNG: response public ids, access tokens,
// CSRF keys. URL-safe alphabet so they travel in paths, cookies and headers unchanged.
#pragma once

#include <cstddef>
#include <string>

namespace tnt::crypto {

// `length` characters from [A-Za-z0-9] (about 5.95 bits each).
std::string randomToken(std::size_t length);

}  // namespace tnt::crypto
