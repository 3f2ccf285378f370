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
    StatsRowWriter(RowSink& sink, char decimalSeparator) : sink_(sink), separator_(decimalSeparator) { row_.resize(8); }

    std::string count(std::uint64_t n) const { return std::to_string(n); }
    std::string percent(double p) const { return formatRounded(p, percentDigits, separator_); }
    std::string measure(const std::optional<double>& v) const
    {
        return v ? formatRounded(*v, meanDigits, separator_) : std::string();
    }
    std::string exact(double v) const { return formatDecimal(v, separator_); }

    // `itemKind`: the item is a day (responses per day), a date in a spreadsheet.
    void write(const StatsRow& row, ExportCell::Kind itemKind = ExportCell::Kind::text)
    {
        set(0, row.question, ExportCell::Kind::text);
        set(1, row.label, ExportCell::Kind::text);
        set(2, row.measure, ExportCell::Kind::text);
        set(3, row.item, itemKind);
        // Figures are ours, so they are written as numbers (a negative NPS must stay a number).
        set(4, row.count, ExportCell::Kind::trusted_number);
        set(5, row.percent, ExportCell::Kind::trusted_number);
        set(6, row.percentOfAnswers, ExportCell::Kind::trusted_number);
        set(7, row.value, ExportCell::Kind::trusted_number);
        sink_.writeRow(row_);
    }

private:
    void set(std::size_t i, const std::string& value, ExportCell::Kind kind)
    {
        row_[i].value = value;
        row_[i].kind = kind;
    }

    RowSink& sink_;
    char separator_;
    std::vector<ExportCell> row_;
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

void writeStatistics(const FormStatistics& statistics, RowSink& sink, char decimalSeparator)
{
    std::vector<ExportCell> header;
    for (const char* name : {"question", "libellé", "mesure", "modalité", "effectif", "pourcentage",
                             "pourcentage des réponses", "valeur"}) {
        header.push_back({name, ExportCell::Kind::text});
    }
    sink.writeRow(header);
    StatsRowWriter out(sink, decimalSeparator);
    out.write({"", "Réponses", "total", "", out.count(statistics.responses), "", "", ""});
    for (const DayCount& day : statistics.responsesPerDay) {
        out.write({"", "Réponses par jour", "jour", day.day, out.count(day.count), "", "", ""},
                  isPlainDate(day.day) ? ExportCell::Kind::date : ExportCell::Kind::text);
    }
    for (const QuestionStatistics& question : statistics.questions) writeQuestion(out, question);
}

void statsToCsv(const FormStatistics& statistics, CsvWriter& writer)
{
    writeStatistics(statistics, writer, writer.dialect().decimalSeparator);
}

}  // namespace tnt::exports
