#include "dm_plugin.h"

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::dm {

sdk::Plugin* CreatePlugin() noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::Plugin* { return new DmPlugin(); }, static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::dm
