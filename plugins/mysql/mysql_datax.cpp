#include "mysql_datax.h"

#include "dbbridge/sdk/util/datax_blocks.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::mysql {

namespace {

// mysqlreader/mysqlwriter docs: table before jdbcUrl in the reader, after it in the writer;
// fetchSize/batchSize and writeMode where the docs show them.
sdk::util::DataxBlockOptions Options(const sdk::DataxSide& side, const std::string& plugin_name,
                                     const std::string& jdbc_url) {
    sdk::util::DataxBlockOptions o;
    o.plugin_name = plugin_name;
    o.jdbc_url = jdbc_url;
    o.username = side.connection.user;
    o.sizes_after_connection = true;
    return o;
}

}  // namespace

sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url) {
    return sdk::util::RdbmsReaderJson(side, Options(side, plugin_name, jdbc_url));
}

sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url) {
    std::string mode = sdk::util::ToLower(side.write_mode.empty() ? "insert" : side.write_mode);
    if (mode != "insert" && mode != "replace" && mode != "update") {
        return sdk::Status::InvalidArgument(plugin_name + ": writeMode '" + side.write_mode +
                                            "' is not one of insert, replace, update");
    }
    sdk::util::DataxBlockOptions o = Options(side, plugin_name, jdbc_url);
    o.write_mode = mode;
    o.write_mode_at = sdk::util::DataxWriteModeAt::kFirst;
    o.jdbc_url_before_table = true;
    return sdk::util::RdbmsWriterJson(side, o);
}

}  // namespace dbbridge::mysql
