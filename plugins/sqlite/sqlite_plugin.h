#pragma once
// The sqlite plugin object: serves the SQLITE dialect.

#include "dbbridge/sdk/plugin.h"
#include "sqlite_dialect.h"

namespace dbbridge::sqlite {

class SqlitePlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&dialect_}; }

private:
    SqliteDialect dialect_;
};

inline sdk::Plugin* CreatePlugin() noexcept {
    try {
        return new SqlitePlugin();
    } catch (...) {
        return nullptr;  // the host reports "initialisation failed"
    }
}

}  // namespace dbbridge::sqlite
