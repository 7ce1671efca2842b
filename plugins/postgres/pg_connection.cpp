#include "pg_connection.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "pg_names.h"
#include "pg_reader.h"
#include "pg_value_codec.h"
#include "pg_writer.h"

namespace dbbridge::postgres {

using sdk::JdbcType;
using sdk::Result;
using sdk::Status;

const char* const kColumnsSql =
    "SELECT a.attname,"
    " pg_catalog.format_type(a.atttypid, a.atttypmod),"
    " NOT a.attnotnull,"
    " pg_catalog.format_type(COALESCE(NULLIF(t.typbasetype, 0), a.atttypid),"
    "   CASE WHEN t.typbasetype <> 0 THEN t.typtypmod ELSE a.atttypmod END),"
    " COALESCE(NULLIF(t.typbasetype, 0), a.atttypid),"
    " CASE WHEN t.typbasetype <> 0 THEN t.typtypmod ELSE a.atttypmod END,"
    " t.typcategory = 'A',"
    " a.attgenerated <> ''"
    " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
    " WHERE a.attrelid = CASE WHEN $1::text IS NULL"
    "   THEN pg_catalog.to_regclass(pg_catalog.quote_ident($2::text))"
    "   ELSE pg_catalog.to_regclass(pg_catalog.quote_ident($1::text) || '.' || pg_catalog.quote_ident($2::text)) END"
    " AND a.attnum > 0 AND NOT a.attisdropped"
    " ORDER BY a.attnum";

namespace {

// Early-stopped results are drained; past this many unwanted rows the server is asked to stop.
constexpr std::int64_t kCancelAfterDiscardedRows = 1000;

std::string StripTrailingSemicolons(std::string sql) {
    while (!sql.empty() &&
           (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t' || sql.back() == '\r')) {
        sql.pop_back();
    }
    return sql;
}

// True when sql starts (after blanks and comments) with a keyword whose statement cannot change
// data, so cancelling it after the sink stopped loses nothing.
bool StartsAsPlainQuery(const std::string& sql) {
    std::size_t i = 0;
    for (;;) {
        while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) {
            ++i;
        }
        if (sql.compare(i, 2, "--") == 0) {
            i = sql.find('\n', i);
        } else if (sql.compare(i, 2, "/*") == 0) {
            i = sql.find("*/", i);
            i = i == std::string::npos ? i : i + 2;
        } else {
            break;
        }
        if (i == std::string::npos) {
            return false;
        }
    }
    std::size_t end = i;
    while (end < sql.size() && std::isalpha(static_cast<unsigned char>(sql[end]))) {
        ++end;
    }
    const std::string word = sdk::util::ToLower(sql.substr(i, end - i));
    return word == "select" || word == "values" || word == "table" || word == "show";
}

}  // namespace

std::uint32_t BindTypeOid(JdbcType type) {
    switch (type) {
        case JdbcType::kBit:
        case JdbcType::kBoolean:
            return oid::kBool;
        case JdbcType::kTinyInt:
        case JdbcType::kSmallInt:
            return oid::kInt2;
        case JdbcType::kInteger:
            return oid::kInt4;
        case JdbcType::kBigInt:
            return oid::kInt8;
        case JdbcType::kReal:
            return oid::kFloat4;
        case JdbcType::kFloat:
        case JdbcType::kDouble:
            return oid::kFloat8;
        case JdbcType::kNumeric:
        case JdbcType::kDecimal:
            return oid::kNumeric;
        case JdbcType::kChar:
        case JdbcType::kNChar:
            return oid::kBpchar;
        case JdbcType::kVarchar:
        case JdbcType::kNVarchar:
            return oid::kVarchar;
        case JdbcType::kLongVarchar:
        case JdbcType::kLongNVarchar:
        case JdbcType::kClob:
        case JdbcType::kNClob:
            return oid::kText;
        case JdbcType::kDate:
            return oid::kDate;
        case JdbcType::kTime:
            return oid::kTime;
        case JdbcType::kTimestamp:
            return oid::kTimestamp;
        case JdbcType::kTimeWithTimezone:
            return oid::kTimeTz;
        case JdbcType::kTimestampWithTimezone:
            return oid::kTimestampTz;
        case JdbcType::kBinary:
        case JdbcType::kVarBinary:
        case JdbcType::kLongVarBinary:
        case JdbcType::kBlob:
            return oid::kBytea;
        default:
            return 0;
    }
}

Result<std::string> BuildSelectSql(const sdk::ReadSpec& spec, bool with_range) {
    if (!spec.query_sql.empty()) {
        return StripTrailingSemicolons(spec.query_sql);
    }
    if (spec.table.empty()) {
        return Status::InvalidArgument("read spec needs a table or a querySql");
    }
    std::string sql = "SELECT ";
    if (spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*")) {
        sql += "*";
    } else {
        // DataX semantics: columns are the job author's SQL (names, constants, expressions).
        for (std::size_t i = 0; i < spec.columns.size(); ++i) {
            sql += (i ? ", " : "") + spec.columns[i];
        }
    }
    sql += " FROM ";
    if (IsPlainQualifiedName(spec.table)) {
        sql += spec.table;
    } else {
        auto quoted = QuoteFoldedName(spec.table, 3);
        if (!quoted.ok()) {
            return quoted.status().WithContext("table");
        }
        sql += *quoted;
    }
    std::string where = StripTrailingSemicolons(spec.where);
    std::string range;
    if (with_range && !spec.split_pk.empty() && (spec.has_range || spec.null_range)) {
        auto pk = QuoteFoldedName(spec.split_pk, 1);
        if (!pk.ok()) {
            return pk.status().WithContext("splitPk");
        }
        if (spec.null_range) {
            range = *pk + " IS NULL";
        } else {
            range = *pk + " >= " + std::to_string(spec.range_lower) + " AND " + *pk +
                    (spec.upper_inclusive ? " <= " : " < ") + std::to_string(spec.range_upper);
        }
    }
    if (!where.empty() && !range.empty()) {
        sql += " WHERE (" + where + ") AND (" + range + ")";
    } else if (!where.empty()) {
        sql += " WHERE (" + where + ")";
    } else if (!range.empty()) {
        sql += " WHERE " + range;
    }
    return sql;
}

PgConnection::PgConnection(std::unique_ptr<PgSession> session, bool oracle_compatible)
    : session_(std::move(session)), oracle_compatible_(oracle_compatible) {}

Status PgConnection::Init(const std::string& schema) {
    if (!schema.empty()) {
        return SetSchema(schema);
    }
    if (oracle_compatible_) {
        return SetSearchPath("");
    }
    return Status::Ok();
}

Status PgConnection::SetSearchPath(const std::string& folded_schema) {
    // The chosen schema goes first; the database's own path stays behind it; the Oracle variants
    // need orafce's "oracle" schema on it (after pg_catalog, so built-ins keep their meaning).
    std::string sql =
        "SELECT pg_catalog.set_config('search_path', "
        "CASE WHEN $1::text IS NULL THEN '' ELSE pg_catalog.quote_ident($1::text) || ', ' END"
        " || pg_catalog.current_setting('search_path')";
    if (oracle_compatible_) {
        sql +=
            " || CASE WHEN pg_catalog.current_setting('search_path') ~ '(^|[ ,])oracle($|,)'"
            " THEN '' ELSE ', oracle' END";
    }
    sql += ", false)";
    std::optional<std::string> p;
    if (!folded_schema.empty()) {
        p = folded_schema;
    }
    auto r = session_->Query(sql, {p}, "setting search_path");
    return r.ok() ? Status::Ok() : r.status();
}

Status PgConnection::SetSchema(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            auto parts = FoldName(schema, 1);
            if (!parts.ok()) {
                return parts.status().WithContext("schema");
            }
            const std::string& name = (*parts)[0];
            auto r = session_->Query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", {name},
                                     "looking up schema");
            if (!r.ok()) {
                return r.status();
            }
            if (PQntuples(r->get()) == 0) {
                return Status::NotFound("schema '" + name + "' does not exist on " + session_->where());
            }
            return SetSearchPath(name);
        },
        "postgres plugin: ");
}

Result<sdk::PingResult> PgConnection::Ping(const std::string& ping_sql) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<sdk::PingResult> {
            const std::string sql = ping_sql.empty() ? "SELECT 1" : ping_sql;
            auto start = std::chrono::steady_clock::now();
            PgResult r(PQexec(session_->conn(), sql.c_str()));
            auto elapsed = std::chrono::steady_clock::now() - start;
            ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
            if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
                return session_->StatusOf(ErrorOf(r.get(), session_->conn()), "ping '" + sql + "'");
            }
            sdk::PingResult out;
            out.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
            const char* v = PQparameterStatus(session_->conn(), "server_version");
            out.server_version = v ? v : "";
            return out;
        },
        "postgres plugin: ");
}

Result<std::string> PgConnection::ServerVersion() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::string> {
            const char* v = PQparameterStatus(session_->conn(), "server_version");
            if (v == nullptr) {
                return Status::Unavailable("no server version reported by " + session_->where());
            }
            return std::string(v);
        },
        "postgres plugin: ");
}

Result<std::vector<std::string>> PgConnection::ListSchemas() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<std::string>> {
            DBB_ASSIGN_OR_RETURN(
                auto r,
                session_->Query("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> "
                                "'information_schema' ORDER BY 1",
                                {}, "listing schemas"));
            std::vector<std::string> out;
            for (int i = 0; i < PQntuples(r.get()); ++i) {
                out.emplace_back(PQgetvalue(r.get(), i, 0));
            }
            return out;
        },
        "postgres plugin: ");
}

Result<std::vector<sdk::TableInfo>> PgConnection::ListTables(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<sdk::TableInfo>> {
            std::optional<std::string> p;
            if (!schema.empty()) {
                auto parts = FoldName(schema, 1);
                if (!parts.ok()) {
                    return parts.status().WithContext("schema");
                }
                p = (*parts)[0];
            }
            DBB_ASSIGN_OR_RETURN(
                auto r,
                session_->Query(
                    "SELECT n.nspname, c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'VIEW' ELSE 'TABLE' END"
                    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = COALESCE($1::text, pg_catalog.current_schema())"
                    " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition ORDER BY c.relname",
                    {p}, "listing tables"));
            std::vector<sdk::TableInfo> out;
            for (int i = 0; i < PQntuples(r.get()); ++i) {
                out.push_back({PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1), PQgetvalue(r.get(), i, 2)});
            }
            return out;
        },
        "postgres plugin: ");
}

Result<std::vector<sdk::ColumnInfo>> PgConnection::ListColumns(const std::string& table) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<sdk::ColumnInfo>> {
            auto parts = FoldName(table, 2);
            if (!parts.ok()) {
                return parts.status().WithContext("table");
            }
            std::optional<std::string> schema;
            std::string name = parts->back();
            if (parts->size() == 2) {
                schema = (*parts)[0];
            }
            DBB_ASSIGN_OR_RETURN(auto r,
                                 session_->Query(kColumnsSql, {schema, name}, "listing columns of '" + table + "'"));
            PGresult* res = r.get();
            if (PQntuples(res) == 0) {
                return Status::NotFound("table '" + table + "' not found on " + session_->where() +
                                        (schema ? "" : " (searched the search_path)"));
            }
            std::vector<sdk::ColumnInfo> out;
            for (int i = 0; i < PQntuples(res); ++i) {
                sdk::ColumnInfo c;
                c.name = PQgetvalue(res, i, 0);
                c.native_type = PQgetvalue(res, i, 1);
                c.nullable = PQgetvalue(res, i, 2)[0] == 't';
                const bool is_array = PQgetvalue(res, i, 6)[0] == 't';
                c.jdbc_type = is_array ? JdbcType::kArray : MapPgTypeName(PQgetvalue(res, i, 3));
                if (c.native_type == "oracle.date") {
                    c.jdbc_type = JdbcType::kTimestamp;
                }
                auto base_oid = static_cast<std::uint32_t>(std::strtoul(PQgetvalue(res, i, 4), nullptr, 10));
                PrecisionOf(base_oid, std::atoi(PQgetvalue(res, i, 5)), c.precision, c.scale);
                out.push_back(std::move(c));
            }
            return out;
        },
        "postgres plugin: ");
}

Result<sdk::ExecuteResult> PgConnection::Execute(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                 sdk::RowSink* sink, const sdk::ExecuteOptions& options) noexcept {
    return sdk::util::NoThrow([&]() { return ExecuteImpl(sql, binds, sink, options); }, "postgres plugin: ");
}

Result<sdk::ExecuteResult> PgConnection::ExecuteImpl(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                     sdk::RowSink* sink, const sdk::ExecuteOptions& options) {
    PGconn* conn = session_->conn();
    sdk::ExecuteResult out;
    auto fail = [&](const PgError& e) {
        if (!out.failed) {
            out.failed = true;
            out.sql_state = e.sql_state;
            out.error_code = e.sql_state;
            out.error_message = e.message;
        }
    };
    session_->ClearCancelled();
    if (options.timeout_ms > 0) {
        PgResult r(PQexec(conn, ("SET statement_timeout = " + std::to_string(options.timeout_ms)).c_str()));
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
            if (session_->broken()) {
                return session_->StatusOf(ErrorOf(r.get(), conn), "setting statement_timeout");
            }
            fail(ErrorOf(r.get(), conn));  // e.g. inside an aborted transaction: the statement fails too
            return out;
        }
    }

    std::vector<Oid> types;
    std::vector<std::string> texts(binds.size());
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (std::size_t i = 0; i < binds.size(); ++i) {
        const sdk::BindValue& b = binds[i];
        const std::uint32_t type_oid = BindTypeOid(b.type);
        types.push_back(type_oid);
        if (b.value.is_null()) {
            values.push_back(nullptr);
            lengths.push_back(0);
            formats.push_back(0);
            continue;
        }
        if (type_oid == oid::kBytea) {  // raw bytes in binary format: no escaping round trip
            values.push_back(b.value.s.data());
            lengths.push_back(static_cast<int>(b.value.s.size()));
            formats.push_back(1);
            continue;
        }
        AppendValueText(b.value, TargetClassOf(type_oid), false, texts[i]);
        values.push_back(texts[i].c_str());
        lengths.push_back(static_cast<int>(texts[i].size()));
        formats.push_back(0);
    }
    // Without binds the simple protocol also accepts several statements in one text.
    int sent = binds.empty() ? PQsendQuery(conn, sql.c_str())
                             : PQsendQueryParams(conn, sql.c_str(), static_cast<int>(binds.size()), types.data(),
                                                 values.data(), lengths.data(), formats.data(), 0);
    if (!sent) {
        PgError e = ErrorOf(nullptr, conn);
        if (session_->broken()) {
            return session_->StatusOf(e, "sending the statement");
        }
        fail(e);
        return out;
    }
    PQsetSingleRowMode(conn);

    std::vector<ResultColumn> columns;
    bool described = false;
    bool first_set_done = false;  // rows of later result sets (multi-statement text) are not sent
    bool stop = false;
    bool self_cancelled = false;
    const bool plain_query = StartsAsPlainQuery(sql);
    std::int64_t discarded = 0;
    Status sink_status;
    sdk::Record row;
    while (PGresult* raw = PQgetResult(conn)) {
        PgResult r(raw);
        switch (PQresultStatus(raw)) {
            case PGRES_SINGLE_TUPLE:
            case PGRES_TUPLES_OK: {
                out.has_rows = true;
                if (!described) {
                    described = true;
                    columns = DescribeResult(*session_, raw);
                    if (sink) {
                        std::vector<sdk::ColumnInfo> infos;
                        for (const auto& c : columns) {
                            infos.push_back(c.info);
                        }
                        sink_status = sink->OnColumns(infos);
                        stop = !sink_status.ok();
                    }
                }
                if (PQresultStatus(raw) == PGRES_TUPLES_OK) {
                    first_set_done = true;
                    const char* n = PQcmdTuples(raw);
                    out.affected_rows += n && *n ? std::atoll(n) : 0;
                    break;
                }
                if (stop || sink == nullptr || first_set_done) {
                    // Only a stopped plain query is cancelled: a DML ... RETURNING must complete.
                    if (stop && ++discarded > kCancelAfterDiscardedRows && !self_cancelled && plain_query) {
                        self_cancelled = true;
                        session_->Cancel();
                    }
                    break;
                }
                row.resize(columns.size());
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    const int ci = static_cast<int>(c);
                    if (PQgetisnull(raw, 0, ci)) {
                        row[c] = sdk::Value::Null();
                    } else {
                        DecodeText(columns[c].decoder, columns[c].fraction_digits, PQgetvalue(raw, 0, ci),
                                   static_cast<std::size_t>(PQgetlength(raw, 0, ci)), row[c]);
                    }
                }
                ++out.row_count;
                if (!sink->OnRow(row)) {
                    stop = true;
                }
                break;
            }
            case PGRES_COMMAND_OK: {
                const char* n = PQcmdTuples(raw);
                out.affected_rows += n && *n ? std::atoll(n) : 0;
                break;
            }
            case PGRES_COPY_IN:
                PQputCopyEnd(conn, "COPY FROM STDIN is not supported here");
                break;
            case PGRES_COPY_OUT: {
                char* buf = nullptr;
                while (PQgetCopyData(conn, &buf, 0) > 0) {
                    PQfreemem(buf);
                }
                PgError e;
                e.message = "COPY TO STDOUT is not supported here";
                fail(e);
                break;
            }
            case PGRES_EMPTY_QUERY:
                break;
            default: {
                PgError e = ErrorOf(raw, conn);
                if (!(self_cancelled && e.sql_state == "57014")) {
                    fail(e);
                }
                break;
            }
        }
    }
    if (options.timeout_ms > 0 && !session_->broken()) {
        // Fails harmlessly in an aborted transaction, whose rollback undoes the SET as well.
        PgResult r(PQexec(conn, "RESET statement_timeout"));
    }
    session_->ClearCancelled();
    if (session_->broken()) {
        return Status::Unavailable("connection to " + session_->where() +
                                   " lost: " + (out.failed ? out.error_message : std::string(PQerrorMessage(conn))));
    }
    if (!sink_status.ok()) {
        return sink_status;
    }
    return out;
}

Status PgConnection::Begin() noexcept {
    return sdk::util::NoThrow([&] { return session_->Exec("BEGIN", "BEGIN"); }, "postgres plugin: ");
}

Status PgConnection::Commit() noexcept {
    return sdk::util::NoThrow([&] { return session_->Exec("COMMIT", "COMMIT"); }, "postgres plugin: ");
}

Status PgConnection::Rollback() noexcept {
    return sdk::util::NoThrow([&] { return session_->Exec("ROLLBACK", "ROLLBACK"); }, "postgres plugin: ");
}

Result<std::unique_ptr<sdk::RecordReader>> PgConnection::OpenReader(const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::RecordReader>> {
            DBB_ASSIGN_OR_RETURN(auto sql, BuildSelectSql(spec, true));
            DBB_ASSIGN_OR_RETURN(auto reader, PgRecordReader::Open(*session_, sql));
            return std::unique_ptr<sdk::RecordReader>(std::move(reader));
        },
        "postgres plugin: ");
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> PgConnection::SplitRange(
    const sdk::ReadSpec& spec) noexcept {
    using Range = std::optional<std::pair<std::int64_t, std::int64_t>>;
    return sdk::util::NoThrow(
        [&]() -> Result<Range> {
            if (spec.split_pk.empty()) {
                return Status::InvalidArgument("splitPk is empty");
            }
            if (!spec.query_sql.empty()) {
                return Status::InvalidArgument("splitPk cannot be used with querySql");
            }
            auto pk = QuoteFoldedName(spec.split_pk, 1);
            if (!pk.ok()) {
                return pk.status().WithContext("splitPk");
            }
            sdk::ReadSpec inner = spec;
            inner.columns = {"min(" + *pk + ")", "max(" + *pk + ")"};
            DBB_ASSIGN_OR_RETURN(auto sql, BuildSelectSql(inner, false));
            DBB_ASSIGN_OR_RETURN(auto r, session_->Query(sql, {}, "splitPk range of '" + spec.table + "'"));
            PGresult* res = r.get();
            const std::uint32_t type_oid = PQftype(res, 0);
            if (type_oid != oid::kInt2 && type_oid != oid::kInt4 && type_oid != oid::kInt8 &&
                type_oid != oid::kNumeric) {
                const PgTypeInfo* t = FindBuiltinType(type_oid);
                return Status::InvalidArgument("splitPk '" + spec.split_pk + "' of table '" + spec.table +
                                               "' has type " + (t ? t->name : session_->LookupType(type_oid).name) +
                                               "; only integer split keys are supported");
            }
            if (PQgetisnull(res, 0, 0)) {
                return Range{};
            }
            std::int64_t lo = 0;
            std::int64_t hi = 0;
            const char* a = PQgetvalue(res, 0, 0);
            const char* b = PQgetvalue(res, 0, 1);
            auto ra = std::from_chars(a, a + PQgetlength(res, 0, 0), lo);
            auto rb = std::from_chars(b, b + PQgetlength(res, 0, 1), hi);
            if (ra.ec != std::errc() || rb.ec != std::errc() || *ra.ptr || *rb.ptr) {
                return Status::InvalidArgument("splitPk '" + spec.split_pk + "' of table '" + spec.table +
                                               "' has non-integer or out-of-range values (" + a + ", " + b + ")");
            }
            return Range{std::make_pair(lo, hi)};
        },
        "postgres plugin: ");
}

Result<std::unique_ptr<sdk::RecordWriter>> PgConnection::OpenWriter(const sdk::WriteSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::RecordWriter>> {
            DBB_ASSIGN_OR_RETURN(auto writer, PgRecordWriter::Open(*session_, spec, allow_binary_copy_));
            return std::unique_ptr<sdk::RecordWriter>(std::move(writer));
        },
        "postgres plugin: ");
}

void PgConnection::Cancel() noexcept {
    try {
        session_->Cancel();
    } catch (...) {
    }
}

}  // namespace dbbridge::postgres
