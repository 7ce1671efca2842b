#include "ob_datax.h"

#include "dbbridge/sdk/util/datax_blocks.h"
#include "ob_url.h"

namespace dbbridge::oceanbase {

namespace {

constexpr int kObBatchSize = 1000;  // the plugin's documented default

sdk::util::DataxBlockOptions Options(const sdk::DataxSide& side, const char* plugin_name, bool mysql_mode) {
    sdk::util::DataxBlockOptions o;
    o.plugin_name = plugin_name;
    o.jdbc_url = side.jdbc_url.empty() ? BuildObJdbcUrl(side.connection, mysql_mode) : side.jdbc_url;
    o.username = ComposeObUser(side.connection);
    return o;
}

}  // namespace

sdk::Result<std::string> ObReaderJson(const sdk::DataxSide& side, bool mysql_mode) {
    return sdk::util::RdbmsReaderJson(side, Options(side, "oceanbasev10reader", mysql_mode));
}

sdk::Result<std::string> ObWriterJson(const sdk::DataxSide& side, bool mysql_mode) {
    if (!side.write_mode.empty() && side.write_mode != "insert" && side.write_mode != "update") {
        return sdk::Status::InvalidArgument("oceanbasev10writer supports writeMode insert or update, not '" +
                                            side.write_mode + "'");
    }
    sdk::util::DataxBlockOptions o = Options(side, "oceanbasev10writer", mysql_mode);
    o.default_batch_size = kObBatchSize;
    o.write_mode = side.write_mode;
    o.write_mode_key = "obWriteMode";
    return sdk::util::RdbmsWriterJson(side, o);
}

}  // namespace dbbridge::oceanbase
