#include "ob_datax.h"

#include "dbbridge/odbc/datax_blocks.h"
#include "ob_url.h"

namespace dbbridge::oceanbase {

namespace {
constexpr int kObBatchSize = 1000;  // the plugin's documented default
}

sdk::Result<std::string> ObReaderJson(const sdk::DataxSide& side, bool mysql_mode) {
    odbc::DataxBlockOptions o;
    o.plugin_name = "oceanbasev10reader";
    o.jdbc_url = side.jdbc_url.empty() ? BuildObJdbcUrl(side.connection, mysql_mode) : side.jdbc_url;
    o.username = ComposeObUser(side.connection);
    return odbc::RdbmsReaderJson(side, o);
}

sdk::Result<std::string> ObWriterJson(const sdk::DataxSide& side, bool mysql_mode) {
    if (!side.write_mode.empty() && side.write_mode != "insert" && side.write_mode != "update") {
        return sdk::Status::InvalidArgument("oceanbasev10writer supports writeMode insert or update, not '" +
                                            side.write_mode + "'");
    }
    odbc::DataxBlockOptions o;
    o.plugin_name = "oceanbasev10writer";
    o.jdbc_url = side.jdbc_url.empty() ? BuildObJdbcUrl(side.connection, mysql_mode) : side.jdbc_url;
    o.username = ComposeObUser(side.connection);
    o.default_batch_size = kObBatchSize;
    o.writer_accepts_write_mode = true;
    o.write_mode_key = "obWriteMode";
    return odbc::RdbmsWriterJson(side, o);
}

}  // namespace dbbridge::oceanbase
