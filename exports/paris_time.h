// Submission times as pilots read them: Europe/Paris local time in ISO 8601 with the offset of that
// instant ("2021-12-08T23:59:59+01:00"), so that both winter and summer times are unambiguous.
#pragma once

#include <chrono>
#include <string>

namespace date {
class time_zone;
}

namespace tnt::exports {

using SubmissionTime = std::chrono::sys_time<std::chrono::microseconds>;

// Looks the zone up once and keeps the current offset period, because an export formats millions of
// times that mostly fall in the same period; date::format and streams would dominate the export's cost.
// Not thread-safe: one per export.
class ParisTimeFormatter {
public:
    ParisTimeFormatter();

    // Truncated to the second: pilots compare against deadlines given to the second.
    void append(std::string& out, SubmissionTime time);
    std::string format(SubmissionTime time);

private:
    const date::time_zone* zone_;
    std::chrono::sys_seconds periodBegin_{};
    std::chrono::sys_seconds periodEnd_{};
    std::chrono::seconds offset_{};
};

}  // namespace tnt::exports
