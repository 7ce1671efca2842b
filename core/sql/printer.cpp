#include "core/sql/printer.h"

#include <set>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sql {
namespace {

bool IsPlainUpper(const std::string& s) {
    if (s.empty() || !(std::isupper(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    for (char c : s) {
        if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
            return false;
        }
    }
    return true;
}

// Words that need quoting as identifiers in at least one target.
bool IsReservedName(const std::string& s) {
    static const std::set<std::string> k = {
        "ORDER", "GROUP", "USER", "DATE", "LEVEL", "SIZE", "KEY", "DESC", "ASC", "SELECT", "FROM", "WHERE",
        "TABLE", "INDEX", "CHECK", "COLUMN", "DEFAULT", "LIMIT", "OFFSET", "RANGE", "ROWS", "UNION", "ALL",
        "AND", "OR", "NOT", "NULL", "AS", "BY", "TO", "IN", "IS", "ON", "CASE", "WHEN", "THEN", "END", "ELSE",
        "CREATE", "PRIMARY", "UNIQUE", "REFERENCES", "USING", "WITH", "FOR", "CONSTRAINT", "CURRENT_DATE",
        "TIMESTAMP", "INTERVAL", "COMMENT", "TYPE", "VALUE", "VALUES", "ROW", "OPTION", "NUMBER", "LOCK"};
    return k.count(util::ToUpper(s)) > 0;
}

// "> ALL", "= ANY", "<> SOME": a comparison with a subquery's rows.
bool IsQuantified(const std::string& op) {
    const auto space = op.rfind(' ');
    if (space == std::string::npos) {
        return false;
    }
    const std::string q = op.substr(space + 1);
    return q == "ANY" || q == "SOME" || q == "ALL";
}

int Precedence(const Expr& e) {
    if (e.kind == ExprKind::kBinary) {
        const std::string& op = e.text;
        if (op == "OR" || op == "XOR") {
            return 1;
        }
        if (op == "AND") {
            return 2;
        }
        if (op == "=" || op == "<>" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=" ||
            op == "<=>" || op == "IS NOT DISTINCT FROM" || op == "IS DISTINCT FROM" || IsQuantified(op)) {
            return 4;
        }
        if (op == "+" || op == "-" || op == "||") {
            return 5;
        }
        return 6;  // * / % DIV
    }
    if (e.kind == ExprKind::kUnary) {
        return e.text == "NOT" ? 3 : 7;
    }
    if (e.kind == ExprKind::kIsNull || e.kind == ExprKind::kIn || e.kind == ExprKind::kBetween ||
        e.kind == ExprKind::kLike) {
        return 4;
    }
    return 10;
}

}  // namespace

std::string Printer::Comments(const std::vector<std::string>& comments) const {
    std::string out;
    for (const auto& c : comments) {
        if (c[0] == '#') {
            // MySQL '#' comment: only MySQL reads it; elsewhere it becomes '--'.
            out += target_.family == OutputFamily::kMySql ? c : "--" + c.substr(1);
            out += "\n";
        } else if (c[0] == '-') {
            out += c + "\n";
        } else {
            out += c + " ";
        }
    }
    return out;
}

std::string Printer::PrintIdent(const Ident& id) const {
    const char q = target_.family == OutputFamily::kMySql ? '`' : '"';
    std::string text = id.text;
    if (!id.quoted) {
        if (options_.oracle_case_folding && target_.family == OutputFamily::kMySql) {
            return util::ToLower(text);
        }
        return text;
    }
    if (options_.oracle_case_folding && IsPlainUpper(text)) {
        std::string lower = util::ToLower(text);
        if (!IsReservedName(text)) {
            return lower;
        }
        text = lower;
    } else if (options_.unquote_plain && util::IsPlainIdentifier(text) && !IsReservedName(text)) {
        return text;
    } else if (options_.unquote_plain && util::IsPlainIdentifier(text)) {
        text = target_.family == OutputFamily::kOracle ? util::ToUpper(text) : util::ToLower(text);
    }
    std::string out(1, q);
    for (char c : text) {
        out += c;
        if (c == q) {
            out += q;
        }
    }
    out += q;
    return out;
}

std::string Printer::Name(const std::vector<Ident>& parts) const {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i ? "." : "") + PrintIdent(parts[i]);
    }
    return out;
}

std::string Printer::StringLiteral(const Expr& e) const {
    const bool mysql = target_.family == OutputFamily::kMySql;
    const bool plain_source = !e.alt_quote && !e.double_quoted && !e.backslashes;
    if (!e.text.empty()) {
        if (mysql && e.backslashes && !e.double_quoted) {
            return e.text;  // read by the same lexer
        }
        if (target_.family == OutputFamily::kOracle && e.alt_quote) {
            return e.text;
        }
        if (plain_source && (!mysql || e.value.find('\\') == std::string::npos)) {
            return e.text;
        }
    }
    std::string out = e.national ? "N'" : "'";
    for (char c : e.value) {
        if (c == '\'') {
            out += "''";
        } else if (c == '\\' && mysql) {
            out += "\\\\";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string Printer::Operand(const Expr& child, int parent_prec, bool right) const {
    int p = Precedence(child);
    std::string s = PrintExpr(child);
    if (p < parent_prec || (right && p == parent_prec && p >= 4)) {
        return "(" + s + ")";
    }
    return s;
}

std::string Printer::PrintType(const TypeName& t) const {
    auto renamed = target_.type_names.find(t.name);  // the target's own spelling (SqlTarget::type_names)
    std::string out = renamed == target_.type_names.end() ? t.name : renamed->second;
    if (!t.args.empty()) {
        out += "(";
        for (std::size_t i = 0; i < t.args.size(); ++i) {
            out += (i ? "," : "") + t.args[i];
        }
        out += ")";
    }
    for (const auto& s : t.suffix) {
        out += " " + s;
    }
    return out;
}

std::string Printer::Order(const std::vector<OrderItem>& items) const {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        out += (i ? ", " : "") + PrintExpr(*it.expr);
        if (it.desc) {
            out += " DESC";
        } else if (it.explicit_dir) {
            out += " ASC";
        }
        if (it.nulls == 1) {
            out += " NULLS FIRST";
        } else if (it.nulls == 2) {
            out += " NULLS LAST";
        }
    }
    return out;
}

std::string Printer::PrintExpr(const Expr& e) const {
    std::string out = Comments(e.comments);
    switch (e.kind) {
        case ExprKind::kColumn:
            out += Name(e.name);
            if (e.outer_join_mark) {
                out += "(+)";
            }
            return out;
        case ExprKind::kStar:
            return out + (e.name.empty() ? "*" : Name(e.name) + ".*");
        case ExprKind::kString:
            return out + StringLiteral(e);
        case ExprKind::kNumber:
        case ExprKind::kBind:
        case ExprKind::kKeyword:
        case ExprKind::kRaw:
        case ExprKind::kPlaceholder:
            return out + e.text;
        case ExprKind::kNull:
            return out + "NULL";
        case ExprKind::kFunction: {
            if (e.name.size() == 1 && !e.name[0].quoted) {
                auto renamed = target_.function_names.find(e.text);  // SqlTarget::function_names
                out += renamed == target_.function_names.end() ? e.name[0].text : renamed->second;
            } else {
                out += Name(e.name);
            }
            out += "(";
            if (e.distinct) {
                out += "DISTINCT ";
            }
            for (std::size_t i = 0; i < e.args.size(); ++i) {
                out += (i ? ", " : "") + PrintExpr(*e.args[i]);
            }
            if (!e.order.empty() && !e.within_group) {
                out += " ORDER BY " + Order(e.order);
            }
            if (e.separator) {
                out += " SEPARATOR " + PrintExpr(*e.separator);
            }
            out += ")";
            if (e.within_group) {
                out += " WITHIN GROUP (ORDER BY " + Order(e.order) + ")";
            }
            if (e.over) {
                std::string w;
                if (!e.over->partition.empty()) {
                    w += "PARTITION BY ";
                    for (std::size_t i = 0; i < e.over->partition.size(); ++i) {
                        w += (i ? ", " : "") + PrintExpr(*e.over->partition[i]);
                    }
                }
                if (!e.over->order.empty()) {
                    w += (w.empty() ? "" : " ") + std::string("ORDER BY ") + Order(e.over->order);
                }
                if (!e.over->frame.empty()) {
                    w += (w.empty() ? "" : " ") + e.over->frame;
                }
                out += " OVER (" + w + ")";
            }
            return out;
        }
        case ExprKind::kBinary: {  // AND, OR, XOR and || may have more than two operands
            int p = Precedence(e);
            out += Operand(*e.args[0], p, false);
            for (std::size_t i = 1; i < e.args.size(); ++i) {
                out += " " + e.text + " " + Operand(*e.args[i], p, true);
            }
            return out;
        }
        case ExprKind::kUnary: {
            int p = Precedence(e);
            if (e.text == "NOT" || e.text == "PRIOR") {
                return out + e.text + " " + Operand(*e.args[0], p, false);
            }
            return out + e.text + Operand(*e.args[0], p + 1, false);
        }
        case ExprKind::kCase: {
            out += "CASE";
            if (e.operand) {
                out += " " + PrintExpr(*e.operand);
            }
            for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
                out += " WHEN " + PrintExpr(*e.args[i]) + " THEN " + PrintExpr(*e.args[i + 1]);
            }
            if (e.else_expr) {
                out += " ELSE " + PrintExpr(*e.else_expr);
            }
            return out + " END";
        }
        case ExprKind::kCast:
            return out + "CAST(" + PrintExpr(*e.args[0]) + " AS " + PrintType(*e.type) + ")";
        case ExprKind::kIsNull:
            return out + Operand(*e.args[0], 5, false) + (e.negated ? " IS NOT NULL" : " IS NULL");
        case ExprKind::kIn: {
            out += Operand(*e.args[0], 5, false) + (e.negated ? " NOT IN (" : " IN (");
            if (e.query) {
                out += PrintQuery(*e.query);
            } else {
                for (std::size_t i = 1; i < e.args.size(); ++i) {
                    out += (i > 1 ? ", " : "") + PrintExpr(*e.args[i]);
                }
            }
            return out + ")";
        }
        case ExprKind::kBetween:
            return out + Operand(*e.args[0], 5, false) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") +
                   Operand(*e.args[1], 5, false) + " AND " + Operand(*e.args[2], 5, false);
        case ExprKind::kLike:
            out += Operand(*e.args[0], 5, false) + (e.negated ? " NOT " : " ") + e.text + " " +
                   Operand(*e.args[1], 5, false);
            if (e.args.size() > 2) {
                out += " ESCAPE " + PrintExpr(*e.args[2]);
            }
            return out;
        case ExprKind::kExists:
            return out + (e.negated ? "NOT EXISTS (" : "EXISTS (") + PrintQuery(*e.query) + ")";
        case ExprKind::kSubquery:
            return out + "(" + PrintQuery(*e.query) + ")";
        case ExprKind::kParen: {
            out += "(";
            for (std::size_t i = 0; i < e.args.size(); ++i) {
                out += (i ? ", " : "") + PrintExpr(*e.args[i]);
            }
            return out + ")";
        }
        case ExprKind::kInterval:
            return out + "INTERVAL " + PrintExpr(*e.args[0]) + " " + e.keyword;
        case ExprKind::kTypedLiteral:
            return out + e.keyword + " " + PrintExpr(*e.args[0]);
        case ExprKind::kExtract:
            return out + "EXTRACT(" + e.keyword + " FROM " + PrintExpr(*e.args[0]) + ")";
        case ExprKind::kTrim:
            out += "TRIM(";
            if (!e.keyword.empty()) {
                out += e.keyword + " ";
            }
            if (e.args.size() > 1) {
                out += PrintExpr(*e.args[1]) + " ";
            }
            if (!e.keyword.empty() || e.args.size() > 1) {
                out += "FROM ";
            }
            return out + PrintExpr(*e.args[0]) + ")";
    }
    return out;
}

std::string Printer::Table(const TableRef& t) const {
    std::string out = Comments(t.comments);
    if (t.kind == TableRef::Kind::kJoin) {
        out += Table(*t.left) + " " + t.join_type + " ";
        const bool nested = t.right->kind == TableRef::Kind::kJoin;
        out += nested ? "(" + Table(*t.right) + ")" : Table(*t.right);
        if (t.on) {
            out += " ON " + PrintExpr(*t.on);
        } else if (!t.using_cols.empty()) {
            out += " USING (";
            for (std::size_t i = 0; i < t.using_cols.size(); ++i) {
                out += (i ? ", " : "") + PrintIdent(t.using_cols[i]);
            }
            out += ")";
        }
        return out;
    }
    if (t.kind == TableRef::Kind::kSubquery) {
        out += "(" + PrintQuery(*t.query) + ")";
    } else {
        out += Name(t.name);
    }
    if (t.has_alias) {
        out += " " + PrintIdent(t.alias);
    }
    return out;
}

std::string Printer::Select(const SelectCore& s) const {
    std::string out = "SELECT ";
    out += Comments(s.comments);
    if (s.distinct) {
        out += "DISTINCT ";
    }
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        out += (i ? ", " : "") + PrintExpr(*s.items[i].expr);
        if (s.items[i].has_alias) {
            out += " AS " + PrintIdent(s.items[i].alias);
        }
    }
    if (!s.from.empty()) {
        out += " FROM ";
        for (std::size_t i = 0; i < s.from.size(); ++i) {
            out += (i ? ", " : "") + Table(*s.from[i]);
        }
    }
    if (s.where) {
        out += " WHERE " + PrintExpr(*s.where);
    }
    if (s.start_with) {
        out += " START WITH " + PrintExpr(*s.start_with);
    }
    if (s.connect_by) {
        out += std::string(" CONNECT BY ") + (s.nocycle ? "NOCYCLE " : "") + PrintExpr(*s.connect_by);
    }
    if (!s.group_by.empty()) {
        out += " GROUP BY ";
        const Expr& first = *s.group_by[0];
        if (first.keyword == "WITH ROLLUP" && target_.family == OutputFamily::kMySql) {
            for (std::size_t i = 0; i < first.args.size(); ++i) {
                out += (i ? ", " : "") + PrintExpr(*first.args[i]);
            }
            out += " WITH ROLLUP";
        } else {
            for (std::size_t i = 0; i < s.group_by.size(); ++i) {
                out += (i ? ", " : "") + PrintExpr(*s.group_by[i]);
            }
        }
    }
    if (s.having) {
        out += " HAVING " + PrintExpr(*s.having);
    }
    return out;
}

std::string Printer::Body(const QueryBody& b) const {
    switch (b.kind) {
        case QueryBody::Kind::kSelect:
            return Select(*b.select);
        case QueryBody::Kind::kParen:
            return "(" + PrintQuery(*b.paren) + ")";
        case QueryBody::Kind::kSetOp: {
            auto side = [this](const QueryBody& c) {
                return c.kind == QueryBody::Kind::kSetOp ? "(" + Body(c) + ")" : Body(c);
            };
            return side(*b.left) + " " + b.op + " " + side(*b.right);
        }
    }
    return "";
}

std::string Printer::PrintQuery(const Query& q) const {
    std::string out;
    if (!q.ctes.empty()) {
        out += q.recursive ? "WITH RECURSIVE " : "WITH ";
        for (std::size_t i = 0; i < q.ctes.size(); ++i) {
            const auto& c = q.ctes[i];
            out += (i ? ", " : "") + PrintIdent(c.name);
            if (!c.columns.empty()) {
                out += " (";
                for (std::size_t k = 0; k < c.columns.size(); ++k) {
                    out += (k ? ", " : "") + PrintIdent(c.columns[k]);
                }
                out += ")";
            }
            out += " AS (" + PrintQuery(*c.query) + ")";
        }
        out += " ";
    }
    out += Body(*q.body);
    if (!q.order.empty()) {
        out += std::string(q.order_siblings ? " ORDER SIBLINGS BY " : " ORDER BY ") + Order(q.order);
    }
    if (q.limit || q.offset) {
        if (q.fetch_syntax) {
            if (q.offset) {
                out += " OFFSET " + PrintExpr(*q.offset) + " ROWS";
            }
            if (q.limit) {
                out += " FETCH FIRST " + PrintExpr(*q.limit) + " ROWS ONLY";
            }
        } else {
            if (q.limit) {
                out += " LIMIT " + PrintExpr(*q.limit);
            } else if (target_.family == OutputFamily::kMySql) {
                out += " LIMIT 18446744073709551615";
            }
            if (q.offset) {
                out += " OFFSET " + PrintExpr(*q.offset);
            }
        }
    }
    if (!q.lock.empty()) {
        out += " " + q.lock;
    }
    return out;
}

// MySQL's multiple-table UPDATE / DELETE: " JOIN u ON c" per joined table that kept its ON; the
// others (PostgreSQL, their ONs moved into the WHERE) go to list as "<keyword>u, v".
std::string Printer::Joins(const Statement& st, const char* keyword, std::string& list) const {
    std::string out;
    for (const auto& j : st.joins) {
        if (j->on) {
            out += " JOIN " + Table(*j) + " ON " + PrintExpr(*j->on);
        } else {
            list += (list.empty() ? keyword : ", ") + Table(*j);
        }
    }
    return out;
}

std::string Printer::DmlTail(const Statement& st) const {
    std::string out;
    if (st.where) {
        out += " WHERE " + PrintExpr(*st.where);
    }
    if (!st.dml_order.empty()) {
        out += " ORDER BY " + Order(st.dml_order);
    }
    if (st.dml_limit) {
        out += " LIMIT " + PrintExpr(*st.dml_limit);
    }
    return out;
}

std::string Printer::Print(const Statement& st) const {
    std::string out = Comments(st.comments);
    auto assignments = [this](const std::vector<Assignment>& sets) {
        std::string s;
        for (std::size_t i = 0; i < sets.size(); ++i) {
            s += i ? ", " : "";
            if (sets[i].columns.empty()) {
                s += Name(sets[i].column);
            } else {
                s += "(";
                for (std::size_t c = 0; c < sets[i].columns.size(); ++c) {
                    s += (c ? ", " : "") + Name(sets[i].columns[c]);
                }
                s += ")";
            }
            s += " = " + PrintExpr(*sets[i].value);
        }
        return s;
    };
    auto ident_list = [this](const std::vector<Ident>& ids) {
        std::string s = "(";
        for (std::size_t i = 0; i < ids.size(); ++i) {
            s += (i ? ", " : "") + PrintIdent(ids[i]);
        }
        return s + ")";
    };
    auto target = [&]() {
        std::string s = Name(st.table);
        if (st.has_alias) {
            s += " " + PrintIdent(st.alias);
        }
        return s;
    };
    switch (st.kind) {
        case Statement::Kind::kSelect:
            out += PrintQuery(*st.query);
            break;
        case Statement::Kind::kInsert:
            out += st.replace_into ? "REPLACE INTO "
                                   : (st.insert_ignore && !st.on_conflict ? "INSERT IGNORE INTO " : "INSERT INTO ");
            out += target();
            if (!st.columns.empty()) {
                out += " " + ident_list(st.columns);
            }
            if (st.query) {
                out += " " + PrintQuery(*st.query);
            } else {
                out += " VALUES ";
                for (std::size_t r = 0; r < st.rows.size(); ++r) {
                    out += r ? ", (" : "(";
                    for (std::size_t i = 0; i < st.rows[r].size(); ++i) {
                        out += (i ? ", " : "") + PrintExpr(*st.rows[r][i]);
                    }
                    out += ")";
                }
            }
            if (st.on_conflict) {
                if (st.conflict_columns.empty()) {
                    out += " ON CONFLICT DO NOTHING";
                } else {
                    out += " ON CONFLICT " + ident_list(st.conflict_columns) + " DO UPDATE SET " +
                           assignments(st.on_duplicate);
                }
            } else if (!st.on_duplicate.empty()) {
                out += " ON DUPLICATE KEY UPDATE " + assignments(st.on_duplicate);
            }
            break;
        case Statement::Kind::kUpdate: {
            std::string from;
            out += "UPDATE " + target() + Joins(st, " FROM ", from);
            out += " SET " + assignments(st.sets) + from;
            out += DmlTail(st);
            break;
        }
        case Statement::Kind::kDelete: {
            // MySQL's single-table DELETE takes no alias; its multiple-table form names it first.
            const bool named = target_.family == OutputFamily::kMySql && (st.has_alias || !st.joins.empty()) &&
                               st.dml_order.empty() && !st.dml_limit;
            out += named ? "DELETE " + (st.has_alias ? PrintIdent(st.alias) : Name(st.table)) + " FROM " + target()
                         : "DELETE FROM " + target();
            std::string using_list;
            out += Joins(st, " USING ", using_list) + using_list + DmlTail(st);
            break;
        }
        case Statement::Kind::kMerge: {
            const bool oracle = target_.family == OutputFamily::kOracle;
            out += "MERGE INTO " + target() + " USING " + Table(*st.using_ref) + " ON ";
            out += st.on->kind == ExprKind::kParen ? PrintExpr(*st.on) : "(" + PrintExpr(*st.on) + ")";
            if (st.when_matched) {
                out += " WHEN MATCHED";
                if (!oracle && st.matched_where) {
                    out += " AND " + PrintExpr(*st.matched_where);
                }
                out += " THEN UPDATE SET " + assignments(st.sets);
                if (oracle && st.matched_where) {
                    out += " WHERE " + PrintExpr(*st.matched_where);
                }
                if (st.matched_delete_where) {
                    out += " DELETE WHERE " + PrintExpr(*st.matched_delete_where);
                }
            }
            if (st.when_not_matched) {
                out += " WHEN NOT MATCHED";
                if (!oracle && st.not_matched_where) {
                    out += " AND " + PrintExpr(*st.not_matched_where);
                }
                out += " THEN INSERT";
                if (!st.insert_columns.empty()) {
                    out += " " + ident_list(st.insert_columns);
                }
                out += " VALUES (";
                for (std::size_t i = 0; i < st.insert_values.size(); ++i) {
                    out += (i ? ", " : "") + PrintExpr(*st.insert_values[i]);
                }
                out += ")";
                if (oracle && st.not_matched_where) {
                    out += " WHERE " + PrintExpr(*st.not_matched_where);
                }
            }
            break;
        }
        case Statement::Kind::kCreateTable: {
            out += st.temporary ? (target_.family == OutputFamily::kOracle ? "CREATE GLOBAL TEMPORARY TABLE "
                                                                           : "CREATE TEMPORARY TABLE ")
                                : "CREATE TABLE ";
            if (st.if_not_exists) {
                out += "IF NOT EXISTS ";
            }
            out += Name(st.table);
            if (st.query) {
                out += " AS " + PrintQuery(*st.query);
                break;
            }
            out += " (";
            bool first = true;
            for (const auto& c : st.column_defs) {
                out += (first ? "" : ", ") + PrintIdent(c.name) + " " + PrintType(c.type);
                first = false;
                for (const auto& k : c.constraints) {
                    if (k.named) {
                        out += " CONSTRAINT " + PrintIdent(k.name);
                    }
                    switch (k.kind) {
                        case ColumnConstraint::Kind::kNotNull: out += " NOT NULL"; break;
                        case ColumnConstraint::Kind::kNull: out += " NULL"; break;
                        case ColumnConstraint::Kind::kDefault: out += " DEFAULT " + PrintExpr(*k.expr); break;
                        case ColumnConstraint::Kind::kPrimaryKey: out += " PRIMARY KEY"; break;
                        case ColumnConstraint::Kind::kUnique: out += " UNIQUE"; break;
                        case ColumnConstraint::Kind::kAutoIncrement:
                            out += target_.family == OutputFamily::kMySql ? " AUTO_INCREMENT"
                                                                          : " GENERATED BY DEFAULT AS IDENTITY";
                            break;
                        case ColumnConstraint::Kind::kCheck: out += " CHECK (" + PrintExpr(*k.expr) + ")"; break;
                        case ColumnConstraint::Kind::kReferences:
                            out += " REFERENCES " + Name(k.ref_table);
                            if (!k.ref_columns.empty()) {
                                out += " " + ident_list(k.ref_columns);
                            }
                            break;
                        case ColumnConstraint::Kind::kComment: out += " COMMENT " + PrintExpr(*k.expr); break;
                    }
                }
            }
            for (const auto& c : st.table_constraints) {
                out += ", ";
                if (c.named && c.kind != TableConstraint::Kind::kIndex) {
                    out += "CONSTRAINT " + PrintIdent(c.name) + " ";
                }
                switch (c.kind) {
                    case TableConstraint::Kind::kPrimaryKey: out += "PRIMARY KEY " + ident_list(c.columns); break;
                    case TableConstraint::Kind::kUnique: out += "UNIQUE " + ident_list(c.columns); break;
                    case TableConstraint::Kind::kCheck: out += "CHECK (" + PrintExpr(*c.check) + ")"; break;
                    case TableConstraint::Kind::kIndex:
                        out += "KEY " + (c.named ? PrintIdent(c.name) + " " : "") + ident_list(c.columns);
                        break;
                    case TableConstraint::Kind::kForeignKey:
                        out += "FOREIGN KEY " + ident_list(c.columns) + " REFERENCES " + Name(c.ref_table);
                        if (!c.ref_columns.empty()) {
                            out += " " + ident_list(c.ref_columns);
                        }
                        break;
                }
            }
            out += ")";
            for (const auto& o : st.table_options) {
                out += " " + o;
            }
            break;
        }
        case Statement::Kind::kCreateIndex:
            out += st.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
            out += Name(st.index_name) + " ON " + Name(st.table) + " (" + Order(st.index_columns) + ")";
            break;
        case Statement::Kind::kCreateSequence:
            out += "CREATE SEQUENCE " + Name(st.table);
            for (const auto& [k, v] : st.sequence_options) {
                out += " " + k + (v.empty() ? "" : " " + v);
            }
            break;
    }
    if (!st.trailing_comments.empty()) {
        std::string tail = Comments(st.trailing_comments);
        while (!tail.empty() && tail.back() == ' ') {
            tail.pop_back();
        }
        out += " " + tail;
    }
    return out;
}

}  // namespace dbbridge::sql
