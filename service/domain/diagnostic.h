// A problem found in a form file, located precisely enough for an editor to jump to it.
#pragma once

#include <string>

namespace tnt::domain {

struct Diagnostic {
    std::string file;
    int line = 0;  // 1-based
    int column = 0;  // 1-based
    std::string message;
};

// "forms/x.yaml:12:7: message" — the format compilers use, so editors and CI annotate the line.
std::string formatDiagnostic(const Diagnostic& diagnostic);

}  // namespace tnt::domain
