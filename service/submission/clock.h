// The server's clock, injected wherever a decision depends on the time (windows, deadlines), so tests set
// the exact closing second instead of waiting for it.
#pragma once

#include "service/domain/paris_time.h"

namespace tnt::submission {

class Clock {
public:
    virtual ~Clock() = default;
    virtual domain::TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    domain::TimePoint now() const override;
};

}  // namespace tnt::submission
