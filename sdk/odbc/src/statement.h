#pragma once
// One ODBC statement handle of an OdbcConnection: prepare, typed binds, execute, describe, fetch.
// While alive it is the connection's active statement (the one Cancel() interrupts).

#include <sql.h>
#include <sqlext.h>

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_connection.h"
#include "value_codec.h"

namespace dbbridge::odbc {

class Statement {
public:
    static sdk::Result<std::unique_ptr<Statement>> Open(OdbcConnection& conn);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    SQLHSTMT handle() const { return h_; }
    void SetTimeout(int timeout_ms);
    SQLRETURN Prepare(const std::string& sql);
    // Binds each value by its java.sql.Types code; the error names the bind.
    sdk::Status BindParams(const std::vector<sdk::BindValue>& binds);
    SQLRETURN Execute();
    SQLRETURN ExecDirect(const std::string& sql);
    std::vector<Diagnostic> Diagnostics() const;
    sdk::Status Error(const std::string& context) const;

    // Number of result columns (0: no result set).
    sdk::Result<SQLSMALLINT> ResultColumns();
    // Describes the result columns and prepares their fetch plans.
    sdk::Result<std::vector<sdk::ColumnInfo>> Describe(const DialectSql& dialect);
    // Raw SQL types of the described columns (column size and digits), for writers.
    struct RawColumn {
        std::string name;
        SQLSMALLINT sql_type = 0;
        SQLULEN size = 0;
        SQLSMALLINT digits = 0;
    };
    const std::vector<RawColumn>& raw_columns() const { return raw_; }
    // How each described column is fetched.
    const std::vector<FetchPlan>& fetch_plans() const { return plans_; }
    // Fetches the next row into row; false at the end.
    sdk::Result<bool> Fetch(sdk::Record& row);
    sdk::Result<std::int64_t> RowCount();
    void CloseCursor();

private:
    Statement(OdbcConnection& conn, SQLHSTMT h) : conn_(conn), h_(h) {}

    struct Param {
        BindPlan plan;
        std::string bytes;
        SQLLEN indicator = 0;
    };

    OdbcConnection& conn_;
    SQLHSTMT h_;
    std::vector<FetchPlan> plans_;
    std::vector<RawColumn> raw_;
    std::vector<std::unique_ptr<Param>> params_;
};

}  // namespace dbbridge::odbc
