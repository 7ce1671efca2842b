#pragma once
// The Dialect interface: what every database plugin provides for one dialect name.
// Methods are noexcept and report failures through Status; a Dialect is thread-safe
// (it holds no per-connection state; Connections carry that).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/options.h"
#include "dbbridge/sdk/segment_checksum.h"
#include "dbbridge/sdk/sql_lexicon.h"
#include "dbbridge/sdk/sql_target.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::sdk {

// What a target accepts natively; the transpiler rewrites only what is missing.
struct Capabilities {
    bool connect_by = false;
    bool rownum = false;
    bool oracle_outer_join = false;  // (+)
    bool empty_string_is_null = false;
    bool dual = false;
    bool sequence_nextval = false;  // seq.NEXTVAL
    bool merge = false;
    bool limit = false;
    bool fetch_first = false;
    bool nulls_ordering = false;  // NULLS FIRST/LAST
    bool oracle_date = false;     // DATE carries a time part
    bool oracle_functions = false;  // NVL, DECODE, ... (orafce or native)
};

// Inputs for DataX job generation: one side of a job.
struct DataxSide {
    ConnectionSpec connection;
    std::string jdbc_url;  // filled by the dialect when empty
    std::vector<std::string> tables;
    std::vector<std::string> columns;
    std::string where;
    std::string split_pk;
    std::string query_sql;
    std::string write_mode;
    std::vector<std::string> pre_sql;
    std::vector<std::string> post_sql;
    int fetch_size = 0;
    int batch_size = 0;
    // When set, the block names the saved datasource instead of carrying credentials.
    std::int64_t datasource_id = 0;
};

// Result of translating SQL into this dialect.
struct TranspileResult {
    std::string sql;
    std::vector<std::string> notes;  // rules applied, for the report
};

class Dialect {
public:
    virtual ~Dialect() = default;

    // Identity.
    virtual std::string Name() const noexcept = 0;  // API name: "MYSQL", "LIGHTDB_ORACLE", ...
    virtual std::vector<std::string> DataxReaderNames() const noexcept = 0;  // e.g. {"mysqlreader"}
    virtual std::vector<std::string> DataxWriterNames() const noexcept = 0;
    virtual std::vector<std::string> JdbcUrlPrefixes() const noexcept = 0;  // e.g. {"jdbc:mysql://"}
    // 0: the dialect has no server (an embedded database file); a datasource then needs no host.
    virtual int DefaultPort() const noexcept = 0;

    // The datasource options this dialect reads from ConnectionSpec::options. Core accepts no
    // other key in a datasource of this dialect (besides its own connect_timeout_ms) and checks
    // each value against its spec before the dialect sees it.
    virtual std::vector<OptionSpec> DatasourceOptions() const noexcept = 0;

    // How this dialect's SQL splits into tokens (quotes, comments, escapes); bind rewriting and
    // multiplex statement analysis read SQL through it.
    virtual SqlLexicon Lexicon() const noexcept = 0;

    // Parses a JDBC URL of this dialect into connection settings (no user/password).
    virtual Result<ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept = 0;
    virtual std::string BuildJdbcUrl(const ConnectionSpec& spec) const noexcept = 0;

    // Connects and, when spec.schema is set, switches to it.
    virtual Result<std::unique_ptr<Connection>> Connect(const ConnectionSpec& spec) const noexcept = 0;

    // Defaults registered in the columns_query table at start-up (overridable there).
    virtual std::string DefaultPingSql() const noexcept = 0;
    virtual std::string DefaultColumnsSql() const noexcept = 0;

    // Type mapping: native type name (any case, with or without "(p,s)") -> java.sql.Types code.
    virtual JdbcType MapNativeType(const std::string& native_type) const noexcept = 0;

    // Identifiers: validates and quotes one name, or a dotted "schema.table" name.
    virtual Result<std::string> QuoteIdentifier(const std::string& name) const noexcept = 0;

    // Rewrites "@name" binds (outside literals and comments) into this dialect's placeholders.
    // order receives the bind names in placeholder order (a name used twice appears twice).
    virtual Result<std::string> RewriteBinds(const std::string& sql,
                                             std::vector<std::string>& order) const noexcept = 0;

    // DataX generation: the {"name":..., "parameter":{...}} JSON text of a reader / writer block.
    virtual Result<std::string> DataxReaderJson(const DataxSide& side) const noexcept = 0;
    virtual Result<std::string> DataxWriterJson(const DataxSide& side) const noexcept = 0;

    virtual Capabilities GetCapabilities() const noexcept = 0;
    // Translates SQL written for from_dialect ("ORACLE" or "MYSQL") into this dialect.
    virtual Result<TranspileResult> Transpile(const std::string& from_dialect,
                                              const std::string& sql) const noexcept = 0;

    // Table compare: "SELECT <row count>, <checksum>" over spec.table where spec.filter holds,
    // one row of two columns, following the canonical text of segment_checksum.h; "@name" binds
    // of the filter are left in place. The default says the dialect has none: core then compares
    // that table row by row. (Added at the end of the class: older plugins keep working.)
    virtual Result<std::string> SegmentChecksumSql(const SegmentChecksumSpec& spec) const noexcept {
        return Status::Unimplemented("dialect " + Name() + " provides no segment checksum SQL (table '" + spec.table +
                                     "')");
    }
    // Table compare's default key: the primary key columns of table ("name" or "schema.name") in
    // key order, read through connection with the name bound; empty when the table has none.
    virtual Result<std::vector<std::string>> PrimaryKeyColumns(Connection& connection,
                                                               const std::string& table) const noexcept {
        (void)connection;
        return Status::Unimplemented("dialect " + Name() + " cannot list the primary key of table '" + table +
                                     "': name the key columns");
    }

    // The SQL this dialect runs, described as data (sdk/sql_target.h). When a dialect declares
    // one, core's translator prints SQL for it and Transpile() above is not called; the default
    // (nothing declared, e.g. a plugin built before this method existed) keeps Transpile() in use.
    // Added at the end of the class in ABI 2 (additive: older plugins keep loading).
    virtual std::optional<SqlTarget> SqlTargetProfile() const noexcept { return std::nullopt; }

    // Table compare: an expression of key column `quoted` (of `table`, typed as ListColumns reported
    // `column`) that compares and orders its values by the bytes of their UTF-8 text. Core uses it in
    // segment bounds and ORDER BY, so two databases with different collations agree on which rows a
    // key range holds. connection may be read to learn the column's collation: keep the plain column
    // where it already orders by bytes, so its index still serves the ranges. Default: the column
    // unchanged (right for numbers, dates, and engines comparing text by bytes).
    // Added at the end of the class (additive: older plugins keep loading).
    virtual Result<std::string> ByteOrderKey(Connection& connection, const std::string& table,
                                             const ColumnInfo& column, const std::string& quoted) const noexcept {
        (void)connection;
        (void)table;
        (void)column;
        return quoted;
    }
};

}  // namespace dbbridge::sdk
