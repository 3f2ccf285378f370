#include "service/messages/outbox_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace tnt::messages {

std::chrono::milliseconds retryDelay(unsigned attempts, std::chrono::seconds first_retry, double unit)
{
    const double hour = 3600.0 * 1000.0;
    const double base = static_cast<double>(first_retry.count()) * 1000.0 *
                        std::pow(2.0, static_cast<double>(std::min(attempts, 30u) - 1));
    const double capped = std::min(base, hour);
    return std::chrono::milliseconds(static_cast<long long>(capped * (0.8 + 0.4 * unit)));
}

OutboxSender::OutboxSender(storage::OutboxRepository& outbox, const mail::SmtpClient& smtp, Options options,
                           std::shared_ptr<spdlog::logger> log)
    : outbox_(outbox), smtp_(smtp), options_(std::move(options)), log_(std::move(log))
{
    for (std::size_t i = 0; i < std::max<std::size_t>(options_.threads, 1); ++i) {
        threads_.emplace_back([this, i] { run(i); });
    }
}

OutboxSender::~OutboxSender()
{
    stop();
}

void OutboxSender::stop()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
}

bool OutboxSender::waitFor(std::chrono::milliseconds delay)
{
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

void OutboxSender::deliver(const storage::OutboxMessage& message)
{
    std::string mime;
    try {
        mime = options_.render(message);
    } catch (const std::exception& e) {
        outbox_.markFailed(message.id, std::string("message illisible : ") + e.what());
        ++failed_;
        log_->error("courriel {} ({}) impossible à écrire, abandonné : {}", message.message_id, message.kind, e.what());
        return;
    }
    const auto result = smtp_.send(message.recipient, mime);
    if (result.status == mail::SendResult::Status::sent) {
        outbox_.markSent(message.id);
        ++sent_;
        log_->info("courriel {} ({}) remis au relais, tentative {}", message.message_id, message.kind,
                   message.attempts);
        return;
    }
    const std::string why = (result.smtp_code != 0 ? std::to_string(result.smtp_code) + " " : "") + result.detail;
    if (result.status == mail::SendResult::Status::rejected) {
        outbox_.markFailed(message.id, why);
        ++failed_;
        log_->warn("courriel {} ({}) refusé par le relais, abandonné : {}", message.message_id, message.kind, why);
        return;
    }
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto delay =
        retryDelay(message.attempts, options_.first_retry, std::uniform_real_distribution<double>(0.0, 1.0)(random));
    if (message.age + std::chrono::duration_cast<std::chrono::seconds>(delay) > options_.give_up) {
        outbox_.markFailed(message.id, "abandonné après " + std::to_string(message.attempts) + " tentatives : " + why);
        ++failed_;
        log_->error("courriel {} ({}) abandonné après {} tentatives : {}", message.message_id, message.kind,
                    message.attempts, why);
        return;
    }
    outbox_.markRetry(message.id, delay, why);
    log_->warn("courriel {} ({}) non remis ({}), nouvel essai dans {} s", message.message_id, message.kind, why,
               std::chrono::duration_cast<std::chrono::seconds>(delay).count());
}

void OutboxSender::run(std::size_t index)
{
    if (options_.on_thread_start) options_.on_thread_start();
    bool failing = false;
    auto next_periodic = std::chrono::steady_clock::now();
    while (true) {
        std::size_t claimed = 0;
        try {
            if (index == 0 && options_.periodic && std::chrono::steady_clock::now() >= next_periodic) {
                next_periodic = std::chrono::steady_clock::now() + options_.periodic_every;
                options_.periodic();
            }
            if (index == 0) {
                const auto depth = outbox_.depth();
                pending_ = depth.pending;
                oldest_due_ = static_cast<std::uint64_t>(std::max<long long>(depth.oldest_due.count(), 0));
            }
            const auto messages = outbox_.claimDue(8, options_.lease);
            claimed = messages.size();
            for (const auto& message : messages) deliver(message);
            if (failing) log_->info("courriels : la base de données répond de nouveau");
            failing = false;
        } catch (const std::exception& e) {
            // The database is away: the claimed messages are due again when their lease ends.
            if (!failing)
                log_->warn("courriels : la file d'envoi est inaccessible, nouvel essai chaque seconde : {}", e.what());
            failing = true;
        }
        const auto pause = failing       ? std::chrono::milliseconds(1000)
                           : claimed > 0 ? std::chrono::milliseconds(0)
                                         : options_.poll;
        if (!waitFor(pause)) break;
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

}  // namespace tnt::messages
