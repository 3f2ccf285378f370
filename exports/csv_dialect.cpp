#include "exports/csv_dialect.h"

namespace tnt::exports {

CsvDialect parseCsvDialect(std::string_view queryValue)
{
    if (queryValue == "excel") return CsvDialect::excel();
    if (queryValue == "rfc4180") return CsvDialect::rfc4180();
    // The value is not echoed: it comes from the query string and may not even be valid UTF-8,
    // which would break the JSON error body.
    throw UnknownCsvDialect("Dialecte CSV inconnu : valeurs possibles « excel » ou « rfc4180 ».");
}

}  // namespace tnt::exports
