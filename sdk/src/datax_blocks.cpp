#include "dbbridge/sdk/util/datax_blocks.h"

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::sdk::util {

namespace {

void Credentials(JsonWriter& w, const DataxSide& side, const DataxBlockOptions& options) {
    if (side.datasource_id != 0) {
        w.Key("datasourceId").Int(side.datasource_id);
        return;
    }
    w.Key("username").String(options.username);
    w.Key("password").String(side.connection.password);
}

std::vector<std::string> ColumnsOrStar(const std::vector<std::string>& columns) {
    return columns.empty() ? std::vector<std::string>{"*"} : columns;
}

void SizeKey(JsonWriter& w, const char* key, int value, int fallback) {
    int n = value > 0 ? value : fallback;
    if (n > 0) {
        w.Key(key).Int(n);
    }
}

void WriteMode(JsonWriter& w, const DataxBlockOptions& options, DataxWriteModeAt here) {
    if (options.write_mode_at == here && !options.write_mode.empty()) {
        w.Key(options.write_mode_key).String(options.write_mode);
    }
}

}  // namespace

Result<std::string> RdbmsReaderJson(const DataxSide& side, const DataxBlockOptions& options) {
    const bool query_mode = !side.query_sql.empty();
    if (query_mode && !side.tables.empty()) {
        return Status::InvalidArgument(options.plugin_name +
                                       ": table and querySql cannot both be set (DataX refuses both)");
    }
    if (!query_mode && side.tables.empty()) {
        return Status::InvalidArgument(options.plugin_name + ": table or querySql is required");
    }
    if (options.jdbc_url.empty()) {
        return Status::InvalidArgument(options.plugin_name + ": jdbcUrl is empty");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String(options.plugin_name).Key("parameter").BeginObject();
    Credentials(w, side, options);
    if (!query_mode) {
        w.Key("column").StringArray(ColumnsOrStar(side.columns));
        if (!side.split_pk.empty()) {
            w.Key("splitPk").String(side.split_pk);
        }
        if (!side.where.empty()) {
            w.Key("where").String(side.where);
        }
    }
    if (!options.sizes_after_connection) {
        SizeKey(w, "fetchSize", side.fetch_size, options.default_fetch_size);
    }
    w.Key("connection").BeginArray().BeginObject();
    if (options.jdbc_url_before_table) {
        w.Key("jdbcUrl").StringArray({options.jdbc_url});
    }
    if (query_mode) {
        w.Key("querySql").StringArray({side.query_sql});
    } else {
        w.Key("table").StringArray(side.tables);
    }
    if (!options.jdbc_url_before_table) {
        w.Key("jdbcUrl").StringArray({options.jdbc_url});
    }
    w.EndObject().EndArray();
    if (options.sizes_after_connection) {
        SizeKey(w, "fetchSize", side.fetch_size, options.default_fetch_size);
    }
    w.EndObject().EndObject();
    return w.str();
}

Result<std::string> RdbmsWriterJson(const DataxSide& side, const DataxBlockOptions& options) {
    if (side.tables.empty()) {
        return Status::InvalidArgument(options.plugin_name + ": table is required");
    }
    if (options.jdbc_url.empty()) {
        return Status::InvalidArgument(options.plugin_name + ": jdbcUrl is empty");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String(options.plugin_name).Key("parameter").BeginObject();
    WriteMode(w, options, DataxWriteModeAt::kFirst);
    Credentials(w, side, options);
    w.Key("column").StringArray(ColumnsOrStar(side.columns));
    WriteMode(w, options, DataxWriteModeAt::kAfterColumn);
    if (!side.pre_sql.empty()) {
        w.Key("preSql").StringArray(side.pre_sql);
    }
    if (!side.post_sql.empty()) {
        w.Key("postSql").StringArray(side.post_sql);
    }
    if (!options.sizes_after_connection) {
        SizeKey(w, "batchSize", side.batch_size, options.default_batch_size);
    }
    WriteMode(w, options, DataxWriteModeAt::kBeforeConnection);
    w.Key("connection").BeginArray().BeginObject();
    if (options.jdbc_url_before_table) {
        w.Key("jdbcUrl").String(options.jdbc_url);
    }
    w.Key("table").StringArray(side.tables);
    if (!options.jdbc_url_before_table) {
        w.Key("jdbcUrl").String(options.jdbc_url);
    }
    w.EndObject().EndArray();
    if (options.sizes_after_connection) {
        SizeKey(w, "batchSize", side.batch_size, options.default_batch_size);
    }
    w.EndObject().EndObject();
    return w.str();
}

}  // namespace dbbridge::sdk::util
