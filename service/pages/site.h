// Who runs the service, as the footer of every page and the legal pages (mentions légales, accessibilité,
// données personnelles) name them. Filled from the serve command's configuration and passed to the pages:
// nothing here is global.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tnt::pages {

// The accessibility status a public site must show in its footer (RGAA; article 47 of law 2005-102).
enum class AccessibilityStatus { non_conforme, partiellement_conforme, totalement_conforme };

// "non", "partiellement", "totalement" (the configuration's words) → the status.
std::optional<AccessibilityStatus> accessibilityStatusFromWord(std::string_view word);
// "non conforme", "partiellement conforme", "totalement conforme".
std::string_view accessibilityStatusText(AccessibilityStatus status);

struct Site {
    std::string publisher;  // the publisher: "Agence nationale de la cohésion des territoires (ANCT)"
    std::string publisher_address;  // its postal address
    std::string publication_director;  // "Le directeur général de l'ANCT"
    std::string contact_email;  // where respondents write (the receipt's « écrivez-nous »)
    std::string host;  // who hosts the servers: name and address
    AccessibilityStatus accessibility = AccessibilityStatus::non_conforme;
};

}  // namespace tnt::pages
