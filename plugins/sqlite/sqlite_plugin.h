#pragma once
// The sqlite plugin object: serves the SQLITE dialect.

#include "dbbridge/sdk/plugin.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "sqlite_dialect.h"

namespace dbbridge::sqlite {

class SqlitePlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&dialect_}; }

private:
    SqliteDialect dialect_;
};

inline sdk::Plugin* CreatePlugin() noexcept {
    // nullptr: the host reports "initialisation failed".
    return sdk::util::NoThrowValue([]() -> sdk::Plugin* { return new SqlitePlugin(); },
                                   static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::sqlite
