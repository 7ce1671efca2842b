// Plugin entry points: the ABI info and the factory serving the SQLITE dialect.
#include <boost/dll/alias.hpp>

#include "dbbridge/sdk/plugin.h"
#include "sqlite_plugin.h"

DBB_DECLARE_PLUGIN("sqlite", "0.1.0", dbbridge::sqlite::CreatePlugin)
