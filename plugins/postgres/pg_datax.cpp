#include "pg_datax.h"

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::postgres {

using sdk::Status;
using sdk::util::JsonWriter;

namespace {

void Credentials(JsonWriter& w, const sdk::DataxSide& side) {
    if (side.datasource_id != 0) {
        w.Key("datasourceId").Int(side.datasource_id);
        return;
    }
    w.Key("username").String(side.connection.user);
    w.Key("password").String(side.connection.password);
}

std::vector<std::string> ColumnsOrStar(const std::vector<std::string>& columns) {
    return columns.empty() ? std::vector<std::string>{"*"} : columns;
}

}  // namespace

sdk::Result<std::string> BuildReaderJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    const bool query_mode = !side.query_sql.empty();
    if (query_mode && !side.tables.empty()) {
        return Status::InvalidArgument("reader: set either table or querySql, not both (DataX refuses both)");
    }
    if (!query_mode && side.tables.empty()) {
        return Status::InvalidArgument("reader: table is required (or querySql)");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String("postgresqlreader").Key("parameter").BeginObject();
    Credentials(w, side);
    if (!query_mode) {
        w.Key("column").StringArray(ColumnsOrStar(side.columns));
        if (!side.split_pk.empty()) {
            w.Key("splitPk").String(side.split_pk);
        }
        if (!side.where.empty()) {
            w.Key("where").String(side.where);
        }
    }
    if (side.fetch_size > 0) {
        w.Key("fetchSize").Int(side.fetch_size);
    }
    w.Key("connection").BeginArray().BeginObject();
    w.Key("jdbcUrl").StringArray({jdbc_url});
    if (query_mode) {
        w.Key("querySql").StringArray({side.query_sql});
    } else {
        w.Key("table").StringArray(side.tables);
    }
    w.EndObject().EndArray();
    w.EndObject().EndObject();
    return w.str();
}

sdk::Result<std::string> BuildWriterJson(const sdk::DataxSide& side, const std::string& jdbc_url) {
    if (side.tables.empty()) {
        return Status::InvalidArgument("writer: table is required");
    }
    JsonWriter w;
    w.BeginObject().Key("name").String("postgresqlwriter").Key("parameter").BeginObject();
    Credentials(w, side);
    w.Key("column").StringArray(ColumnsOrStar(side.columns));
    if (!side.pre_sql.empty()) {
        w.Key("preSql").StringArray(side.pre_sql);
    }
    if (!side.post_sql.empty()) {
        w.Key("postSql").StringArray(side.post_sql);
    }
    if (side.batch_size > 0) {
        w.Key("batchSize").Int(side.batch_size);
    }
    if (!side.write_mode.empty()) {
        w.Key("writeMode").String(side.write_mode);
    }
    w.Key("connection").BeginArray().BeginObject();
    w.Key("jdbcUrl").String(jdbc_url);
    w.Key("table").StringArray(side.tables);
    w.EndObject().EndArray();
    w.EndObject().EndObject();
    return w.str();
}

}  // namespace dbbridge::postgres
