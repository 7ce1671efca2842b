#pragma once
// Resolves a saved datasource into connection settings (with its decrypted password).
// Implemented by DatasourceService; used by the job engine for DataX jobs that name a saved
// datasource ("datasourceId" / "datasourceName") instead of carrying credentials, and by the
// multiplex service, which acts for the calling user and so resolves names per uid.

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
    // Only uid's datasource of that name; another user's is NotFound, as if it did not exist.
    // The default refuses (fails closed) so a resolver that knows no owners never leaks one.
    virtual sdk::Result<sdk::ConnectionSpec> ResolveByNameForUser(const std::string& name, const std::string& uid) {
        (void)uid;
        return sdk::Status::Unimplemented("datasource '" + name + "': this resolver cannot scope datasources by user");
    }
};

}  // namespace dbbridge::core
