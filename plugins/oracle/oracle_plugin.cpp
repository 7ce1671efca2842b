#include "oracle_plugin.h"

namespace dbbridge::oracle {

sdk::Plugin* CreatePlugin() noexcept {
    try {
        return new OraclePlugin();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace dbbridge::oracle
