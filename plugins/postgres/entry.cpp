// Plugin entry points (Boost.DLL aliases) for the postgres plugin.
#include <boost/dll/alias.hpp>

#include "dbbridge/sdk/plugin.h"
#include "pg_plugin.h"

DBB_DECLARE_PLUGIN("postgres", "0.1.0", dbbridge::postgres::CreatePlugin)
