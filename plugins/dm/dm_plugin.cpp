#include "dm_plugin.h"

namespace dbbridge::dm {

sdk::Plugin* CreatePlugin() noexcept {
    try {
        return new DmPlugin();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace dbbridge::dm
