// `tnt-forms forms check [DIR]`: every problem of every form file as file:line:column: message.
#include <iostream>

#include "service/app/commands.h"

namespace tnt::app {

int runFormsCheck(const std::string& dir)
{
    std::cerr << "tnt-forms forms check " << dir << " : pending the form loader\n";
    return 1;
}

}  // namespace tnt::app
