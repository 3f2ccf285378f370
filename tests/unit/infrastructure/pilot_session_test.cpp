// The rules of a pilot's dashboard session (idle and absolute expiry, the token's own state), the
// failure counter's check that uses nothing, and the Cookie header reading.
#include <gtest/gtest.h>

#include "service/access/pilot_session.h"
#include "service/http/pilot_auth.h"
#include "service/http/rate_limiter.h"

namespace {

using namespace std::chrono_literals;
using tnt::access::PilotSession;
using tnt::access::PilotSessionPolicy;

const tnt::domain::TimePoint t0 = std::chrono::sys_days{std::chrono::year{2027} / 1 / 15} + 8h;

PilotSession openedAt(tnt::domain::TimePoint at)
{
    PilotSession s;
    s.token.id = 1;
    s.created_at = at;
    s.last_seen_at = at;
    return s;
}

TEST(PilotSessionRules, IdleForAnHourEndsIt)
{
    const PilotSessionPolicy policy;
    const auto s = openedAt(t0);
    EXPECT_TRUE(s.usableAt(t0 + 59min, policy));
    EXPECT_FALSE(s.usableAt(t0 + 60min, policy));
}

TEST(PilotSessionRules, TwelveHoursEndItWhateverTheActivity)
{
    const PilotSessionPolicy policy;
    auto s = openedAt(t0);
    s.last_seen_at = t0 + 11h + 59min;
    EXPECT_TRUE(s.usableAt(t0 + 11h + 59min + 30s, policy));
    EXPECT_FALSE(s.usableAt(t0 + 12h, policy));
}

TEST(PilotSessionRules, ARevokedOrExpiredTokenEndsItsSessions)
{
    const PilotSessionPolicy policy;
    auto revoked = openedAt(t0);
    revoked.token.revoked_at = t0 + 1min;
    EXPECT_FALSE(revoked.usableAt(t0 + 2min, policy));
    auto expiring = openedAt(t0);
    expiring.token.expires_at = t0 + 10min;
    EXPECT_TRUE(expiring.usableAt(t0 + 9min, policy));
    EXPECT_FALSE(expiring.usableAt(t0 + 10min, policy));
}

TEST(PilotSessionRules, ActivityIsWrittenAtMostOnceAMinute)
{
    const PilotSessionPolicy policy;
    const auto s = openedAt(t0);
    EXPECT_FALSE(s.needsTouchAt(t0 + 59s, policy));
    EXPECT_TRUE(s.needsTouchAt(t0 + 60s, policy));
}

TEST(RateLimiterExhausted, LooksWithoutUsingAndRefills)
{
    tnt::http::RateLimiter limiter(2);
    const auto now = std::chrono::steady_clock::now();
    int retry = 0;
    EXPECT_FALSE(limiter.exhausted("a", now, retry));  // never seen
    EXPECT_FALSE(limiter.exhausted("a", now, retry));  // looking used nothing
    EXPECT_TRUE(limiter.allow("a", now, retry));
    EXPECT_FALSE(limiter.exhausted("a", now, retry));
    EXPECT_TRUE(limiter.allow("a", now, retry));
    EXPECT_TRUE(limiter.exhausted("a", now, retry));
    EXPECT_EQ(retry, 30);  // 2 a minute: one more every 30 s
    EXPECT_FALSE(limiter.exhausted("b", now, retry));
    EXPECT_FALSE(limiter.exhausted("a", now + 30s, retry));
    tnt::http::RateLimiter unlimited(0);
    EXPECT_TRUE(unlimited.allow("a", now, retry));
    EXPECT_FALSE(unlimited.exhausted("a", now, retry));
}

TEST(CookieHeader, FindsTheNamedCookieOnlyByItsWholeName)
{
    using tnt::http::cookieValue;
    EXPECT_EQ(cookieValue("tnt_pilote_connexion=abc; tnt_pilote=xyz", "tnt_pilote"), "xyz");
    EXPECT_EQ(cookieValue("tnt_pilote_connexion=abc; tnt_pilote=xyz", "tnt_pilote_connexion"), "abc");
    EXPECT_EQ(cookieValue("autre=1;tnt_pilote=", "tnt_pilote"), "");
    EXPECT_FALSE(cookieValue("xtnt_pilote=1", "tnt_pilote"));
    EXPECT_FALSE(cookieValue("", "tnt_pilote"));
}

}  // namespace
