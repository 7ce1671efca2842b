#pragma once
// sdk::Connection over libpq for PostgreSQL and its Oracle-compatible derivatives.
// Used by one thread at a time; Cancel() may be called from any thread. A reader or writer
// opened on it borrows the connection: close it before running anything else, and destroy it
// before the connection.

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "pg_session.h"

namespace dbbridge::postgres {

// The metadata query ListColumns runs: $1 schema (NULL: resolve through search_path), $2 table,
// both already folded. Columns: name, native type, nullable, base type name (domains resolved),
// base type OID, base typmod, is array, is generated.
extern const char* const kColumnsSql;

class PgConnection final : public sdk::Connection {
public:
    // oracle_compatible: keep orafce's schema "oracle" on the search_path.
    PgConnection(std::unique_ptr<PgSession> session, bool oracle_compatible);

    // Sets the search_path for spec.schema (or just adds "oracle" for the Oracle variants).
    sdk::Status Init(const std::string& schema);

    sdk::Result<sdk::PingResult> Ping(const std::string& ping_sql) noexcept override;
    sdk::Result<std::string> ServerVersion() noexcept override;
    sdk::Result<std::vector<std::string>> ListSchemas() noexcept override;
    sdk::Result<std::vector<sdk::TableInfo>> ListTables(const std::string& schema) noexcept override;
    sdk::Result<std::vector<sdk::ColumnInfo>> ListColumns(const std::string& table) noexcept override;
    sdk::Status SetSchema(const std::string& schema) noexcept override;
    sdk::Result<sdk::ExecuteResult> Execute(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                            sdk::RowSink* sink, const sdk::ExecuteOptions& options) noexcept override;
    sdk::Status Begin() noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;
    sdk::Result<std::unique_ptr<sdk::RecordReader>> OpenReader(const sdk::ReadSpec& spec) noexcept override;
    sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SplitRange(
        const sdk::ReadSpec& spec) noexcept override;
    sdk::Result<std::unique_ptr<sdk::RecordWriter>> OpenWriter(const sdk::WriteSpec& spec) noexcept override;
    void Cancel() noexcept override;

    // Connection option pg_copy_format: "text" keeps writers on text COPY (default "auto").
    void AllowBinaryCopy(bool allow) { allow_binary_copy_ = allow; }

private:
    sdk::Result<sdk::ExecuteResult> ExecuteImpl(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                sdk::RowSink* sink, const sdk::ExecuteOptions& options);
    sdk::Status SetSearchPath(const std::string& folded_schema);

    std::unique_ptr<PgSession> session_;
    bool oracle_compatible_;
    bool allow_binary_copy_ = true;
};

// The SELECT a ReadSpec stands for (shared by OpenReader and SplitRange; exposed for tests).
// with_range: add the split range predicate.
sdk::Result<std::string> BuildSelectSql(const sdk::ReadSpec& spec, bool with_range);

// Bind parameter type OID for a java.sql.Types code (0: let the server infer).
std::uint32_t BindTypeOid(sdk::JdbcType type);

}  // namespace dbbridge::postgres
