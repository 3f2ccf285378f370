#include "service/storage/sql_time.h"

#include <date/date.h>

#include <sstream>
#include <stdexcept>

namespace tnt::storage {

std::string toSqlDateTime(std::chrono::system_clock::time_point t)
{
    return date::format("%F %T", date::floor<std::chrono::microseconds>(t));
}

std::chrono::system_clock::time_point fromSqlDateTime(const std::string& text)
{
    std::istringstream in(text);
    date::sys_time<std::chrono::microseconds> t{};
    in >> date::parse("%F %T", t);
    if (in.fail()) throw std::runtime_error("unexpected DATETIME text from the database: " + text);
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
}

}  // namespace tnt::storage
