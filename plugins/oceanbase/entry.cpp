// Plugin entry points: the ABI info and the factory serving OCEAN_BASE_ORACLE and OCEAN_BASE_MYSQL.
#include <boost/dll/alias.hpp>

#include "dbbridge/sdk/plugin.h"
#include "ob_plugin.h"

DBB_DECLARE_PLUGIN("oceanbase", "0.1.0", dbbridge::oceanbase::CreatePlugin)
