#include "exports/export_columns.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "exports/csv_reader.h"
#include "exports/csv_writer.h"

namespace tnt::exports {
namespace {

using json = nlohmann::json;
using Fields = std::vector<std::string>;
using namespace std::chrono;

SubmissionTime utc(int y, unsigned m, unsigned d, int hh, int mm, int ss)
{
    return time_point_cast<microseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss});
}

std::vector<ExportQuestion> programmeSurvey()
{
    return {
        {"commune", "Commune", QuestionKind::text, {}, false, false},
        {"ancien", "Ancienne question", QuestionKind::text, {}, false, true},
        {"role", "Rôle", QuestionKind::single_choice, {{"elu", "Élu·e"}, {"agent", "Agent"}}, true, false},
        {"groupes",
         "Groupes",
         QuestionKind::multiple_choice,
         {{"gp1", "GP1 Agenda"}, {"gp3", "GP3 Urbanisme; dématérialisation"}, {"gp5", "GP5 Cybersécurité"}},
         false,
         false},
        {"note", "Note", QuestionKind::scale, {}, false, false},
        {"commentaire", "Commentaire", QuestionKind::long_text, {}, false, false},
        {"accord", "Accord", QuestionKind::yes_no, {}, false, false},
    };
}

struct KnownResponse {
    std::string id;
    SubmissionTime at;
    json answers;
};

std::vector<KnownResponse> knownResponses()
{
    return {
        {"r1",
         utc(2021, 12, 8, 22, 59, 59),
         {{"commune", "Saint-Étienne"},
          {"role", "elu"},
          {"groupes", {"gp3", "gp1"}},
          {"note", 4},
          {"commentaire", "Il a dit \"oui\";\npuis non"},
          {"accord", true}}},
        {"r2",
         utc(2022, 6, 1, 10, 0, 0) + microseconds{999999},
         {{"commune", "=SUM(A1)"},
          {"role", "agent"},
          {"role.autre", "+33 6 12 34 56 78"},
          {"groupes", json::array()},
          {"note", 3.5},
          {"commentaire", "-"},
          {"ancien", "@x"},
          {"accord", false}}},
        {"r3",
         utc(2021, 3, 28, 1, 0, 0),
         {{"commune", "L'Haÿ-les-Roses"}, {"note", "-3"}, {"commentaire", "a;b,c\r\nd\tfin"}}},
    };
}

std::string exportCsv(const ColumnPlan& plan, const std::vector<KnownResponse>& responses)
{
    std::string bytes;
    CsvWriter writer(plan.options.dialect, [&](std::string_view chunk) { bytes.append(chunk); });
    writer.writeRow(plan.headers());
    ExportRowFormatter formatter(plan);
    std::vector<ExportCell> row;
    for (const KnownResponse& response : responses) {
        formatter.format(response.id, response.at, response.answers, row);
        writer.writeRow(row);
    }
    writer.flush();
    return bytes;
}

TEST(ColumnPlan, PutsIdAndTimeFirstAndRemovedQuestionsLast)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {});
    EXPECT_EQ(
        plan.headers(),
        (Fields{"Identifiant de la réponse", "Date de soumission (heure de Paris)", "Commune", "Rôle", "Rôle (autre)",
                "Groupes : GP1 Agenda", "Groupes : GP3 Urbanisme; dématérialisation", "Groupes : GP5 Cybersécurité",
                "Note", "Commentaire", "Accord", "Ancienne question", "Date de modification (heure de Paris)"}));
}

TEST(ColumnPlan, CodesAndJoinedChoicesGiveOneColumnPerQuestion)
{
    const ColumnPlan plan =
        planColumns(programmeSurvey(), {LabelMode::codes, MultipleChoiceLayout::joined, CsvDialect::rfc4180()});
    EXPECT_EQ(plan.headers(), (Fields{"response_id", "submitted_at_paris", "commune", "role", "role.autre", "groupes",
                                      "note", "commentaire", "accord", "ancien", "updated_at_paris"}));
}

TEST(ColumnPlan, CodesWithOneColumnPerOptionNameColumnsByKey)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {LabelMode::codes});
    const Fields headers = plan.headers();
    EXPECT_EQ(Fields(headers.begin() + 5, headers.begin() + 8), (Fields{"groupes.gp1", "groupes.gp3", "groupes.gp5"}));
}

TEST(ColumnPlan, RemovedQuestionsKeepTheirRelativeOrder)
{
    std::vector<ExportQuestion> questions{{"a", "A", QuestionKind::text, {}, false, true},
                                          {"b", "B", QuestionKind::text, {}, false, false},
                                          {"c", "C", QuestionKind::text, {}, false, true},
                                          {"d", "D", QuestionKind::text, {}, false, false}};
    const ColumnPlan plan = planColumns(questions, {LabelMode::codes});
    EXPECT_EQ(plan.headers(), (Fields{"response_id", "submitted_at_paris", "b", "d", "a", "c", "updated_at_paris"}));
}

TEST(GoldenExport, ExcelReadsBackFieldByField)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {});
    const std::string bytes = exportCsv(plan, knownResponses());
    ASSERT_TRUE(
        bytes.starts_with("\xEF\xBB\xBF"
                          "\"Identifiant de la réponse\";\"Date de soumission (heure de Paris)\";"));

    CsvReader reader = CsvReader::fromString(bytes);
    const auto records = reader.readAll();
    EXPECT_EQ(reader.separator(), ';');
    EXPECT_TRUE(reader.hadByteOrderMark());
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].fields, plan.headers());
    EXPECT_EQ(records[1].fields, (Fields{"r1", "2021-12-08 23:59:59", "Saint-Étienne", "Élu·e", "", "1", "1", "0", "4",
                                         "Il a dit \"oui\";\npuis non", "Oui", "", ""}));
    EXPECT_EQ(records[2].fields, (Fields{"r2", "2022-06-01 12:00:00", "'=SUM(A1)", "Agent", "'+33 6 12 34 56 78", "0",
                                         "0", "0", "3,5", "'-", "Non", "'@x", ""}));
    EXPECT_EQ(records[3].fields, (Fields{"r3", "2021-03-28 03:00:00", "L'Haÿ-les-Roses", "", "", "", "", "", "-3",
                                         "a;b,c\r\nd\tfin", "", "", ""}));
    EXPECT_EQ(records[2].line, 4u);  // r1's comment spans two lines
}

TEST(GoldenExport, Rfc4180BytesAreExact)
{
    const ColumnPlan plan =
        planColumns(programmeSurvey(), {LabelMode::codes, MultipleChoiceLayout::joined, CsvDialect::rfc4180()});
    EXPECT_EQ(exportCsv(plan, knownResponses()),
              "\"response_id\",\"submitted_at_paris\",\"commune\",\"role\",\"role.autre\",\"groupes\",\"note\","
              "\"commentaire\",\"accord\",\"ancien\",\"updated_at_paris\"\r\n"
              "\"r1\",2021-12-08 23:59:59,\"Saint-Étienne\",\"elu\",,\"gp1 | gp3\",4,\"Il a dit \"\"oui\"\";\npuis "
              "non\",1,,\r\n"
              "\"r2\",2022-06-01 12:00:00,\"'=SUM(A1)\",\"agent\",\"'+33 6 12 34 56 78\",,3.5,\"'-\",0,\"'@x\",\r\n"
              "\"r3\",2021-03-28 03:00:00,\"L'Haÿ-les-Roses\",,,,-3,\"a;b,c\r\nd\tfin\",,,\r\n");
}

TEST(GoldenExport, ExcelBytesAreExact)
{
    std::vector<ExportQuestion> questions{{"note", "Note", QuestionKind::number, {}, false, false},
                                          {"avis", "Avis", QuestionKind::text, {}, false, false}};
    const ColumnPlan plan = planColumns(questions, {});
    const std::vector<KnownResponse> responses{
        {"a", utc(2021, 12, 8, 8, 0, 0), {{"note", -2.25}, {"avis", "oui; très"}}}};
    EXPECT_EQ(exportCsv(plan, responses),
              "\xEF\xBB\xBF"
              "\"Identifiant de la réponse\";\"Date de soumission (heure de Paris)\";\"Note\";\"Avis\";"
              "\"Date de modification (heure de Paris)\"\r\n"
              "\"a\";2021-12-08 09:00:00;\"-2,25\";\"oui; très\";\r\n");
}

TEST(FormatRow, MarksOnlyOurOwnNumbersAsTrusted)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {});
    const auto row = formatRow(plan, "r", utc(2021, 1, 1, 0, 0, 0),
                               {{"note", -3}, {"commune", "-3"}, {"groupes", {"gp5", "inconnu"}}});
    EXPECT_EQ(row[8].value, "-3");
    EXPECT_EQ(row[8].kind, ExportCell::Kind::trusted_number);
    EXPECT_EQ(row[2].value, "-3");
    EXPECT_EQ(row[2].kind, ExportCell::Kind::text);
    EXPECT_EQ(row[7].value, "1");
    EXPECT_EQ(row[7].kind, ExportCell::Kind::trusted_number);
    EXPECT_EQ(row[1].value, "2021-01-01 01:00:00");
    EXPECT_EQ(row[1].kind, ExportCell::Kind::trusted_time);
}

TEST(FormatRow, JoinedChoicesFollowTheFormOrderAndKeepUnknownKeys)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {LabelMode::text, MultipleChoiceLayout::joined});
    const auto row = formatRow(plan, "r", utc(2021, 1, 1, 0, 0, 0), {{"groupes", {"gp5", "gp_retire", "gp1"}}});
    EXPECT_EQ(row[5].value, "GP1 Agenda | GP5 Cybersécurité | gp_retire");
}

// A question of every kind, choices with "Autre" both listed and added, labels that repeat.
std::vector<ExportQuestion> everyKind()
{
    const std::vector<ExportOption> options{{"a", "A, ou presque"}, {"autre", "Autre"}};
    return {
        {"texte", "Précisez", QuestionKind::text, {}, false, false},
        {"long", "Précisez", QuestionKind::long_text, {}, false, false},
        {"email", "Courriel", QuestionKind::email, {}, false, false},
        {"tel", "Téléphone", QuestionKind::phone, {}, false, false},
        {"date", "Date", QuestionKind::date, {}, false, false},
        {"nombre", "Nombre", QuestionKind::number, {}, false, false},
        {"echelle", "Échelle", QuestionKind::scale, {}, false, false},
        {"nps", "Recommandation", QuestionKind::nps, {}, false, false},
        {"unique", "Choix", QuestionKind::single_choice, options, true, false},
        {"multiple", "Choix (autre)", QuestionKind::multiple_choice, options, true, false},
        {"oui_non", "Oui ou non", QuestionKind::yes_no, {{"oui", "Oui"}, {"non", "Non"}}, false, false},
        {"multiple_ancien", "Choix", QuestionKind::multiple_choice, options, true, true},
        {"multiple.autre", "Ancien texte", QuestionKind::text, {}, false, true},
    };
}

std::vector<ExportOptions> everyMode()
{
    std::vector<ExportOptions> modes;
    for (LabelMode labels : {LabelMode::text, LabelMode::codes}) {
        for (MultipleChoiceLayout multiple : {MultipleChoiceLayout::column_per_option, MultipleChoiceLayout::joined}) {
            for (CsvDialect dialect : {CsvDialect::excel(), CsvDialect::rfc4180()})
                modes.push_back({labels, multiple, dialect});
        }
    }
    return modes;
}

TEST(ColumnPlan, OtherOptionFlagAndOtherTextHaveDifferentCodes)
{
    const ColumnPlan plan = planColumns(everyKind(), {LabelMode::codes});
    const Fields headers = plan.headers();
    const auto at = [&](std::string_view name) {
        return std::find(headers.begin(), headers.end(), name) - headers.begin();
    };
    ASSERT_LT(at("multiple.autre_coche"), static_cast<long>(headers.size()));
    ASSERT_LT(at("multiple.autre"), static_cast<long>(headers.size()));
    const auto row =
        formatRow(plan, "r", utc(2021, 1, 1, 0, 0, 0), {{"multiple", {"a", "autre"}}, {"multiple.autre", "Mon texte"}});
    EXPECT_EQ(row[at("multiple.a")].value, "1");
    EXPECT_EQ(row[at("multiple.autre_coche")].value, "1");
    EXPECT_EQ(row[at("multiple.autre")].value, "Mon texte");
}

TEST(ColumnPlan, EveryHeaderIsUniqueForEveryKindInEveryMode)
{
    for (const ExportOptions& mode : everyMode()) {
        const Fields headers = planColumns(everyKind(), mode).headers();
        const std::set<std::string> distinct(headers.begin(), headers.end());
        EXPECT_EQ(distinct.size(), headers.size())
            << "labels " << (mode.labels == LabelMode::codes ? "codes" : "text") << ", multiple "
            << (mode.multiple == MultipleChoiceLayout::joined ? "joined" : "columns");
    }
}

TEST(ColumnPlan, RepeatedHeadersAreNumberedInFormOrder)
{
    const Fields text = planColumns(everyKind(), {LabelMode::text, MultipleChoiceLayout::joined}).headers();
    EXPECT_EQ(Fields(text.begin() + 2, text.begin() + 4), (Fields{"Précisez", "Précisez (2)"}));
    EXPECT_EQ(text[text.size() - 4], "Choix (2)");  // the removed question labelled like a current one
    const Fields codes = planColumns(everyKind(), {LabelMode::codes, MultipleChoiceLayout::joined}).headers();
    EXPECT_EQ(codes[codes.size() - 2], "multiple.autre_2");  // a removed question keyed like the "other" text
}

TEST(FormatRow, OnlyListedOptionsLeaveTheOthersOut)
{
    std::vector<ExportQuestion> questions{
        {"groupes", "Groupes", QuestionKind::multiple_choice, {{"GP3", "GP3 Urbanisme"}}, false, false, true},
        {"groupe", "Groupe", QuestionKind::single_choice, {{"GP3", "GP3 Urbanisme"}}, false, false, true}};
    const json answers{{"groupes", {"GP1", "GP3", "GP5"}}, {"groupe", "GP5"}};
    const ColumnPlan columns = planColumns(questions, {LabelMode::codes});
    EXPECT_EQ(columns.headers(),
              (Fields{"response_id", "submitted_at_paris", "groupes.GP3", "groupe", "updated_at_paris"}));
    const auto flags = formatRow(columns, "r", utc(2021, 1, 1, 0, 0, 0), answers);
    EXPECT_EQ(flags[2].value, "1");
    EXPECT_EQ(flags[3].value, "");
    const ColumnPlan joined = planColumns(questions, {LabelMode::text, MultipleChoiceLayout::joined});
    const auto row = formatRow(joined, "r", utc(2021, 1, 1, 0, 0, 0), answers);
    EXPECT_EQ(row[2].value, "GP3 Urbanisme");
    EXPECT_EQ(row[3].value, "");
}

TEST(FormatRow, TheLastChangesTimeIsLastInParisTimeAndEmptyWhenNeverChanged)
{
    const ColumnPlan plan = planColumns(programmeSurvey(), {});
    ExportRowFormatter formatter(plan);
    std::vector<ExportCell> row;
    formatter.format("r", utc(2021, 1, 1, 0, 0, 0), json{{"note", 3}}, row, {}, utc(2021, 7, 1, 10, 0, 0));
    EXPECT_EQ(row.back().value, "2021-07-01 12:00:00");
    EXPECT_EQ(row.back().kind, ExportCell::Kind::trusted_time);
    formatter.format("r", utc(2021, 1, 1, 0, 0, 0), json{{"note", 3}}, row);
    EXPECT_EQ(row.back().value, "");
    EXPECT_EQ(row.back().kind, ExportCell::Kind::text);
}

TEST(ParisTime, FollowsWinterAndSummerTime)
{
    ParisTimeFormatter paris;
    EXPECT_EQ(paris.format(utc(2021, 12, 8, 22, 59, 59)), "2021-12-08 23:59:59");
    EXPECT_EQ(paris.format(utc(2021, 3, 28, 0, 59, 59)), "2021-03-28 01:59:59");
    EXPECT_EQ(paris.format(utc(2021, 3, 28, 1, 0, 0)), "2021-03-28 03:00:00");
    // The hour repeated when clocks go back is written the same twice: the header says Paris time.
    EXPECT_EQ(paris.format(utc(2021, 10, 31, 0, 30, 0)), "2021-10-31 02:30:00");
    EXPECT_EQ(paris.format(utc(2021, 10, 31, 1, 30, 0)), "2021-10-31 02:30:00");
    EXPECT_EQ(paris.format(utc(2021, 12, 31, 23, 0, 0)), "2022-01-01 00:00:00");
}

}  // namespace
}  // namespace tnt::exports
