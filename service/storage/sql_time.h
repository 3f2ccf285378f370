// Times as MariaDB DATETIME(6) text in UTC ("2021-12-08 22:59:59.123456"): the connection's time zone is
// +00:00, so what is bound is what is stored.
#pragma once

#include <chrono>
#include <string>

namespace tnt::storage {

std::string toSqlDateTime(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point fromSqlDateTime(const std::string& text);

}  // namespace tnt::storage
