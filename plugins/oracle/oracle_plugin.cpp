#include "oracle_plugin.h"

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::oracle {

sdk::Plugin* CreatePlugin() noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::Plugin* { return new OraclePlugin(); }, static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::oracle
