// French spacing: the spaces tied to punctuation, quotes and the "h" of a time become no-break spaces.
#include <gtest/gtest.h>

#include "service/domain/french_typography.h"
#include "service/domain/paris_time.h"

namespace tnt::domain {
namespace {

TEST(FrenchSpacing, TiesTheSpacesBeforeDoublePunctuationAndInsideQuotes)
{
    EXPECT_EQ(frenchSpacing("Numéro : 12 ; oui ! vraiment ?"), "Numéro\u00a0: 12\u00a0; oui\u00a0! vraiment\u00a0?");
    EXPECT_EQ(frenchSpacing("le formulaire « Avis » clos"), "le formulaire «\u00a0Avis\u00a0» clos");
}

TEST(FrenchSpacing, TiesTheHourOfAParisTime)
{
    const auto paris = formatFrenchParis(std::chrono::sys_days{std::chrono::year{2021} / 12 / 8} +
                                         std::chrono::hours{22} + std::chrono::minutes{59});
    EXPECT_EQ(paris, "8 décembre 2021 à 23 h 59");
    EXPECT_EQ(frenchSpacing(paris), "8 décembre 2021 à 23\u00a0h\u00a059");
    EXPECT_EQ(frenchSpacing("à 9 h 05."), "à 9\u00a0h\u00a005.");
}

TEST(FrenchSpacing, LeavesOtherSpacesAndIsIdempotent)
{
    EXPECT_EQ(frenchSpacing("https://exemple.fr/a?b=c 12:30 le h de 3 heures"),
              "https://exemple.fr/a?b=c 12:30 le h de 3 heures");
    const auto once = frenchSpacing("« Oui » : 23 h 59 !");
    EXPECT_EQ(frenchSpacing(once), once);
    EXPECT_EQ(frenchSpacing(""), "");
    EXPECT_EQ(frenchSpacing(" :"), "\u00a0:");
}

}  // namespace
}  // namespace tnt::domain
