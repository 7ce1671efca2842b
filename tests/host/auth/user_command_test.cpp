// `dbbridge user ...` against the store of a served host: users made from a shell can log in over
// HTTP; passwords come from standard input and appear nowhere in the output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

struct CommandResult {
    int exit_code = -1;
    std::string output;
};

// Runs `dbbridge --config CONFIG user ARGS` with stdin_text on its standard input.
CommandResult User(const HostProcess& host, const std::string& args, const std::string& stdin_text) {
    const std::string input = host.work_dir() + "/stdin.txt";
    FILE* f = fopen(input.c_str(), "w");
    fputs(stdin_text.c_str(), f);
    fclose(f);
    std::string cmd = std::string(DBB_HOST_BINARY) + " --config " + host.config_path() + " user " + args + " < " +
                      input + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    CommandResult r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.output.append(buf.data(), n);
    }
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

int LoginCode(const HostProcess& host, const std::string& user, const std::string& password) {
    return host
        .Send("POST", "/api/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
              {{"Content-Type", "application/json"}})
        .code();
}

TEST(UserCommandTest, AddPasswdListDisableEnable) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();

    auto added = User(host, "add ops-lead --role admin", "first-password-1\n");
    ASSERT_EQ(added.exit_code, 0) << added.output;
    EXPECT_NE(added.output.find("'ops-lead' added (role admin)"), std::string::npos) << added.output;
    EXPECT_EQ(added.output.find("first-password-1"), std::string::npos);
    EXPECT_EQ(LoginCode(host, "ops-lead", "first-password-1"), 0);

    auto again = User(host, "add ops-lead", "whatever-password\n");
    EXPECT_EQ(again.exit_code, 1) << again.output;
    EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
    auto short_pw = User(host, "add shorty", "short\n");
    EXPECT_NE(short_pw.exit_code, 0);
    EXPECT_NE(short_pw.output.find("password"), std::string::npos) << short_pw.output;
    auto no_pw = User(host, "add silent", "");
    EXPECT_NE(no_pw.exit_code, 0);
    EXPECT_NE(no_pw.output.find("standard input"), std::string::npos) << no_pw.output;
    auto bad_role = User(host, "add x --role root", "long-enough-pw\n");
    EXPECT_EQ(bad_role.exit_code, 2) << bad_role.output;

    auto passwd = User(host, "passwd ops-lead", "second-password-2\r\n");  // a CRLF line works too
    ASSERT_EQ(passwd.exit_code, 0) << passwd.output;
    EXPECT_NE(LoginCode(host, "ops-lead", "first-password-1"), 0);
    EXPECT_EQ(LoginCode(host, "ops-lead", "second-password-2"), 0);
    EXPECT_EQ(User(host, "passwd nobody", "x-long-password\n").exit_code, 1);

    auto list = User(host, "list", "");
    ASSERT_EQ(list.exit_code, 0) << list.output;
    EXPECT_NE(list.output.find("ops-lead\tadmin\tno"), std::string::npos) << list.output;
    EXPECT_NE(list.output.find("admin\tadmin\tno"), std::string::npos) << list.output;
    EXPECT_EQ(list.output.find("argon2"), std::string::npos);

    ASSERT_EQ(User(host, "disable ops-lead", "").exit_code, 0);
    EXPECT_NE(LoginCode(host, "ops-lead", "second-password-2"), 0);
    EXPECT_NE(User(host, "list", "").output.find("ops-lead\tadmin\tyes"), std::string::npos);
    ASSERT_EQ(User(host, "enable ops-lead", "").exit_code, 0);
    EXPECT_EQ(LoginCode(host, "ops-lead", "second-password-2"), 0);

    EXPECT_EQ(User(host, "disable", "").exit_code, 2);  // NAME is required
}

}  // namespace
}  // namespace dbbridge::testing
