#include "ob_plugin.h"

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::oceanbase {

sdk::Plugin* CreatePlugin() noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::Plugin* { return new ObPlugin(); }, static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::oceanbase
