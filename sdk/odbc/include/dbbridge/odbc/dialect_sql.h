#pragma once
// The dialect-specific SQL an OdbcConnection needs: metadata queries, schema switch, session
// set-up, quoting, type names. One immutable object per dialect, shared by its connections.

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_diagnostics.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::odbc {

// A statement with one `?` per entry of params; params[i] is the written column (index into the
// writer's column list) bound to marker i + 1. A column may be bound to several markers.
struct BoundStatement {
    std::string sql;
    std::vector<std::size_t> params;
};

class DialectSql {
public:
    virtual ~DialectSql() = default;

    virtual std::string DialectName() const = 0;
    // One row, one column: the session's current schema.
    virtual std::string CurrentSchemaSql() const = 0;
    // One column of schema names.
    virtual std::string ListSchemasSql() const = 0;
    // Binds: owner, owner. Columns: owner, name, "TABLE"|"VIEW".
    virtual std::string ListTablesSql() const = 0;
    // Binds: owner, table. Columns: name, data type, length, precision, scale, nullable ('Y'/'N').
    virtual std::string ListColumnsSql() const = 0;
    virtual std::string SetSchemaSql(const std::string& quoted_schema) const = 0;
    // Statements run after connecting (NLS formats, time zone); the "session_init" option replaces them.
    virtual std::vector<std::string> DefaultSessionInit() const = 0;
    virtual sdk::Result<std::string> QuoteIdentifier(const std::string& name) const = 0;
    virtual sdk::JdbcType MapNativeType(const std::string& native_type) const = 0;

    // Unquoted identifiers fold to upper case (Oracle, DM) when true.
    virtual bool FoldsToUpper() const { return true; }
    // "NUMBER(12,2)", "VARCHAR2(64)" from dictionary columns (-1: unknown).
    virtual std::string FormatNativeType(const std::string& data_type, std::int64_t length, std::int64_t precision,
                                         std::int64_t scale) const;
    // The server's error code as users know it ("ORA-00942"); default: the native code as text.
    virtual std::string ErrorCode(const Diagnostic& diagnostic) const;
    // Savepoint statements used by the writer's record-by-record fallback.
    virtual std::string SavepointSql(const std::string& name) const { return "SAVEPOINT " + name; }
    virtual std::string RollbackToSavepointSql(const std::string& name) const {
        return "ROLLBACK TO SAVEPOINT " + name;
    }

    // Binds: owner, table. Columns: constraint name, column name: the primary key first, then the
    // unique keys by name, each key's columns in key order. "" when the dialect cannot list keys
    // (writeMode update is then refused unless the job names the key).
    virtual std::string KeyColumnsSql() const { return ""; }
    // writeMode update: updates the row whose `key` columns equal the record's and inserts the
    // record when none does. table and columns are SQL text (quoted as needed); key and update
    // index columns; an empty update leaves a matching row as it is. Default: Oracle's
    // MERGE INTO t USING DUAL ON (...), which DM and OceanBase's Oracle mode (and PostgreSQL 15
    // with a DUAL view) accept.
    virtual BoundStatement MergeSql(const std::string& table, const std::vector<std::string>& columns,
                                    const std::vector<std::size_t>& key, const std::vector<std::size_t>& update) const;
};

// Splits a user-written "owner.table" / "table" / "\"Mixed\".t" into its parts, folding unquoted
// parts to upper case when fold_upper. Fails on empty parts, unterminated quotes or more than two parts.
sdk::Result<std::vector<std::string>> SplitObjectName(const std::string& name, bool fold_upper);

// One identifier as the server spells it (from the dictionary or a result set), quoted by sql;
// dots and quotes inside it stay part of the one name.
sdk::Result<std::string> QuoteNamePart(const DialectSql& sql, const std::string& part);

// SQL text for a user-written name of at most max_parts parts ("owner.table", "\"Mixed\".t", a
// column). A name of plain identifiers only is kept verbatim, so the server folds it as its users
// expect (Oracle: upper case); otherwise the parts are folded like SplitObjectName and each is
// quoted, so no text of the name can reach the SQL unquoted. With plain_or_quoted, an unquoted part
// that is not a plain identifier ("a, b", "t.*", "f(x)") is an error instead. Errors name `what`.
sdk::Result<std::string> ObjectNameSql(const DialectSql& sql, const std::string& name, std::size_t max_parts,
                                       bool plain_or_quoted, const std::string& what);

}  // namespace dbbridge::odbc
