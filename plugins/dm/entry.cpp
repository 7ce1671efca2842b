// Plugin entry points: the ABI info and the factory serving the DM dialect.
#include <boost/dll/alias.hpp>

#include "dbbridge/sdk/plugin.h"
#include "dm_plugin.h"

DBB_DECLARE_PLUGIN("dm", "0.1.0", dbbridge::dm::CreatePlugin)
