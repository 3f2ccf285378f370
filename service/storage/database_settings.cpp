#include "service/storage/database_settings.h"

namespace tnt::storage {

std::string DatabaseSettings::describe() const
{
    const std::string where = socket.empty() ? host + ":" + std::to_string(port) : "unix:" + socket;
    return user + "@" + where + "/" + name;
}

}  // namespace tnt::storage
