// Diagnostic formatting.
#include "service/domain/diagnostic.h"

namespace tnt::domain {

std::string formatDiagnostic(const Diagnostic& diagnostic)
{
    return diagnostic.file + ":" + std::to_string(diagnostic.line) + ":" + std::to_string(diagnostic.column) + ": " +
           diagnostic.message;
}

}  // namespace tnt::domain
