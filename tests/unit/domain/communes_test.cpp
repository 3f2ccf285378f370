// The official list of communes shipped in forms/: lookups as people type codes, every commune in a
// département the forms know, and the loader's refusal of a broken file.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "service/domain/communes.h"
#include "service/domain/departements.h"

namespace tnt::domain {
namespace {

const CommuneList& shipped()
{
    static const CommuneList list = CommuneList::load(std::string(TNT_FORMS_DIR) + "/communes.csv");
    return list;
}

std::string loadError(const std::string& text)
{
    try {
        CommuneList::parse(text, "essai.csv");
    } catch (const CommuneListError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Communes, ShippedListHoldsTheCommunesActuelles)
{
    // About 34,900 communes actuelles; with the communes déléguées and associées it would be over 37,000.
    EXPECT_GT(shipped().size(), 34'500u);
    EXPECT_LT(shipped().size(), 35'500u);
}

TEST(Communes, ParisLyonAndMarseilleAreCommunesNotTheirArrondissements)
{
    const Commune* paris = shipped().find("75056");
    ASSERT_NE(paris, nullptr);
    EXPECT_EQ(paris->name, "Paris");
    EXPECT_EQ(paris->departement, "75");
    ASSERT_NE(shipped().find("69123"), nullptr);
    EXPECT_EQ(shipped().find("69123")->name, "Lyon");
    ASSERT_NE(shipped().find("13055"), nullptr);
    EXPECT_EQ(shipped().find("13055")->name, "Marseille");
    EXPECT_EQ(shipped().find("75101"), nullptr);  // Paris 1er arrondissement
    EXPECT_EQ(shipped().find("13201"), nullptr);  // Marseille 1er arrondissement
}

TEST(Communes, CorsicanCodesWhateverTheCase)
{
    for (const char* typed : {"2A004", "2a004", " 2A004\t"}) {
        const Commune* ajaccio = shipped().find(typed);
        ASSERT_NE(ajaccio, nullptr) << typed;
        EXPECT_EQ(ajaccio->code, "2A004");
        EXPECT_EQ(ajaccio->name, "Ajaccio");
        EXPECT_EQ(ajaccio->departement, "2A");
    }
    ASSERT_NE(shipped().find("2b033"), nullptr);
    EXPECT_EQ(shipped().find("2b033")->name, "Bastia");
    EXPECT_EQ(shipped().find("20004"), nullptr);  // Ajaccio's code before 1976
}

TEST(Communes, OverseasCommunesHaveTheirThreeDigitDepartement)
{
    const Commune* saintDenis = shipped().find("97411");
    ASSERT_NE(saintDenis, nullptr);
    EXPECT_EQ(saintDenis->name, "Saint-Denis");
    EXPECT_EQ(saintDenis->departement, "974");
    ASSERT_NE(shipped().find("97611"), nullptr);
    EXPECT_EQ(shipped().find("97611")->departement, "976");
    // Saint-Barthélemy has no département the forms know, so it is not in the list (forms/README.md).
    EXPECT_EQ(shipped().find("97701"), nullptr);
}

TEST(Communes, FourDigitCodeGetsTheZeroASpreadsheetDropped)
{
    const Commune* commune = shipped().find("1001");
    ASSERT_NE(commune, nullptr);
    EXPECT_EQ(commune->code, "01001");
    EXPECT_EQ(commune->name, "L'Abergement-Clémenciat");
}

TEST(Communes, UnknownOrMalformedCodesFindNothing)
{
    for (const char* code : {"99999", "00000", "", "   ", "7505", "750560", "2C004", "A2004", "75O56", "75 056"}) {
        EXPECT_EQ(shipped().find(code), nullptr) << code;
    }
}

TEST(Communes, CodesAreNormalisedAsTyped)
{
    EXPECT_EQ(normaliseInseeCode("1001"), "01001");
    EXPECT_EQ(normaliseInseeCode(" 2a004 "), "2A004");
    EXPECT_EQ(normaliseInseeCode("2B033"), "2B033");
    EXPECT_EQ(normaliseInseeCode("97411"), "97411");
    EXPECT_FALSE(normaliseInseeCode("3A004"));  // only Corsica has letters
    EXPECT_FALSE(normaliseInseeCode("2A04"));
    EXPECT_FALSE(normaliseInseeCode("123"));
    EXPECT_FALSE(normaliseInseeCode("1234a"));
}

TEST(Communes, EveryCommuneIsInAKnownDepartementAndEveryDepartementHasCommunes)
{
    std::set<std::string> seen;
    for (const Commune& commune : shipped().communes()) {
        EXPECT_EQ(normaliseDepartement(commune.departement), commune.departement) << commune.code;
        EXPECT_TRUE(commune.code.starts_with(commune.departement)) << commune.code;
        seen.insert(commune.departement);
    }
    for (const Departement& d : departements()) {
        EXPECT_TRUE(seen.contains(std::string(d.code))) << d.code << " " << d.name;
    }
    EXPECT_EQ(seen.size(), departements().size());
}

TEST(Communes, EveryCodeOfTheListIsFoundAgain)
{
    std::size_t found = 0;
    for (const Commune& commune : shipped().communes()) {
        found += shipped().find(commune.code) == &commune;
    }
    EXPECT_EQ(found, shipped().size());
}

TEST(Communes, BrokenFilesAreRefusedWithTheirLine)
{
    const std::string header = "code_insee,nom,departement\n";
    EXPECT_EQ(loadError("code,nom,dep\n01001,A,01\n"),
              "essai.csv:1: la première ligne doit être « code_insee,nom,departement », pas « code,nom,dep »");
    EXPECT_EQ(loadError(header + "01001,A,01\n01002,B\n"),
              "essai.csv:3: 3 colonnes attendues (code_insee,nom,departement), 2 trouvées");
    EXPECT_EQ(loadError(header + "01001,A,01\n99001,B,99\n"), "essai.csv:3: département inconnu « 99 »");
    EXPECT_EQ(loadError(header + "01001,A,01\n02001,B,01\n"),
              "essai.csv:3: le code « 02001 » n'est pas dans le département « 01 »");
    EXPECT_EQ(loadError(header + "01002,A,01\n01001,B,01\n"),
              "essai.csv:3: code « 01001 » en double ou hors de l'ordre (après « 01002 »)");
    EXPECT_EQ(loadError(header + "01001,A,01\n01001,A,01\n"),
              "essai.csv:3: code « 01001 » en double ou hors de l'ordre (après « 01001 »)");
    EXPECT_EQ(loadError(header + "1001,A,01\n"), "essai.csv:2: code INSEE « 1001 » mal formé");
    EXPECT_EQ(loadError(header + "01001,,01\n"), "essai.csv:2: nom de commune vide ou entouré d'espaces : «  »");
    EXPECT_EQ(loadError(header + "01001,Ain\xE9,01\n"), "essai.csv:2: texte qui n'est pas en UTF-8");
    EXPECT_EQ(loadError(""), "essai.csv:1: fichier vide");
    EXPECT_EQ(loadError(header), "essai.csv:2: aucune commune");
    EXPECT_THROW(CommuneList::load("/nonexistent/communes.csv"), CommuneListError);
}

TEST(Communes, SmallListLoadsFromText)
{
    const CommuneList list =
        CommuneList::parse("code_insee,nom,departement\n01001,Un,01\n\"2A004\",\"Ajaccio\",2A\n", "essai.csv");
    ASSERT_EQ(list.size(), 2u);
    ASSERT_NE(list.find("2a004"), nullptr);
    EXPECT_EQ(list.find("2a004")->name, "Ajaccio");
    EXPECT_EQ(list.find("01002"), nullptr);
}

}  // namespace
}  // namespace tnt::domain
