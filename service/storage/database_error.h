// The storage layer's errors, the only ones that leave it: the driver's exceptions are turned into these
// at the lease (storage/driver_errors.h), so nothing above service/storage knows the driver.
// - DatabaseUnavailable: the database cannot be reached or cannot take writes now (read-only, disk full,
//   too many connections): the service answers 503 with Retry-After.
// - DatabaseError: a statement refused for another reason, with its kind: a conflict that a retry may
//   clear (deadlock, lock wait timeout: 503 if it reaches a request), a duplicate key, a missing table
//   (the schema is not migrated), or anything else (a bug: 500).
#pragma once

#include <stdexcept>
#include <string>

namespace tnt::storage {

class DatabaseUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class DatabaseError : public std::runtime_error {
public:
    enum class Kind { conflict, duplicate_key, missing_table, other };

    DatabaseError(Kind kind, int code, const std::string& what) : std::runtime_error(what), kind_(kind), code_(code) {}

    Kind kind() const { return kind_; }
    int code() const { return code_; }  // the server's error number, for the logs

private:
    Kind kind_;
    int code_;
};

}  // namespace tnt::storage
