#include "host/plugin_dirs.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>

namespace dbbridge::host {

std::vector<std::string> PluginDirectories(const std::string& configured) {
    if (!configured.empty()) {
        return {configured};
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe_dir = boost::dll::program_location(ec).parent_path();
    std::vector<fs::path> candidates = {exe_dir / "plugins", exe_dir / ".." / "plugins",
                                        exe_dir / ".." / "lib" / "dbbridge" / "plugins", DBB_PLUGIN_INSTALL_DIR};
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        if (fs::is_directory(c, ec)) {
            out.push_back(fs::weakly_canonical(c, ec).string());
            break;  // the first existing directory wins, so one build's plugins never mix with another's
        }
    }
    return out;
}

}  // namespace dbbridge::host
