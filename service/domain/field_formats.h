// Checks and normal forms of single answer values (text, e-mail, French phone number, date). Each returns
// the normalised value, or nullopt when the value is not acceptable; messages are chosen by the caller.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tnt::domain {

// Removes leading and trailing ASCII whitespace and UTF-8 no-break spaces (U+00A0, U+202F) that copy-paste
// brings along.
std::string trimText(std::string_view text);

bool isValidUtf8(std::string_view text);

// Characters (code points) of valid UTF-8 text: limits are announced in characters, not bytes.
std::size_t countCharacters(std::string_view utf8);

// Reasonable e-mail syntax (local@domain.tld), not RFC 5322: what people type when asked for their address.
// The domain is lowercased; the local part is kept as typed.
std::optional<std::string> normaliseEmail(std::string_view text);

// French numbers, national ("01 23 45 67 89", "01.23.45.67.89") or international ("+33 1 23 45 67 89",
// "+33 (0)1 …", "0033 …", and overseas +262/+269/+590/+594/+596), normalised to "01 23 45 67 89".
std::optional<std::string> normalisePhone(std::string_view text);

// "YYYY-MM-DD" naming a real day (2021-02-30 is refused).
bool isIsoDate(std::string_view text);

}  // namespace tnt::domain
