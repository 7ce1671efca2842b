#include "dm_url.h"

#include "dbbridge/sdk/util/jdbc_url.h"

namespace dbbridge::dm {

sdk::Result<sdk::ConnectionSpec> ParseDmJdbcUrl(const std::string& url) {
    DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::ParseHostPortUrl(url, kDmJdbcPrefix));
    sdk::ConnectionSpec spec;
    spec.dialect = "DM";
    spec.host = parts.host;
    spec.port = parts.port > 0 ? parts.port : kDefaultDmPort;
    std::string schema = parts.database;
    for (const auto& [k, v] : parts.params) {
        if (k == "schema" || k == "SCHEMA") {
            schema = v;
        } else {
            spec.options[k] = v;
        }
    }
    spec.schema = schema;
    spec.database = schema;
    return spec;
}

std::string BuildDmJdbcUrl(const sdk::ConnectionSpec& spec) {
    std::string url = std::string(kDmJdbcPrefix) + spec.host + ":" +
                      std::to_string(spec.port > 0 ? spec.port : kDefaultDmPort);
    std::string schema = spec.schema.empty() ? spec.database : spec.schema;
    if (!schema.empty()) {
        url += "?schema=" + schema;
    }
    return url;
}

}  // namespace dbbridge::dm
