#include "service/app/file_clock.h"

#include <date/date.h>

#include <fstream>
#include <sstream>

namespace tnt::app {

domain::TimePoint FileClock::now() const
{
    std::ifstream in(path_);
    std::string text;
    if (!(in >> text)) return std::chrono::system_clock::now();
    std::istringstream parse(text);
    date::sys_time<std::chrono::microseconds> t{};
    parse >> date::parse("%FT%TZ", t);
    if (parse.fail()) return std::chrono::system_clock::now();
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
}

}  // namespace tnt::app
