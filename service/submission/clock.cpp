#include "service/submission/clock.h"

namespace tnt::submission {

domain::TimePoint SystemClock::now() const
{
    return std::chrono::system_clock::now();
}

}  // namespace tnt::submission
