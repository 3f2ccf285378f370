// A clock that reads the current time from a file (ISO 8601 UTC, e.g. 2021-12-08T22:59:59.999999Z), for
// end-to-end tests of deadlines at the exact closing second. Enabled only by TNT_FORMS_CLOCK_FILE; the
// service logs a warning when it runs on it.
#pragma once

#include <string>

#include "service/submission/clock.h"

namespace tnt::app {

class FileClock final : public submission::Clock {
public:
    explicit FileClock(std::string path) : path_(std::move(path)) {}
    // Falls back to the system clock when the file is absent or unreadable.
    domain::TimePoint now() const override;

private:
    std::string path_;
};

}  // namespace tnt::app
