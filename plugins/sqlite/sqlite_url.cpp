#include "sqlite_url.h"

namespace dbbridge::sqlite {

sdk::Result<sdk::ConnectionSpec> ParseSqliteJdbcUrl(const std::string& url) {
    if (url.rfind(kJdbcPrefix, 0) != 0) {
        return sdk::Status::InvalidArgument("'" + url + "' is not a SQLITE JDBC URL (expected " + kJdbcPrefix +
                                            "/path/to/file.db)");
    }
    std::string path = url.substr(std::char_traits<char>::length(kJdbcPrefix));
    path = path.substr(0, path.find('?'));
    if (path.rfind("file:", 0) == 0) {
        path = path.substr(5);
    }
    if (path.empty() || path == ":memory:") {
        return sdk::Status::InvalidArgument("'" + url + "': give the path of a database file");
    }
    sdk::ConnectionSpec spec;
    spec.dialect = "SQLITE";
    spec.database = path;
    return spec;
}

std::string BuildSqliteJdbcUrl(const sdk::ConnectionSpec& spec) { return kJdbcPrefix + spec.database; }

}  // namespace dbbridge::sqlite
