#include "service/pages/site.h"

namespace tnt::pages {

std::optional<AccessibilityStatus> accessibilityStatusFromWord(std::string_view word)
{
    if (word == "non") return AccessibilityStatus::non_conforme;
    if (word == "partiellement") return AccessibilityStatus::partiellement_conforme;
    if (word == "totalement") return AccessibilityStatus::totalement_conforme;
    return std::nullopt;
}

std::string_view accessibilityStatusText(AccessibilityStatus status)
{
    switch (status) {
    case AccessibilityStatus::non_conforme:
        return "non conforme";
    case AccessibilityStatus::partiellement_conforme:
        return "partiellement conforme";
    case AccessibilityStatus::totalement_conforme:
        return "totalement conforme";
    }
    return "non conforme";
}

}  // namespace tnt::pages
