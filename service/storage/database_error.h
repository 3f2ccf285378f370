// Errors of the storage layer that the service maps to a response: the database cannot be reached
// (503 unavailable) or refuses to write (read-only, disk full: 503 too). Anything else is a bug (500).
#pragma once

#include <stdexcept>
#include <string>

namespace sql {
class SQLException;
}

namespace tnt::storage {

class DatabaseUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// True when the error means the connection is gone and must not be reused.
bool isConnectionLost(const sql::SQLException& e);

// True when the server is up but cannot take writes now (read-only, disk full, lock wait timeout).
bool isTransientRefusal(const sql::SQLException& e);

}  // namespace tnt::storage
