#include "pg_datax.h"

#include "dbbridge/sdk/util/datax_blocks.h"

namespace dbbridge::postgres {

namespace {

sdk::util::DataxBlockOptions Options(const sdk::DataxSide& side, const std::string& plugin_name,
                                     const std::string& jdbc_url) {
    sdk::util::DataxBlockOptions o;
    o.plugin_name = plugin_name;
    o.jdbc_url = jdbc_url;
    o.username = side.connection.user;
    o.jdbc_url_before_table = true;
    return o;
}

}  // namespace

sdk::Result<std::string> BuildReaderJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    return sdk::util::RdbmsReaderJson(side, Options(side, "postgresqlreader", jdbc_url));
}

sdk::Result<std::string> BuildWriterJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    sdk::util::DataxBlockOptions o = Options(side, "postgresqlwriter", jdbc_url);
    o.write_mode = side.write_mode;  // postgresqlwriter passes it through ("update (id)")
    o.write_mode_at = sdk::util::DataxWriteModeAt::kBeforeConnection;
    return sdk::util::RdbmsWriterJson(side, o);
}

}  // namespace dbbridge::postgres
