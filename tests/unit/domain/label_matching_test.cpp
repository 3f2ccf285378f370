// Labels compared the way people retype them: case, accents, apostrophes and punctuation do not matter.
#include <gtest/gtest.h>

#include "service/domain/label_matching.h"

namespace tnt::domain {
namespace {

TEST(LabelMatching, LowercasesAndStripsAccents)
{
    EXPECT_EQ(normaliseLabel("Très À L'AISE"), "tres a l aise");
    EXPECT_EQ(normaliseLabel("Cœur, Œuvre ÉÈÊËÇ"), "coeur oeuvre eeeec");
}

TEST(LabelMatching, PunctuationAndSpacesAreOneWordBreak)
{
    EXPECT_EQ(normaliseLabel("  L’attractivité du territoire (entreprises,  habitants) "),
              "l attractivite du territoire entreprises habitants");
    EXPECT_EQ(normaliseLabel("Date\xC2\xA0"
                             "de soumission"),
              "date de soumission");
    EXPECT_EQ(normaliseLabel("Vous êtes…"), "vous etes");
}

TEST(LabelMatching, TypographicAndPlainApostrophesMatch)
{
    EXPECT_EQ(normaliseLabel("Plutôt à l’aise"), normaliseLabel("Plutot a l'aise"));
}

TEST(LabelMatching, KeepsDigits)
{
    EXPECT_EQ(normaliseLabel("De 2 000 à 9 999 habitants"), "de 2 000 a 9 999 habitants");
}

}  // namespace
}  // namespace tnt::domain
