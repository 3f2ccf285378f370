// The tnt-forms command line: subcommands, their flags and environment variables, and --help on each.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "service/app/config.h"

namespace CLI {
class App;
}

namespace tnt::app {

// Flags and TNT_FORMS_* variables bound to the configuration structs; parse() fills them.
class CommandLine {
public:
    CommandLine();
    ~CommandLine();

    // Runs the command named on the line; returns the process exit code.
    int run(int argc, char** argv);

    // For tests: parses without running; returns 0, or CLI11's exit code with its message in `error`.
    int parse(const std::vector<std::string>& args, std::string& error);

    const DatabaseConfig& database() const { return database_; }
    const ServeConfig& serve() const { return serve_; }
    std::string selectedCommand() const;

private:
    DatabaseConfig database_;
    ServeConfig serve_;
    std::string forms_check_dir_ = "forms";
    TemplatesCheckConfig templates_check_;
    ImportConfig import_;
    ExportConfig export_;
    TokenConfig token_;
    PurgeConfig purge_;
    InviteConfig invite_;
    RemindConfig remind_;
    std::unique_ptr<CLI::App> app_;
};

}  // namespace tnt::app
