// Single-value formats: e-mail, French phone numbers, dates, UTF-8, trimming.
#include <gtest/gtest.h>

#include "service/domain/departements.h"
#include "service/domain/field_formats.h"

namespace tnt::domain {
namespace {

TEST(FieldFormats, ReasonableEmailsAreAccepted)
{
    EXPECT_EQ(normaliseEmail("jean.dupont@ville-rennes.fr"), "jean.dupont@ville-rennes.fr");
    EXPECT_EQ(normaliseEmail("c.martin+tnt@Numerique.Gouv.FR"), "c.martin+tnt@numerique.gouv.fr");
    EXPECT_EQ(normaliseEmail(" ana@x.org "), "ana@x.org");
}

TEST(FieldFormats, MalformedEmailsAreRefused)
{
    for (const char* bad :
         {"", "ana", "ana@", "@x.fr", "ana@x", "ana@@x.fr", "ana@x..fr", ".ana@x.fr", "ana.@x.fr", "a..b@x.fr",
          "ana@-x.fr", "ana@x.f", "ana@x.12", "an a@x.fr", "ana@x_y.fr", "ana@x.fr,bob@y.fr"}) {
        EXPECT_FALSE(normaliseEmail(bad)) << bad;
    }
}

TEST(FieldFormats, FrenchPhoneNumbersAreNormalised)
{
    EXPECT_EQ(normalisePhone("0123456789"), "01 23 45 67 89");
    EXPECT_EQ(normalisePhone("01.23.45.67.89"), "01 23 45 67 89");
    EXPECT_EQ(normalisePhone("01-23-45-67-89"), "01 23 45 67 89");
    EXPECT_EQ(normalisePhone("+33 6 12 34 56 78"), "06 12 34 56 78");
    EXPECT_EQ(normalisePhone("0033612345678"), "06 12 34 56 78");
    EXPECT_EQ(normalisePhone("+33 (0)1 23 45 67 89"), "01 23 45 67 89");
    EXPECT_EQ(normalisePhone("+262 262 12 34 56"), "02 62 12 34 56");
    EXPECT_EQ(normalisePhone("+590 690 12 34 56"), "06 90 12 34 56");
}

TEST(FieldFormats, ImpossiblePhoneNumbersAreRefused)
{
    for (const char* bad : {"", "12345", "1234567890", "0012345678", "01 23 45 67 8", "01 23 45 67 89 00",
                            "+44 20 7946 0958", "01 23 AB 67 89", "+3361234567"}) {
        EXPECT_FALSE(normalisePhone(bad)) << bad;
    }
}

TEST(FieldFormats, IsoDatesMustExist)
{
    EXPECT_TRUE(isIsoDate("2021-12-08"));
    EXPECT_TRUE(isIsoDate("2024-02-29"));
    EXPECT_FALSE(isIsoDate("2023-02-29"));
    EXPECT_FALSE(isIsoDate("2021-02-30"));
    EXPECT_FALSE(isIsoDate("2021-13-01"));
    EXPECT_FALSE(isIsoDate("2021-1-01"));
    EXPECT_FALSE(isIsoDate("08/12/2021"));
}

TEST(FieldFormats, Utf8IsValidatedAndCountedInCharacters)
{
    EXPECT_TRUE(isValidUtf8("Département de l'Hérault — 34 €"));
    EXPECT_FALSE(isValidUtf8(std::string("\xC3", 1)));
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));  // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));  // UTF-16 surrogate
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_EQ(countCharacters("Éloïse"), 6u);
}

TEST(FieldFormats, TrimRemovesSpacesAndNoBreakSpaces)
{
    EXPECT_EQ(trimText("  \t Ana \n"), "Ana");
    EXPECT_EQ(trimText("\u00a0Ana\u202f"), "Ana");
    EXPECT_EQ(trimText("   "), "");
    EXPECT_EQ(trimText("A  B"), "A  B");
}

TEST(Departements, ListHasMetropolitanCorsicanAndOverseasCodes)
{
    EXPECT_EQ(departements().size(), 102u);  // 01–95 without 20, plus 2A, 2B, and 971–976
    EXPECT_EQ(normaliseDepartement(" 5 "), "05");
    EXPECT_EQ(normaliseDepartement("2b"), "2B");
    EXPECT_FALSE(normaliseDepartement("0"));
    EXPECT_FALSE(normaliseDepartement("20"));
    EXPECT_FALSE(normaliseDepartement("970"));
}

}  // namespace
}  // namespace tnt::domain
