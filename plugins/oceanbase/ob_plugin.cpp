#include "ob_plugin.h"

namespace dbbridge::oceanbase {

sdk::Plugin* CreatePlugin() noexcept {
    try {
        return new ObPlugin();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace dbbridge::oceanbase
