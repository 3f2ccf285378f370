// The statistics download (stats.csv): the same figures as the JSON, as one long table that pivots
// well in a spreadsheet, written with the same CsvWriter (dialect, BOM, neutralisation) as the exports.
//
// Columns: question; libellé; mesure; modalité; effectif; pourcentage; pourcentage des réponses; valeur
// Percentages are rounded to 1 decimal and means/medians to 2, with the dialect's decimal separator.
#pragma once

#include "exports/csv_writer.h"
#include "exports/row_sink.h"
#include "exports/statistics.h"

namespace tnt::exports {

// Writes a header row then the figures, numbers with `decimalSeparator`: the statistics sheet of a workbook.
void writeStatistics(const FormStatistics& statistics, RowSink& sink, char decimalSeparator);

// Writes a header row then the figures; does not flush, so the caller decides when the response ends.
void statsToCsv(const FormStatistics& statistics, CsvWriter& writer);

}  // namespace tnt::exports
