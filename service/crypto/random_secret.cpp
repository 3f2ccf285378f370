#include "service/crypto/random_secret.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace tnt::crypto {

std::string randomToken(std::size_t length)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr unsigned limit = 248;  // largest multiple of 62 below 256: no modulo bias
    std::string out;
    out.reserve(length);
    std::vector<unsigned char> bytes(length * 2 + 16);
    while (out.size() < length) {
        if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
            throw std::runtime_error("RAND_bytes failed");
        }
        for (unsigned char b : bytes) {
            if (b >= limit) continue;
            out.push_back(alphabet[b % 62]);
            if (out.size() == length) break;
        }
    }
    return out;
}

}  // namespace tnt::crypto
