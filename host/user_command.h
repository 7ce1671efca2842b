#pragma once
// `dbbridge user add|passwd|list|disable|enable`: manage the users of the metadata store named by
// the configuration, from a shell on the server (the way to create the first users, or to reset a
// password when no admin can log in). Passwords are read from standard input, one line, and never
// echoed: on a terminal the line is read with echo off.

#include <iosfwd>
#include <string>

#include "core/config/app_config.h"
#include "host/cli/command_line.h"

namespace dbbridge::host {

struct UserCommandArgs {
    std::string action;  // add | passwd | list | disable | enable
    std::string name;    // every action but list
    std::string role = "user";  // add: admin | user
};

// Adds `user add NAME [--role admin|user]`, `user passwd NAME`, `user list`, `user disable NAME`,
// `user enable NAME`.
void AddUserCommand(CommandLine& cli);

// Returns the exit code: 0 done, 1 failed (the reason on err), 2 bad arguments.
int RunUserCommand(const core::AppConfig& config, const UserCommandArgs& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

}  // namespace dbbridge::host
