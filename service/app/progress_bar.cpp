#include "service/app/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace tnt::app {

ProgressBar::ProgressBar(std::string label, std::uint64_t total)
    : label_(std::move(label)),
      total_(total),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now())
{
}

void ProgressBar::update(std::uint64_t done)
{
    draw(done, false);
}

void ProgressBar::finish(std::uint64_t done)
{
    draw(done, true);
}

void ProgressBar::draw(std::uint64_t done, bool final)
{
    const auto now = std::chrono::steady_clock::now();
    const double fraction = total_ == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    if (terminal_) {
        if (!final && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(width, '.');
        std::fprintf(stderr, "\r%s [%s] %3d %%  %llu/%llu  %.0f lignes/s", label_.c_str(), bar.c_str(),
                     static_cast<int>(fraction * 100), static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total_), rate);
        if (final) std::fputc('\n', stderr);
        std::fflush(stderr);
        return;
    }
    const int tenth = static_cast<int>(fraction * 10);
    if (!final && tenth == last_tenth_) return;
    last_tenth_ = tenth;
    std::fprintf(stderr, "%s : %3d %% (%llu/%llu, %.0f lignes/s)\n", label_.c_str(), static_cast<int>(fraction * 100),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), rate);
}

}  // namespace tnt::app
