// How to reach the database: a unix socket (the private MariaDB of deploy/) or host and port.
#pragma once

#include <chrono>
#include <string>

namespace tnt::storage {

struct DatabaseSettings {
    std::string socket;  // preferred when set
    std::string host = "127.0.0.1";
    int port = 3306;
    std::string name = "tnt_forms";
    std::string user = "tnt_forms";
    std::string password;  // never logged
    std::chrono::seconds connect_timeout{2};
    std::chrono::seconds read_timeout{30};

    // "unix:/path/to/socket" or "host:port" and the database name, for logs: no secret in it.
    std::string describe() const;
};

}  // namespace tnt::storage
