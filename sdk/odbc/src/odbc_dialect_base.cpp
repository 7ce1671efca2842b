#include "dbbridge/odbc/odbc_dialect_base.h"

#include <algorithm>

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/odbc/odbc_connection.h"
#include "dbbridge/sdk/util/datax_blocks.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

sdk::Result<std::unique_ptr<sdk::Connection>> OdbcDialectBase::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::Connection>> {
            DBB_RETURN_IF_ERROR(
                CheckDriverValue("DRIVER", spec.Option("odbc_driver"), Name() + " datasource option odbc_driver"));
            DBB_RETURN_IF_ERROR(CheckDriverValue("DSN", spec.Option("dsn"), Name() + " datasource option dsn"));
            DBB_ASSIGN_OR_RETURN(auto cs, BuildConnectionString(spec));
            const bool verbatim = !spec.Option("connection_string").empty();
            DBB_RETURN_IF_ERROR(CheckDriverKeywords(
                cs, Name() + " datasource option " + (verbatim ? "connection_string" : "odbc_attributes")));
            return OdbcConnection::Open(cs, sql_, spec);
        },
        (Name() + " connect: ").c_str());
}

std::vector<sdk::OptionSpec> OdbcDialectBase::DatasourceOptions() const noexcept {
    return sdk::util::NoThrowValue(
        [&] {
            std::string session_init;
            for (const auto& statement : sql_->DefaultSessionInit()) {
                session_init += (session_init.empty() ? "" : "; ") + statement;
            }
            std::vector<sdk::OptionSpec> out{
                sdk::OptionSpec::Text("connection_string",
                                      "full ODBC connection string, used verbatim (the other ODBC options are then ignored)")
                    .Secret()
                    .LocatesServer(),
                sdk::OptionSpec::Text("dsn", "an odbc.ini data source name instead of a driver and host")
                    .LocatesServer(),
                sdk::OptionSpec::Text("odbc_driver", "driver name registered in odbcinst.ini")
                    .Default(DefaultOdbcDriver()),
                sdk::OptionSpec::Text("odbc_attributes", "extra KEY=value; pairs appended to the built string"),
                sdk::OptionSpec::Text("session_init",
                                      "';'-separated statements run after connecting; empty disables them")
                    .Default(session_init),
                sdk::OptionSpec::Integer("odbc_array_size",
                                         "rows per ODBC parameter array (writes) and per block fetch (reads); 1 "
                                         "writes and reads row at a time",
                                         1, static_cast<std::int64_t>(OdbcConnection::kMaxArraySize))
                    .Default(std::to_string(OdbcConnection::kDefaultArraySize)),
            };
            for (auto& extra : ExtraDatasourceOptions()) {
                out.push_back(std::move(extra));
            }
            return out;
        },
        std::vector<sdk::OptionSpec>{});
}

sdk::JdbcType OdbcDialectBase::MapNativeType(const std::string& native_type) const noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::JdbcType { return sql_->MapNativeType(native_type); },
                                   sdk::JdbcType::kOther);
}

sdk::Result<std::string> OdbcDialectBase::QuoteIdentifier(const std::string& name) const noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Result<std::string> { return sql_->QuoteIdentifier(name); });
}

sdk::Result<std::string> OdbcDialectBase::RewriteBinds(const std::string& sql,
                                                       std::vector<std::string>& order) const noexcept {
    return sdk::util::NoThrow(
        [&] { return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kQuestion, Lexicon(), order); },
        "bind rewriting: ");
}

std::optional<sdk::SqlTarget> OdbcDialectBase::SqlTargetProfile() const noexcept {
    sdk::SqlTarget t = SqlTargetData();
    t.same_sql = SameFamily();
    return t;
}

// Translation is the host's (from SqlTargetProfile()); ODBC plugins carry no translator.
sdk::Result<sdk::TranspileResult> OdbcDialectBase::Transpile(const std::string& from_dialect,
                                                             const std::string& sql) const noexcept {
    (void)sql;
    return sdk::Status::Unimplemented("dialect " + Name() + " does not translate SQL itself: the host translates " +
                                      from_dialect + " from SqlTargetProfile()");
}

sdk::Result<std::string> OdbcDialectBase::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Result<std::string> {
        sdk::util::DataxBlockOptions o;
        o.plugin_name = DataxReaderName();
        o.jdbc_url = side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url;
        o.username = side.connection.user;
        o.default_fetch_size = DataxFetchSize();
        return sdk::util::RdbmsReaderJson(side, o);
    });
}

sdk::Result<std::string> OdbcDialectBase::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Result<std::string> {
        const std::string name = DataxWriterName();
        if (!side.write_mode.empty() && side.write_mode != "insert") {
            return sdk::Status::InvalidArgument(name + " supports writeMode insert only, not '" + side.write_mode +
                                                "'");
        }
        sdk::util::DataxBlockOptions o;
        o.plugin_name = name;
        o.jdbc_url = side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url;
        o.username = side.connection.user;
        return sdk::util::RdbmsWriterJson(side, o);
    });
}

}  // namespace dbbridge::odbc
