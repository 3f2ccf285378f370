// Asks the database whether it answers, for /readyz.
#pragma once

#include "service/storage/connection_pool.h"

namespace tnt::storage {

class HealthProbe {
public:
    explicit HealthProbe(ConnectionPool& pool) : pool_(pool) {}
    // True when a connection can be had and answers SELECT 1. Never throws.
    bool databaseAnswers();

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
