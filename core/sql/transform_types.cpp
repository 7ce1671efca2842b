#include "rewriter.h"

#include <algorithm>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

// ---------------------------------------------------------------------------------------------
// Types

Status Rewriter::MapType(TypeName& t, const Position& pos) {
    const std::string n = t.name;
    auto arg = [&](std::size_t i) { return i < t.args.size() ? t.args[i] : std::string(); };
    auto unsigned_ = std::find(t.suffix.begin(), t.suffix.end(), "UNSIGNED") != t.suffix.end();
    std::vector<std::string> keep_suffix;
    for (const auto& s : t.suffix) {
        if (s.rfind("WITH", 0) == 0) {
            keep_suffix.push_back(s);
        }
    }
    auto set = [&](std::string name, std::vector<std::string> args) {
        if (name != n || args != t.args) {
            Note("type " + n + " -> " + name);
        }
        t.name = std::move(name);
        t.args = std::move(args);
        t.suffix = keep_suffix;
    };
    if (from_ == SourceDialect::kOracle) {
        if (target_.features.oracle_types) {
            return Status::Ok();
        }
        const bool my = My();
        if (n == "NUMBER" || n == "NUMERIC" || n == "DECIMAL" || n == "DEC") {
            std::string p = arg(0) == "*" ? "38" : arg(0);
            if (p.empty()) {
                set(my ? "DECIMAL" : "NUMERIC", my ? std::vector<std::string>{"65", "30"} : std::vector<std::string>{});
            } else if (t.args.size() > 1) {
                set(my ? "DECIMAL" : "NUMERIC", {p, arg(1)});
            } else {
                set(my ? "DECIMAL" : "NUMERIC", {p});
            }
        } else if (n == "INTEGER" || n == "INT" || n == "SMALLINT") {
            set(my ? "DECIMAL" : "NUMERIC", {"38", "0"});
        } else if (n == "FLOAT" || n == "BINARY_DOUBLE" || n == "DOUBLE PRECISION" || n == "REAL") {
            set(my ? "DOUBLE" : "DOUBLE PRECISION", {});
        } else if (n == "BINARY_FLOAT") {
            set(my ? "FLOAT" : "REAL", {});
        } else if (n == "VARCHAR2" || n == "NVARCHAR2" || n == "VARCHAR") {
            set("VARCHAR", {arg(0).empty() ? "4000" : arg(0)});
        } else if (n == "CHAR" || n == "NCHAR") {
            set("CHAR", {arg(0).empty() ? "1" : arg(0)});
        } else if (n == "DATE") {
            set(my ? "DATETIME" : "TIMESTAMP", my ? std::vector<std::string>{} : std::vector<std::string>{"0"});
        } else if (n == "TIMESTAMP") {
            std::string p = arg(0).empty() ? "6" : arg(0);
            DBB_ASSIGN_OR_RETURN(auto precision, ParseIntLiteral(p, pos));
            if (precision > 6) {
                p = "6";
            }
            if (my && !keep_suffix.empty()) {
                return Refuse(pos, "TIMESTAMP WITH TIME ZONE");
            }
            set(my ? "DATETIME" : "TIMESTAMP", {p});
            t.suffix = keep_suffix;
        } else if (n == "CLOB" || n == "NCLOB" || n == "LONG") {
            set(my ? "LONGTEXT" : "TEXT", {});
        } else if (n == "BLOB" || n == "LONG RAW") {
            set(my ? "LONGBLOB" : "BYTEA", {});
        } else if (n == "RAW") {
            set(my ? "VARBINARY" : "BYTEA", my ? t.args : std::vector<std::string>{});
        } else {
            return Refuse(pos, "data type " + n);
        }
        return Status::Ok();
    }
    // MySQL source.
    if (My()) {
        return Status::Ok();
    }
    const bool ora = Ora();
    if (n == "TINYINT" || n == "BOOL" || n == "BOOLEAN") {
        set(ora ? "NUMBER" : "SMALLINT", ora ? std::vector<std::string>{"3"} : std::vector<std::string>{});
    } else if (n == "SMALLINT") {
        set(ora ? "NUMBER" : (unsigned_ ? "INTEGER" : "SMALLINT"), ora ? std::vector<std::string>{"5"} : std::vector<std::string>{});
    } else if (n == "MEDIUMINT") {
        set(ora ? "NUMBER" : "INTEGER", ora ? std::vector<std::string>{"8"} : std::vector<std::string>{});
    } else if (n == "INT" || n == "INTEGER") {
        set(ora ? "NUMBER" : (unsigned_ ? "BIGINT" : "INTEGER"), ora ? std::vector<std::string>{"10"} : std::vector<std::string>{});
    } else if (n == "BIGINT") {
        if (ora) {
            set("NUMBER", {"20"});
        } else if (unsigned_) {
            set("NUMERIC", {"20", "0"});
        } else {
            set("BIGINT", {});
        }
    } else if (n == "DECIMAL" || n == "NUMERIC" || n == "DEC") {
        std::vector<std::string> a = t.args.empty() ? std::vector<std::string>{"10", "0"} : t.args;
        set(ora ? "NUMBER" : "NUMERIC", a);
    } else if (n == "FLOAT") {
        set(ora ? "BINARY_FLOAT" : "REAL", {});
    } else if (n == "DOUBLE" || n == "DOUBLE PRECISION" || n == "REAL") {
        set(ora ? "BINARY_DOUBLE" : "DOUBLE PRECISION", {});
    } else if (n == "VARCHAR") {
        set(ora ? "VARCHAR2" : "VARCHAR", t.args);
    } else if (n == "CHAR") {
        set("CHAR", t.args.empty() ? std::vector<std::string>{"1"} : t.args);
    } else if (n == "TEXT" || n == "TINYTEXT" || n == "MEDIUMTEXT" || n == "LONGTEXT") {
        set(ora ? "CLOB" : "TEXT", {});
    } else if (n == "BLOB" || n == "TINYBLOB" || n == "MEDIUMBLOB" || n == "LONGBLOB" || n == "VARBINARY" ||
               n == "BINARY") {
        set(ora ? "BLOB" : "BYTEA", {});
    } else if (n == "DATETIME" || n == "TIMESTAMP") {
        if (ora && t.args.empty()) {
            set("DATE", {});
        } else {
            set("TIMESTAMP", {t.args.empty() ? "0" : arg(0)});
        }
    } else if (n == "DATE") {
        set("DATE", {});
    } else if (n == "TIME" && !ora) {
        set("TIME", t.args);
    } else if (n == "YEAR") {
        set(ora ? "NUMBER" : "SMALLINT", ora ? std::vector<std::string>{"4"} : std::vector<std::string>{});
    } else if (n == "JSON" && !ora) {
        set("JSONB", {});
    } else {
        return Refuse(pos, "data type " + n);
    }
    if (unsigned_) {
        Note("UNSIGNED widened to the next signed type");
    }
    return Status::Ok();
}

}  // namespace dbbridge::sql
