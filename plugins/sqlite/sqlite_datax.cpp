#include "sqlite_datax.h"

#include "dbbridge/sdk/util/datax_blocks.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sqlite {

sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    sdk::util::DataxBlockOptions o;
    o.plugin_name = "sqlitereader";
    o.jdbc_url = jdbc_url;
    return sdk::util::RdbmsReaderJson(side, o);
}

sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    const std::string mode = sdk::util::ToLower(side.write_mode.empty() ? "insert" : side.write_mode);
    if (mode != "insert" && mode != "replace" && mode != "update") {
        return sdk::Status::InvalidArgument("sqlitewriter: writeMode '" + side.write_mode +
                                            "' is not one of insert, replace, update");
    }
    sdk::util::DataxBlockOptions o;
    o.plugin_name = "sqlitewriter";
    o.jdbc_url = jdbc_url;
    o.write_mode = mode;
    return sdk::util::RdbmsWriterJson(side, o);
}

}  // namespace dbbridge::sqlite
