// Numbers as CSV cells: locale-independent (std::to_chars never reads the C locale), never in exponent
// notation, with the dialect's decimal separator so French Excel reads "3,5" as a number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tnt::exports {

void appendInteger(std::string& out, std::int64_t value);
// Shortest text that reads back as the same double; non-finite values (which JSON cannot hold) append nothing.
void appendDecimal(std::string& out, double value, char decimalSeparator);
std::string formatDecimal(double value, char decimalSeparator);
// Rounded to `digits` decimals with trailing zeros dropped: "33,3", "50", "-12,5". For percentages and means.
std::string formatRounded(double value, int digits, char decimalSeparator);

}  // namespace tnt::exports
