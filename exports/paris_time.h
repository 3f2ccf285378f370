// Submission times as pilots read them: Europe/Paris wall-clock time, "2021-12-08 23:59:59", the one shape
// Excel and LibreOffice recognise as a date and time in every locale (with a 'T' or an offset they keep
// text). The column's header says it is Paris time; the hour repeated when clocks go back is the only
// ambiguity, which the importer resolves as its first occurrence.
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
