#include "core/sql/transpiler.h"

#include <algorithm>
#include <set>

#include "core/sql/parser.h"
#include "core/sql/printer.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "rewriter.h"

namespace dbbridge::sql {
namespace {

TypeClass ClassOf(const TypeName& t) {
    static const char* const kNumbers[] = {"NUMBER", "NUMERIC", "DECIMAL", "INT", "INTEGER", "SMALLINT", "BIGINT",
                                           "TINYINT", "MEDIUMINT", "FLOAT", "DOUBLE", "BINARY_DOUBLE", "REAL"};
    for (const char* n : kNumbers) {
        if (t.name == n) {
            return TypeClass::kNumber;
        }
    }
    if (t.name == "DATE" || t.name == "DATETIME" || t.name == "TIMESTAMP") {
        return TypeClass::kDate;
    }
    return TypeClass::kText;
}

// Asks source about the tables st names that were not asked about before in this script.
Status DescribeTables(const Statement& st, CatalogSource& source, Catalog& catalog, std::set<std::string>& asked,
                      std::vector<std::string>& notes) {
    std::size_t described = 0;
    std::size_t skipped = 0;
    for (const auto& table : TablesOf(st)) {
        if (asked.count(util::ToLower(table))) {
            continue;
        }
        if (described == kMaxDescribedTablesPerStatement || asked.size() == kMaxDescribedTablesPerScript) {
            ++skipped;
            continue;
        }
        asked.insert(util::ToLower(table));
        ++described;
        const auto dot = table.rfind('.');
        DBB_RETURN_IF_ERROR(source.Describe(table, dot == std::string::npos ? table : table.substr(dot + 1), catalog));
    }
    if (skipped > 0) {
        notes.push_back("catalog: " + std::to_string(skipped) + " more table(s) not looked up (at most " +
                        std::to_string(kMaxDescribedTablesPerStatement) + " per statement, " +
                        std::to_string(kMaxDescribedTablesPerScript) + " per script)");
    }
    return Status::Ok();
}

}  // namespace

void Catalog::AddColumn(const std::string& table, const std::string& column, TypeClass type) {
    auto& listed = table_columns_[util::ToLower(table)];
    if (std::find(listed.begin(), listed.end(), column) == listed.end()) {
        listed.push_back(column);
    }
    auto key = util::ToLower(column);
    auto it = columns_.find(key);
    if (it != columns_.end() && it->second != type) {
        it->second = TypeClass::kUnknown;
        return;
    }
    columns_[key] = type;
}

void Catalog::AddUniqueKey(const std::string& table, std::vector<std::string> columns) {
    keys_[util::ToLower(table)].push_back(std::move(columns));
}

void Catalog::Learn(const Statement& st) {
    if (st.kind != Statement::Kind::kCreateTable || st.table.empty()) {
        return;
    }
    const std::string table = st.table.back().text;
    for (const auto& c : st.column_defs) {
        AddColumn(table, c.name.text, ClassOf(c.type));
        for (const auto& k : c.constraints) {
            if (k.kind == ColumnConstraint::Kind::kPrimaryKey || k.kind == ColumnConstraint::Kind::kUnique) {
                AddUniqueKey(table, {c.name.text});
            }
        }
    }
    for (const auto& k : st.table_constraints) {
        if (k.kind == TableConstraint::Kind::kPrimaryKey || k.kind == TableConstraint::Kind::kUnique) {
            std::vector<std::string> cols;
            for (const auto& id : k.columns) {
                cols.push_back(id.text);
            }
            AddUniqueKey(table, cols);
        }
    }
}

TypeClass Catalog::ColumnType(const std::string& column) const {
    auto it = columns_.find(util::ToLower(column));
    return it == columns_.end() ? TypeClass::kUnknown : it->second;
}

std::vector<std::string> Catalog::UniqueKey(const std::string& table) const {
    auto it = keys_.find(util::ToLower(table));
    if (it == keys_.end() || it->second.empty()) {
        return {};
    }
    return it->second.front();
}

std::vector<std::vector<std::string>> Catalog::UniqueKeys(const std::string& table) const {
    std::vector<std::vector<std::string>> out;
    auto it = keys_.find(util::ToLower(table));
    if (it != keys_.end()) {
        for (const auto& k : it->second) {
            if (std::find(out.begin(), out.end(), k) == out.end()) {
                out.push_back(k);
            }
        }
    }
    return out;
}

std::vector<std::string> Catalog::Columns(const std::string& table) const {
    auto it = table_columns_.find(util::ToLower(table));
    return it == table_columns_.end() ? std::vector<std::string>{} : it->second;
}

Result<TranspileResult> Transpile(const std::string& from_dialect, const std::string& sql,
                                  const TargetProfile& target, const TranspileOptions& options) {
    try {
        auto from = ParseSourceDialect(from_dialect);
        if (!from.ok() || *from == SourceDialect::kPostgres) {
            return Status::InvalidArgument("unknown source dialect '" + from_dialect + "' (expected ORACLE or MYSQL)");
        }
        DBB_ASSIGN_OR_RETURN(auto parsed, Parser(*from).ParseScript(sql));
        TranspileResult result;
        PrintOptions popts;
        popts.oracle_case_folding = *from == SourceDialect::kOracle && target.family != OutputFamily::kOracle;
        popts.unquote_plain = *from == SourceDialect::kMySql && target.family != OutputFamily::kMySql;
        Printer printer(target, popts);
        RuleContext ctx;
        ctx.from = *from;
        ctx.notes = &result.notes;
        // Without a caller's catalog, the script's own CREATE TABLE statements inform the later ones.
        Catalog script_catalog;
        Catalog* catalog = options.catalog ? options.catalog : &script_catalog;
        std::set<std::string> asked;  // tables the source was asked about
        for (auto& st : parsed) {
            if (options.source) {
                DBB_RETURN_IF_ERROR(DescribeTables(*st, *options.source, *catalog, asked, result.notes));
            }
            std::vector<StatementPtr> extra;
            Rewriter rw(*from, target, catalog, result.notes);
            DBB_RETURN_IF_ERROR(rw.RewriteStatement(*st, extra));
            for (const auto& hook : target.hooks) {
                DBB_RETURN_IF_ERROR(hook(*st, ctx));
            }
            if (!result.sql.empty()) {
                result.sql += ";\n";
            }
            result.sql += printer.Print(*st);
            for (const auto& x : extra) {
                result.sql += ";\n" + printer.Print(*x);
            }
        }
        return result;
    } catch (const std::exception& e) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + target.name + "): " + e.what());
    } catch (...) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + target.name + "): unknown exception");
    }
}

// Callers are noexcept plugin methods and HTTP handlers: nothing may escape (Transpile catches its own).
Result<TranspileResult> TranspileForTarget(const std::string& from_dialect, const std::string& to_dialect,
                                           const std::string& sql) {
    try {
        DBB_ASSIGN_OR_RETURN(auto profile, BuiltinProfile(to_dialect));
        return Transpile(from_dialect, sql, profile);
    } catch (const std::exception& e) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + to_dialect + "): " + e.what());
    } catch (...) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + to_dialect + "): unknown exception");
    }
}

Result<TranspileResult> TranspileForDialect(const std::string& from_dialect, const std::string& sql,
                                            const TargetProfile& profile, const std::vector<std::string>& same_sql,
                                            const TranspileOptions& options) {
    try {
        std::string from = util::ToUpper(from_dialect);
        if (from == profile.name || std::find(same_sql.begin(), same_sql.end(), from) != same_sql.end() ||
            std::find(profile.same_sql.begin(), profile.same_sql.end(), from) != profile.same_sql.end()) {
            return TranspileResult{sql, {"identity: " + from + " SQL runs unchanged on " + profile.name}};
        }
        return Transpile(from, sql, profile, options);
    } catch (const std::exception& e) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + profile.name + "): " + e.what());
    } catch (...) {
        return Status::Internal("transpiler failure (" + from_dialect + " to " + profile.name + "): unknown exception");
    }
}

}  // namespace dbbridge::sql
