#include "host/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <istream>
#include <memory>
#include <ostream>
#include <vector>

#include "core/auth/auth_service.h"
#include "core/store/metadata_store.h"
#include "core/store/store_connectors.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {


// Turns terminal echo off while alive when in is the process's terminal.
class NoEcho {
public:
    explicit NoEcho(std::istream& in) {
        if (&in != &std::cin || !::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved_) != 0) {
            return;
        }
        termios quiet = saved_;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
    ~NoEcho() {
        if (active_) {
            ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
        }
    }
    bool active() const { return active_; }

private:
    termios saved_{};
    bool active_ = false;
};

// One line from in, without its line ending; prompts on err when in is a terminal.
bool ReadPassword(std::istream& in, std::ostream& err, const std::string& name, std::string& out) {
    NoEcho quiet(in);
    if (quiet.active()) {
        err << "password for '" << name << "': " << std::flush;
    }
    bool got = static_cast<bool>(std::getline(in, out));
    if (quiet.active()) {
        err << "\n";
    }
    if (!out.empty() && out.back() == '\r') {
        out.pop_back();
    }
    return got;
}

void PrintUsers(const std::vector<core::UserRow>& users, std::ostream& out) {
    out << "name\trole\tdisabled\tcreated\tlast_login\n";
    for (const auto& u : users) {
        out << u.name << "\t" << u.role << "\t" << (u.disabled ? "yes" : "no") << "\t" << u.insert_time << "\t"
            << (u.last_login.empty() ? "-" : u.last_login) << "\n";
    }
}

sdk::Status Act(core::auth::AuthService& auth, const UserCommandArgs& args, std::istream& in, std::ostream& out,
                std::ostream& err) {
    if (args.action == "list") {
        auto users = auth.ListUsers();
        DBB_RETURN_IF_ERROR(users.status());
        PrintUsers(*users, out);
        return sdk::Status::Ok();
    }
    if (args.action == "disable" || args.action == "enable") {
        DBB_RETURN_IF_ERROR(auth.SetDisabled(args.name, args.action == "disable"));
        out << "user '" << args.name << "' " << args.action << "d\n";
        return sdk::Status::Ok();
    }
    if (args.action == "add") {
        // Check what can be checked before asking for a password.
        DBB_RETURN_IF_ERROR(core::auth::AuthService::CheckUserName(args.name, "NAME"));
        DBB_RETURN_IF_ERROR(core::auth::AuthService::CheckRole(args.role));
    } else if (args.action == "passwd") {
        DBB_RETURN_IF_ERROR(auth.GetUser(args.name).status());
    }
    std::string password;
    if (!ReadPassword(in, err, args.name, password)) {
        return sdk::Status::InvalidArgument("no password on standard input (one line expected)");
    }
    if (args.action == "add") {
        auto added = auth.AddUser(args.name, args.role, password);
        DBB_RETURN_IF_ERROR(added.status());
        out << "user '" << added->name << "' added (role " << added->role << ")\n";
        return sdk::Status::Ok();
    }
    DBB_RETURN_IF_ERROR(auth.SetPassword(args.name, password));
    out << "password of '" << args.name << "' changed; its sessions and API tokens were ended\n";
    return sdk::Status::Ok();
}

}  // namespace

int RunUserCommand(const core::AppConfig& config, const UserCommandArgs& args, std::istream& in, std::ostream& out,
                   std::ostream& err) {
    static const std::vector<std::string> kActions = {"add", "passwd", "list", "disable", "enable"};
    if (std::find(kActions.begin(), kActions.end(), args.action) == kActions.end()) {
        err << "dbbridge user: unknown action '" << args.action << "' (add, passwd, list, disable, enable)\n";
        return kExitUsage;
    }
    if (args.action != "list" && args.name.empty()) {
        err << "dbbridge user " << args.action << ": NAME is required\n";
        return kExitUsage;
    }
    core::RegisterStoreConnectors();
    auto store = core::MetadataStore::Open(config.store.url);
    if (!store.ok()) {
        err << "dbbridge user: metadata store: " << store.status().message() << "\n";
        return kExitFailure;
    }
    core::auth::AuthOptions options;
    options.session_ttl_minutes = config.security.session_ttl_minutes;
    core::auth::AuthService auth(**store, options);
    auto st = Act(auth, args, in, out, err);
    if (!st.ok()) {
        err << "dbbridge user " << args.action << ": " << st.message() << "\n";
        return st.code() == sdk::StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
    }
    return kExitOk;
}

void AddUserCommand(CommandLine& cli) {
    CLI::App* group = cli.AddGroup("user", "Manage the users who may log in (in the configured metadata store)");
    group->footer("Passwords are read from standard input, one line (not echoed on a terminal).");
    auto add_action = [&cli, group](const std::string& action, const std::string& description, bool named) {
        auto args = std::make_shared<UserCommandArgs>();
        args->action = action;
        CLI::App* cmd = cli.AddTo(group, action, description, [args](const CommandContext& ctx) {
            auto config = ctx.LoadConfig();
            if (!config.ok()) {
                return kExitUsage;
            }
            return RunUserCommand(*config, *args, *ctx.in, *ctx.out, *ctx.err);
        });
        if (named) {
            cmd->add_option("name", args->name, "User name")->type_name("NAME")->required();
        }
        return std::make_pair(cmd, args);
    };
    auto [add, add_args] = add_action("add", "Add a user; the password is read from standard input", true);
    add->add_option("--role", add_args->role, "admin or user (default user)")
        ->type_name("ROLE")
        ->check(CLI::IsMember({core::auth::kRoleAdmin, core::auth::kRoleUser}));
    add_action("passwd", "Set a user's password (read from standard input); ends its sessions", true);
    add_action("list", "List users: name, role, disabled, created, last login", false);
    add_action("disable", "Disable a user and end its sessions and API tokens", true);
    add_action("enable", "Enable a disabled user again", true);
}

}  // namespace dbbridge::host
