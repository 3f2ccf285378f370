// application/x-www-form-urlencoded bodies, as browsers send the HTML forms: pairs in order, '+' for a
// space, %XX escapes, repeated names for checkboxes. Pure, so it is unit-tested byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tnt::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX (either case) and, when `plus_is_space`, '+'. A '%' not followed by two hex digits is kept
// as it is: a browser never sends one, and dropping bytes would change what the person typed.
std::string percentDecode(std::string_view text, bool plus_is_space = true);

// "a=1&b=x+y&a=2" → {a,1} {b,"x y"} {a,2}. Empty pieces ("&&") are skipped; a name without '=' has an
// empty value.
FormFields parseUrlEncoded(std::string_view body);

// The inverse for building bodies and query strings: unreserved characters kept, space as '+'.
std::string urlEncode(std::string_view text);

// Whether a Content-Type header names application/x-www-form-urlencoded (parameters and case ignored).
bool isUrlEncodedContentType(std::string_view content_type);

}  // namespace tnt::http
