// The waitlists on the real database (issue 17): people racing for the last places, withdrawals racing with
// acceptances and the sweep, offers that lapse or are declined. After every step, and while the races run,
// a query checks that the places held (registered and offered) never exceed the capacity and that the
// group's counters are the rows they count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "service/storage/registration_repository.h"
#include "service/submission/signed_secrets.h"
#include "tests/integration/storage/stored_forms.h"

using namespace tnt;
using ::testing::ElementsAre;
using tnt::testing::newResponse;

namespace {

constexpr const char* kGroup = "ATTENTE";  // capacity 10, offers kept 2 hours (tests/e2e/data/forms/groups.yaml)

// Letters that remember every offer made: whose, and its secret's hash. Each offer also queues an e-mail
// to the person's address, so that the outbox shows that a message goes with it.
class RecordingLetters : public submission::RegistrationLetters {
public:
    struct Offer {
        std::string public_id;
        std::string hash;
    };

    submission::OfferLetter offer(const submission::RegistrationNotice& notice) const override
    {
        const auto secret = secrets_.issue();
        const auto hash = submission::SignedSecrets::hash(secret);
        {
            const std::lock_guard lock(mutex_);
            offers_.push_back({notice.response_public_id, hash});
        }
        return {hash, {{"offre-" + secret + "@tnt.test", "offre", notice.answers.value("email", ""), "{}"}}};
    }
    std::vector<submission::OutgoingMail> accepted(const submission::RegistrationNotice& notice) const override
    {
        return {{"place-" + notice.response_public_id + "@tnt.test", "place", notice.answers.value("email", ""), "{}"}};
    }

    std::vector<Offer> offers() const
    {
        const std::lock_guard lock(mutex_);
        return offers_;
    }

private:
    submission::SignedSecrets secrets_{"test key", "offer"};
    mutable std::mutex mutex_;
    mutable std::vector<Offer> offers_;
};

struct WaitlistTest : tnt::testing::StoredForms {
    RecordingLetters letters;
    std::unique_ptr<storage::RegistrationRepository> registrations;

    void SetUp() override
    {
        StoredForms::SetUp();
        if (IsSkipped()) return;
        registrations = std::make_unique<storage::RegistrationRepository>(database->pool(), letters);
    }

    // Whatever a test did (sign-ups, batches, offers, acceptances, refusals, lapses, withdrawals, deletions),
    // the sign-ups' counters (schema/0016) are the registrations counted, state by state.
    void TearDown() override
    {
        if (database && !IsSkipped()) {
            EXPECT_EQ(tnt::testing::registrationCountsDrift(*database), "0");
            EXPECT_GT(std::stoll(database->scalar("SELECT COALESCE(SUM(n), 0) FROM registration_counts")), 0);
        }
        StoredForms::TearDown();
    }

    submission::NewResponse signup(const std::string& who, std::chrono::system_clock::time_point at)
    {
        return newResponse(form("inscription-test"),
                           {{"nom", who}, {"email", who + "@commune.fr"}, {"groupes", {kGroup}}}, at);
    }

    // The invariant, read in one statement (one consistent view): the places held never exceed the
    // capacity, and the counters are the rows. "" when it holds, else what is wrong.
    std::string invariant()
    {
        return database->scalar(
            "SELECT CONCAT_WS(' ', IF(h.n > g.capacity, CONCAT('held ', h.n, ' > capacity'), NULL), "
            "IF(h.n <> g.registered, CONCAT('held ', h.n, ' but counter ', g.registered), NULL), "
            "IF(w.n <> g.waitlisted, CONCAT('waiting ', w.n, ' but counter ', g.waitlisted), NULL)) "
            "FROM project_groups g, "
            "(SELECT COUNT(*) n FROM registrations WHERE group_code = 'ATTENTE' AND state IN ('registered', "
            "'offered')) h, "
            "(SELECT COUNT(*) n FROM registrations WHERE group_code = 'ATTENTE' AND state = 'waitlisted') w "
            "WHERE g.code = 'ATTENTE'");
    }

    int inState(const std::string& state)
    {
        return database->count("registrations WHERE group_code = 'ATTENTE' AND state = '" + state + "'");
    }

    std::string stateOf(const std::string& public_id)
    {
        return database->scalar(
            "SELECT g.state FROM registrations g JOIN responses r ON r.id = g.response_id WHERE r.public_id = '" +
            public_id + "' AND g.group_code = 'ATTENTE'");
    }

    // The public ids a GROUP_CONCAT(… SEPARATOR ',') query returns.
    std::vector<std::string> ids(const std::string& query)
    {
        std::vector<std::string> out;
        const auto text = database->scalar(query);
        for (std::size_t start = 0; start < text.size();) {
            const auto comma = std::min(text.find(',', start), text.size());
            out.push_back(text.substr(start, comma - start));
            start = comma + 1;
        }
        return out;
    }
    // The public ids of the people waiting, in their order on the list.
    std::vector<std::string> queue()
    {
        return ids(
            "SELECT GROUP_CONCAT(r.public_id ORDER BY g.position SEPARATOR ',') FROM registrations g "
            "JOIN responses r ON r.id = g.response_id WHERE g.group_code = 'ATTENTE' AND g.state = 'waitlisted'");
    }
    std::vector<std::string> registeredIds()
    {
        return ids(
            "SELECT GROUP_CONCAT(r.public_id SEPARATOR ',') FROM registrations g JOIN responses r ON r.id = "
            "g.response_id WHERE g.group_code = 'ATTENTE' AND g.state = 'registered'");
    }
};

}  // namespace

TEST_F(WaitlistTest, FiftyPeopleRaceForTenPlacesThenWithdrawalsRaceWithAcceptancesAndTheSweep)
{
    const auto at = std::chrono::system_clock::now();
    std::vector<submission::NewResponse> people;
    for (int i = 0; i < 50; ++i) people.push_back(signup("p" + std::to_string(i), at));

    // 1. Fifty at once: ten places, forty on the list, positions 1..40 without a gap or a twin.
    std::vector<submission::StoredResponse> stored(people.size());
    {
        std::vector<std::thread> clients;
        for (std::size_t i = 0; i < people.size(); ++i) {
            clients.emplace_back([&, i] { stored[i] = repository->store(people[i]); });
        }
        for (auto& c : clients) c.join();
    }
    EXPECT_EQ(invariant(), "");
    EXPECT_EQ(inState("registered"), 10);
    EXPECT_EQ(inState("waitlisted"), 40);
    std::set<long long> positions;
    for (const auto& s : stored) {
        ASSERT_EQ(s.placements.size(), 1u);
        if (s.placements[0].state == domain::RegistrationState::waitlisted) positions.insert(s.placements[0].position);
    }
    EXPECT_EQ(positions.size(), 40u) << "each waiting person told a distinct position";
    EXPECT_EQ(*positions.begin(), 1);
    EXPECT_EQ(*positions.rbegin(), 40);
    EXPECT_EQ(database->scalar("SELECT CONCAT(MIN(position), '-', MAX(position), '-', COUNT(DISTINCT position)) "
                               "FROM registrations WHERE group_code = 'ATTENTE' AND state = 'waitlisted'"),
              "1-40-40");
    const auto line = queue();
    ASSERT_EQ(line.size(), 40u);

    // 2. Five of the registered withdraw at once, while acceptors click every offer as it arrives, the sweep
    // runs, and a watcher checks the invariant all along.
    const auto leaving = registeredIds();
    ASSERT_EQ(leaving.size(), 10u);
    std::atomic<bool> done{false};
    std::atomic<int> broken{0};
    std::string first_break;
    std::mutex break_mutex;
    std::thread watcher([&] {
        while (!done) {
            const auto problem = invariant();
            if (!problem.empty()) {
                const std::lock_guard lock(break_mutex);
                if (broken++ == 0) first_break = problem;
            }
        }
    });
    // An offer's letter is written inside its transaction: until it commits (or if it is rolled back and
    // tried again) its link finds nothing, so an acceptor clicks again until the answer is a real one.
    std::set<std::string> answered;
    std::mutex answered_mutex;
    std::vector<std::thread> acceptors;
    for (int a = 0; a < 5; ++a) {
        acceptors.emplace_back([&] {
            while (!done) {
                for (const auto& offer : letters.offers()) {
                    {
                        const std::lock_guard lock(answered_mutex);
                        if (answered.contains(offer.hash)) continue;
                    }
                    const auto answer = registrations->answerOffer(offer.hash, true, std::chrono::system_clock::now());
                    if (answer != storage::OfferAnswer::unknown) {
                        const std::lock_guard lock(answered_mutex);
                        answered.insert(offer.hash);
                    }
                }
            }
        });
    }
    std::thread sweeper([&] {
        while (!done) registrations->sweep(std::chrono::system_clock::now());
    });
    std::vector<std::thread> withdrawals;
    for (int w = 0; w < 5; ++w) {
        withdrawals.emplace_back([&, w] {
            EXPECT_EQ(registrations->withdrawByPublicId("inscription-test", leaving[w], kGroup,
                                                        std::chrono::system_clock::now()),
                      storage::WithdrawalOutcome::withdrawn);
        });
    }
    for (auto& w : withdrawals) w.join();
    // Every offer answered, then stop.
    for (int wait = 0; wait < 200 && inState("offered") > 0; ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    done = true;
    for (auto& a : acceptors) a.join();
    sweeper.join();
    watcher.join();
    EXPECT_EQ(broken.load(), 0) << first_break;
    EXPECT_EQ(invariant(), "");
    EXPECT_EQ(inState("withdrawn"), 5);
    EXPECT_EQ(inState("offered"), 0);
    EXPECT_EQ(inState("registered"), 10);
    EXPECT_EQ(inState("waitlisted"), 35);
    // The first five of the list were offered the places, in order, each once (the offers that count are
    // the committed ones: their e-mails in the outbox).
    EXPECT_EQ(database->count("outbox WHERE kind = 'offre'"), 5) << "an e-mail with each offer, nobody twice";
    EXPECT_EQ(database->scalar("SELECT COUNT(DISTINCT response_id) FROM outbox WHERE kind = 'offre'"), "5");
    std::set<std::string> offered;
    for (const auto& o : letters.offers()) {
        if (registrations->findOffer(o.hash).state != storage::OfferLink::State::unknown) offered.insert(o.public_id);
    }
    EXPECT_EQ(offered, std::set<std::string>(line.begin(), line.begin() + 5));
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(stateOf(line[i]), "registered") << i;
    EXPECT_EQ(database->count("outbox WHERE kind = 'place'"), 5) << "a confirmation with each acceptance";

    // 3. A withdrawal twice is nothing the second time; a sign-up that does not exist is not found.
    EXPECT_EQ(registrations->withdrawByPublicId("inscription-test", leaving[0], kGroup, at),
              storage::WithdrawalOutcome::already);
    EXPECT_EQ(registrations->withdrawByPublicId("inscription-test", "NOPE", kGroup, at),
              storage::WithdrawalOutcome::not_found);
    EXPECT_EQ(invariant(), "");
}

TEST_F(WaitlistTest, AnOfferLapsesOrIsDeclinedAndPassesOnOnceToTheNextInLine)
{
    const auto at = std::chrono::system_clock::now();
    std::vector<submission::StoredResponse> stored;
    for (int i = 0; i < 14; ++i) stored.push_back(repository->store(signup("q" + std::to_string(i), at)));
    ASSERT_EQ(stored[10].placements[0].state, domain::RegistrationState::waitlisted);
    EXPECT_EQ(stored[10].placements[0].position, 1);
    EXPECT_EQ(stored[13].placements[0].position, 4);
    const auto line = queue();
    ASSERT_EQ(line.size(), 4u);

    // q0 leaves: the first in line is offered the place, for two hours.
    ASSERT_EQ(registrations->withdrawByPublicId("inscription-test", stored[0].public_id, kGroup, at),
              storage::WithdrawalOutcome::withdrawn);
    ASSERT_EQ(letters.offers().size(), 1u);
    const auto first = letters.offers()[0];
    EXPECT_EQ(first.public_id, line[0]);
    EXPECT_EQ(stateOf(line[0]), "offered");
    const auto link = registrations->findOffer(first.hash);
    EXPECT_EQ(link.state, storage::OfferLink::State::open);
    EXPECT_EQ(link.group, kGroup);
    EXPECT_EQ(invariant(), "");

    // The sweep before the two hours changes nothing; after them the offer lapses and passes on.
    EXPECT_EQ(registrations->sweep(at + std::chrono::minutes(119)), 0u);
    EXPECT_EQ(registrations->sweep(at + std::chrono::hours(3)), 2u) << "one offer ended, one made";
    EXPECT_EQ(stateOf(line[0]), "expired");
    EXPECT_EQ(stateOf(line[1]), "offered");
    EXPECT_EQ(invariant(), "");
    EXPECT_EQ(registrations->answerOffer(first.hash, true, at + std::chrono::hours(3)), storage::OfferAnswer::expired)
        << "too late";

    // The next declines: the place passes to the third.
    const auto second = letters.offers().at(1);
    EXPECT_EQ(second.public_id, line[1]);
    EXPECT_EQ(registrations->answerOffer(second.hash, false, at + std::chrono::hours(3)),
              storage::OfferAnswer::declined);
    EXPECT_EQ(registrations->answerOffer(second.hash, true, at + std::chrono::hours(3)), storage::OfferAnswer::used);
    EXPECT_EQ(stateOf(line[2]), "offered");

    // An offer accepted after its time but before the sweep saw it: refused, and passed on at once.
    const auto third = letters.offers().at(2);
    EXPECT_EQ(registrations->answerOffer(third.hash, true, at + std::chrono::hours(6)), storage::OfferAnswer::expired);
    EXPECT_EQ(stateOf(line[2]), "expired");
    EXPECT_EQ(stateOf(line[3]), "offered");
    const auto fourth = letters.offers().at(3);
    EXPECT_EQ(registrations->answerOffer(fourth.hash, true, at + std::chrono::hours(6)),
              storage::OfferAnswer::accepted);
    EXPECT_EQ(registrations->findOffer(fourth.hash).state, storage::OfferLink::State::accepted);
    EXPECT_EQ(registrations->answerOffer("0000", true, at), storage::OfferAnswer::unknown);
    EXPECT_EQ(letters.offers().size(), 4u) << "nobody offered twice";
    EXPECT_EQ(invariant(), "");

    // The receipt's view of them.
    auto lease = database->pool().acquire();
    const auto id = database->scalar("SELECT id FROM responses WHERE public_id = '" + line[3] + "'");
    const auto placements = storage::RegistrationRepository::placements(lease, std::stoull(id));
    ASSERT_EQ(placements.size(), 1u);
    EXPECT_EQ(placements[0].state, domain::RegistrationState::registered);
}

TEST_F(WaitlistTest, ABatchTakesThePlacesLeftInOrderAndPutsTheRestOnTheList)
{
    const auto at = std::chrono::system_clock::now();
    for (int i = 0; i < 8; ++i) repository->store(signup("r" + std::to_string(i), at));
    std::vector<submission::NewResponse> batch_people;
    for (int i = 0; i < 5; ++i) batch_people.push_back(signup("b" + std::to_string(i), at));
    std::vector<const submission::NewResponse*> batch;
    for (const auto& p : batch_people) batch.push_back(&p);
    const auto outcomes = repository->storeAll(batch);
    ASSERT_EQ(outcomes.size(), 5u);
    std::vector<std::string> states;
    for (const auto& o : outcomes) {
        ASSERT_TRUE(o.stored);
        const auto& p = o.stored->placements.at(0);
        states.push_back(std::string(domain::registrationStateName(p.state)) +
                         (p.position > 0 ? " " + std::to_string(p.position) : ""));
    }
    EXPECT_THAT(states, ElementsAre("registered", "registered", "waitlisted 1", "waitlisted 2", "waitlisted 3"));
    EXPECT_EQ(invariant(), "");

    // A place freed while people wait goes to them, never to a newcomer: the sweep offers it (an RGPD
    // deletion frees places without offering them itself).
    database->execute("UPDATE project_groups SET capacity = 11 WHERE code = 'ATTENTE'");
    const auto late = repository->store(signup("late", at));
    EXPECT_EQ(late.placements.at(0).state, domain::RegistrationState::waitlisted) << "people waiting go first";
    EXPECT_EQ(late.placements.at(0).position, 4);
    EXPECT_EQ(registrations->sweep(at), 1u);
    EXPECT_EQ(inState("offered"), 1);
    EXPECT_EQ(stateOf(batch_people[2].public_id), "offered");
    EXPECT_EQ(database->scalar("SELECT capacity IS NULL OR registered <= capacity FROM project_groups WHERE code = "
                               "'ATTENTE'"),
              "1");
}

TEST_F(WaitlistTest, AGroupRemovedFromTheCatalogueKeepsItsPeopleWaitingAndOffersNothingMore)
{
    const auto at = std::chrono::system_clock::now();
    std::vector<submission::StoredResponse> stored;
    for (int i = 0; i < 12; ++i) stored.push_back(repository->store(signup("s" + std::to_string(i), at)));
    // The catalogue without ATTENTE (the forms still offer it in this test: only the sync matters here).
    auto catalogue = *forms.catalogue;
    std::erase_if(catalogue.groups, [](const domain::Group& g) { return g.code == kGroup; });
    storage::FormRepository(database->pool()).sync(forms.forms, &catalogue);
    EXPECT_EQ(database->scalar("SELECT waitlist FROM project_groups WHERE code = 'ATTENTE'"), "0");
    EXPECT_EQ(database->scalar("SELECT waitlist FROM project_groups WHERE code = 'PETIT'"), "0");
    // A withdrawal frees the place; nobody is offered it, now or by the sweep.
    EXPECT_EQ(registrations->withdrawByPublicId("inscription-test", stored[0].public_id, kGroup, at),
              storage::WithdrawalOutcome::withdrawn);
    EXPECT_EQ(registrations->sweep(at + std::chrono::hours(1)), 0u);
    EXPECT_EQ(inState("offered"), 0);
    EXPECT_EQ(inState("waitlisted"), 2);
    // Their state stays readable (the receipt's view).
    auto lease = database->pool().acquire();
    const auto id = database->scalar("SELECT id FROM responses WHERE public_id = '" + stored[11].public_id + "'");
    const auto placements = storage::RegistrationRepository::placements(lease, std::stoull(id));
    ASSERT_EQ(placements.size(), 1u);
    EXPECT_EQ(placements[0].state, domain::RegistrationState::waitlisted);
    EXPECT_EQ(placements[0].position, 2);
    EXPECT_EQ(invariant(), "");
}
