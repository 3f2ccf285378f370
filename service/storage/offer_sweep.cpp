#include "service/storage/offer_sweep.h"

namespace tnt::storage {

OfferSweep::OfferSweep(RegistrationRepository& registrations, const submission::Clock& clock, Options options)
    : registrations_(registrations), clock_(clock), options_(std::move(options)), thread_([this] { run(); })
{
}

OfferSweep::~OfferSweep()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void OfferSweep::run()
{
    if (options_.on_thread_start) options_.on_thread_start();
    while (true) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, options_.every, [this] { return stopping_; })) break;
        }
        try {
            const auto changes = registrations_.sweep(clock_.now());
            if (changes > 0 && options_.on_changes) options_.on_changes(changes);
        } catch (const std::exception& e) {
            if (options_.on_failure) options_.on_failure(e.what());
        }
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

}  // namespace tnt::storage
