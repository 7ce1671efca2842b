#include "core/compare/verify_plan.h"

#include <algorithm>
#include <cctype>

#include "core/jobs/job_json.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::compare {

namespace {

using sdk::Status;

Status Refused(const std::string& why) {
    return Status::InvalidArgument("verify_after_run: " + why +
                                   "; verifying needs a job that reads one table of a saved datasource and writes "
                                   "one table of a saved datasource");
}

// A DataX column entry as a plain column name ("id", `id`, "\"id\""), or "" for an expression.
std::string PlainName(std::string name) {
    if (name.size() >= 2 && (name.front() == '`' || name.front() == '"' || name.front() == '[')) {
        name = name.substr(1, name.size() - 2);
    }
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
    });
    return plain ? name : "";
}

struct JobSide {
    std::int64_t datasource_id = 0;
    std::string table;
    std::vector<std::string> columns;  // empty: "*"
    bool seen = false;
};

sdk::Result<std::int64_t> DatasourceIdOf(const Poco::JSON::Object::Ptr& holder) {
    if (!holder || !holder->has("datasourceId") || holder->isNull("datasourceId")) return std::int64_t{0};
    try {
        return holder->get("datasourceId").convert<std::int64_t>();
    } catch (const Poco::Exception&) {
        return Status::InvalidArgument("datasourceId is not an integer");
    }
}

Status ReadSide(const Poco::JSON::Object::Ptr& parameter, const std::string& path, JobSide& side) {
    if (side.seen) return Refused("the job has more than one " + path.substr(path.rfind('.') + 1));
    side.seen = true;
    auto connections = JsonArrayAt(parameter, "connection");
    if (!connections || connections->size() != 1 || !connections->isObject(0)) {
        return Refused(path + ".parameter.connection must hold exactly one connection");
    }
    auto connection = connections->getObject(0);
    if (connection->has("querySql")) return Refused(path + " reads a querySql, not a table");
    DBB_ASSIGN_OR_RETURN(auto on_parameter, DatasourceIdOf(parameter));
    DBB_ASSIGN_OR_RETURN(auto on_connection, DatasourceIdOf(connection));
    side.datasource_id = on_connection != 0 ? on_connection : on_parameter;
    if (side.datasource_id == 0) return Refused(path + " names no saved datasource (it uses a jdbcUrl)");
    auto tables = JsonArrayAt(connection, "table");
    if (tables && tables->size() == 1 && tables->get(0).isString()) {
        side.table = tables->get(0).extract<std::string>();
    } else if (connection->has("table") && connection->get("table").isString()) {
        side.table = connection->get("table").extract<std::string>();
    }
    if (side.table.empty()) return Refused(path + " must name exactly one table");
    auto columns = JsonArrayAt(parameter, "column");
    for (std::size_t i = 0; columns && i < columns->size(); ++i) {
        if (!columns->get(i).isString()) return Refused(path + ".parameter.column holds a non-name entry");
        const std::string entry = columns->get(i).extract<std::string>();
        if (entry == "*") continue;
        const std::string name = PlainName(entry);
        if (name.empty()) return Refused(path + " column '" + entry + "' is an expression, not a column");
        side.columns.push_back(name);
    }
    return Status::Ok();
}

// Columns are compared by name: both sides must list the same names, or one of them all columns.
sdk::Result<std::vector<std::string>> PairedColumns(const JobSide& reader, const JobSide& writer) {
    if (reader.columns.empty()) return writer.columns;
    if (writer.columns.empty()) return reader.columns;
    if (reader.columns.size() != writer.columns.size()) return Refused("reader and writer list different columns");
    for (std::size_t i = 0; i < reader.columns.size(); ++i) {
        if (sdk::util::ToLower(reader.columns[i]) != sdk::util::ToLower(writer.columns[i])) {
            return Refused("reader column '" + reader.columns[i] + "' is written to '" + writer.columns[i] +
                           "', and a compare pairs columns by name");
        }
    }
    return reader.columns;
}

}  // namespace

sdk::Result<VerifySides> VerifySidesOfJob(const std::string& job_text) {
    DBB_ASSIGN_OR_RETURN(auto root, ParseJobJson(job_text, "verify_after_run: the job"));
    JobSide reader, writer;
    DBB_RETURN_IF_ERROR(ForEachJobSide(root, [&](const std::string&, Poco::JSON::Object::Ptr parameter,
                                                 bool is_reader, const std::string& path) {
        return ReadSide(parameter, path, is_reader ? reader : writer);
    }));
    if (!reader.seen || !writer.seen) return Refused("the job has no reader or no writer with parameters");
    DBB_ASSIGN_OR_RETURN(auto columns, PairedColumns(reader, writer));
    VerifySides sides;
    sides.source_datasource_id = reader.datasource_id;
    sides.source_table = reader.table;
    sides.target_datasource_id = writer.datasource_id;
    sides.target_table = writer.table;
    sides.columns = std::move(columns);
    return sides;
}

}  // namespace dbbridge::core::compare
