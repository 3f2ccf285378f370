#include "exports/stats_csv.h"

#include <string>
#include <vector>

#include "exports/number_format.h"

namespace tnt::exports {

namespace {

constexpr int percentDigits = 1;
constexpr int meanDigits = 2;

// One row of the long table; empty strings are empty cells.
struct StatsRow {
    std::string question;
    std::string label;
    std::string measure;
    std::string item;
    std::string count;
    std::string percent;
    std::string percentOfAnswers;
    std::string value;
};

class StatsRowWriter {
public:
    explicit StatsRowWriter(CsvWriter& writer) : writer_(writer), separator_(writer.dialect().decimalSeparator) {}

    std::string count(std::uint64_t n) const { return std::to_string(n); }
    std::string percent(double p) const { return formatRounded(p, percentDigits, separator_); }
    std::string measure(const std::optional<double>& v) const
    {
        return v ? formatRounded(*v, meanDigits, separator_) : std::string();
    }
    std::string exact(double v) const { return formatDecimal(v, separator_); }

    void write(const StatsRow& row)
    {
        writer_.writeText(row.question);
        writer_.writeText(row.label);
        writer_.writeText(row.measure);
        writer_.writeText(row.item);
        // Figures are ours, so they are written as numbers (a negative NPS must stay a number).
        writer_.writeNumber(row.count);
        writer_.writeNumber(row.percent);
        writer_.writeNumber(row.percentOfAnswers);
        writer_.writeNumber(row.value);
        writer_.endRow();
    }

private:
    CsvWriter& writer_;
    char separator_;
};

void writeDistribution(StatsRowWriter& out, const QuestionStatistics& q, const DistributionStatistics& d)
{
    out.write({q.key, q.label, "répondants", "", out.count(d.n), "", "", ""});
    out.write({q.key, q.label, "moyenne", "", "", "", "", out.measure(d.mean)});
    out.write({q.key, q.label, "médiane", "", "", "", "", out.measure(d.median)});
    out.write({q.key, q.label, "minimum", "", "", "", "", out.measure(d.min)});
    out.write({q.key, q.label, "maximum", "", "", "", "", out.measure(d.max)});
    for (const ValueCount& entry : d.distribution) {
        out.write({q.key, q.label, "distribution", out.exact(entry.value), out.count(entry.count),
                   out.percent(100.0 * static_cast<double>(entry.count) / static_cast<double>(d.n)), "", ""});
    }
}

void writeQuestion(StatsRowWriter& out, const QuestionStatistics& q)
{
    if (const auto* choice = std::get_if<ChoiceStatistics>(&q.figures)) {
        out.write({q.key, q.label, "répondants", "", out.count(choice->respondents), "", "", ""});
        for (const OptionShare& option : choice->options) {
            out.write({q.key, q.label, "option", option.label, out.count(option.count),
                       out.percent(option.percentOfRespondents),
                       option.percentOfAnswers ? out.percent(*option.percentOfAnswers) : std::string(), ""});
        }
    } else if (const auto* distribution = std::get_if<DistributionStatistics>(&q.figures)) {
        writeDistribution(out, q, *distribution);
    } else if (const auto* nps = std::get_if<NpsStatistics>(&q.figures)) {
        const std::uint64_t n = nps->distribution.n;
        auto share = [&](std::uint64_t part) {
            return n == 0 ? std::string() : out.percent(100.0 * static_cast<double>(part) / static_cast<double>(n));
        };
        out.write({q.key, q.label, "score NPS", "", "", "", "",
                   nps->roundedScore ? std::to_string(*nps->roundedScore) : std::string()});
        out.write({q.key, q.label, "promoteurs (9-10)", "", out.count(nps->promoters), share(nps->promoters), "", ""});
        out.write({q.key, q.label, "passifs (7-8)", "", out.count(nps->passives), share(nps->passives), "", ""});
        out.write(
            {q.key, q.label, "détracteurs (0-6)", "", out.count(nps->detractors), share(nps->detractors), "", ""});
        writeDistribution(out, q, nps->distribution);
    } else if (const auto* text = std::get_if<TextStatistics>(&q.figures)) {
        out.write({q.key, q.label, "réponses non vides", "", out.count(text->nonEmpty), "", "", ""});
    }
}

}  // namespace

void statsToCsv(const FormStatistics& statistics, CsvWriter& writer)
{
    writer.writeRow(
        {"question", "libellé", "mesure", "modalité", "effectif", "pourcentage", "pourcentage des réponses", "valeur"});
    StatsRowWriter out(writer);
    out.write({"", "Réponses", "total", "", out.count(statistics.responses), "", "", ""});
    for (const DayCount& day : statistics.responsesPerDay) {
        out.write({"", "Réponses par jour", "jour", day.day, out.count(day.count), "", "", ""});
    }
    for (const QuestionStatistics& question : statistics.questions) writeQuestion(out, question);
}

}  // namespace tnt::exports
