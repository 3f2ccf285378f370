// The two CSV flavours pilots can download: "excel" for French Excel (UTF-8 BOM, ';', decimal comma)
// and "rfc4180" for tools that follow the RFC (',', no BOM, decimal point). Both end lines with CRLF.
#pragma once

#include <stdexcept>
#include <string_view>

namespace tnt::exports {

struct CsvDialect {
    enum class Name { excel, rfc4180 };

    Name name;
    char separator;
    // French Excel only guesses UTF-8 when the file starts with a BOM; without it accents come out garbled.
    bool byteOrderMark;
    // French Excel reads "3,5" as a number only with a decimal comma (and ';' as separator, since ',' is taken).
    char decimalSeparator;

    static constexpr std::string_view lineEnd = "\r\n";  // RFC 4180 §2.1; Excel reads it too.
    static constexpr std::string_view utf8ByteOrderMark = "\xEF\xBB\xBF";

    static constexpr CsvDialect excel() { return {Name::excel, ';', true, ','}; }
    static constexpr CsvDialect rfc4180() { return {Name::rfc4180, ',', false, '.'}; }

    std::string_view queryValue() const { return name == Name::excel ? "excel" : "rfc4180"; }
    friend bool operator==(const CsvDialect&, const CsvDialect&) = default;
};

// Thrown for a dialect name we do not know; the message is a French sentence fit for an API error.
class UnknownCsvDialect : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Reads the `dialect` query value ("excel" or "rfc4180", exact and lower case).
CsvDialect parseCsvDialect(std::string_view queryValue);

}  // namespace tnt::exports
