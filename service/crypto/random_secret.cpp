#include "service/crypto/random_secret.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace tnt::crypto {

std::string randomToken(std::size_t length)
{
    return randomToken(length, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
}

std::string randomToken(std::size_t length, std::string_view alphabet)
{
    if (alphabet.size() < 2 || alphabet.size() > 256) throw std::invalid_argument("randomToken: bad alphabet");
    // Bytes at or above the largest multiple of the alphabet's size are dropped: no modulo bias.
    const unsigned limit = 256 - 256 % static_cast<unsigned>(alphabet.size());
    std::string out;
    out.reserve(length);
    std::vector<unsigned char> bytes(length * 2 + 16);
    while (out.size() < length) {
        if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
            throw std::runtime_error("RAND_bytes failed");
        }
        for (unsigned char b : bytes) {
            if (b >= limit) continue;
            out.push_back(alphabet[b % alphabet.size()]);
            if (out.size() == length) break;
        }
    }
    return out;
}

}  // namespace tnt::crypto
