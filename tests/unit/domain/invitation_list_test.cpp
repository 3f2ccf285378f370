// Invitation files as the programme team makes them (Excel's ';' or ',' or tab, a BOM, quoted cells,
// French column names): each row accepted with its commune and mandate, or rejected with its reason, and
// the reject file that goes back to the team.
#include <gtest/gtest.h>

#include <sstream>

#include "exports/csv_reader.h"
#include "service/domain/invitation_list.h"

namespace tnt::domain {
namespace {

const CommuneList& communes()
{
    static const CommuneList list = CommuneList::parse(
        "code_insee,nom,departement\n"
        "01001,L'Abergement-Clémenciat,01\n"
        "13055,Marseille,13\n"
        "2A004,Ajaccio,2A\n"
        "75056,Paris,75\n"
        "97411,Saint-Denis,974\n",
        "communes de test");
    return list;
}

std::vector<MandateOption> mandates()
{
    return {{"maire", "Maire"}, {"adjoint", "Adjoint au maire"}, {"conseiller_municipal", "Conseiller municipal"}};
}

InvitationList read(std::string text)
{
    return readInvitationList(std::move(text), communes(), mandates());
}

std::string fileError(std::string text)
{
    try {
        read(std::move(text));
    } catch (const InvitationFileError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(InvitationList, GoodFileWithCommasGivesEachInviteeItsCommune)
{
    const InvitationList list = read(
        "email,insee,mandat\n"
        "jean.dupont@mairie-paris.fr,75056,maire\n"
        "Anne.Marie@Ajaccio.FR,2A004,adjoint\n");
    EXPECT_EQ(list.separator, ',');
    EXPECT_TRUE(list.rejected.empty());
    ASSERT_EQ(list.invitees.size(), 2u);
    const Invitee& jean = list.invitees[0];
    EXPECT_EQ(jean.line, 2u);
    EXPECT_EQ(jean.email, "jean.dupont@mairie-paris.fr");
    EXPECT_EQ(jean.insee, "75056");
    EXPECT_EQ(jean.departement, "75");
    EXPECT_EQ(jean.commune, "Paris");
    EXPECT_EQ(jean.mandate, "maire");
    const Invitee& anne = list.invitees[1];
    EXPECT_EQ(anne.line, 3u);
    EXPECT_EQ(anne.email, "Anne.Marie@ajaccio.fr");  // the domain lowercased, the local part as typed
    EXPECT_EQ(anne.departement, "2A");
    EXPECT_EQ(anne.commune, "Ajaccio");
    EXPECT_EQ(anne.mandate, "adjoint");
}

TEST(InvitationList, SemicolonsFrenchNamesAndAnyColumnOrder)
{
    const InvitationList list = read(
        "Mandat;Nom;Adresse électronique;Code INSEE\r\n"
        "Maire;Dupont;jean@ville.fr;1001\r\n"
        "Conseiller municipal;Martin;paul@ville.fr; 2a004 \r\n");
    EXPECT_EQ(list.separator, ';');
    ASSERT_TRUE(list.rejected.empty()) << list.rejected[0].reason;
    ASSERT_EQ(list.invitees.size(), 2u);
    EXPECT_EQ(list.invitees[0].email, "jean@ville.fr");
    EXPECT_EQ(list.invitees[0].insee, "01001");  // the zero Excel drops, put back
    EXPECT_EQ(list.invitees[0].commune, "L'Abergement-Clémenciat");
    EXPECT_EQ(list.invitees[1].insee, "2A004");
    EXPECT_EQ(list.invitees[1].mandate, "conseiller_municipal");
}

TEST(InvitationList, TabSeparatedWithCourrielAndCodeInsee)
{
    const InvitationList list = read("courriel\tcode_insee\tmandate\nana@x.fr\t97411\tmaire\n");
    EXPECT_EQ(list.separator, '\t');
    ASSERT_EQ(list.invitees.size(), 1u);
    EXPECT_EQ(list.invitees[0].departement, "974");
    EXPECT_EQ(list.invitees[0].commune, "Saint-Denis");
}

TEST(InvitationList, ByteOrderMarkIsNotPartOfTheFirstColumnName)
{
    const InvitationList list = read(
        "\xEF\xBB\xBF"
        "Email;INSEE;Mandat\nana@x.fr;13055;maire\n");
    EXPECT_EQ(list.header.front(), "Email");
    ASSERT_EQ(list.invitees.size(), 1u);
    EXPECT_EQ(list.invitees[0].commune, "Marseille");
}

TEST(InvitationList, QuotedFieldsKeepSeparatorsQuotesAndLineBreaks)
{
    const InvitationList list = read(
        "\"Nom; prénom\";email;insee;mandat\n"
        "\"Dupont; Jean \"\"JD\"\"\";\"jean@x.fr\";\"75056\";\"Adjoint au maire\"\n"
        "\"Martin\nAnne\";anne@x.fr;13055;maire\n"
        "Durand;paul@x.fr;2A004;maire\n");
    ASSERT_TRUE(list.rejected.empty()) << list.rejected[0].reason;
    ASSERT_EQ(list.invitees.size(), 3u);
    EXPECT_EQ(list.header[0], "Nom; prénom");
    EXPECT_EQ(list.invitees[0].mandate, "adjoint");
    EXPECT_EQ(list.invitees[1].line, 3u);
    EXPECT_EQ(list.invitees[2].line, 5u);  // the quoted line break counts as a line of the file
}

TEST(InvitationList, MandateByKeyOrLabelWhateverTheCaseAndAccents)
{
    const InvitationList list = read(
        "email;insee;mandat\n"
        "a@x.fr;75056;adjoint\n"
        "b@x.fr;75056;ADJOINT AU MAIRE\n"
        "c@x.fr;75056;Conseiller_Municipal\n"
        "d@x.fr;75056;conseillér  municipal\n"
        "e@x.fr;75056; MAIRE \n");
    ASSERT_TRUE(list.rejected.empty()) << list.rejected[0].reason;
    ASSERT_EQ(list.invitees.size(), 5u);
    EXPECT_EQ(list.invitees[0].mandate, "adjoint");
    EXPECT_EQ(list.invitees[1].mandate, "adjoint");
    EXPECT_EQ(list.invitees[2].mandate, "conseiller_municipal");
    EXPECT_EQ(list.invitees[3].mandate, "conseiller_municipal");
    EXPECT_EQ(list.invitees[4].mandate, "maire");
}

TEST(InvitationList, EachBadRowIsRejectedWithItsReasonAndTheOthersKept)
{
    const InvitationList list = read(
        "email;insee;mandat\n"
        "jean@;75056;maire\n"
        "anne@x.fr;99999;maire\n"
        "paul@x.fr;75056;sénateur\n"
        "lea@x.fr;;maire\n"
        "marc@x.fr\n"
        "ok@x.fr;75056;maire\n");
    ASSERT_EQ(list.invitees.size(), 1u);
    EXPECT_EQ(list.invitees[0].email, "ok@x.fr");
    ASSERT_EQ(list.rejected.size(), 5u);
    EXPECT_EQ(list.rejected[0].line, 2u);
    EXPECT_EQ(list.rejected[0].reason, "adresse électronique invalide : « jean@ »");
    EXPECT_EQ(list.rejected[0].fields, (std::vector<std::string>{"jean@", "75056", "maire"}));
    EXPECT_EQ(list.rejected[1].reason, "code INSEE inconnu : « 99999 » n'est pas une commune de la liste officielle");
    EXPECT_EQ(list.rejected[2].reason,
              "mandat inconnu : « sénateur » (mandats possibles : Maire (maire), Adjoint au maire (adjoint), "
              "Conseiller municipal (conseiller_municipal))");
    EXPECT_EQ(list.rejected[3].reason, "champ manquant : « insee »");
    EXPECT_EQ(list.rejected[4].line, 6u);
    EXPECT_EQ(list.rejected[4].reason, "champ manquant : « insee » ; champ manquant : « mandat »");
}

TEST(InvitationList, EveryProblemOfARowIsGiven)
{
    const InvitationList list = read("email;insee;mandat\nnot-an-address;123;sénateur\n");
    ASSERT_EQ(list.rejected.size(), 1u);
    const std::string& reason = list.rejected[0].reason;
    EXPECT_NE(reason.find("adresse électronique invalide"), std::string::npos) << reason;
    EXPECT_NE(reason.find(" ; code INSEE inconnu : « 123 »"), std::string::npos) << reason;
    EXPECT_NE(reason.find(" ; mandat inconnu : « sénateur »"), std::string::npos) << reason;
}

TEST(InvitationList, SecondRowOfAnAddressIsRejectedWhateverItsCase)
{
    const InvitationList list = read(
        "email;insee;mandat\n"
        "jean@x.fr;75056;maire\n"
        "anne@x.fr;13055;maire\n"
        "JEAN@X.FR;13055;adjoint\n");
    ASSERT_EQ(list.invitees.size(), 2u);
    EXPECT_EQ(list.invitees[0].insee, "75056");  // the first occurrence is the one kept
    ASSERT_EQ(list.rejected.size(), 1u);
    EXPECT_EQ(list.rejected[0].line, 4u);
    EXPECT_EQ(list.rejected[0].reason, "adresse en double dans le fichier (déjà ligne 2)");
}

TEST(InvitationList, AnAddressWhoseFirstRowWasRejectedIsStillTakenFromACorrectRow)
{
    const InvitationList list = read(
        "email;insee;mandat\n"
        "jean@x.fr;99999;maire\n"
        "jean@x.fr;75056;maire\n");
    ASSERT_EQ(list.rejected.size(), 1u);
    EXPECT_EQ(list.rejected[0].line, 2u);
    ASSERT_EQ(list.invitees.size(), 1u);
    EXPECT_EQ(list.invitees[0].line, 3u);
}

TEST(InvitationList, EmptyRowsAreSkipped)
{
    const InvitationList list = read("email;insee;mandat\n;;\n\njean@x.fr;75056;maire\n ; ; \n");
    EXPECT_EQ(list.invitees.size(), 1u);
    EXPECT_TRUE(list.rejected.empty());
}

TEST(InvitationList, MissingColumnIsOneErrorForTheWholeFile)
{
    EXPECT_EQ(fileError("email;commune;mandat\njean@x.fr;75056;maire\n"),
              "Ligne 1 (les noms des colonnes) : colonne manquante pour le code INSEE (noms acceptés : « insee », "
              "« code_insee », « code INSEE »). Aucune ligne n'a été lue.");
    const std::string both = fileError("adresse;insee;fonction\n");
    EXPECT_NE(both.find("colonne manquante pour l'adresse électronique (noms acceptés : « email », « e-mail », "
                        "« courriel », « adresse électronique »)"),
              std::string::npos)
        << both;
    EXPECT_NE(both.find(" ; colonne manquante pour le mandat (noms acceptés : « mandat », « mandate »)"),
              std::string::npos)
        << both;
    EXPECT_EQ(fileError("email;courriel;insee;mandat\n"),
              "Ligne 1 (les noms des colonnes) : deux colonnes pour l'adresse électronique : « email » et « courriel » "
              "; gardez-en une. Aucune ligne n'a été lue.");
    EXPECT_NE(fileError("").find("Le fichier est vide"), std::string::npos);
}

TEST(InvitationList, RowsAreReadOneAtATimeFromAStream)
{
    InvitationFile file = InvitationFile::fromStream(
        std::make_unique<std::istringstream>("email,insee,mandat\nbad,75056,maire\njean@x.fr,75056,maire\n"),
        communes(), mandates());
    EXPECT_EQ(file.header(), (std::vector<std::string>{"email", "insee", "mandat"}));
    std::optional<InvitationRow> first = file.next();
    ASSERT_TRUE(first);
    EXPECT_TRUE(std::holds_alternative<RejectedInvitation>(*first));
    std::optional<InvitationRow> second = file.next();
    ASSERT_TRUE(second);
    ASSERT_TRUE(std::holds_alternative<Invitee>(*second));
    EXPECT_EQ(std::get<Invitee>(*second).email, "jean@x.fr");
    EXPECT_FALSE(file.next());
}

TEST(InvitationList, RejectFileHasTheOriginalColumnsTheReasonAndTheFileSeparator)
{
    const InvitationList list = read(
        "Nom;email;insee;mandat\n"
        "\"Dupont; Jean\";jean@;75056;maire\n"
        "Martin;anne@x.fr;75056;maire\n"
        "Durand;paul@x.fr\n"
        "Petit;lea@x.fr;75056;sénateur;cellule en trop\n");
    const std::string text = invitationRejectText(list);
    ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF")) << text;
    exports::CsvReader reader = exports::CsvReader::fromString(text);
    const std::vector<exports::CsvRecord> rows = reader.readAll();
    EXPECT_EQ(reader.separator(), ';');
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"Nom", "email", "insee", "mandat", "motif du rejet"}));
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"Dupont; Jean", "jean@", "75056", "maire",
                                                        "ligne 2 : adresse électronique invalide : « jean@ »"}));
    // A short row is padded, so its reason is in the reason column.
    EXPECT_EQ(rows[2].fields,
              (std::vector<std::string>{"Durand", "paul@x.fr", "", "",
                                        "ligne 4 : champ manquant : « insee » ; champ manquant : « mandat »"}));
    // A long row keeps its extra cell, after the reason.
    ASSERT_EQ(rows[3].fields.size(), 6u);
    EXPECT_TRUE(rows[3].fields[4].starts_with("ligne 5 : mandat inconnu : « sénateur »")) << rows[3].fields[4];
    EXPECT_EQ(rows[3].fields[5], "cellule en trop");
}

TEST(InvitationList, RejectFileLoadedAgainKeepsOneReasonColumn)
{
    const InvitationList first = read("email,insee,mandat\njean@x.fr,99999,maire\n");
    const std::string rejects = invitationRejectText(first);
    const InvitationList again = read(rejects);  // loaded again without a correction
    ASSERT_EQ(again.rejected.size(), 1u);
    const std::vector<exports::CsvRecord> rows = exports::CsvReader::fromString(invitationRejectText(again)).readAll();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"email", "insee", "mandat", "motif du rejet"}));
    EXPECT_EQ(rows[1].fields.size(), 4u);
    EXPECT_EQ(rows[1].fields[3],
              "ligne 2 : code INSEE inconnu : « 99999 » n'est pas une commune de la liste officielle");
}

TEST(InvitationList, NoRejectFileWhenNothingIsRejected)
{
    EXPECT_EQ(invitationRejectText(read("email,insee,mandat\njean@x.fr,75056,maire\n")), "");
}

}  // namespace
}  // namespace tnt::domain
