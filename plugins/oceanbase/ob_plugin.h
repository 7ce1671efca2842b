#pragma once
// The oceanbase plugin object: serves OCEAN_BASE_ORACLE and OCEAN_BASE_MYSQL.

#include "dbbridge/sdk/plugin.h"
#include "ob_mysql_dialect.h"
#include "ob_oracle_dialect.h"

namespace dbbridge::oceanbase {

class ObPlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&oracle_mode_, &mysql_mode_}; }

private:
    ObOracleDialect oracle_mode_;
    ObMysqlDialect mysql_mode_;
};

sdk::Plugin* CreatePlugin() noexcept;

}  // namespace dbbridge::oceanbase
