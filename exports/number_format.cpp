#include "exports/number_format.h"

#include <array>
#include <charconv>
#include <cmath>

namespace tnt::exports {

namespace {

void useSeparator(std::string& out, std::size_t from, char decimalSeparator)
{
    if (decimalSeparator == '.') return;
    for (std::size_t i = from; i < out.size(); ++i) {
        if (out[i] == '.') out[i] = decimalSeparator;
    }
}

}  // namespace

void appendInteger(std::string& out, std::int64_t value)
{
    std::array<char, 24> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), result.ptr);
}

void appendDecimal(std::string& out, double value, char decimalSeparator)
{
    if (!std::isfinite(value)) return;
    // Fixed notation of the largest double takes 309 digits; shortest round-trip keeps the rest short.
    std::array<char, 400> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::fixed);
    const std::size_t at = out.size();
    out.append(digits.data(), result.ptr);
    useSeparator(out, at, decimalSeparator);
}

std::string formatDecimal(double value, char decimalSeparator)
{
    std::string out;
    appendDecimal(out, value, decimalSeparator);
    return out;
}

std::string formatRounded(double value, int digits, char decimalSeparator)
{
    if (!std::isfinite(value)) return {};
    const double scale = std::pow(10.0, digits);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0.0) rounded = 0.0;  // no "-0"
    std::array<char, 400> text{};
    const auto result =
        std::to_chars(text.data(), text.data() + text.size(), rounded, std::chars_format::fixed, digits);
    std::string out(text.data(), result.ptr);
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    useSeparator(out, 0, decimalSeparator);
    return out;
}

std::string formatFixed(double value, int digits, char decimalSeparator)
{
    if (!std::isfinite(value)) return {};
    std::array<char, 400> text{};
    const auto result = std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, digits);
    std::string out(text.data(), result.ptr);
    useSeparator(out, 0, decimalSeparator);
    return out;
}

}  // namespace tnt::exports
