#include "core/sql/tokenizer.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sql {

Result<SourceDialect> ParseSourceDialect(const std::string& name) {
    const std::string up = util::ToUpper(name);
    if (up == "ORACLE") {
        return SourceDialect::kOracle;
    }
    if (up == "MYSQL") {
        return SourceDialect::kMySql;
    }
    if (up == "POSTGRESQL" || up == "POSTGRES") {
        return SourceDialect::kPostgres;
    }
    return Status::InvalidArgument("unknown source dialect '" + name + "' (expected ORACLE or MYSQL)");
}

SqlLexicon LexiconOf(SourceDialect dialect) {
    switch (dialect) {
        case SourceDialect::kOracle: return SqlLexicon::Oracle();
        case SourceDialect::kMySql: return SqlLexicon::MySql();
        case SourceDialect::kPostgres: return SqlLexicon::Postgres();
    }
    return SqlLexicon::Oracle();
}

Result<std::vector<Token>> Tokenizer::Tokenize(const std::string& sql) const {
    util::SqlLexMode mode;
    mode.placeholders = placeholders_;
    return util::LexSql(sql, LexiconOf(dialect_), mode);
}

}  // namespace dbbridge::sql
