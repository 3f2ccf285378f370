// The service's secret key (--secret-key-file): one reader for every signer that uses it (CSRF tokens,
// receipt secrets), so they all accept and refuse the same files.
#pragma once

#include <string>

namespace tnt::crypto {

// The file's first line without trailing spaces or carriage return; at least 16 characters, else throws
// std::runtime_error naming the file. An empty path gives a random key: what it signs stops being valid at
// the next start, and two instances do not recognise each other's signatures.
std::string readSecretKeyFile(const std::string& path);

}  // namespace tnt::crypto
