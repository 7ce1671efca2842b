#include "rewriter.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sdk::sql {
namespace {

using util::ToLower;
using util::ToUpper;

ExprPtr Make(ExprKind kind, const std::string& text = "") {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->text = text;
    return e;
}
ExprPtr Func(const std::string& name, std::vector<ExprPtr> args) {
    auto e = Make(ExprKind::kFunction, ToUpper(name));
    e->name = {Ident{name, false, '"'}};
    e->args = std::move(args);
    return e;
}
ExprPtr Bin(const std::string& op, ExprPtr l, ExprPtr r) {
    auto e = Make(ExprKind::kBinary, op);
    e->args = {std::move(l), std::move(r)};
    return e;
}
ExprPtr Str(const std::string& v) {
    auto e = Make(ExprKind::kString);
    e->value = v;
    return e;
}
ExprPtr Num(const std::string& v) { return Make(ExprKind::kNumber, v); }
ExprPtr Col(std::vector<std::string> parts) {
    auto e = Make(ExprKind::kColumn);
    for (auto& p : parts) {
        e->name.push_back(Ident{p, false, '"'});
    }
    return e;
}
bool IsKeyword(const Expr& e, const char* k) { return e.kind == ExprKind::kKeyword && e.text == k; }
bool IsLiteral(const Expr& e) {
    return e.kind == ExprKind::kNumber || (e.kind == ExprKind::kString && !e.value.empty());
}
bool FuncIs(const Expr& e, const char* name) {
    return e.kind == ExprKind::kFunction && e.name.size() == 1 && e.text == name;
}
// AND / OR / || over any number of operands, as one flat node (see ExprKind::kBinary).
ExprPtr Chain(const std::string& op, const std::vector<ExprPtr>& parts) {
    if (parts.size() < 2) {
        return parts.empty() ? nullptr : parts[0];
    }
    auto e = Make(ExprKind::kBinary, op);
    e->args = parts;
    return e;
}
ExprPtr AndAll(const std::vector<ExprPtr>& parts) { return Chain("AND", parts); }
void Conjuncts(const ExprPtr& e, std::vector<ExprPtr>& out) {
    if (e->kind == ExprKind::kBinary && e->text == "AND") {
        for (const auto& a : e->args) {
            Conjuncts(a, out);
        }
    } else {
        out.push_back(e);
    }
}
// Digits only, within 64 bits.
bool ParseDigits(const std::string& text, long long& out) {
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}
// Visits e and its sub-expressions (not subqueries); fn may replace the pointer it is given.
void Walk(ExprPtr& e, const std::function<void(ExprPtr&)>& fn) {
    if (!e) {
        return;
    }
    fn(e);
    for (auto& a : e->args) {
        Walk(a, fn);
    }
    Walk(e->operand, fn);
    Walk(e->else_expr, fn);
}
bool IsAggregate(const Expr& e) {
    static const std::set<std::string> k = {"COUNT", "SUM", "AVG", "MIN", "MAX", "LISTAGG", "GROUP_CONCAT"};
    return e.kind == ExprKind::kFunction && !e.over && k.count(e.text) > 0;
}
ExprPtr Clone(const ExprPtr& e) {
    if (!e) {
        return e;
    }
    auto c = std::make_shared<Expr>(*e);
    for (auto& a : c->args) {
        a = Clone(a);
    }
    c->operand = Clone(c->operand);
    c->else_expr = Clone(c->else_expr);
    return c;
}

// Oracle datetime format model -> MySQL DATE_FORMAT pattern. Fails on elements MySQL cannot print
// the Oracle way.
Result<std::string> OracleFormatToMySql(const std::string& f, bool& upper) {
    struct El {
        const char* ora;
        const char* my;
        const char* my_fm;
    };
    static const El kEls[] = {{"YYYY", "%Y", "%Y"}, {"RRRR", "%Y", "%Y"}, {"HH24", "%H", "%k"}, {"HH12", "%h", "%l"},
                              {"MONTH", "", "%M"},  {"MON", "%b", "%b"},  {"DAY", "", "%W"},   {"DDD", "%j", "%j"},
                              {"DY", "%a", "%a"},   {"YY", "%y", "%y"},   {"MM", "%m", "%c"},  {"DD", "%d", "%e"},
                              {"HH", "%h", "%l"},   {"MI", "%i", "%i"},   {"SS", "%s", "%s"},  {"AM", "%p", "%p"},
                              {"PM", "%p", "%p"},   {"FF6", "%f", "%f"},  {"FF", "%f", "%f"}};
    std::string out;
    bool fm = false;
    std::size_t i = 0;
    while (i < f.size()) {
        char c = f[i];
        if (c == '"') {
            std::size_t end = f.find('"', i + 1);
            if (end == std::string::npos) {
                return Status::InvalidArgument("unterminated quoted text in format '" + f + "'");
            }
            for (std::size_t k = i + 1; k < end; ++k) {
                out += f[k] == '%' ? std::string("%%") : std::string(1, f[k]);
            }
            i = end + 1;
            continue;
        }
        if (!std::isalpha(static_cast<unsigned char>(c))) {
            out += c == '%' ? std::string("%%") : std::string(1, c);
            ++i;
            continue;
        }
        std::string rest = ToUpper(f.substr(i, 5));
        if (rest.rfind("FM", 0) == 0) {
            fm = !fm;
            i += 2;
            continue;
        }
        bool matched = false;
        for (const auto& el : kEls) {
            std::string o = el.ora;
            if (rest.rfind(o, 0) == 0) {
                std::string written = f.substr(i, o.size());
                const char* my = fm ? el.my_fm : el.my;
                if (*my == '\0') {
                    return Status::Unimplemented("format element " + written +
                                                 " without FM (blank padding) has no MySQL equivalent");
                }
                if ((o == "MON" || o == "MONTH" || o == "DAY" || o == "DY") && written == o) {
                    upper = true;
                }
                out += my;
                i += o.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            return Status::Unimplemented("format element at '" + f.substr(i) + "' has no MySQL equivalent");
        }
    }
    return out;
}

// MySQL DATE_FORMAT pattern -> Oracle / PostgreSQL format model.
Result<std::string> MySqlFormatToOracle(const std::string& f, bool pg, bool& has_time) {
    std::string out;
    std::string literal;
    auto flush = [&]() {
        if (!literal.empty()) {
            bool letters = std::any_of(literal.begin(), literal.end(), [](char c) { return std::isalpha(c); });
            out += letters ? "\"" + literal + "\"" : literal;
            literal.clear();
        }
    };
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%' || i + 1 >= f.size()) {
            literal += f[i];
            continue;
        }
        char c = f[++i];
        std::string el;
        switch (c) {
            case 'Y': el = "YYYY"; break;
            case 'y': el = "YY"; break;
            case 'm': el = "MM"; break;
            case 'c': el = "FMMM"; break;
            case 'd': el = "DD"; break;
            case 'e': el = "FMDD"; break;
            case 'H': el = "HH24"; has_time = true; break;
            case 'k': el = "FMHH24"; has_time = true; break;
            case 'h': case 'I': el = "HH12"; has_time = true; break;
            case 'i': el = "MI"; has_time = true; break;
            case 's': case 'S': el = "SS"; has_time = true; break;
            case 'f': el = pg ? "US" : "FF6"; has_time = true; break;
            case 'p': el = "AM"; has_time = true; break;
            case 'b': el = "Mon"; break;
            case 'M': el = "FMMonth"; break;
            case 'a': el = "Dy"; break;
            case 'W': el = "FMDay"; break;
            case 'j': el = "DDD"; break;
            case 'T': el = "HH24:MI:SS"; has_time = true; break;
            case '%': literal += '%'; continue;
            default:
                return Status::Unimplemented(std::string("DATE_FORMAT element %") + c + " has no equivalent");
        }
        flush();
        // FM toggles in Oracle/PostgreSQL: close it again after the element.
        out += el;
        if (el.rfind("FM", 0) == 0) {
            out += "FM";
        }
    }
    flush();
    return out;
}

std::string TruncUnit(const std::string& fmt) {
    const std::string f = ToUpper(fmt);
    if (f == "DD" || f == "DDD" || f == "J") return "day";
    if (f == "MM" || f == "MON" || f == "MONTH" || f == "RM") return "month";
    if (f == "YYYY" || f == "YEAR" || f == "Y" || f == "YY" || f == "YYY" || f == "SYYYY" || f == "RRRR") return "year";
    if (f == "Q") return "quarter";
    if (f == "HH" || f == "HH24" || f == "HH12") return "hour";
    if (f == "MI") return "minute";
    if (f == "IW") return "week";
    return "";
}

}  // namespace

Result<long long> Rewriter::ParseIntLiteral(const std::string& text, const Position& pos) const {
    long long v = 0;
    if (!ParseDigits(text, v)) {
        return Refuse(pos, "literal " + text + " where an integer (at most " +
                               std::to_string(std::numeric_limits<long long>::max()) + ") is expected");
    }
    return v;
}

Status Rewriter::Refuse(const Position& pos, const std::string& what) const {
    return Status::Unimplemented("line " + pos.ToString() + ": cannot translate " + what + " for " + target_.name);
}

void Rewriter::Note(const std::string& rule) {
    if (std::find(notes_.begin(), notes_.end(), rule) == notes_.end()) {
        notes_.push_back(rule);
    }
}

Result<ExprPtr> Rewriter::Tpl(const std::string& text, const std::vector<ExprPtr>& args) {
    // Templates are parsed once and cloned per use (parsing dominated the translation time).
    static std::mutex mu;
    static std::unordered_map<std::string, ExprPtr> cache;
    ExprPtr root;
    {
        std::lock_guard<std::mutex> lock(mu);
        auto it = cache.find(text);
        if (it == cache.end()) {
            auto parsed = Parser(SourceDialect::kPostgres, true).ParseExpression(text);
            if (!parsed.ok()) {
                return Status::Internal("rule template '" + text + "': " + parsed.status().message());
            }
            it = cache.emplace(text, *parsed).first;
        }
        root = Clone(it->second);
    }
    Status bad;
    Walk(root, [&](ExprPtr& e) {
        if (e->kind == ExprKind::kPlaceholder) {
            long long n = 0;
            if (!ParseDigits(e->text.substr(1), n) || n == 0 || static_cast<std::size_t>(n) > args.size()) {
                bad = Status::Internal("rule template '" + text + "' uses " + e->text);
                return;
            }
            e = args[n - 1];
        }
    });
    if (!bad.ok()) {
        return bad;
    }
    return root;
}

TypeClass Rewriter::TypeOf(const Expr& e) const {
    switch (e.kind) {
        case ExprKind::kNumber:
            return TypeClass::kNumber;
        case ExprKind::kString:
            return TypeClass::kText;
        case ExprKind::kTypedLiteral:
            return TypeClass::kDate;
        case ExprKind::kKeyword:
            if (e.text == "SYSDATE" || e.text == "SYSTIMESTAMP" || e.text == "CURRENT_DATE" ||
                e.text == "CURRENT_TIMESTAMP" || e.text == "LOCALTIMESTAMP") {
                return TypeClass::kDate;
            }
            if (e.text == "ROWNUM" || e.text == "LEVEL") {
                return TypeClass::kNumber;
            }
            return TypeClass::kUnknown;
        case ExprKind::kColumn:
            return catalog_ ? catalog_->ColumnType(e.name.back().text) : TypeClass::kUnknown;
        case ExprKind::kParen:
            return e.args.size() == 1 ? TypeOf(*e.args[0]) : TypeClass::kUnknown;
        case ExprKind::kCase:
            return e.args.size() > 1 ? TypeOf(*e.args[1]) : TypeClass::kUnknown;
        case ExprKind::kCast: {
            const std::string& n = e.type->name;
            if (n == "DATE" || n == "TIMESTAMP" || n == "DATETIME") {
                return TypeClass::kDate;
            }
            if (n == "NUMBER" || n == "NUMERIC" || n == "DECIMAL" || n == "INTEGER" || n == "INT") {
                return TypeClass::kNumber;
            }
            return TypeClass::kText;
        }
        case ExprKind::kBinary: {
            if (e.text == "+" || e.text == "-") {
                TypeClass l = TypeOf(*e.args[0]);
                TypeClass r = TypeOf(*e.args[1]);
                if (l == TypeClass::kDate && r == TypeClass::kDate) {
                    return e.text == "-" ? TypeClass::kNumber : TypeClass::kUnknown;
                }
                if (l == TypeClass::kDate || (r == TypeClass::kDate && e.text == "+")) {
                    return TypeClass::kDate;
                }
                return l == TypeClass::kNumber || r == TypeClass::kNumber ? TypeClass::kNumber : TypeClass::kUnknown;
            }
            if (e.text == "||") {
                return TypeClass::kText;
            }
            if (e.text == "*" || e.text == "/" || e.text == "%") {
                return TypeClass::kNumber;
            }
            return TypeClass::kUnknown;
        }
        case ExprKind::kFunction: {
            static const std::set<std::string> kDates = {"TO_DATE", "TO_TIMESTAMP", "ADD_MONTHS", "LAST_DAY",
                                                         "NEXT_DAY", "SYSDATE", "NOW", "STR_TO_DATE", "DATE_ADD",
                                                         "DATE_SUB", "CURDATE", "LOCALTIMESTAMP"};
            static const std::set<std::string> kNumbers = {"TO_NUMBER", "LENGTH", "INSTR", "MONTHS_BETWEEN", "COUNT",
                                                           "SUM", "AVG", "ABS", "CEIL", "FLOOR", "MOD", "SIGN",
                                                           "POWER", "SQRT", "ROW_NUMBER", "RANK", "DENSE_RANK"};
            static const std::set<std::string> kTexts = {"TO_CHAR", "SUBSTR", "UPPER", "LOWER", "LPAD", "RPAD",
                                                         "LTRIM", "RTRIM", "REPLACE", "INITCAP", "CONCAT", "LISTAGG"};
            if (kDates.count(e.text)) {
                return TypeClass::kDate;
            }
            if (kNumbers.count(e.text)) {
                return TypeClass::kNumber;
            }
            if (kTexts.count(e.text)) {
                return TypeClass::kText;
            }
            if ((e.text == "TRUNC" || e.text == "ROUND" || e.text == "NVL" || e.text == "COALESCE" ||
                 e.text == "MAX" || e.text == "MIN" || e.text == "GREATEST" || e.text == "LEAST") &&
                !e.args.empty()) {
                if (e.args.size() == 2 && (e.text == "TRUNC" || e.text == "ROUND") &&
                    e.args[1]->kind == ExprKind::kString) {
                    return TypeClass::kDate;
                }
                return TypeOf(*e.args[0]);
            }
            return TypeClass::kUnknown;
        }
        default:
            return TypeClass::kUnknown;
    }
}

// ---------------------------------------------------------------------------------------------
// Statements and queries

Status Rewriter::RewriteStatement(Statement& st, std::vector<StatementPtr>& extra) {
    const bool pg_family = Pg();
    auto strip_qualifier = [&](std::vector<Assignment>& sets) {
        for (auto& a : sets) {
            if (a.column.size() > 1 && !My()) {
                a.column = {a.column.back()};
            }
        }
    };
    for (auto& a : st.sets) {
        DBB_RETURN_IF_ERROR(X(a.value));
    }
    for (auto& a : st.on_duplicate) {
        DBB_RETURN_IF_ERROR(X(a.value));
    }
    for (auto& row : st.rows) {
        for (auto& v : row) {
            DBB_RETURN_IF_ERROR(X(v));
        }
    }
    for (ExprPtr* p : {&st.where, &st.on, &st.matched_where, &st.matched_delete_where, &st.not_matched_where}) {
        if (*p) {
            DBB_RETURN_IF_ERROR(X(*p));
        }
    }
    for (auto& v : st.insert_values) {
        DBB_RETURN_IF_ERROR(X(v));
    }
    if (st.query) {
        DBB_RETURN_IF_ERROR(RewriteQuery(*st.query));
    }
    if (st.using_ref) {
        DBB_RETURN_IF_ERROR(RewriteTable(st.using_ref));
    }
    switch (st.kind) {
        case Statement::Kind::kUpdate:
            strip_qualifier(st.sets);
            break;
        case Statement::Kind::kMerge:
            if (!target_.caps.merge) {
                return Refuse(st.pos, "MERGE (the target has no MERGE; ON DUPLICATE KEY UPDATE needs a unique key "
                                      "matching the ON condition)");
            }
            if (st.matched_delete_where && !Ora()) {
                return Refuse(st.matched_delete_where->pos, "MERGE ... DELETE WHERE");
            }
            if (!Ora()) {
                strip_qualifier(st.sets);
            }
            break;
        case Statement::Kind::kInsert:
            if ((!st.on_duplicate.empty() || st.insert_ignore) && !My()) {
                if (!pg_family) {
                    return Refuse(st.pos, "INSERT ... ON DUPLICATE KEY UPDATE / INSERT IGNORE");
                }
                st.on_conflict = true;
                if (!st.on_duplicate.empty()) {
                    std::vector<std::string> key;
                    if (catalog_) {
                        key = catalog_->UniqueKey(st.table.back().text);
                    }
                    if (key.empty()) {
                        return Refuse(st.pos, "ON DUPLICATE KEY UPDATE: the unique key of table " +
                                                  st.table.back().text + " is unknown (ON CONFLICT needs it)");
                    }
                    for (const auto& k : key) {
                        st.conflict_columns.push_back(Ident{k, false, '"'});
                    }
                    const std::string table = st.has_alias ? st.alias.text : st.table.back().text;
                    for (auto& a : st.on_duplicate) {
                        Walk(a.value, [&](ExprPtr& e) {
                            if (e->kind == ExprKind::kFunction && e->text == "VALUES" && e->args.size() == 1 &&
                                e->args[0]->kind == ExprKind::kColumn) {
                                e = Col({"EXCLUDED", e->args[0]->name.back().text});
                            } else if (e->kind == ExprKind::kColumn && e->name.size() == 1) {
                                e = Col({table, e->name[0].text});
                            }
                        });
                    }
                    strip_qualifier(st.on_duplicate);
                }
                Note("ON DUPLICATE KEY UPDATE / INSERT IGNORE -> ON CONFLICT");
            }
            break;
        case Statement::Kind::kCreateTable: {
            if (catalog_) {
                catalog_->Learn(st);
            }
            const bool same_family = (from_ == SourceDialect::kMySql) == My();
            if (!same_family && !st.table_options.empty()) {
                st.table_options.clear();
                Note("table storage options dropped");
            }
            for (auto& c : st.column_defs) {
                DBB_RETURN_IF_ERROR(MapType(c.type, c.pos));
                auto& cs = c.constraints;
                for (auto& k : cs) {
                    if (k.expr) {
                        DBB_RETURN_IF_ERROR(X(k.expr));
                    }
                }
                if (!My()) {
                    auto it = std::remove_if(cs.begin(), cs.end(), [](const ColumnConstraint& k) {
                        return k.kind == ColumnConstraint::Kind::kComment;
                    });
                    if (it != cs.end()) {
                        cs.erase(it, cs.end());
                        Note("column COMMENT dropped");
                    }
                }
            }
            if (!My()) {
                auto& tc = st.table_constraints;
                for (auto it = tc.begin(); it != tc.end();) {
                    if (it->kind != TableConstraint::Kind::kIndex) {
                        ++it;
                        continue;
                    }
                    auto idx = std::make_shared<Statement>();
                    idx->kind = Statement::Kind::kCreateIndex;
                    idx->table = st.table;
                    std::string name = it->named ? it->name.text : st.table.back().text + "_" + it->columns[0].text + "_idx";
                    idx->index_name = {Ident{name, it->named && it->name.quoted, '"'}};
                    for (const auto& col : it->columns) {
                        OrderItem oi;
                        auto ce = Make(ExprKind::kColumn);
                        ce->name = {col};
                        oi.expr = ce;
                        idx->index_columns.push_back(oi);
                    }
                    extra.push_back(idx);
                    it = tc.erase(it);
                    Note("inline KEY -> CREATE INDEX");
                }
            }
            break;
        }
        case Statement::Kind::kCreateSequence: {
            if (Ora()) {
                break;
            }
            std::vector<std::pair<std::string, std::string>> opts;
            for (auto& [k, v] : st.sequence_options) {
                if (k == "NOCACHE" || k == "ORDER" || k == "NOORDER") {
                    if (k == "NOCACHE" && My()) {
                        opts.emplace_back(k, v);
                    }
                    continue;
                }
                if (v.size() > 18) {
                    continue;  // Oracle's 28-digit MAXVALUE does not fit a 64-bit sequence
                }
                if (k == "NOCYCLE" || k == "NOMINVALUE" || k == "NOMAXVALUE") {
                    opts.emplace_back(My() ? k : "NO " + k.substr(2), "");
                    continue;
                }
                opts.emplace_back(k, v);
            }
            st.sequence_options = opts;
            if (My()) {
                Note("CREATE SEQUENCE needs MariaDB >= 10.3 (MySQL has none)");
            }
            break;
        }
        case Statement::Kind::kCreateIndex:
            for (auto& oi : st.index_columns) {
                DBB_RETURN_IF_ERROR(X(oi.expr));
            }
            break;
        default:
            break;
    }
    return Status::Ok();
}

Status Rewriter::RewriteQuery(Query& q) {
    for (auto& c : q.ctes) {
        DBB_RETURN_IF_ERROR(RewriteQuery(*c.query));
    }
    if (q.order_siblings && !target_.caps.connect_by) {
        return Refuse(q.pos, "ORDER SIBLINGS BY");
    }
    DBB_RETURN_IF_ERROR(RewriteBody(*q.body, q, true));
    for (auto& o : q.order) {
        DBB_RETURN_IF_ERROR(X(o.expr));
    }
    if (q.limit) {
        DBB_RETURN_IF_ERROR(X(q.limit));
    }
    if (q.offset) {
        DBB_RETURN_IF_ERROR(X(q.offset));
    }
    if (q.limit || q.offset) {
        if (!q.fetch_syntax && !target_.caps.limit) {
            if (!target_.caps.fetch_first) {
                return Refuse(q.pos, "LIMIT");
            }
            q.fetch_syntax = true;
            Note("LIMIT -> OFFSET/FETCH FIRST");
        } else if (q.fetch_syntax && !target_.caps.fetch_first) {
            q.fetch_syntax = false;
            Note("FETCH FIRST/OFFSET -> LIMIT");
        }
    }
    return NullOrdering(q);
}

Status Rewriter::NullOrdering(Query& q) {
    if (q.order.empty()) {
        return Status::Ok();
    }
    if (from_ == SourceDialect::kMySql && !My()) {
        // MySQL sorts NULL first ascending and last descending; Oracle and PostgreSQL the reverse.
        for (auto& o : q.order) {
            if (o.nulls == 0) {
                o.nulls = o.desc ? 2 : 1;
            }
        }
        Note("MySQL NULL ordering made explicit (NULLS FIRST/LAST)");
        return Status::Ok();
    }
    if (from_ != SourceDialect::kOracle || target_.caps.nulls_ordering) {
        return Status::Ok();
    }
    std::vector<OrderItem> out;
    const SelectCore* sel = q.body->kind == QueryBody::Kind::kSelect ? q.body->select.get() : nullptr;
    for (auto& o : q.order) {
        const bool nulls_last = o.nulls == 2 || (o.nulls == 0 && !o.desc);
        const bool natural_last = o.desc;  // MySQL: NULL is the smallest value
        if (nulls_last != natural_last) {
            ExprPtr key = o.expr;
            if (key->kind == ExprKind::kNumber) {
                auto n = ParseIntLiteral(*key);
                if (!n.ok()) {
                    return n.status();
                }
                if (!sel || *n == 0 || static_cast<unsigned long long>(*n) > sel->items.size()) {
                    return Refuse(key->pos, "NULLS ordering by position " + key->text +
                                                (sel ? " (the select list has " + std::to_string(sel->items.size()) +
                                                           " items)"
                                                     : " over a set operation"));
                }
                key = sel->items[*n - 1].expr;
            } else if (!sel) {
                return Refuse(key->pos, "NULLS FIRST/LAST over a set operation");
            }
            OrderItem k;
            auto isnull = Make(ExprKind::kIsNull);
            isnull->args = {key};
            k.expr = isnull;
            k.desc = !nulls_last;
            out.push_back(k);
        }
        o.nulls = 0;
        out.push_back(o);
    }
    q.order = out;
    Note("NULLS FIRST/LAST emulated with IS NULL sort keys");
    return Status::Ok();
}

Status Rewriter::RewriteBody(QueryBody& b, Query& owner, bool sole) {
    switch (b.kind) {
        case QueryBody::Kind::kSelect:
            return RewriteSelect(*b.select, owner, sole);
        case QueryBody::Kind::kParen:
            return RewriteQuery(*b.paren);
        case QueryBody::Kind::kSetOp:
            if (b.op.rfind("MINUS", 0) == 0 && !target_.features.minus) {
                b.op = "EXCEPT" + b.op.substr(5);
                Note("MINUS -> EXCEPT");
            } else if (b.op.rfind("EXCEPT", 0) == 0 && Ora() && target_.features.minus) {
                b.op = "MINUS" + b.op.substr(6);
                Note("EXCEPT -> MINUS");
            }
            DBB_RETURN_IF_ERROR(RewriteBody(*b.left, owner, false));
            return RewriteBody(*b.right, owner, false);
    }
    return Status::Ok();
}

Status Rewriter::RewriteTable(TableRefPtr& t) {
    if (t->kind == TableRef::Kind::kSubquery) {
        if (!t->has_alias && !Ora()) {
            // Oracle allows an unnamed derived table; PostgreSQL and MySQL require a name.
            t->has_alias = true;
            t->alias = Ident{"dbb_sq" + std::to_string(++subquery_aliases_), false, '"'};
            Note("alias added to a derived table");
        }
        if (My() && !t->query->order.empty() && !t->query->limit) {
            // MariaDB/MySQL drop ORDER BY in a derived table without LIMIT; Oracle's
            // "ORDER BY in a subquery, ROWNUM outside" relies on that order.
            t->query->limit = Num("18446744073709551615");
            Note("derived-table ORDER BY kept with LIMIT");
        }
        return RewriteQuery(*t->query);
    }
    if (t->kind == TableRef::Kind::kJoin) {
        DBB_RETURN_IF_ERROR(RewriteTable(t->left));
        DBB_RETURN_IF_ERROR(RewriteTable(t->right));
        if (t->on) {
            DBB_RETURN_IF_ERROR(X(t->on));
        }
    }
    return Status::Ok();
}

Status Rewriter::RewriteSelect(SelectCore& s, Query& owner, bool sole) {
    if (s.connect_by && !target_.caps.connect_by) {
        DBB_RETURN_IF_ERROR(ConnectBy(s, owner));
    }
    if (s.where && !target_.caps.oracle_outer_join && from_ == SourceDialect::kOracle) {
        DBB_RETURN_IF_ERROR(OuterJoins(s));
    }
    if (s.where && !target_.caps.rownum && from_ == SourceDialect::kOracle) {
        DBB_RETURN_IF_ERROR(Rownum(s, owner, sole));
    }
    if (!target_.caps.dual && s.from.size() == 1 && s.from[0]->kind == TableRef::Kind::kTable &&
        s.from[0]->name.size() == 1 && ToUpper(s.from[0]->name[0].text) == "DUAL" && !s.from[0]->name[0].quoted) {
        s.from.clear();
        Note("FROM DUAL removed");
    }
    if (s.from.empty() && Ora() && from_ == SourceDialect::kMySql) {
        auto dual = std::make_shared<TableRef>();
        dual->name = {Ident{"DUAL", false, '"'}};
        s.from.push_back(dual);
        Note("FROM DUAL added");
    }
    for (auto& t : s.from) {
        DBB_RETURN_IF_ERROR(RewriteTable(t));
    }
    for (auto& it : s.items) {
        DBB_RETURN_IF_ERROR(X(it.expr));
    }
    for (ExprPtr* p : {&s.where, &s.having, &s.start_with, &s.connect_by}) {
        if (*p) {
            DBB_RETURN_IF_ERROR(X(*p));
        }
    }
    for (auto& g : s.group_by) {
        DBB_RETURN_IF_ERROR(X(g));
    }
    return Status::Ok();
}

// Oracle (+) joins -> ANSI LEFT JOIN. Predicates marked with (+) (join conditions and constant
// filters alike) go into the ON clause of the optional table; the rest stays in WHERE, which Oracle
// also applies after the outer join.
Status Rewriter::OuterJoins(SelectCore& s) {
    bool any = false;
    Walk(s.where, [&](ExprPtr& e) { any = any || (e->kind == ExprKind::kColumn && e->outer_join_mark); });
    if (!any) {
        return Status::Ok();
    }
    std::map<std::string, std::size_t> index;  // lower-case qualifier -> FROM position
    for (std::size_t i = 0; i < s.from.size(); ++i) {
        const auto& t = *s.from[i];
        if (t.kind == TableRef::Kind::kJoin) {
            return Refuse(t.pos, "(+) mixed with ANSI joins");
        }
        std::string key = t.has_alias ? t.alias.text : (t.name.empty() ? "" : t.name.back().text);
        index[ToLower(key)] = i;
    }
    std::vector<ExprPtr> conj;
    Conjuncts(s.where, conj);
    std::vector<ExprPtr> rest;
    std::map<std::size_t, std::vector<ExprPtr>> on;
    std::map<std::size_t, std::set<std::size_t>> deps;
    for (auto& c : conj) {
        std::set<std::size_t> marked;
        std::set<std::size_t> others;
        bool has_or = false;
        Status bad;
        Walk(c, [&](ExprPtr& e) {
            if (e->kind == ExprKind::kBinary && e->text == "OR") {
                has_or = true;
            }
            if (e->kind == ExprKind::kIn && e->query) {
                has_or = true;
            }
            if (e->kind != ExprKind::kColumn) {
                return;
            }
            if (e->name.size() < 2) {
                if (e->outer_join_mark) {
                    bad = Refuse(e->pos, "(+) on an unqualified column (qualify it with its table)");
                }
                return;
            }
            auto it = index.find(ToLower(e->name[e->name.size() - 2].text));
            if (it == index.end()) {
                return;  // outer reference or sequence
            }
            (e->outer_join_mark ? marked : others).insert(it->second);
        });
        DBB_RETURN_IF_ERROR(bad);
        if (marked.empty()) {
            rest.push_back(c);
            continue;
        }
        if (has_or) {
            return Refuse(c->pos, "(+) inside OR or IN (subquery)");
        }
        if (marked.size() > 1) {
            return Refuse(c->pos, "(+) on columns of two tables in one predicate");
        }
        std::size_t opt = *marked.begin();
        Walk(c, [](ExprPtr& e) { e->outer_join_mark = false; });
        on[opt].push_back(c);
        others.erase(opt);
        deps[opt].insert(others.begin(), others.end());
    }
    std::vector<std::size_t> order;
    std::set<std::size_t> placed;
    for (std::size_t i = 0; i < s.from.size(); ++i) {
        if (!on.count(i)) {
            order.push_back(i);
            placed.insert(i);
        }
    }
    if (order.empty()) {
        return Refuse(s.pos, "(+) on every table of the FROM clause");
    }
    while (placed.size() < s.from.size()) {
        bool progress = false;
        for (auto& [opt, conds] : on) {
            if (placed.count(opt)) {
                continue;
            }
            bool ready = std::all_of(deps[opt].begin(), deps[opt].end(), [&](std::size_t d) { return placed.count(d) > 0; });
            if (ready) {
                order.push_back(opt);
                placed.insert(opt);
                progress = true;
            }
        }
        if (!progress) {
            return Refuse(s.pos, "circular (+) outer joins");
        }
    }
    TableRefPtr tree = s.from[order[0]];
    for (std::size_t k = 1; k < order.size(); ++k) {
        auto j = std::make_shared<TableRef>();
        j->kind = TableRef::Kind::kJoin;
        j->left = tree;
        j->right = s.from[order[k]];
        if (on.count(order[k])) {
            j->join_type = "LEFT JOIN";
            j->on = AndAll(on[order[k]]);
        } else {
            j->join_type = "CROSS JOIN";
        }
        tree = j;
    }
    s.from = {tree};
    s.where = AndAll(rest);
    Note("(+) outer join -> LEFT JOIN");
    return Status::Ok();
}

// WHERE ROWNUM <= n / < n / = 1 -> LIMIT, when that keeps Oracle's meaning (ROWNUM is assigned
// before GROUP BY, DISTINCT and ORDER BY of the same block).
Status Rewriter::Rownum(SelectCore& s, Query& owner, bool sole) {
    std::vector<ExprPtr> conj;
    Conjuncts(s.where, conj);
    std::vector<ExprPtr> rest;
    ExprPtr limit;
    for (auto& c : conj) {
        if (c->kind != ExprKind::kBinary || c->args.size() != 2) {
            rest.push_back(c);
            continue;
        }
        std::string op = c->text;
        ExprPtr l = c->args[0];
        ExprPtr r = c->args[1];
        if (IsKeyword(*r, "ROWNUM") && !IsKeyword(*l, "ROWNUM")) {
            std::swap(l, r);
            static const std::map<std::string, std::string> kFlip = {{"<", ">"}, {">", "<"}, {"<=", ">="},
                                                                     {">=", "<="}, {"=", "="}, {"<>", "<>"}};
            op = kFlip.count(op) ? kFlip.at(op) : op;
        }
        if (!IsKeyword(*l, "ROWNUM")) {
            rest.push_back(c);
            continue;
        }
        if (limit) {
            return Refuse(c->pos, "two ROWNUM predicates in one query block");
        }
        if (!sole || !owner.order.empty() || s.distinct || !s.group_by.empty() ||
            std::any_of(s.items.begin(), s.items.end(), [](const SelectItem& i) { return IsAggregate(*i.expr); })) {
            return Refuse(c->pos, "ROWNUM filter in a block with ORDER BY, GROUP BY, DISTINCT, aggregates or a set "
                                  "operation (Oracle numbers rows before those; move the filter to an outer query)");
        }
        if (owner.limit) {
            return Refuse(c->pos, "ROWNUM together with FETCH FIRST");
        }
        long long n = 0;
        if (r->kind == ExprKind::kNumber && (op == "<=" || op == "<")) {
            auto v = ParseIntLiteral(*r);
            if (!v.ok()) {
                return v.status();
            }
            n = *v;
        }
        if (op == "<=") {
            limit = r;
        } else if (op == "<") {
            limit = r->kind == ExprKind::kNumber ? Num(std::to_string(n > 0 ? n - 1 : 0)) : Bin("-", r, Num("1"));
        } else if (op == "=" && r->kind == ExprKind::kNumber && r->text == "1") {
            limit = r;
        } else {
            return Refuse(c->pos, "ROWNUM " + op + " " + r->text + " (only ROWNUM <= n, < n and = 1 map to LIMIT)");
        }
    }
    if (limit) {
        owner.limit = limit;
        owner.fetch_syntax = !target_.caps.limit;
        s.where = AndAll(rest);
        Note("WHERE ROWNUM -> LIMIT");
    }
    return Status::Ok();
}

// CONNECT BY -> recursive CTE over one table (or DUAL as a row generator). LEVEL becomes the
// carried column dbb_level; WHERE still filters after the hierarchy is built, as in Oracle.
Status Rewriter::ConnectBy(SelectCore& s, Query& owner) {
    if (s.nocycle) {
        return Refuse(s.connect_by->pos, "CONNECT BY NOCYCLE");
    }
    if (s.from.size() != 1 || s.from[0]->kind != TableRef::Kind::kTable) {
        return Refuse(s.pos, "CONNECT BY over joins or subqueries");
    }
    TableRefPtr table = s.from[0];
    const bool dual = table->name.size() == 1 && ToUpper(table->name[0].text) == "DUAL";
    const std::string alias = dual ? "dbb_cb" : (table->has_alias ? table->alias.text : table->name.back().text);
    const std::string h = "dbb_h";
    const std::string lvl = "dbb_level";
    for (const auto& it : s.items) {
        if (it.expr->kind == ExprKind::kStar) {
            return Refuse(it.expr->pos, "SELECT * with CONNECT BY (list the columns)");
        }
    }
    Status bad;
    auto check = [&](ExprPtr& e) {
        if (FuncIs(*e, "SYS_CONNECT_BY_PATH") || (e->kind == ExprKind::kUnary && e->text == "PRIOR")) {
            bad = Refuse(e->pos, e->kind == ExprKind::kUnary ? "PRIOR outside CONNECT BY" : "SYS_CONNECT_BY_PATH");
        }
    };
    for (auto& it : s.items) {
        Walk(it.expr, check);
    }
    DBB_RETURN_IF_ERROR(bad);
    // Recursive step condition.
    ExprPtr cond = Clone(s.connect_by);
    std::function<void(ExprPtr&, bool)> requalify = [&](ExprPtr& e, bool prior) {
        if (!e) {
            return;
        }
        if (e->kind == ExprKind::kUnary && e->text == "PRIOR") {
            requalify(e->args[0], true);
            e = e->args[0];
            return;
        }
        if (IsKeyword(*e, "LEVEL")) {
            e = Make(ExprKind::kParen);
            e->args = {Bin("+", Col({h, lvl}), Num("1"))};
            return;
        }
        if (e->kind == ExprKind::kColumn) {
            Ident col = e->name.back();
            e->name = {Ident{prior ? h : alias, false, '"'}, col};
            return;
        }
        for (auto& a : e->args) {
            requalify(a, prior);
        }
        requalify(e->operand, prior);
        requalify(e->else_expr, prior);
    };
    requalify(cond, false);

    auto anchor = std::make_shared<SelectCore>();
    auto step = std::make_shared<SelectCore>();
    auto star = Make(ExprKind::kStar);
    star->name = {Ident{alias, false, '"'}};
    if (!dual) {
        anchor->items.push_back({star, false, {}});
        step->items.push_back({star, false, {}});
    }
    anchor->items.push_back({Num("1"), true, Ident{lvl, false, '"'}});
    step->items.push_back({Bin("+", Col({h, lvl}), Num("1")), true, Ident{lvl, false, '"'}});
    anchor->from = {table};
    anchor->where = s.start_with;
    auto href = std::make_shared<TableRef>();
    href->name = {Ident{h, false, '"'}};
    if (dual) {
        step->from = {href};
    } else {
        auto t2 = std::make_shared<TableRef>(*table);
        t2->has_alias = true;
        t2->alias = Ident{alias, false, '"'};
        anchor->from[0] = std::make_shared<TableRef>(*t2);
        step->from = {t2, href};
    }
    step->where = cond;
    auto union_body = std::make_shared<QueryBody>();
    union_body->kind = QueryBody::Kind::kSetOp;
    union_body->op = "UNION ALL";
    union_body->left = std::make_shared<QueryBody>();
    union_body->left->select = anchor;
    union_body->right = std::make_shared<QueryBody>();
    union_body->right->select = step;
    auto cte_query = std::make_shared<Query>();
    cte_query->body = union_body;

    auto inner = std::make_shared<Query>();
    inner->recursive = true;
    inner->ctes.push_back(CommonTable{Ident{h, false, '"'}, {}, cte_query});
    auto all = std::make_shared<SelectCore>();
    all->items.push_back({Make(ExprKind::kStar), false, {}});
    all->from = {href};
    inner->body = std::make_shared<QueryBody>();
    inner->body->select = all;

    auto sub = std::make_shared<TableRef>();
    sub->kind = TableRef::Kind::kSubquery;
    sub->query = inner;
    sub->has_alias = true;
    sub->alias = Ident{alias, false, '"'};
    s.from = {sub};
    s.start_with = nullptr;
    s.connect_by = nullptr;
    auto level = [&](ExprPtr& e) {
        if (IsKeyword(*e, "LEVEL")) {
            e = Col({alias, lvl});
        }
    };
    for (auto& it : s.items) {
        Walk(it.expr, level);
    }
    Walk(s.where, level);
    Walk(s.having, level);
    for (auto& g : s.group_by) {
        Walk(g, level);
    }
    for (auto& o : owner.order) {
        Walk(o.expr, level);
    }
    Note("CONNECT BY -> WITH RECURSIVE");
    return Status::Ok();
}

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
            auto precision = ParseIntLiteral(p, pos);
            if (!precision.ok()) {
                return precision.status();
            }
            if (*precision > 6) {
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

// ---------------------------------------------------------------------------------------------
// Expressions

Status Rewriter::X(ExprPtr& e) {
    if (!e) {
        return Status::Ok();
    }
    TypeClass left = TypeClass::kUnknown;
    TypeClass right = TypeClass::kUnknown;
    if (e->kind == ExprKind::kBinary) {
        left = TypeOf(*e->args[0]);
        right = TypeOf(*e->args[1]);
    }
    // Types of DATE/TRUNC arguments must be seen before the arguments are rewritten.
    TypeClass arg0 = e->kind == ExprKind::kFunction && !e->args.empty() ? TypeOf(*e->args[0]) : TypeClass::kUnknown;
    for (auto& a : e->args) {
        DBB_RETURN_IF_ERROR(X(a));
    }
    DBB_RETURN_IF_ERROR(X(e->operand));
    DBB_RETURN_IF_ERROR(X(e->else_expr));
    DBB_RETURN_IF_ERROR(X(e->separator));
    for (auto& o : e->order) {
        DBB_RETURN_IF_ERROR(X(o.expr));
    }
    if (e->over) {
        for (auto& p : e->over->partition) {
            DBB_RETURN_IF_ERROR(X(p));
        }
        for (auto& o : e->over->order) {
            DBB_RETURN_IF_ERROR(X(o.expr));
        }
    }
    if (e->query) {
        DBB_RETURN_IF_ERROR(RewriteQuery(*e->query));
    }
    if (e->type) {
        DBB_RETURN_IF_ERROR(MapType(*e->type, e->pos));
    }
    if (e->kind == ExprKind::kFunction && (e->text == "TRUNC" || e->text == "ROUND" || e->text == "TO_CHAR")) {
        left = arg0;
    }
    if (from_ == SourceDialect::kOracle) {
        // Oracle has no empty string: TRIM('  '), SUBSTR('abc', 5), REPLACE('aa', 'a') ... are NULL.
        static const std::set<std::string> kMayBeEmpty = {"LTRIM", "RTRIM", "SUBSTR", "REPLACE", "LPAD", "RPAD"};
        const bool may_be_empty = !Ora() && !target_.caps.empty_string_is_null &&
                                  (e->kind == ExprKind::kTrim ||
                                   (e->kind == ExprKind::kFunction && e->name.size() == 1 && !e->name[0].quoted &&
                                    kMayBeEmpty.count(e->text)));
        DBB_RETURN_IF_ERROR(OracleExpr(e, left, right));
        if (may_be_empty) {
            Position p = e->pos;
            std::vector<std::string> cmts = std::move(e->comments);
            e->comments.clear();
            e = Func("NULLIF", {e, Str("")});
            e->pos = p;
            e->comments = std::move(cmts);
            Note("empty string result -> NULL");
        }
        return Status::Ok();
    }
    if (from_ == SourceDialect::kMySql) {
        return MySqlExpr(e);
    }
    return Status::Ok();
}

Status Rewriter::OracleExpr(ExprPtr& e, TypeClass left, TypeClass right) {
    const auto& caps = target_.caps;
    const bool of = caps.oracle_functions;
    const bool pg = Pg();
    const bool my = My();
    if (Ora()) {
        return Status::Ok();
    }
    std::vector<std::string> cmts = e->comments;
    auto replace = [&](Result<ExprPtr> r, const std::string& note) -> Status {
        if (!r.ok()) {
            return r.status();
        }
        Position p = e->pos;
        e = *r;
        e->pos = p;
        e->comments.insert(e->comments.begin(), cmts.begin(), cmts.end());
        Note(note);
        return Status::Ok();
    };
    switch (e->kind) {
        case ExprKind::kString:
            if (e->value.empty() && !caps.empty_string_is_null) {
                return replace(Make(ExprKind::kNull), "'' -> NULL (Oracle empty string is NULL)");
            }
            return Status::Ok();
        case ExprKind::kColumn:
            if (e->outer_join_mark) {
                return Refuse(e->pos, "(+) outside a WHERE join predicate");
            }
            if (e->name.size() >= 2 && !caps.sequence_nextval) {
                const std::string last = ToUpper(e->name.back().text);
                if (last == "NEXTVAL" || last == "CURRVAL") {
                    std::vector<Ident> seq(e->name.begin(), e->name.end() - 1);
                    if (pg) {
                        std::string name;
                        for (const auto& p : seq) {
                            name += (name.empty() ? "" : ".") + (p.quoted ? "\"" + p.text + "\"" : p.text);
                        }
                        return replace(Func(last == "NEXTVAL" ? "nextval" : "currval", {Str(name)}),
                                       "seq.NEXTVAL/CURRVAL -> nextval()/currval()");
                    }
                    auto c = Make(ExprKind::kColumn);
                    c->name = seq;
                    return replace(Func(last == "NEXTVAL" ? "NEXTVAL" : "LASTVAL", {c}),
                                   "seq.NEXTVAL/CURRVAL -> MariaDB NEXTVAL()/LASTVAL()");
                }
            }
            return Status::Ok();
        case ExprKind::kKeyword:
            if ((e->text == "SYSDATE" || e->text == "SYSTIMESTAMP") && !target_.features.sysdate) {
                if (e->text == "SYSDATE") {
                    return replace(pg ? Func("LOCALTIMESTAMP", {Num("0")}) : Func("NOW", {}), "SYSDATE -> statement timestamp");
                }
                return replace(pg ? Make(ExprKind::kKeyword, "CURRENT_TIMESTAMP") : Func("NOW", {Num("6")}),
                               "SYSTIMESTAMP -> CURRENT_TIMESTAMP");
            }
            if (e->text == "ROWNUM" && !caps.rownum) {
                auto f = Func("row_number", {});
                f->over = std::make_shared<Window>();
                return replace(f, "ROWNUM column -> row_number() OVER ()");
            }
            if (e->text == "LEVEL" && !caps.connect_by) {
                return Refuse(e->pos, "LEVEL outside CONNECT BY");
            }
            return Status::Ok();
        case ExprKind::kBinary: {
            const std::string& op = e->text;
            if (op == "||" && !target_.features.concat_ignores_null) {
                std::vector<ExprPtr> ops;
                std::function<void(const ExprPtr&)> flat = [&](const ExprPtr& x) {
                    if (x->kind == ExprKind::kBinary && x->text == "||") {
                        for (const auto& y : x->args) {
                            flat(y);
                        }
                    } else if (x->kind == ExprKind::kFunction && x->text == "CONCAT" && x->name[0].text == "concat" &&
                               x->args.size() > 1) {
                        ops.insert(ops.end(), x->args.begin(), x->args.end());  // already-flattened chain
                    } else {
                        ops.push_back(x);
                    }
                };
                flat(e);
                for (auto& x : ops) {
                    // Oracle converts NUMBER to text without trailing zeros (300, not 300.00).
                    if (x->kind != ExprKind::kNumber && catalog_ && TypeOf(*x) == TypeClass::kNumber) {
                        auto cast = Make(ExprKind::kCast);
                        cast->args = {x};
                        cast->type = std::make_shared<TypeName>(TypeName{pg ? "NUMERIC" : "DOUBLE", {}, {}});
                        x = pg ? Func("trim_scale", {cast}) : cast;
                    }
                }
                // Oracle: NULL operands are skipped and an empty result is NULL.
                bool never_empty = std::any_of(ops.begin(), ops.end(), [](const ExprPtr& x) {
                    return x->kind == ExprKind::kString && !x->value.empty();
                });
                ExprPtr c;
                if (pg) {
                    c = Func("concat", ops);
                } else {
                    std::vector<ExprPtr> a = {Str("")};
                    a.insert(a.end(), ops.begin(), ops.end());
                    c = Func("CONCAT_WS", a);
                }
                if (!never_empty && !caps.empty_string_is_null) {
                    c = Func("NULLIF", {c, Str("")});
                }
                return replace(c, "|| -> NULL-skipping concat");
            }
            if ((op == "+" || op == "-") && !caps.oracle_date &&
                (left == TypeClass::kDate || (right == TypeClass::kDate && op == "+"))) {
                ExprPtr a = e->args[0];
                ExprPtr b = e->args[1];
                if (left == TypeClass::kDate && right == TypeClass::kDate) {
                    if (op != "-") {
                        return Refuse(e->pos, "date + date");
                    }
                    return replace(pg ? Tpl("(EXTRACT(EPOCH FROM ($1 - $2)) / 86400)", {a, b})
                                      : Tpl("(TIMESTAMPDIFF(SECOND, $2, $1) / 86400)", {a, b}),
                                   "date - date -> days");
                }
                if (right == TypeClass::kDate) {
                    std::swap(a, b);
                }
                if (pg) {
                    return replace(Tpl("($1 " + op + " $2 * INTERVAL '1' DAY)", {a, b}), "date +/- n -> interval days");
                }
                return replace(Tpl(op == "+" ? "($1 + INTERVAL ROUND($2 * 86400) SECOND)"
                                             : "($1 - INTERVAL ROUND($2 * 86400) SECOND)",
                                   {a, b}),
                               "date +/- n -> interval days");
            }
            if (op == "/" && pg) {
                // Oracle NUMBER division is exact; PostgreSQL int / int truncates.
                ExprPtr a = e->args[0];
                if (!(a->kind == ExprKind::kNumber && a->text.find('.') != std::string::npos) &&
                    a->kind != ExprKind::kCast) {
                    auto cast = Make(ExprKind::kCast);
                    cast->args = {a};
                    cast->type = std::make_shared<TypeName>(TypeName{"NUMERIC", {}, {}});
                    e->args[0] = cast;
                    Note("division made exact (NUMERIC)");
                }
            }
            return Status::Ok();
        }
        case ExprKind::kFunction:
            break;
        default:
            return Status::Ok();
    }
    if (e->name.size() != 1 || e->name[0].quoted) {
        return Status::Ok();
    }
    const std::string& f = e->text;
    auto& a = e->args;
    const std::size_t n = a.size();
    auto need = [&](std::size_t lo, std::size_t hi) -> Status {
        if (n < lo || n > hi) {
            return Status::InvalidArgument("line " + e->pos.ToString() + ": " + f + " takes " + std::to_string(lo) +
                                           (hi != lo ? ".." + std::to_string(hi) : "") + " arguments, got " +
                                           std::to_string(n));
        }
        return Status::Ok();
    };
    auto str_arg = [&](std::size_t i) -> const Expr* {
        return i < n && a[i]->kind == ExprKind::kString ? a[i].get() : nullptr;
    };
    const bool null_arg = std::any_of(a.begin(), a.end(), [](const ExprPtr& x) { return x->kind == ExprKind::kNull; });
    if (f == "NVL" && (!of || (pg && null_arg))) {
        DBB_RETURN_IF_ERROR(need(2, 2));
        return replace(Func("COALESCE", a), "NVL -> COALESCE");
    }
    if (f == "NVL2" && !of) {
        DBB_RETURN_IF_ERROR(need(3, 3));
        return replace(Tpl("CASE WHEN $1 IS NOT NULL THEN $2 ELSE $3 END", a), "NVL2 -> CASE");
    }
    // orafce's polymorphic decode() rejects mixed argument types (numeric column, integer search),
    // so the PostgreSQL family always gets the CASE form, which keeps DECODE's NULL matching.
    if (f == "DECODE" && (!of || pg)) {
        if (n < 3) {
            return need(3, 255);
        }
        auto c = Make(ExprKind::kCase);
        for (std::size_t i = 1; i + 1 < n; i += 2) {
            ExprPtr cond;
            if (a[i]->kind == ExprKind::kNull) {
                cond = Make(ExprKind::kIsNull);
                cond->args = {a[0]};
            } else if (IsLiteral(*a[i])) {
                cond = Bin("=", a[0], a[i]);
            } else {
                cond = Bin(pg ? "IS NOT DISTINCT FROM" : "<=>", a[0], a[i]);  // DECODE matches NULL to NULL
            }
            c->args.push_back(cond);
            c->args.push_back(a[i + 1]);
        }
        if (n % 2 == 0) {
            c->else_expr = a[n - 1];
        }
        return replace(c, "DECODE -> CASE (NULL matches NULL)");
    }
    if ((f == "GREATEST" || f == "LEAST") && pg) {
        // Oracle returns NULL when any argument is NULL; PostgreSQL ignores NULLs.
        auto c = Make(ExprKind::kCase);
        std::vector<ExprPtr> nulls;
        for (auto& x : a) {
            auto isn = Make(ExprKind::kIsNull);
            isn->args = {x};
            nulls.push_back(isn);
        }
        c->args = {Chain("OR", nulls), Make(ExprKind::kNull)};
        auto g = Func(f, a);
        c->else_expr = g;
        return replace(c, "GREATEST/LEAST -> NULL if any argument is NULL");
    }
    if (f == "MOD" && !of) {
        DBB_RETURN_IF_ERROR(need(2, 2));
        return replace(Tpl("CASE WHEN $2 = 0 THEN $1 ELSE MOD($1, $2) END", a), "MOD(x, 0) = x");
    }
    if (f == "LISTAGG" && !target_.features.listagg) {
        DBB_RETURN_IF_ERROR(need(1, 2));
        ExprPtr sep = n > 1 ? a[1] : Str("");
        if (sep->kind == ExprKind::kNull) {
            sep = Str("");
        }
        std::vector<OrderItem> order = e->order;
        ExprPtr g;
        if (pg) {
            auto cast = Make(ExprKind::kCast);
            cast->args = {a[0]};
            cast->type = std::make_shared<TypeName>(TypeName{"TEXT", {}, {}});
            g = Func("string_agg", {cast, sep});
        } else {
            g = Func("GROUP_CONCAT", {a[0]});
            g->separator = sep;
        }
        g->order = order;
        g->distinct = e->distinct;
        if (e->over) {
            return Refuse(e->pos, "LISTAGG ... OVER");
        }
        return replace(g, "LISTAGG -> string_agg/GROUP_CONCAT");
    }
    if (f == "TO_DATE" || f == "TO_TIMESTAMP") {
        DBB_RETURN_IF_ERROR(need(1, 3));
        if (n != 2 || !str_arg(1)) {
            if (of && f == "TO_DATE") {
                return Status::Ok();
            }
            return Refuse(e->pos, f + " without a literal format model (NLS-dependent)");
        }
        std::string fmt = a[1]->value;
        if (pg) {
            std::string up = ToUpper(fmt);
            if (up.find("RR") != std::string::npos && up.find("RRRR") == std::string::npos) {
                return Refuse(a[1]->pos, "format element RR");
            }
            if (up.find("FF7") != std::string::npos || up.find("FF8") != std::string::npos ||
                up.find("FF9") != std::string::npos) {
                return Refuse(a[1]->pos, "format element FF7..FF9");
            }
            std::string mapped;
            for (std::size_t i = 0; i < fmt.size(); ++i) {
                std::string u = ToUpper(fmt.substr(i, 4));
                if (u == "RRRR") {
                    mapped += "YYYY";
                    i += 3;
                } else if (u.rfind("FF", 0) == 0 && !(u.size() > 2 && std::isdigit(static_cast<unsigned char>(u[2])))) {
                    mapped += "US";
                    i += 1;
                } else {
                    mapped += fmt[i];
                }
            }
            if (of && f == "TO_DATE") {
                return Status::Ok();
            }
            auto ts = Func("to_timestamp", {a[0], Str(mapped)});
            auto cast = Make(ExprKind::kCast);
            cast->args = {ts};
            cast->type = std::make_shared<TypeName>(TypeName{"TIMESTAMP", {f == "TO_DATE" ? "0" : "6"}, {}});
            return replace(cast, f + " -> to_timestamp(...)::timestamp");
        }
        bool upper = false;
        auto m = OracleFormatToMySql(fmt, upper);
        if (!m.ok()) {
            return Refuse(a[1]->pos, f + ": " + m.status().message());
        }
        return replace(Func("STR_TO_DATE", {a[0], Str(*m)}), f + " -> STR_TO_DATE");
    }
    if (f == "TO_CHAR") {
        DBB_RETURN_IF_ERROR(need(1, 3));
        if (n == 1) {
            if (left == TypeClass::kDate || TypeOf(*a[0]) == TypeClass::kDate) {
                return Refuse(e->pos, "TO_CHAR(date) without a format model (NLS-dependent)");
            }
            if (of) {
                return Status::Ok();
            }
            auto cast = Make(ExprKind::kCast);
            cast->args = {a[0]};
            cast->type = std::make_shared<TypeName>(TypeName{my ? "CHAR" : "TEXT", {}, {}});
            return replace(cast, "TO_CHAR(x) -> CAST(x AS TEXT)");
        }
        if (!str_arg(1)) {
            return Refuse(e->pos, "TO_CHAR with a non-literal format");
        }
        if (pg) {
            return Status::Ok();  // PostgreSQL to_char shares Oracle's format elements
        }
        const bool number_model = a[1]->value.find_first_of("90") != std::string::npos;
        if (number_model || left == TypeClass::kNumber) {
            return Refuse(e->pos, "TO_CHAR(number, format) (MySQL has no number format models)");
        }
        bool upper = false;
        auto m = OracleFormatToMySql(a[1]->value, upper);
        if (!m.ok()) {
            return Refuse(a[1]->pos, "TO_CHAR: " + m.status().message());
        }
        ExprPtr r = Func("DATE_FORMAT", {a[0], Str(*m)});
        if (upper) {
            r = Func("UPPER", {r});
        }
        return replace(r, "TO_CHAR -> DATE_FORMAT");
    }
    if (f == "TO_NUMBER" && !of) {
        DBB_RETURN_IF_ERROR(need(1, 2));
        if (n == 2 && pg) {
            return Status::Ok();
        }
        if (n == 2) {
            return Refuse(e->pos, "TO_NUMBER with a format model");
        }
        auto cast = Make(ExprKind::kCast);
        cast->args = {a[0]};
        cast->type = std::make_shared<TypeName>(my ? TypeName{"DECIMAL", {"65", "30"}, {}} : TypeName{"NUMERIC", {}, {}});
        return replace(cast, "TO_NUMBER -> CAST");
    }
    if ((f == "TRUNC" || f == "ROUND") && !of) {
        DBB_RETURN_IF_ERROR(need(1, 2));
        const bool is_date = left == TypeClass::kDate || str_arg(1);
        if (is_date) {
            std::string unit = n == 2 ? (str_arg(1) ? TruncUnit(a[1]->value) : "") : "day";
            if (unit.empty()) {
                return Refuse(e->pos, f + "(date, format) with this format");
            }
            if (f == "ROUND") {
                // Only to the day: noon and later round up. Oracle's month/year rounding (16th day,
                // July 1) has no built-in counterpart and is refused.
                if (unit != "day") {
                    return Refuse(e->pos, "ROUND(date, '" + a[1]->value + "')");
                }
                return replace(pg ? Tpl("CAST(date_trunc('day', $1 + INTERVAL '12' HOUR) AS TIMESTAMP(0))", {a[0]})
                                  : Tpl("CAST(DATE(DATE_ADD($1, INTERVAL 12 HOUR)) AS DATETIME)", {a[0]}),
                               "ROUND(date) -> day of date + 12 hours");
            }
            if (pg) {
                return replace(Tpl("CAST(date_trunc('" + unit + "', $1) AS TIMESTAMP(0))", {a[0]}),
                               "TRUNC(date) -> date_trunc");
            }
            if (unit == "day") {
                return replace(Tpl("CAST(DATE($1) AS DATETIME)", {a[0]}), "TRUNC(date) -> DATE()");
            }
            if (unit == "month" || unit == "year") {
                return replace(Tpl(std::string("CAST(DATE_FORMAT($1, '") + (unit == "month" ? "%Y-%m-01" : "%Y-01-01") +
                                       "') AS DATETIME)",
                                   {a[0]}),
                               "TRUNC(date, fmt) -> DATE_FORMAT");
            }
            if (unit == "quarter") {
                return replace(
                    Tpl("CAST(DATE_ADD(MAKEDATE(YEAR($1), 1), INTERVAL QUARTER($1) * 3 - 3 MONTH) AS DATETIME)",
                        {a[0]}),
                               "TRUNC(date, 'Q') -> MAKEDATE + QUARTER");
            }
            if (unit == "week") {  // ISO week: back to Monday
                return replace(Tpl("CAST(DATE_SUB(DATE($1), INTERVAL WEEKDAY($1) DAY) AS DATETIME)", {a[0]}),
                               "TRUNC(date, 'IW') -> WEEKDAY");
            }
            return Refuse(e->pos, "TRUNC(date, '" + a[1]->value + "')");
        }
        if (pg) {
            auto cast = Make(ExprKind::kCast);
            cast->args = {a[0]};
            cast->type = std::make_shared<TypeName>(TypeName{"NUMERIC", {}, {}});
            std::vector<ExprPtr> args = {cast};
            if (n == 2) {
                args.push_back(a[1]);
            }
            return replace(Func(f == "TRUNC" ? "trunc" : "round", args), f + "(number) on NUMERIC");
        }
        if (f == "TRUNC") {
            return replace(Func("TRUNCATE", {a[0], n == 2 ? a[1] : Num("0")}), "TRUNC(number) -> TRUNCATE");
        }
        return Status::Ok();
    }
    if (f == "ADD_MONTHS" && !of) {
        DBB_RETURN_IF_ERROR(need(2, 2));
        // Oracle: from the last day of a month the result is the last day of the target month.
        if (pg) {
            return replace(
                Tpl("CASE WHEN CAST($1 AS DATE) = CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY "
                    "AS DATE) THEN CAST(date_trunc('month', $1) + ($2 + 1) * INTERVAL '1' MONTH - INTERVAL '1' DAY + "
                    "($1 - date_trunc('day', $1)) AS TIMESTAMP(0)) ELSE CAST($1 + $2 * INTERVAL '1' MONTH AS "
                    "TIMESTAMP(0)) END",
                    a),
                "ADD_MONTHS -> interval arithmetic with Oracle's month-end rule");
        }
        return replace(Tpl("CASE WHEN DATE($1) = LAST_DAY($1) THEN TIMESTAMP(LAST_DAY(DATE_ADD($1, INTERVAL $2 "
                           "MONTH)), TIME($1)) ELSE DATE_ADD($1, INTERVAL $2 MONTH) END",
                           a),
                       "ADD_MONTHS -> DATE_ADD with Oracle's month-end rule");
    }
    if (f == "LAST_DAY" && !of) {
        DBB_RETURN_IF_ERROR(need(1, 1));
        if (pg) {
            return replace(Tpl("CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY + ($1 - "
                               "date_trunc('day', $1)) AS TIMESTAMP(0))",
                               a),
                           "LAST_DAY -> date_trunc arithmetic");
        }
        return replace(Tpl("TIMESTAMP(LAST_DAY($1), TIME($1))", a), "LAST_DAY keeps the time part");
    }
    if (f == "MONTHS_BETWEEN" && !of) {
        DBB_RETURN_IF_ERROR(need(2, 2));
        // Whole months when the days of month match or both are month ends; otherwise a 31-day
        // fraction that includes the time of day.
        if (pg) {
            return replace(
                Tpl("CASE WHEN EXTRACT(DAY FROM $1) = EXTRACT(DAY FROM $2) OR (CAST($1 AS DATE) = "
                    "CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) AND CAST($2 AS "
                    "DATE) = CAST(date_trunc('month', $2) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE)) THEN "
                    "(EXTRACT(YEAR FROM $1) - EXTRACT(YEAR FROM $2)) * 12 + EXTRACT(MONTH FROM $1) - EXTRACT(MONTH "
                    "FROM $2) ELSE (EXTRACT(YEAR FROM $1) - EXTRACT(YEAR FROM $2)) * 12 + EXTRACT(MONTH FROM $1) - "
                    "EXTRACT(MONTH FROM $2) + (EXTRACT(DAY FROM $1) - EXTRACT(DAY FROM $2) + (EXTRACT(EPOCH FROM "
                    "CAST(CAST($1 AS TIMESTAMP) AS TIME)) - EXTRACT(EPOCH FROM CAST(CAST($2 AS TIMESTAMP) AS TIME))) / 86400) / 31 END",
                    a),
                "MONTHS_BETWEEN -> Oracle formula");
        }
        return replace(Tpl("CASE WHEN DAY($1) = DAY($2) OR (DATE($1) = LAST_DAY($1) AND DATE($2) = LAST_DAY($2)) "
                           "THEN (YEAR($1) - YEAR($2)) * 12 + MONTH($1) - MONTH($2) ELSE (YEAR($1) - YEAR($2)) * 12 + "
                           "MONTH($1) - MONTH($2) + (DAY($1) - DAY($2) + (TIME_TO_SEC($1) - TIME_TO_SEC($2)) / 86400) "
                           "/ 31 END",
                           a),
                       "MONTHS_BETWEEN -> Oracle formula");
    }
    if (f == "SUBSTR" && !of) {
        DBB_RETURN_IF_ERROR(need(2, 3));
        // Oracle: start 0 means 1; a negative start counts from the end (PostgreSQL has neither).
        std::vector<ExprPtr> args = a;
        if (a[1]->kind == ExprKind::kNumber || (a[1]->kind == ExprKind::kUnary && a[1]->text == "-" &&
                                                a[1]->args[0]->kind == ExprKind::kNumber)) {
            const bool minus = a[1]->kind == ExprKind::kUnary;
            auto start = ParseIntLiteral(minus ? *a[1]->args[0] : *a[1]);
            if (!start.ok()) {
                return start.status();
            }
            long long p = minus ? -*start : *start;
            if (p > 0) {
                return Status::Ok();
            }
            if (p == 0) {
                e->args[1] = Num("1");
                Note("SUBSTR start 0 -> 1");
                return Status::Ok();
            }
            if (my) {
                return Status::Ok();
            }
            std::string len = n == 3 ? ", $3" : "";
            return replace(Tpl("CASE WHEN length($1) >= " + std::to_string(-p) + " THEN substr($1, length($1) - " +
                                   std::to_string(-p - 1) + len + ") END",
                               a),
                           "SUBSTR negative start -> from the end");
        }
        std::string len = n == 3 ? ", $3" : "";
        if (my) {
            return replace(Tpl("SUBSTR($1, CASE WHEN $2 = 0 THEN 1 ELSE $2 END" + len + ")", a), "SUBSTR start 0 -> 1");
        }
        return replace(Tpl("CASE WHEN $2 >= 0 OR length($1) >= -$2 THEN substr($1, CASE WHEN $2 > 0 THEN $2 WHEN $2 = "
                           "0 THEN 1 ELSE length($1) + $2 + 1 END" + len + ") END",
                           a),
                       "SUBSTR Oracle start semantics");
    }
    if (f == "INSTR" && !of) {
        DBB_RETURN_IF_ERROR(need(2, 4));
        if (n == 2) {
            return pg ? replace(Func("strpos", a), "INSTR -> strpos") : Status::Ok();
        }
        bool positive = false;
        if (a[2]->kind == ExprKind::kNumber) {
            auto start = ParseIntLiteral(*a[2]);
            if (!start.ok()) {
                return start.status();
            }
            positive = *start > 0;
        }
        if (n == 4 && !(a[3]->kind == ExprKind::kNumber && a[3]->text == "1")) {
            return Refuse(e->pos, "INSTR with an occurrence other than 1");
        }
        if (!positive) {
            return Refuse(e->pos, "INSTR with a negative or non-literal start");
        }
        if (my) {
            return replace(Tpl("LOCATE($2, $1, $3)", a), "INSTR(s, t, p) -> LOCATE");
        }
        return replace(Tpl("CASE WHEN strpos(substr($1, $3), $2) = 0 THEN 0 ELSE strpos(substr($1, $3), $2) + $3 - 1 END",
                           {a[0], a[1], a[2]}),
                       "INSTR(s, t, p) -> strpos");
    }
    if (f == "REPLACE" && n == 2) {  // Oracle's 2-argument form removes the search string
        e->args.push_back(Str(""));
        Note("REPLACE(s, t) -> REPLACE(s, t, '')");
        return Status::Ok();
    }
    if (f == "LENGTH" && my) {
        return replace(Func("CHAR_LENGTH", a), "LENGTH -> CHAR_LENGTH");
    }
    if ((f == "LPAD" || f == "RPAD") && my && n == 2) {
        e->args.push_back(Str(" "));
        return Status::Ok();
    }
    if ((f == "LTRIM" || f == "RTRIM") && my && n == 2) {
        if (!(str_arg(1) && a[1]->value.size() == 1)) {
            return Refuse(e->pos, f + " with a set of several characters");
        }
        auto t = Make(ExprKind::kTrim);
        t->keyword = f == "LTRIM" ? "LEADING" : "TRAILING";
        t->args = {a[0], a[1]};
        return replace(t, f + "(s, c) -> TRIM");
    }
    if (f == "SYS_CONNECT_BY_PATH" || f == "CONNECT_BY_ROOT") {
        return Refuse(e->pos, f);
    }
    return Status::Ok();
}

Status Rewriter::MySqlExpr(ExprPtr& e) {
    if (My()) {
        return Status::Ok();
    }
    const bool pg = Pg();
    const bool ora = Ora();
    const bool sysdate = target_.features.sysdate;
    std::vector<std::string> cmts = e->comments;
    auto replace = [&](Result<ExprPtr> r, const std::string& note) -> Status {
        if (!r.ok()) {
            return r.status();
        }
        Position p = e->pos;
        e = *r;
        e->pos = p;
        e->comments.insert(e->comments.begin(), cmts.begin(), cmts.end());
        Note(note);
        return Status::Ok();
    };
    auto now = [&]() { return sysdate ? Make(ExprKind::kKeyword, "SYSDATE") : Func("LOCALTIMESTAMP", {Num("0")}); };
    switch (e->kind) {
        case ExprKind::kKeyword:
            if (e->text == "CURRENT_TIMESTAMP" || e->text == "LOCALTIMESTAMP") {
                return replace(now(), "CURRENT_TIMESTAMP -> statement timestamp");
            }
            return Status::Ok();
        case ExprKind::kBinary:
            if (e->text == "<=>") {
                if (ora) {
                    return replace(Tpl("DECODE($1, $2, 1, 0) = 1", e->args), "<=> -> DECODE");
                }
                e->text = "IS NOT DISTINCT FROM";
                Note("<=> -> IS NOT DISTINCT FROM");
            } else if (e->text == "/" && pg) {
                auto cast = Make(ExprKind::kCast);
                cast->args = {e->args[0]};
                cast->type = std::make_shared<TypeName>(TypeName{"NUMERIC", {}, {}});
                e->args[0] = cast;
                Note("division made exact (NUMERIC)");
            } else if (e->text == "DIV") {
                return replace(Tpl(ora ? "TRUNC($1 / $2)" : "div(CAST($1 AS NUMERIC), $2)", e->args), "DIV -> integer division");
            } else if (e->text == "%") {
                return replace(Tpl("CASE WHEN $2 = 0 THEN NULL ELSE MOD($1, $2) END", e->args), "% -> MOD (NULL on 0)");
            } else if (e->text == "XOR") {
                return Refuse(e->pos, "XOR");
            }
            return Status::Ok();
        case ExprKind::kLike:
            if (e->text == "REGEXP") {
                if (ora) {
                    return replace(Func("REGEXP_LIKE", {e->args[0], e->args[1]}), "REGEXP -> REGEXP_LIKE");
                }
                e->text = "~";
                if (e->negated) {
                    e->negated = false;
                    e->text = "!~";
                }
                e->kind = ExprKind::kBinary;
                Note("REGEXP -> ~");
            }
            return Status::Ok();
        case ExprKind::kFunction:
            break;
        default:
            return Status::Ok();
    }
    if (e->name.size() != 1 || e->name[0].quoted) {
        return Status::Ok();
    }
    const std::string& f = e->text;
    auto& a = e->args;
    const std::size_t n = a.size();
    if (f == "IFNULL" && n == 2) {
        return replace(Func(ora ? "NVL" : "COALESCE", a), "IFNULL -> COALESCE/NVL");
    }
    if (f == "IF" && n == 3) {
        return replace(Tpl("CASE WHEN $1 THEN $2 ELSE $3 END", a), "IF() -> CASE");
    }
    if ((f == "NOW" || f == "SYSDATE" || f == "CURRENT_TIMESTAMP" || f == "LOCALTIMESTAMP") && n == 0) {
        return replace(now(), "NOW() -> statement timestamp");
    }
    if (f == "CURDATE" && n == 0) {
        return replace(ora ? Tpl("TRUNC(SYSDATE)", {}) : Make(ExprKind::kKeyword, "CURRENT_DATE"), "CURDATE() -> CURRENT_DATE");
    }
    if (f == "DATE_FORMAT" && n == 2) {
        if (a[1]->kind != ExprKind::kString) {
            return Refuse(e->pos, "DATE_FORMAT with a non-literal format");
        }
        bool has_time = false;
        auto m = MySqlFormatToOracle(a[1]->value, pg, has_time);
        if (!m.ok()) {
            return Refuse(a[1]->pos, m.status().message());
        }
        return replace(Func("to_char", {a[0], Str(*m)}), "DATE_FORMAT -> to_char");
    }
    if (f == "STR_TO_DATE" && n == 2) {
        if (a[1]->kind != ExprKind::kString) {
            return Refuse(e->pos, "STR_TO_DATE with a non-literal format");
        }
        bool has_time = false;
        auto m = MySqlFormatToOracle(a[1]->value, pg, has_time);
        if (!m.ok()) {
            return Refuse(a[1]->pos, m.status().message());
        }
        if (ora) {
            return replace(Func(has_time ? "TO_TIMESTAMP" : "TO_DATE", {a[0], Str(*m)}), "STR_TO_DATE -> TO_DATE");
        }
        if (!has_time) {
            return replace(Tpl("CAST(to_timestamp($1, $2) AS DATE)", {a[0], Str(*m)}), "STR_TO_DATE -> to_date");
        }
        return replace(Tpl("CAST(to_timestamp($1, $2) AS TIMESTAMP(0))", {a[0], Str(*m)}), "STR_TO_DATE -> to_timestamp");
    }
    if (f == "GROUP_CONCAT") {
        if (n != 1) {
            return Refuse(e->pos, "GROUP_CONCAT with several expressions");
        }
        ExprPtr sep = e->separator ? e->separator : Str(",");
        ExprPtr g;
        if (ora) {
            g = Func("LISTAGG", {a[0], sep});
            g->within_group = !e->order.empty();
        } else {
            auto cast = Make(ExprKind::kCast);
            cast->args = {a[0]};
            cast->type = std::make_shared<TypeName>(TypeName{"TEXT", {}, {}});
            g = Func("string_agg", {cast, sep});
        }
        g->order = e->order;
        g->distinct = e->distinct;
        if (!ora && e->distinct) {
            // PostgreSQL: with DISTINCT, ORDER BY must sort by the aggregated expression itself.
            for (auto& o : g->order) {
                if (o.expr->kind == ExprKind::kColumn && a[0]->kind == ExprKind::kColumn &&
                    ToLower(o.expr->name.back().text) == ToLower(a[0]->name.back().text)) {
                    o.expr = g->args[0];
                }
            }
        }
        if (ora && g->order.empty() && e->distinct) {
            return Refuse(e->pos, "GROUP_CONCAT(DISTINCT ...) without ORDER BY");
        }
        return replace(g, "GROUP_CONCAT -> string_agg/LISTAGG");
    }
    if (f == "CONCAT" && n >= 1) {
        // MySQL CONCAT is NULL when any argument is NULL; PostgreSQL concat and Oracle || skip NULLs.
        bool all_literal = std::all_of(a.begin(), a.end(), [](const ExprPtr& x) { return IsLiteral(*x); });
        ExprPtr body;
        if (ora) {
            body = Chain("||", a);
        } else {
            body = Func("concat", a);
        }
        if (all_literal) {
            return replace(body, "CONCAT");
        }
        auto c = Make(ExprKind::kCase);
        std::vector<ExprPtr> nulls;
        for (auto& x : a) {
            if (IsLiteral(*x)) {
                continue;
            }
            auto isn = Make(ExprKind::kIsNull);
            isn->args = {x};
            nulls.push_back(isn);
        }
        c->args = {Chain("OR", nulls), Make(ExprKind::kNull)};
        c->else_expr = body;
        return replace(c, "CONCAT -> NULL-propagating concat");
    }
    if (f == "LENGTH" && pg) {
        return replace(Func("octet_length", a), "LENGTH (bytes) -> octet_length");
    }
    if (f == "CHAR_LENGTH" && ora) {
        return replace(Func("LENGTH", a), "CHAR_LENGTH -> LENGTH");
    }
    if ((f == "DATE_ADD" || f == "DATE_SUB" || f == "ADDDATE" || f == "SUBDATE") && n == 2) {
        if (a[1]->kind != ExprKind::kInterval) {
            return Refuse(e->pos, f + " without INTERVAL");
        }
        static const std::set<std::string> kUnits = {"DAY", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "WEEK"};
        const std::string unit = a[1]->keyword;
        if (!kUnits.count(unit)) {
            return Refuse(a[1]->pos, "INTERVAL unit " + unit);
        }
        const std::string op = (f == "DATE_ADD" || f == "ADDDATE") ? "+" : "-";
        return replace(Tpl("($1 " + op + " $2 * INTERVAL '1' " + unit + ")", {a[0], a[1]->args[0]}),
                       "DATE_ADD/DATE_SUB -> interval arithmetic");
    }
    if (f == "DATEDIFF" && n == 2) {
        return replace(Tpl(ora ? "(TRUNC($1) - TRUNC($2))" : "EXTRACT(DAY FROM date_trunc('day', CAST($1 AS TIMESTAMP)) - date_trunc('day', CAST($2 AS TIMESTAMP)))", a),
                       "DATEDIFF -> date subtraction");
    }
    if (f == "MOD" && n == 2) {
        return replace(Tpl("CASE WHEN $2 = 0 THEN NULL ELSE MOD($1, $2) END", a), "MOD(x, 0) is NULL");
    }
    if (f == "LAST_INSERT_ID" || f == "FOUND_ROWS" || f == "UUID" || f == "DATABASE") {
        return Refuse(e->pos, f + "()");
    }
    return Status::Ok();
}

}  // namespace dbbridge::sdk::sql
