#include "mysql_datax.h"

#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::mysql {

namespace {

void Credentials(sdk::util::JsonWriter& json, const sdk::DataxSide& side) {
    if (side.datasource_id != 0) {
        json.Key("datasourceId").Int(side.datasource_id);
        return;
    }
    json.Key("username").String(side.connection.user);
    json.Key("password").String(side.connection.password);
}

std::vector<std::string> ColumnsOrStar(const std::vector<std::string>& columns) {
    return columns.empty() ? std::vector<std::string>{"*"} : columns;
}

}  // namespace

sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url) {
    const bool query_mode = !side.query_sql.empty();
    if (query_mode && !side.tables.empty()) {
        return sdk::Status::InvalidArgument(plugin_name + ": table and querySql cannot both be set");
    }
    if (!query_mode && side.tables.empty()) {
        return sdk::Status::InvalidArgument(plugin_name + ": table or querySql is required");
    }
    sdk::util::JsonWriter json;
    json.BeginObject().Key("name").String(plugin_name).Key("parameter").BeginObject();
    Credentials(json, side);
    if (!query_mode) {
        json.Key("column").StringArray(ColumnsOrStar(side.columns));
        if (!side.split_pk.empty()) {
            json.Key("splitPk").String(side.split_pk);
        }
        if (!side.where.empty()) {
            json.Key("where").String(side.where);
        }
    }
    json.Key("connection").BeginArray().BeginObject();
    if (query_mode) {
        json.Key("querySql").StringArray({side.query_sql});
    } else {
        json.Key("table").StringArray(side.tables);
    }
    json.Key("jdbcUrl").StringArray({jdbc_url});
    json.EndObject().EndArray();
    if (side.fetch_size > 0) {
        json.Key("fetchSize").Int(side.fetch_size);
    }
    json.EndObject().EndObject();
    return json.str();
}

sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url) {
    if (side.tables.empty()) {
        return sdk::Status::InvalidArgument(plugin_name + ": table is required");
    }
    std::string mode = sdk::util::ToLower(side.write_mode.empty() ? "insert" : side.write_mode);
    if (mode != "insert" && mode != "replace" && mode != "update") {
        return sdk::Status::InvalidArgument(plugin_name + ": writeMode '" + side.write_mode +
                                            "' is not one of insert, replace, update");
    }
    sdk::util::JsonWriter json;
    json.BeginObject().Key("name").String(plugin_name).Key("parameter").BeginObject();
    json.Key("writeMode").String(mode);
    Credentials(json, side);
    json.Key("column").StringArray(ColumnsOrStar(side.columns));
    if (!side.pre_sql.empty()) {
        json.Key("preSql").StringArray(side.pre_sql);
    }
    if (!side.post_sql.empty()) {
        json.Key("postSql").StringArray(side.post_sql);
    }
    json.Key("connection").BeginArray().BeginObject();
    json.Key("jdbcUrl").String(jdbc_url);
    json.Key("table").StringArray(side.tables);
    json.EndObject().EndArray();
    if (side.batch_size > 0) {
        json.Key("batchSize").Int(side.batch_size);
    }
    json.EndObject().EndObject();
    return json.str();
}

}  // namespace dbbridge::mysql
