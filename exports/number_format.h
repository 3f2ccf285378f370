// Numbers as text for the whole project: locale-independent (std::to_chars never reads the C locale, where
// printf and std::to_string do), never in exponent notation, with the caller's decimal separator — the CSV
// dialect's so French Excel reads "3,5" as a number, a comma on the French pages, a point in HTML attributes.
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
// Rounded to exactly `digits` decimals, zeros kept: "3,50", "2,0". For figures read beside others of the same
// precision (the dashboard's means and medians).
std::string formatFixed(double value, int digits, char decimalSeparator);

}  // namespace tnt::exports
