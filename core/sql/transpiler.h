#pragma once
// Entry points of the SQL translator (part of core; plugins declare their target as data and never
// link it). core/transpile's TranspileFor() builds the profile from the dialect's declaration and
// calls Transpile() / TranspileForDialect(); TranspileForTarget() uses the fallback table for a
// name no plugin serves. Thread-safe; a Catalog passed in options is mutated and must not be
// shared between threads.

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"
#include "core/sql/target_profile.h"

namespace dbbridge::sql {

enum class TypeClass { kUnknown, kNumber, kText, kDate };

// Optional schema knowledge: column types (date arithmetic, TRUNC(date) vs TRUNC(number)) and
// unique keys (ON DUPLICATE KEY UPDATE -> ON CONFLICT). Filled from CREATE TABLE statements that
// pass through Transpile, or by the caller.
class Catalog {
public:
    void AddColumn(const std::string& table, const std::string& column, TypeClass type);
    void AddUniqueKey(const std::string& table, std::vector<std::string> columns);
    void Learn(const Statement& create_table);
    // Type of a column by name; kUnknown when unknown or when tables disagree.
    TypeClass ColumnType(const std::string& column) const;
    // First unique key (primary key first) of a table, empty when unknown.
    std::vector<std::string> UniqueKey(const std::string& table) const;
    // Every unique key (primary key first) of a table, distinct; empty when unknown.
    std::vector<std::vector<std::string>> UniqueKeys(const std::string& table) const;
    // The table's columns in declaration order, empty when unknown.
    std::vector<std::string> Columns(const std::string& table) const;

private:
    std::map<std::string, TypeClass> columns_;  // lower-case column name
    std::map<std::string, std::vector<std::string>> table_columns_;  // lower-case table name
    std::map<std::string, std::vector<std::vector<std::string>>> keys_;  // lower-case table name
};

// Where a translation can ask for what the SQL does not say: the database the statement will run
// on. Asked once per table a statement names that the catalog does not know yet (at most
// kMaxDescribedTablesPerStatement per statement); fills catalog with the table's columns (types)
// and keys (at most kMaxDescribedTablesPerScript per Transpile call). An unknown table leaves the catalog as it was (its constructs are then refused as
// without a catalog); an error (e.g. the server is unreachable) fails the translation.
class CatalogSource {
public:
    virtual ~CatalogSource() = default;
    // table: the name as written ("t" or "schema.t"); catalog_name: the name rules look up ("t").
    virtual Status Describe(const std::string& table, const std::string& catalog_name, Catalog& catalog) = 0;
};

inline constexpr std::size_t kMaxDescribedTablesPerStatement = 32;
inline constexpr std::size_t kMaxDescribedTablesPerScript = 256;  // bounds one request's metadata queries

struct TranspileOptions {
    Catalog* catalog = nullptr;
    CatalogSource* source = nullptr;  // optional: asked for tables the catalog does not know
};

// The tables a statement reads or writes (DML target, MERGE source, FROM items and joins of every
// query block, CTEs excluded), as written ("schema.t"), each once, in order of appearance.
std::vector<std::string> TablesOf(const Statement& statement);

// Translates a ';'-separated script from from_dialect ("ORACLE" or "MYSQL") for target.
// Output statements are joined with ";\n". Errors: kInvalidArgument for a syntax error,
// kUnimplemented for a construct the target cannot express; both name line:column and the token.
Result<TranspileResult> Transpile(const std::string& from_dialect, const std::string& sql,
                                  const TargetProfile& target, const TranspileOptions& options = {});

// Same, with the built-in profile of the target name (POSTGRESQL, MYSQL, LIGHTDB_ORACLE, ...).
Result<TranspileResult> TranspileForTarget(const std::string& from_dialect, const std::string& to_dialect,
                                           const std::string& sql);

// For a declared target: SQL already written for the target (from_dialect equals
// profile.name or is in same_sql) comes back unchanged with a note; anything else is translated
// with profile.
Result<TranspileResult> TranspileForDialect(const std::string& from_dialect, const std::string& sql,
                                            const TargetProfile& profile,
                                            const std::vector<std::string>& same_sql = {},
                                            const TranspileOptions& options = {});

}  // namespace dbbridge::sql
