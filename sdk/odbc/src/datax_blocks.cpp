#include "dbbridge/odbc/datax_blocks.h"

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::odbc {

namespace {

using sdk::util::JsonWriter;

void Credentials(JsonWriter& w, const sdk::DataxSide& side, const DataxBlockOptions& options) {
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

}  // namespace

sdk::Result<std::string> RdbmsReaderJson(const sdk::DataxSide& side, const DataxBlockOptions& options) {
    if (side.tables.empty() && side.query_sql.empty()) {
        return sdk::Status::InvalidArgument(options.plugin_name + ": reader needs a table or a querySql");
    }
    if (!side.tables.empty() && !side.query_sql.empty()) {
        return sdk::Status::InvalidArgument(options.plugin_name +
                                            ": set either table or querySql, not both (DataX rejects both)");
    }
    if (options.jdbc_url.empty()) {
        return sdk::Status::InvalidArgument(options.plugin_name + ": jdbcUrl is empty");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String(options.plugin_name).Key("parameter").BeginObject();
    Credentials(w, side, options);
    if (side.query_sql.empty()) {
        w.Key("column").StringArray(ColumnsOrStar(side.columns));
        if (!side.split_pk.empty()) {
            w.Key("splitPk").String(side.split_pk);
        }
        if (!side.where.empty()) {
            w.Key("where").String(side.where);
        }
    }
    int fetch = side.fetch_size > 0 ? side.fetch_size : options.default_fetch_size;
    if (fetch > 0) {
        w.Key("fetchSize").Int(fetch);
    }
    w.Key("connection").BeginArray().BeginObject();
    if (side.query_sql.empty()) {
        w.Key("table").StringArray(side.tables);
    } else {
        w.Key("querySql").StringArray({side.query_sql});
    }
    w.Key("jdbcUrl").StringArray({options.jdbc_url});
    w.EndObject().EndArray();
    w.EndObject().EndObject();
    return w.str();
}

sdk::Result<std::string> RdbmsWriterJson(const sdk::DataxSide& side, const DataxBlockOptions& options) {
    if (side.tables.empty()) {
        return sdk::Status::InvalidArgument(options.plugin_name + ": writer needs a table");
    }
    if (options.jdbc_url.empty()) {
        return sdk::Status::InvalidArgument(options.plugin_name + ": jdbcUrl is empty");
    }
    if (!options.writer_accepts_write_mode && !side.write_mode.empty() && side.write_mode != "insert") {
        return sdk::Status::InvalidArgument(options.plugin_name + " supports writeMode insert only, not '" +
                                            side.write_mode + "'");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String(options.plugin_name).Key("parameter").BeginObject();
    Credentials(w, side, options);
    w.Key("column").StringArray(ColumnsOrStar(side.columns));
    if (options.writer_accepts_write_mode && !side.write_mode.empty()) {
        w.Key(options.write_mode_key).String(side.write_mode);
    }
    if (!side.pre_sql.empty()) {
        w.Key("preSql").StringArray(side.pre_sql);
    }
    if (!side.post_sql.empty()) {
        w.Key("postSql").StringArray(side.post_sql);
    }
    int batch = side.batch_size > 0 ? side.batch_size : options.default_batch_size;
    if (batch > 0) {
        w.Key("batchSize").Int(batch);
    }
    w.Key("connection").BeginArray().BeginObject();
    w.Key("table").StringArray(side.tables);
    w.Key("jdbcUrl").String(options.jdbc_url);
    w.EndObject().EndArray();
    w.EndObject().EndObject();
    return w.str();
}

}  // namespace dbbridge::odbc
