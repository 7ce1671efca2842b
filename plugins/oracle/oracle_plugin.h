#pragma once
// The oracle plugin object: serves the ORACLE dialect.

#include "dbbridge/sdk/plugin.h"
#include "oracle_dialect.h"

namespace dbbridge::oracle {

class OraclePlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&dialect_}; }

private:
    OracleDialect dialect_;
};

sdk::Plugin* CreatePlugin() noexcept;

}  // namespace dbbridge::oracle
