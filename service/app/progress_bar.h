// A progress bar on stderr for long commands (export, import): redrawn in place on a terminal, a line
// every tenth otherwise (logs, CI), so both stay readable.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tnt::app {

class ProgressBar {
public:
    ProgressBar(std::string label, std::uint64_t total);
    void update(std::uint64_t done);
    void finish(std::uint64_t done);

private:
    void draw(std::uint64_t done, bool final);

    std::string label_;
    std::uint64_t total_;
    bool terminal_;
    int last_tenth_ = -1;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace tnt::app
