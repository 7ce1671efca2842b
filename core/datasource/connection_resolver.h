#pragma once
// Resolves a saved datasource into connection settings (with its decrypted password).
// Implemented by DatasourceService; used by the job engine for DataX jobs that name a saved
// datasource ("datasourceId" / "datasourceName") instead of carrying credentials.

#include <cstdint>
#include <string>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class ConnectionResolver {
public:
    virtual ~ConnectionResolver() = default;
    // NotFound naming the id / name when there is no such datasource. Thread-safe.
    virtual sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) = 0;
    virtual sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) = 0;
};

}  // namespace dbbridge::core
