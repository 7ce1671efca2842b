#include "core/jobs/datax_job_builder.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <ostream>
#include <set>
#include <sstream>

#include "core/engine/job_config.h"
#include "core/engine/job_log.h"
#include "core/jobs/job_json.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

using sdk::Result;
using sdk::Status;

namespace {

// The job with each ${...} placeholder replaced by "1", for the checks at save only: its value
// comes with each run (-p, a schedule's parameters, the built-ins), and DataX lets it stand in a
// number field too (sliceRecordCount, channel, a long column's value). Where "1" does not fit
// either (a type name, a date), the check of that field is left to the run: the run checks the
// text after substitution again, and a value that still does not fit fails naming its field.
std::string WithPlaceholderStandIns(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find("${", i);
        if (open == std::string::npos) {
            break;
        }
        // Only a placeholder inside one JSON string: no quote, escape or line break before '}'.
        const auto close = text.find_first_of("}\"\\\n", open + 2);
        const bool placeholder = close != std::string::npos && text[close] == '}' && close > open + 2;
        out.append(text, i, open - i);
        out += placeholder ? "1" : "${";
        i = placeholder ? close + 1 : open + 2;
    }
    out.append(text, i, std::string::npos);
    return out;
}

// Whether the field an error names first ("job.content[0].reader.parameter.column[1].type: ...")
// holds a ${...} placeholder in job_text.
bool ErrorFieldHoldsPlaceholder(const std::string& job_text, const std::string& message) {
    const auto colon = message.find(": ");
    auto root = ParseJobJson(job_text, "job");
    if (colon == std::string::npos || !root.ok()) {
        return false;
    }
    Poco::Dynamic::Var at = root.value();
    std::istringstream parts(message.substr(0, colon));
    try {
        for (std::string part; std::getline(parts, part, '.');) {
            auto bracket = part.find('[');
            const std::string key = part.substr(0, bracket);
            if (!key.empty()) {
                if (at.type() != typeid(Poco::JSON::Object::Ptr) || !at.extract<Poco::JSON::Object::Ptr>()->has(key)) {
                    return false;
                }
                at = at.extract<Poco::JSON::Object::Ptr>()->get(key);
            }
            for (; bracket != std::string::npos; bracket = part.find('[', bracket + 1)) {
                const std::size_t index = std::stoul(part.substr(bracket + 1));
                if (at.type() != typeid(Poco::JSON::Array::Ptr) || index >= at.extract<Poco::JSON::Array::Ptr>()->size()) {
                    return false;
                }
                at = at.extract<Poco::JSON::Array::Ptr>()->get(static_cast<unsigned>(index));
            }
        }
    } catch (const std::exception&) {
        return false;  // not a path after all
    }
    return at.isString() && at.convert<std::string>().find("${") != std::string::npos;
}

constexpr std::int64_t kMaxChannel = 1024;

std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

// A column entry is checked against the table only when it is a name ("id", "\"Id\"", "`id`");
// DataX readers also take constants and expressions ("1", "'x'", "upper(name)"), left to the server.
struct ColumnName {
    bool is_name = false;
    bool quoted = false;
    std::string name;  // without quotes
};

ColumnName ParseColumnName(const std::string& text) {
    ColumnName c;
    std::string s = text;
    if (s.size() >= 2 && ((s.front() == '"' && s.back() == '"') || (s.front() == '`' && s.back() == '`') ||
                          (s.front() == '[' && s.back() == ']'))) {
        c.quoted = true;
        s = s.substr(1, s.size() - 2);
    }
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) {
        return c;
    }
    static const std::string kExpressionChars = " ()'\"`+-*/,|=<>:;!%&^~[]{}\t\r\n";
    if (s.find_first_of(kExpressionChars) != std::string::npos) {
        return c;
    }
    c.is_name = true;
    c.name = s;
    return c;
}

bool SameName(const ColumnName& want, const std::string& actual) {
    return want.quoted ? want.name == actual : sdk::util::ToLower(want.name) == sdk::util::ToLower(actual);
}

// Calls fn for every object that may name a saved datasource: each reader / writer parameter
// block and each of its connection[] entries. parameter is the enclosing parameter block.
using DatasourceHolderFn = std::function<Status(Poco::JSON::Object::Ptr holder, Poco::JSON::Object::Ptr parameter,
                                                bool is_reader, const std::string& path)>;

Status ForEachDatasourceHolder(const Poco::JSON::Object::Ptr& root, const DatasourceHolderFn& fn) {
    return ForEachJobSide(
        root,
        [&](const std::string&, Poco::JSON::Object::Ptr parameter, bool is_reader,
            const std::string& side_path) -> Status {
            const std::string path = side_path + ".parameter";
            DBB_RETURN_IF_ERROR(fn(parameter, parameter, is_reader, path));
            auto connections = JsonArrayAt(parameter, "connection");
            for (std::size_t j = 0; connections && j < connections->size(); ++j) {
                if (connections->get(j).type() == typeid(Poco::JSON::Object::Ptr)) {
                    DBB_RETURN_IF_ERROR(fn(connections->getObject(static_cast<unsigned>(j)), parameter, is_reader,
                                           path + ".connection[" + std::to_string(j) + "]"));
                }
            }
            return Status::Ok();
        });
}

bool HasValue(const Poco::JSON::Object::Ptr& obj, const std::string& key) { return obj->has(key) && !obj->isNull(key); }

}  // namespace

struct DataxJobBuilder::Side {
    sdk::DataxSide datax;
    const sdk::Dialect* dialect = nullptr;
    std::size_t column_count = 0;  // 0: unknown (querySql)
};

Result<DataxJobBuilder::Side> DataxJobBuilder::PrepareSide(const JobSideRequest& request, const std::string& field,
                                                           bool is_reader, const std::string& uid) const {
    if (request.datasource_id <= 0) {
        return Status::InvalidArgument(field + ".datasource_id is required (a saved datasource id)");
    }
    auto ds = datasources_.Get(request.datasource_id, uid);
    if (!ds.ok()) {
        return ds.status().WithContext(field + ".datasource_id");
    }
    auto spec = datasources_.ResolveByIdForUser(request.datasource_id, uid);
    if (!spec.ok()) {
        return spec.status().WithContext(field + ".datasource_id");
    }
    Side side;
    side.dialect = plugins_.Find(spec->dialect);
    if (side.dialect == nullptr) {
        return Status::InvalidArgument(field + ".datasource_id: datasource '" + ds->source_name + "' has db_type " +
                                       spec->dialect + ", for which no plugin is loaded");
    }
    const std::string ds_label = "datasource '" + ds->source_name + "'";
    side.datax.connection = spec.value();
    side.datax.datasource_id = request.datasource_id;
    side.datax.pre_sql = request.pre_sql;
    side.datax.post_sql = request.post_sql;

    if (is_reader) {
        if (!request.query_sql.empty() && !request.table.empty()) {
            return Status::InvalidArgument("reader: give either reader.table or reader.querySql, not both");
        }
        if (!request.query_sql.empty()) {
            if (!request.where.empty() || !request.split_pk.empty()) {
                return Status::InvalidArgument(
                    "reader: reader.where and reader.splitPk do not apply with reader.querySql (put the condition "
                    "in the query)");
            }
            side.datax.query_sql = request.query_sql;
            return side;
        }
    }
    if (request.table.empty()) {
        return Status::InvalidArgument(field + ".table is required" + (is_reader ? " (or reader.querySql)" : ""));
    }
    if (!is_reader) {
        const std::string mode = sdk::util::ToLower(request.write_mode.empty() ? "insert" : request.write_mode);
        if (mode != "insert" && mode != "replace" && mode != "update") {
            return Status::InvalidArgument("writer.writeMode must be insert, replace or update (got '" +
                                           request.write_mode + "')");
        }
        side.datax.write_mode = mode;
    }

    auto table_columns = datasources_.Columns(request.datasource_id, request.table, uid);
    if (!table_columns.ok()) {
        return table_columns.status().WithContext(field + ".table");
    }
    std::vector<std::string> actual;
    for (const auto& c : table_columns.value()) {
        actual.push_back(c.name);
    }
    auto find_column = [&](const ColumnName& want) {
        return std::find_if(actual.begin(), actual.end(), [&](const std::string& a) { return SameName(want, a); });
    };
    const std::string table_label = "table '" + request.table + "' of " + ds_label;

    const bool all = request.columns.empty() || (request.columns.size() == 1 && request.columns[0] == "*");
    if (all) {
        // Spell the columns out so the job file shows what will be copied, in table order.
        side.datax.columns = request.columns.empty() ? actual : request.columns;
        side.column_count = actual.size();
    } else {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < request.columns.size(); ++i) {
            const std::string& text = request.columns[i];
            const std::string at = field + ".columns[" + std::to_string(i) + "]";
            if (text == "*") {
                return Status::InvalidArgument(at + ": '*' must be the only column");
            }
            ColumnName want = ParseColumnName(text);
            if (!want.is_name) {
                if (!is_reader) {
                    return Status::InvalidArgument(at + ": '" + text + "' is not a column name");
                }
                continue;  // a constant or expression: the reader's server evaluates it
            }
            auto it = find_column(want);
            if (it == actual.end()) {
                return Status::InvalidArgument(at + ": column '" + want.name + "' does not exist in " + table_label +
                                               " (its columns: " + Join(actual) + ")");
            }
            if (!is_reader && !seen.insert(sdk::util::ToLower(*it)).second) {
                return Status::InvalidArgument(at + ": column '" + want.name + "' is listed twice");
            }
        }
        side.datax.columns = request.columns;
        side.column_count = request.columns.size();
    }
    if (is_reader && !request.split_pk.empty()) {
        ColumnName pk = ParseColumnName(request.split_pk);
        if (!pk.is_name || find_column(pk) == actual.end()) {
            return Status::InvalidArgument("reader.splitPk: column '" + request.split_pk + "' does not exist in " +
                                           table_label);
        }
        side.datax.split_pk = request.split_pk;
    }
    side.datax.where = is_reader ? request.where : "";
    side.datax.tables = {request.table};
    return side;
}

sdk::DataxSide DataxJobBuilder::ForPlugin(sdk::DataxSide side) {
    if (side.datasource_id != 0) {
        side.connection.password.clear();
    }
    return side;
}

Result<std::string> DataxJobBuilder::Generate(const JobSideRequest& reader, const JobSideRequest& writer,
                                              const JobSettingRequest& setting, const std::string& uid) const {
    if (setting.channel < 1 || setting.channel > kMaxChannel) {
        return Status::InvalidArgument("setting.channel must be between 1 and " + std::to_string(kMaxChannel));
    }
    if (setting.byte < 0) {
        return Status::InvalidArgument("setting.byte must be 0 (no limit) or more");
    }
    if (setting.record < 0) {
        return Status::InvalidArgument("setting.record must be 0 (no limit) or more");
    }
    if (setting.error_record && *setting.error_record < 0) {
        return Status::InvalidArgument("setting.errorLimit.record must be 0 or more");
    }
    if (setting.error_percentage && (*setting.error_percentage < 0 || *setting.error_percentage > 1)) {
        return Status::InvalidArgument("setting.errorLimit.percentage must be between 0 and 1");
    }
    auto r = PrepareSide(reader, "reader", true, uid);
    if (!r.ok()) {
        return r.status();
    }
    auto w = PrepareSide(writer, "writer", false, uid);
    if (!w.ok()) {
        return w.status();
    }
    if (r->column_count != 0 && r->column_count != w->column_count) {
        return Status::InvalidArgument("reader.columns has " + std::to_string(r->column_count) +
                                       " column(s) but writer.columns has " + std::to_string(w->column_count) +
                                       "; they must pair up one to one");
    }
    auto reader_json = r->dialect->DataxReaderJson(ForPlugin(r->datax));
    if (!reader_json.ok()) {
        return reader_json.status().WithContext("reader");
    }
    auto writer_json = w->dialect->DataxWriterJson(ForPlugin(w->datax));
    if (!writer_json.ok()) {
        return writer_json.status().WithContext("writer");
    }

    sdk::util::JsonWriter j;
    j.BeginObject();
    if (setting.byte > 0 || setting.record > 0) {
        // DataX divides a job speed limit by the per-channel one and refuses a job without it
        // (JobContainer#adjustChannelNumber), so the generated file carries both: the job limit
        // spread over the requested channels.
        const std::int64_t channels = std::max<std::int64_t>(setting.channel, 1);
        j.Key("core").BeginObject().Key("transport").BeginObject().Key("channel").BeginObject();
        j.Key("speed").BeginObject();
        if (setting.byte > 0) {
            j.Key("byte").Int(std::max<std::int64_t>(1, setting.byte / channels));
        }
        if (setting.record > 0) {
            j.Key("record").Int(std::max<std::int64_t>(1, setting.record / channels));
        }
        j.EndObject().EndObject().EndObject().EndObject();
    }
    j.Key("job").BeginObject();
    j.Key("setting").BeginObject();
    j.Key("speed").BeginObject().Key("channel").Int(setting.channel);
    if (setting.byte > 0) {
        j.Key("byte").Int(setting.byte);
    }
    if (setting.record > 0) {
        j.Key("record").Int(setting.record);
    }
    j.EndObject();
    if (setting.error_record || setting.error_percentage) {
        j.Key("errorLimit").BeginObject();
        if (setting.error_record) {
            j.Key("record").Int(*setting.error_record);
        }
        if (setting.error_percentage) {
            j.Key("percentage").Double(*setting.error_percentage);
        }
        j.EndObject();
    }
    j.EndObject();
    j.Key("content").BeginArray().BeginObject();
    j.Key("reader").Raw(reader_json.value()).Key("writer").Raw(writer_json.value());
    j.EndObject().EndArray();
    j.EndObject().EndObject();

    auto parsed = ParseJobJson(j.str(), "generated job");
    if (!parsed.ok()) {
        return Status::Internal(parsed.status().message());
    }
    std::string text = PrettyJobJson(parsed.value());
    DBB_RETURN_IF_ERROR(Validate(text).WithContext("generated job"));
    return text;
}

Result<std::int64_t> DataxJobBuilder::ReferencedDatasource(const Poco::JSON::Object::Ptr& holder,
                                                          const std::string& path, const std::string& uid) const {
    const bool by_id = HasValue(holder, "datasourceId");
    const bool by_name = HasValue(holder, "datasourceName");
    if (by_id && by_name) {
        return Status::InvalidArgument(path + ": give datasourceId or datasourceName, not both");
    }
    if (by_name) {
        const std::string name = holder->get("datasourceName").toString();
        auto ds = datasources_.GetByName(name, uid);
        if (!ds.ok()) {
            return Status::NotFound(path + ".datasourceName: datasource '" + name + "' not found");
        }
        return ds->id;
    }
    if (!by_id) {
        return std::int64_t{0};
    }
    std::int64_t id = 0;
    try {
        id = holder->get("datasourceId").convert<std::int64_t>();
    } catch (const Poco::Exception&) {
        return Status::InvalidArgument(path + ".datasourceId: expected an integer");
    }
    auto ds = datasources_.Get(id, uid);
    if (!ds.ok()) {
        return ds.status().WithContext(path + ".datasourceId");
    }
    return id;
}

Result<std::string> DataxJobBuilder::FromContent(const std::string& content, const std::string& uid) const {
    DBB_ASSIGN_OR_RETURN(auto parsed, ParseJobJson(content, "content"));
    Poco::JSON::Object::Ptr root = parsed;
    // Every reference resolves among what uid may use, and a name becomes the id it names now, so
    // the job keeps meaning the same datasource (and a name cannot resolve to another user's later).
    DBB_RETURN_IF_ERROR(ForEachDatasourceHolder(
        root, [&](Poco::JSON::Object::Ptr holder, Poco::JSON::Object::Ptr, bool, const std::string& path) -> Status {
            auto id = ReferencedDatasource(holder, path, uid);
            if (!id.ok()) {
                return id.status().WithContext("content");
            }
            if (id.value() != 0) {
                holder->remove("datasourceName");
                holder->set("datasourceId", id.value());
            }
            return Status::Ok();
        }));
    std::string text = PrettyJobJson(root);
    DBB_RETURN_IF_ERROR(Validate(text).WithContext("content"));
    return text;
}

Status DataxJobBuilder::Validate(const std::string& job_text) const {
    const Status checked = CheckPlugins(WithPlaceholderStandIns(job_text));
    if (!checked.ok() && ErrorFieldHoldsPlaceholder(job_text, checked.message())) {
        return Status::Ok();  // a ${...} where "1" does not fit (a type name, a date): checked at run time
    }
    return checked;
}

Status DataxJobBuilder::CheckPlugins(const std::string& job_text) const {
    auto job = engine::ParseJobConfig(job_text);
    if (!job.ok()) {
        return job.status();
    }
    // Creating a plugin validates its parameters without connecting; a log is required by the env.
    std::ostringstream sink;
    engine::JobLog log(sink, nullptr);
    engine::EngineEnv env;
    env.registry = &plugins_;
    env.resolver = &datasources_;
    env.log = &log;
    for (const auto& content : job->content) {
        auto reader = catalog_.CreateReader(content.reader, env);
        if (!reader.ok()) {
            return reader.status();
        }
        auto writer = catalog_.CreateWriter(content.writer, env);
        if (!writer.ok()) {
            return writer.status();
        }
    }
    return Status::Ok();
}

Result<std::string> DataxJobBuilder::InlineCredentials(const std::string& job_text, const std::string& uid) const {
    auto parsed = ParseJobJson(job_text, "saved job");
    if (!parsed.ok()) {
        return Status::Internal(parsed.status().message());
    }
    Poco::JSON::Object::Ptr root = parsed.value();
    DBB_RETURN_IF_ERROR(ForEachDatasourceHolder(
        root,
        [&](Poco::JSON::Object::Ptr holder, Poco::JSON::Object::Ptr parameter, bool is_reader,
            const std::string& path) -> Status {
            auto id = ReferencedDatasource(holder, path, uid);
            if (!id.ok() || id.value() == 0) {
                return id.status();
            }
            auto ds = datasources_.Get(id.value(), uid);
            if (!ds.ok()) {
                return ds.status().WithContext(path);
            }
            auto spec = datasources_.ResolveByIdForUser(id.value(), uid);
            if (!spec.ok()) {
                return spec.status().WithContext(path);
            }
            const sdk::Dialect* dialect = plugins_.Find(spec->dialect);
            if (dialect == nullptr) {
                return Status::InvalidArgument(path + ": datasource '" + ds->source_name + "' has db_type " +
                                               spec->dialect + ", for which no plugin is loaded");
            }
            holder->remove("datasourceId");
            holder->remove("datasourceName");
            // Stock DataX reads username / password from the parameter block and jdbcUrl from
            // each connection entry.
            parameter->set("username", spec->user);
            parameter->set("password", spec->password);
            if (holder != parameter && !HasValue(holder, "jdbcUrl")) {
                const std::string url = dialect->BuildJdbcUrl(spec.value());
                if (is_reader) {
                    Poco::JSON::Array::Ptr urls = new Poco::JSON::Array();
                    urls->add(url);
                    holder->set("jdbcUrl", urls);
                } else {
                    holder->set("jdbcUrl", url);
                }
            }
            return Status::Ok();
        }));
    return PrettyJobJson(root);
}

}  // namespace dbbridge::core
