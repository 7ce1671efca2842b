#include "ob_url.h"

#include "dbbridge/sdk/util/jdbc_url.h"

namespace dbbridge::oceanbase {

sdk::Result<sdk::ConnectionSpec> ParseObJdbcUrl(const std::string& url, const std::string& dialect) {
    std::string rest = url;
    std::string cluster;
    std::string tenant;
    const std::string marker = kObMarker;
    if (rest.rfind(marker, 0) == 0) {
        std::size_t end = rest.find(marker, marker.size());
        if (end == std::string::npos) {
            return sdk::Status::InvalidArgument("JDBC URL '" + url + "' opens '" + marker + "' but never closes it");
        }
        std::string ct = rest.substr(marker.size(), end - marker.size());
        std::size_t colon = ct.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == ct.size()) {
            return sdk::Status::InvalidArgument("JDBC URL '" + url + "': expected 'cluster:tenant' between the '" +
                                                marker + "' markers, got '" + ct + "'");
        }
        cluster = ct.substr(0, colon);
        tenant = ct.substr(colon + 1);
        rest = rest.substr(end + marker.size());
    }
    std::string prefix;
    if (sdk::util::StartsWithNoCase(rest, "jdbc:oceanbase://")) {
        prefix = "jdbc:oceanbase://";
    } else if (sdk::util::StartsWithNoCase(rest, "jdbc:mysql://")) {
        prefix = "jdbc:mysql://";
    } else {
        return sdk::Status::InvalidArgument("JDBC URL '" + url +
                                            "' is not an OceanBase URL (jdbc:oceanbase://, jdbc:mysql:// or the "
                                            "||_dsc_ob10_dsc_||cluster:tenant||_dsc_ob10_dsc_|| form)");
    }
    DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::ParseHostPortUrl(rest, prefix));
    sdk::ConnectionSpec spec;
    spec.dialect = dialect;
    spec.host = parts.host;
    spec.port = parts.port > 0 ? parts.port : kDefaultObPort;
    spec.database = parts.database;
    spec.options = parts.params;
    if (!cluster.empty()) {
        spec.options["cluster"] = cluster;
        spec.options["tenant"] = tenant;
    }
    return spec;
}

std::string BuildObJdbcUrl(const sdk::ConnectionSpec& spec, bool mysql_mode) {
    std::string url = std::string(mysql_mode ? "jdbc:mysql://" : "jdbc:oceanbase://") + spec.host + ":" +
                      std::to_string(spec.port > 0 ? spec.port : kDefaultObPort);
    std::string db = spec.database.empty() ? spec.schema : spec.database;
    if (!db.empty()) {
        url += "/" + db;
    }
    return url;
}

std::string ComposeObUser(const sdk::ConnectionSpec& spec) {
    if (spec.user.find('@') != std::string::npos) {
        return spec.user;
    }
    std::string tenant = spec.Option("tenant");
    if (tenant.empty()) {
        return spec.user;
    }
    std::string user = spec.user + "@" + tenant;
    std::string cluster = spec.Option("cluster");
    if (!cluster.empty()) {
        user += "#" + cluster;
    }
    return user;
}

}  // namespace dbbridge::oceanbase
