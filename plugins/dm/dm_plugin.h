#pragma once
// The dm plugin object: serves the DM dialect.

#include "dbbridge/sdk/plugin.h"
#include "dm_dialect.h"

namespace dbbridge::dm {

class DmPlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&dialect_}; }

private:
    DmDialect dialect_;
};

sdk::Plugin* CreatePlugin() noexcept;

}  // namespace dbbridge::dm
