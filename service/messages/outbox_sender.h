// The threads that empty the e-mail outbox: each claims due messages (storage::OutboxRepository), hands
// them to the relay (mail::SmtpClient) and records the outcome. A message the relay could not take now
// (connection refused or cut, time-out, a 4xx answer) is tried again after an exponential back-off with
// jitter; one it refuses (5xx) or that is still undelivered after `give_up` is marked failed. Nothing here
// runs inside a request. The log names messages by their Message-ID, never by their recipient.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "service/mail/smtp_client.h"
#include "service/storage/outbox_repository.h"

namespace spdlog {
class logger;
}

namespace tnt::messages {

// The wait before attempt `attempts` + 1 (attempts ≥ 1): first_retry, doubled each time, at most an hour,
// then ±20 % of jitter drawn from `unit` (0 ≤ unit < 1) so that instances restarted together spread out.
std::chrono::milliseconds retryDelay(unsigned attempts, std::chrono::seconds first_retry, double unit);

class OutboxSender {
public:
    struct Options {
        std::size_t threads = 1;
        std::chrono::milliseconds poll{500};  // how often an idle sender looks for due messages
        std::chrono::seconds lease{90};  // a claimed message is due again after this (the sender died)
        std::chrono::seconds first_retry{60};
        std::chrono::seconds give_up{std::chrono::hours(24)};
        // The MIME message of a claimed row (its kind and payload); a throw marks the message failed.
        std::function<std::string(const storage::OutboxMessage&)> render;
        // Work the first sender does every `periodic_every` (the pilots' digests), between two polls.
        std::function<void()> periodic;
        std::chrono::seconds periodic_every{60};
        std::function<void()> on_thread_start;
        std::function<void()> on_thread_stop;
    };

    OutboxSender(storage::OutboxRepository& outbox, const mail::SmtpClient& smtp, Options options,
                 std::shared_ptr<spdlog::logger> log);
    ~OutboxSender();  // stops: the message being sent is finished, the others wait for the next start
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

    void stop();

    // For /metrics: messages this instance delivered and gave up since it started, and the outbox's depth
    // as last read (every poll).
    double sent() const { return static_cast<double>(sent_.load()); }
    double failed() const { return static_cast<double>(failed_.load()); }
    double pending() const { return static_cast<double>(pending_.load()); }
    double oldestDueSeconds() const { return static_cast<double>(oldest_due_.load()); }

private:
    void run(std::size_t index);
    void deliver(const storage::OutboxMessage& message);
    bool waitFor(std::chrono::milliseconds delay);  // false when stopping

    storage::OutboxRepository& outbox_;
    const mail::SmtpClient& smtp_;
    Options options_;
    std::shared_ptr<spdlog::logger> log_;
    std::atomic<std::uint64_t> sent_{0}, failed_{0}, pending_{0}, oldest_due_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace tnt::messages
