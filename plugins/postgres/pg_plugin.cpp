#include "pg_plugin.h"

#include <new>

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::postgres {

PgPlugin::PgPlugin()
    : postgresql_(PostgresqlIdentity()),
      lightdb_oracle_(LightdbOracleIdentity()),
      gaussdb_oracle_(GaussdbOracleIdentity()),
      gaussdb500_oracle_(Gaussdb500OracleIdentity()) {}

std::vector<const sdk::Dialect*> PgPlugin::Dialects() const noexcept {
    return {&postgresql_, &lightdb_oracle_, &gaussdb_oracle_, &gaussdb500_oracle_};
}

sdk::Plugin* CreatePlugin() noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::Plugin* { return new PgPlugin(); }, static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::postgres
