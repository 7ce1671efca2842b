#pragma once
// The postgres plugin object: owns the four dialects it serves.

#include <vector>

#include "dbbridge/sdk/plugin.h"
#include "pg_dialect.h"

namespace dbbridge::postgres {

class PgPlugin final : public sdk::Plugin {
public:
    PgPlugin();
    std::vector<const sdk::Dialect*> Dialects() const noexcept override;

private:
    PgDialect postgresql_;
    PgDialect lightdb_oracle_;
    PgDialect gaussdb_oracle_;
    PgDialect gaussdb500_oracle_;
};

// Factory exported by entry.cpp; nullptr on failure. The caller owns the result.
sdk::Plugin* CreatePlugin() noexcept;

}  // namespace dbbridge::postgres
