#include "tests/support/run_command.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace dbbridge::testing {

CommandResult RunDbbridge(const std::string& args, const std::string& cwd) {
    std::string cmd = (cwd.empty() ? "" : "cd '" + cwd + "' && ") + std::string(DBB_HOST_BINARY) + " " + args + " 2>&1";
    CommandResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.output.append(buf.data(), n);
    }
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace dbbridge::testing
