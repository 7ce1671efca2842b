#pragma once
// Where the host looks for plugins when the configuration does not say.

#include <string>
#include <vector>

namespace dbbridge::host {

// configured non-empty: just that directory. Otherwise, in order: <exe dir>/plugins,
// <exe dir>/../plugins (the build tree), <exe dir>/../lib/dbbridge/plugins and the install dir.
// Only existing directories are returned, except a configured one (so its absence is reported).
std::vector<std::string> PluginDirectories(const std::string& configured);

}  // namespace dbbridge::host
