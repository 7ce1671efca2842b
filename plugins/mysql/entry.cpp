// Plugin entry points: the ABI info and the factory serving the MYSQL dialect.
#include <boost/dll/alias.hpp>
#include <new>

#include "dbbridge/sdk/plugin.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "mysql_dialect.h"

namespace dbbridge::mysql {

class MysqlPlugin final : public sdk::Plugin {
public:
    std::vector<const sdk::Dialect*> Dialects() const noexcept override { return {&dialect_}; }

private:
    MysqlDialect dialect_;
};

sdk::Plugin* CreatePlugin() noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::Plugin* { return new MysqlPlugin(); }, static_cast<sdk::Plugin*>(nullptr));
}

}  // namespace dbbridge::mysql

DBB_DECLARE_PLUGIN("mysql", "0.1.0", dbbridge::mysql::CreatePlugin)
