#include "sqlite_dialect.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "sqlite_connection.h"
#include "sqlite_datax.h"
#include "sqlite_types.h"
#include "sqlite_url.h"

namespace dbbridge::sqlite {

namespace {
constexpr std::size_t kMaxIdentifierBytes = 1024;
}  // namespace

std::vector<sdk::OptionSpec> SqliteDialect::DatasourceOptions() const noexcept {
    return sdk::util::NoThrowValue(
        [] {
            return std::vector<sdk::OptionSpec>{
                sdk::OptionSpec::Choice("open_mode", "how the database file is opened",
                                        {"read_write", "read_write_create", "read_only"})
                    .Default("read_write"),
                sdk::OptionSpec::Integer("busy_timeout_ms", "wait this long for a lock held by another process", 0,
                                         600'000)
                    .Default("5000"),
            };
        },
        std::vector<sdk::OptionSpec>{});
}

sdk::SqlLexicon SqliteDialect::Lexicon() const noexcept {
    sdk::SqlLexicon l;
    l.backtick_identifiers = true;
    return l;
}

sdk::Result<sdk::ConnectionSpec> SqliteDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow([&] { return ParseSqliteJdbcUrl(url); }, "SQLITE JDBC URL: ");
}

std::string SqliteDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue([&] { return BuildSqliteJdbcUrl(spec); }, std::string());
}

sdk::Result<std::unique_ptr<sdk::Connection>> SqliteDialect::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::Connection>> {
            DBB_ASSIGN_OR_RETURN(auto conn, SqliteConnection::Open(spec));
            DBB_RETURN_IF_ERROR(conn->SetSchema(spec.schema));
            return conn;
        },
        "SQLITE connect: ");
}

std::string SqliteDialect::DefaultColumnsSql() const noexcept {
    return "SELECT name, type, CASE \"notnull\" WHEN 1 THEN 'N' ELSE 'Y' END FROM pragma_table_info(?)";
}

sdk::JdbcType SqliteDialect::MapNativeType(const std::string& native_type) const noexcept {
    return sdk::util::NoThrowValue([&] { return MapDeclaredType(native_type); }, sdk::JdbcType::kOther);
}

sdk::Result<std::string> SqliteDialect::QuoteIdentifier(const std::string& name) const noexcept {
    return sdk::util::NoThrow([&] { return sdk::util::QuoteQualifiedName(name, '"', kMaxIdentifierBytes); },
                              "SQLITE identifier: ");
}

sdk::Result<std::string> SqliteDialect::RewriteBinds(const std::string& sql,
                                                     std::vector<std::string>& order) const noexcept {
    return sdk::util::NoThrow(
        [&] { return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kQuestion, Lexicon(), order); },
        "SQLITE bind rewriting: ");
}

sdk::Result<std::string> SqliteDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&] { return sqlite::DataxReaderJson(side, side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url); },
        "sqlitereader: ");
}

sdk::Result<std::string> SqliteDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&] { return sqlite::DataxWriterJson(side, side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url); },
        "sqlitewriter: ");
}

sdk::Capabilities SqliteDialect::GetCapabilities() const noexcept {
    sdk::Capabilities c;
    c.limit = true;
    c.nulls_ordering = true;
    return c;
}

sdk::Result<sdk::TranspileResult> SqliteDialect::Transpile(const std::string& from_dialect,
                                                           const std::string& sql) const noexcept {
    if (sdk::util::ToUpper(from_dialect) == "SQLITE") {
        return sdk::TranspileResult{sql, {"identity: SQLITE runs SQLITE SQL unchanged"}};
    }
    return sdk::Status::Unimplemented("SQLITE: translating from " + from_dialect +
                                      " is not offered; send SQLITE SQL with needTransform=false");
}

}  // namespace dbbridge::sqlite
