// Plugin entry points: the ABI info and the factory serving the ORACLE dialect.
#include <boost/dll/alias.hpp>

#include "dbbridge/sdk/plugin.h"
#include "oracle_plugin.h"

DBB_DECLARE_PLUGIN("oracle", "0.1.0", dbbridge::oracle::CreatePlugin)
