// tnt-forms: the service binary. Everything happens in the command line's commands (service/app).
#include "service/app/command_line.h"

int main(int argc, char** argv)
{
    tnt::app::CommandLine command_line;
    return command_line.run(argc, argv);
}
