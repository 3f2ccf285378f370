#include "service/crypto/secret_key_file.h"

#include <fstream>
#include <stdexcept>

#include "service/crypto/random_secret.h"

namespace tnt::crypto {

std::string readSecretKeyFile(const std::string& path)
{
    if (path.empty()) return randomToken(64);
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) throw std::runtime_error("cannot read the secret key file " + path);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.size() < 16) throw std::runtime_error("the secret key file " + path + " holds fewer than 16 characters");
    return line;
}

}  // namespace tnt::crypto
