// MySQL as the source: its operators (MySqlExpr) and one rule per MySQL function (MySqlCallRules),
// each rewriting only what the target's profile lacks.
#include "rewriter.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>
#include <unordered_map>

#include "dbbridge/sdk/util/sql_text.h"
#include "format_models.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

namespace {

// The statement's timestamp (NOW() and CURRENT_TIMESTAMP are fixed for the statement in MySQL).
ExprPtr Now(const Rewriter& rw) {
    return rw.target().features.sysdate ? Make(ExprKind::kKeyword, "SYSDATE") : Func("LOCALTIMESTAMP", {Num("0")});
}

// The datetime a MySQL date function reads: a string literal ('2024-01-31') is parsed as a
// timestamp, which MySQL does implicitly and PostgreSQL / Oracle do not for '+ INTERVAL'.
ExprPtr DateArg(const ExprPtr& e) {
    return e->kind == ExprKind::kString ? CastTo(e, TypeName{"TIMESTAMP", {}, {}}) : e;
}


bool IsComparison(const std::string& op) {
    static const std::set<std::string> kOps = {"=", "<>", "!=", "<", ">", "<=", ">=", "IS NOT DISTINCT FROM",
                                               "~", "!~", "~*", "!~*"};
    const auto space = op.find(' ');  // "> ALL", "= ANY": a comparison with a subquery's rows
    return kOps.count(op) > 0 || (space != std::string::npos && space <= 2 && kOps.count(op.substr(0, space)) > 0);
}

// True when e is a predicate in PostgreSQL / Oracle terms (MySQL's are integers 0/1).
bool IsPredicate(const Expr& e) {
    switch (e.kind) {
        case ExprKind::kIsNull:
        case ExprKind::kIn:
        case ExprKind::kBetween:
        case ExprKind::kLike:
        case ExprKind::kExists:
            return true;
        case ExprKind::kUnary:
            return e.text == "NOT";
        case ExprKind::kBinary:
            return e.text == "AND" || e.text == "OR" || IsComparison(e.text);
        case ExprKind::kParen:
            return e.args.size() == 1 && IsPredicate(*e.args[0]);
        case ExprKind::kFunction:
            return e.text == "REGEXP_LIKE";
        default:
            return false;
    }
}

// A string literal whose comparison depends on letter case.
bool HasLetters(const Expr& e) {
    return e.kind == ExprKind::kString &&
           std::any_of(e.value.begin(), e.value.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); });
}

ExprPtr Lower(const Rewriter& rw, const ExprPtr& e) { return Func(rw.Ora() ? "LOWER" : "lower", {e}); }

Status Ifnull(Call& c) {
    return c.n == 2 ? c.Replace(Func(c.rw.Ora() ? "NVL" : "COALESCE", c.a), "IFNULL -> COALESCE/NVL") : Status::Ok();
}

Status If(Call& c) {
    if (c.n != 3) {
        return Status::Ok();
    }
    c.rw.MySqlCondition(c.a[0]);
    return c.Replace(c.rw.Tpl("CASE WHEN $1 THEN $2 ELSE $3 END", c.a), "IF() -> CASE");
}

Status NowCall(Call& c) {
    return c.n == 0 ? c.Replace(Now(c.rw), "NOW() -> statement timestamp") : Status::Ok();
}

Status Curdate(Call& c) {
    if (c.n != 0) {
        return Status::Ok();
    }
    return c.Replace(c.rw.Ora() ? c.rw.Tpl("TRUNC(SYSDATE)", {}) : Make(ExprKind::kKeyword, "CURRENT_DATE"),
                     "CURDATE() -> CURRENT_DATE");
}

// A literal DATE_FORMAT pattern as an Oracle / PostgreSQL format model.
Result<std::string> FormatArg(Call& c, const std::string& what, bool& has_time) {
    if (c.a[1]->kind != ExprKind::kString) {
        return c.rw.Refuse(c.e->pos, what + " with a non-literal format");
    }
    auto m = MySqlFormatToOracle(c.a[1]->value, c.rw.Pg(), has_time);
    if (!m.ok()) {
        return c.rw.Refuse(c.a[1]->pos, m.status().message());
    }
    return m;
}

Status DateFormat(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    bool has_time = false;
    DBB_ASSIGN_OR_RETURN(auto m, FormatArg(c, "DATE_FORMAT", has_time));
    return c.Replace(Func("to_char", {c.a[0], Str(m)}), "DATE_FORMAT -> to_char");
}

Status StrToDate(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    bool has_time = false;
    DBB_ASSIGN_OR_RETURN(auto m, FormatArg(c, "STR_TO_DATE", has_time));
    if (c.rw.Ora()) {
        return c.Replace(Func(has_time ? "TO_TIMESTAMP" : "TO_DATE", {c.a[0], Str(m)}), "STR_TO_DATE -> TO_DATE");
    }
    if (!has_time) {
        return c.Replace(c.rw.Tpl("CAST(to_timestamp($1, $2) AS DATE)", {c.a[0], Str(m)}), "STR_TO_DATE -> to_date");
    }
    return c.Replace(c.rw.Tpl("CAST(to_timestamp($1, $2) AS TIMESTAMP(0))", {c.a[0], Str(m)}),
                     "STR_TO_DATE -> to_timestamp");
}

Status GroupConcat(Call& c) {
    if (c.n != 1) {
        return c.rw.Refuse(c.e->pos, "GROUP_CONCAT with several expressions");
    }
    const bool ora = c.rw.Ora();
    auto& a = c.a;
    ExprPtr sep = c.e->separator ? c.e->separator : Str(",");
    ExprPtr g;
    if (ora) {
        g = Func("LISTAGG", {a[0], sep});
        g->within_group = !c.e->order.empty();
    } else {
        g = Func("string_agg", {CastTo(a[0], TypeName{"TEXT", {}, {}}), sep});
    }
    g->order = c.e->order;
    g->distinct = c.e->distinct;
    if (!ora && c.e->distinct) {
        // PostgreSQL: with DISTINCT, ORDER BY must sort by the aggregated expression itself.
        for (auto& o : g->order) {
            if (o.expr->kind == ExprKind::kColumn && a[0]->kind == ExprKind::kColumn &&
                ToLower(o.expr->name.back().text) == ToLower(a[0]->name.back().text)) {
                o.expr = g->args[0];
            }
        }
    }
    if (ora && g->order.empty() && c.e->distinct) {
        return c.rw.Refuse(c.e->pos, "GROUP_CONCAT(DISTINCT ...) without ORDER BY");
    }
    return c.Replace(g, "GROUP_CONCAT -> string_agg/LISTAGG");
}

// MySQL CONCAT is NULL when any argument is NULL; PostgreSQL concat and Oracle || skip NULLs.
Status Concat(Call& c) {
    if (c.n < 1) {
        return Status::Ok();
    }
    auto& a = c.a;
    bool all_literal = std::all_of(a.begin(), a.end(), [](const ExprPtr& x) { return IsLiteral(*x); });
    ExprPtr body = c.rw.Ora() ? Chain("||", a) : Func("concat", a);
    if (all_literal) {
        return c.Replace(body, "CONCAT");
    }
    auto k = Make(ExprKind::kCase);
    std::vector<ExprPtr> nulls;
    for (auto& x : a) {
        if (IsLiteral(*x)) {
            continue;
        }
        auto isn = Make(ExprKind::kIsNull);
        isn->args = {x};
        nulls.push_back(isn);
    }
    k->args = {Chain("OR", nulls), Make(ExprKind::kNull)};
    k->else_expr = body;
    return c.Replace(k, "CONCAT -> NULL-propagating concat");
}

Status Length(Call& c) {
    return c.rw.Pg() ? c.Replace(Func("octet_length", c.a), "LENGTH (bytes) -> octet_length") : Status::Ok();
}

Status CharLength(Call& c) {
    return c.rw.Ora() ? c.Replace(Func("LENGTH", c.a), "CHAR_LENGTH -> LENGTH") : Status::Ok();
}

// d + INTERVAL n UNIT as d + n * INTERVAL '1' UNIT (PostgreSQL and Oracle want a quoted literal).
Result<ExprPtr> IntervalTimes(Rewriter& rw, const ExprPtr& d, const std::string& op, const Expr& interval) {
    static const std::set<std::string> kUnits = {"DAY", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "WEEK"};
    const std::string unit = interval.keyword;
    if (!kUnits.count(unit)) {
        return rw.Refuse(interval.pos, "INTERVAL unit " + unit);
    }
    return rw.Tpl("($1 " + op + " $2 * INTERVAL '1' " + unit + ")", {DateArg(d), interval.args[0]});
}

Status DateAdd(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    auto& a = c.a;
    const std::string op = (c.f == "DATE_ADD" || c.f == "ADDDATE") ? "+" : "-";
    if (a[1]->kind != ExprKind::kInterval) {
        if (c.f == "ADDDATE" || c.f == "SUBDATE") {  // ADDDATE(d, n): n days
            return c.Replace(c.rw.Tpl("($1 " + op + " $2 * INTERVAL '1' DAY)", {DateArg(a[0]), a[1]}),
                             "ADDDATE(d, n) -> interval arithmetic");
        }
        return c.rw.Refuse(c.e->pos, c.f + " without INTERVAL");
    }
    return c.Replace(IntervalTimes(c.rw, a[0], op, *a[1]), "DATE_ADD/DATE_SUB -> interval arithmetic");
}

Status Datediff(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    return c.Replace(c.rw.Tpl(c.rw.Ora() ? "(TRUNC($1) - TRUNC($2))"
                                         : "EXTRACT(DAY FROM date_trunc('day', CAST($1 AS TIMESTAMP)) - "
                                           "date_trunc('day', CAST($2 AS TIMESTAMP)))",
                              c.a),
                     "DATEDIFF -> date subtraction");
}

Status Mod(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    return c.Replace(c.rw.Tpl("CASE WHEN $2 = 0 THEN NULL ELSE MOD($1, $2) END", c.a), "MOD(x, 0) is NULL");
}


// MySQL compares nonbinary strings case-insensitively (the default _ci collations): LOCATE and
// INSTR find 'B' in 'abc'.
Status Locate(Call& c) {
    if (c.n < 2 || c.n > 3) {
        return c.Need(2, 3);
    }
    auto& rw = c.rw;
    // LOCATE(t, s[, p]) and INSTR(s, t): needle, haystack, start.
    ExprPtr needle = c.f == "INSTR" ? c.a[1] : c.a[0];
    ExprPtr hay = c.f == "INSTR" ? c.a[0] : c.a[1];
    if (c.f == "INSTR" && c.n != 2) {
        return c.Need(2, 2);
    }
    if (rw.Ora()) {
        std::vector<ExprPtr> args = {Func("LOWER", {hay}), Func("LOWER", {needle})};
        if (c.n == 3) {
            args.push_back(c.a[2]);
        }
        return c.n == 3 ? c.Replace(rw.Tpl("CASE WHEN $3 < 1 THEN 0 ELSE INSTR($1, $2, $3) END", args),
                                    c.f + " -> INSTR (case-insensitive)")
                        : c.Replace(Func("INSTR", args), c.f + " -> INSTR (case-insensitive)");
    }
    if (c.n == 2) {
        return c.Replace(rw.Tpl("strpos(lower($1), lower($2))", {hay, needle}), c.f + " -> strpos (case-insensitive)");
    }
    return c.Replace(rw.Tpl("CASE WHEN $3 < 1 THEN 0 WHEN strpos(substr(lower($1), $3), lower($2)) = 0 THEN 0 "
                            "ELSE strpos(substr(lower($1), $3), lower($2)) + $3 - 1 END",
                            {hay, needle, c.a[2]}),
                     "LOCATE(t, s, p) -> strpos (case-insensitive)");
}

// An integer literal, negative ones included (-3 parses as unary minus); false otherwise.
bool IntLiteral(const Expr& e, long long& out) {
    const bool minus = e.kind == ExprKind::kUnary && e.text == "-" && e.args.size() == 1;
    const Expr& n = minus ? *e.args[0] : e;
    if (n.kind != ExprKind::kNumber || n.text.empty() ||
        n.text.find_first_not_of("0123456789") != std::string::npos || n.text.size() > 9) {
        return false;
    }
    out = std::stoll(n.text) * (minus ? -1 : 1);
    return true;
}

// SUBSTRING / SUBSTR / MID(s, pos[, len]): MySQL counts a negative pos from the end and returns ''
// for pos 0 or a pos before the start; PostgreSQL's substring does neither and Oracle's SUBSTR reads
// 0 as 1, so the position must be a literal.
Status Substring(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(2, 3));
    auto& rw = c.rw;
    if (rw.My()) {
        return Status::Ok();
    }
    long long pos = 0;
    if (!IntLiteral(*c.a[1], pos)) {
        return rw.Refuse(c.a[1]->pos, c.f + " with a position that is not an integer literal");
    }
    const std::string fn = rw.Ora() ? "SUBSTR" : "substring";
    if (pos > 0) {
        const bool native = c.f == "SUBSTR" || (c.f == "SUBSTRING" && !rw.Ora());  // Oracle has SUBSTR only
        return native ? Status::Ok() : c.Replace(Func(fn, c.a), c.f + " -> " + fn);
    }
    if (pos == 0 || rw.Ora()) {
        if (pos == 0 && rw.Ora()) {
            return rw.Refuse(c.a[1]->pos, c.f + " from position 0 ('' in MySQL)");
        }
        return pos == 0 ? c.Replace(rw.Tpl("''", {}), c.f + " from position 0 -> ''")
                        : c.Replace(Func(fn, c.a), c.f + " -> SUBSTR (negative position counts from the end)");
    }
    std::vector<ExprPtr> args = {c.a[0], Num(std::to_string(-pos))};
    if (c.n == 3) {
        args.push_back(c.a[2]);
    }
    const std::string len = c.n == 3 ? ", $3" : "";
    return c.Replace(rw.Tpl("CASE WHEN char_length($1) >= $2 THEN substring($1, char_length($1) - $2 + 1" + len +
                                ") ELSE '' END",
                            args),
                     c.f + " with a negative position -> substring from the end");
}

Status Truncate(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    if (c.rw.Ora()) {
        return c.Replace(Func("TRUNC", c.a), "TRUNCATE -> TRUNC");
    }
    return c.Replace(Func("trunc", {CastTo(c.a[0], TypeName{"NUMERIC", {}, {}}), c.a[1]}), "TRUNCATE -> trunc");
}

// YEAR(d), MONTH(d), ... as EXTRACT; MySQL returns integers.
Status DatePart(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    static const std::unordered_map<std::string, std::string> kPg = {
        {"YEAR", "YEAR"},     {"MONTH", "MONTH"},    {"DAY", "DAY"},          {"DAYOFMONTH", "DAY"},
        {"HOUR", "HOUR"},     {"MINUTE", "MINUTE"},  {"SECOND", "SECOND"},    {"QUARTER", "QUARTER"},
        {"DAYOFYEAR", "DOY"}, {"DAYOFWEEK", "DOW"},  {"WEEKDAY", "ISODOW"}};
    const std::string field = kPg.at(c.f);
    ExprPtr d = DateArg(c.a[0]);
    if (c.rw.Ora()) {
        if (field == "DOY" || field == "DOW" || field == "ISODOW" || field == "QUARTER") {
            return c.rw.Refuse(c.e->pos, c.f + "()");
        }
        if (field == "HOUR" || field == "MINUTE" || field == "SECOND") {
            return c.Replace(c.rw.Tpl("TRUNC(EXTRACT(" + field + " FROM CAST($1 AS TIMESTAMP)))", {d}), c.f + " -> EXTRACT");
        }
        return c.Replace(c.rw.Tpl("EXTRACT(" + field + " FROM $1)", {d}), c.f + " -> EXTRACT");
    }
    std::string expr = "EXTRACT(" + field + " FROM CAST($1 AS TIMESTAMP))";
    if (field == "DOW") {
        expr += " + 1";  // MySQL: 1 = Sunday
    } else if (field == "ISODOW") {
        expr += " - 1";  // MySQL WEEKDAY: 0 = Monday
    } else if (field == "SECOND") {
        expr = "floor(" + expr + ")";
    }
    return c.Replace(c.rw.Tpl("CAST(" + expr + " AS INTEGER)", {c.a[0]}), c.f + " -> EXTRACT");
}

Status NameOf(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    const std::string model = c.f == "DAYNAME" ? "FMDay" : "FMMonth";
    return c.Replace(Func(c.rw.Ora() ? "TO_CHAR" : "to_char", {DateArg(c.a[0]), Str(model)}),
                     c.f + " -> to_char");
}

Status LastDayOf(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    if (c.rw.Ora()) {
        return c.Replace(c.rw.Tpl("TRUNC(LAST_DAY($1))", {DateArg(c.a[0])}), "LAST_DAY -> TRUNC(LAST_DAY)");
    }
    return c.Replace(c.rw.Tpl("CAST(date_trunc('month', CAST($1 AS TIMESTAMP)) + INTERVAL '1' MONTH - INTERVAL '1' DAY "
                              "AS DATE)",
                              c.a),
                     "LAST_DAY -> date_trunc arithmetic");
}

// FROM_UNIXTIME(n) in the session time zone, like MySQL; with a format, formatted.
Status FromUnixtime(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 2));
    if (c.rw.Ora()) {
        return c.rw.Refuse(c.e->pos, "FROM_UNIXTIME()");
    }
    auto ts = c.rw.Tpl("CAST(to_timestamp($1) AS TIMESTAMP(0))", {c.a[0]});
    if (!ts.ok() || c.n == 1) {
        return c.Replace(ts, "FROM_UNIXTIME -> to_timestamp");
    }
    bool has_time = false;
    DBB_ASSIGN_OR_RETURN(auto m, FormatArg(c, "FROM_UNIXTIME", has_time));
    return c.Replace(Func("to_char", {*ts, Str(m)}), "FROM_UNIXTIME(n, format) -> to_char(to_timestamp)");
}

Status UnixTimestamp(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(0, 1));
    if (c.rw.Ora()) {
        return c.rw.Refuse(c.e->pos, "UNIX_TIMESTAMP()");
    }
    if (c.n == 0) {
        return c.Replace(c.rw.Tpl("CAST(floor(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS BIGINT)", {}),
                         "UNIX_TIMESTAMP() -> EXTRACT(EPOCH)");
    }
    // A datetime is read in the session time zone (timestamptz), as MySQL does.
    return c.Replace(c.rw.Tpl("trim_scale(EXTRACT(EPOCH FROM CAST($1 AS TIMESTAMPTZ)))", c.a),
                     "UNIX_TIMESTAMP(d) -> EXTRACT(EPOCH)");
}


// Functions PostgreSQL spells differently; Oracle's spelling where it has one.
Status Renamed(Call& c) {
    static const std::unordered_map<std::string, std::pair<const char*, const char*>> kNames = {
        {"UCASE", {"upper", "UPPER"}}, {"LCASE", {"lower", "LOWER"}}};
    const auto& names = kNames.at(c.f);
    return c.Replace(Func(c.rw.Ora() ? names.second : names.first, c.a), c.f + " -> " + names.first);
}

Status DateOf(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    if (c.rw.Ora()) {
        return c.Replace(Func("TRUNC", {DateArg(c.a[0])}), "DATE() -> TRUNC");
    }
    // date_trunc first: on an A-compatible kernel (orafce, GaussDB) DATE keeps a time part.
    return c.Replace(c.rw.Tpl("CAST(date_trunc('day', CAST($1 AS TIMESTAMP)) AS DATE)", c.a), "DATE() -> date_trunc");
}

Status TimeOf(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    if (c.rw.Ora()) {
        return c.rw.Refuse(c.e->pos, "TIME()");
    }
    return c.Replace(c.rw.Tpl("CAST(CAST($1 AS TIMESTAMP) AS TIME)", c.a), "TIME() -> CAST AS TIME");
}

Status Curtime(Call& c) {
    if (c.n != 0 || c.rw.Ora()) {
        return c.n != 0 ? Status::Ok() : c.rw.Refuse(c.e->pos, "CURTIME()");
    }
    return c.Replace(Func("LOCALTIME", {Num("0")}), "CURTIME() -> LOCALTIME(0)");
}

// TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero; months and years
// count calendar months (2024-01-31 -> 2024-02-29 is 0 months), as PostgreSQL's age() does.
Status Timestampdiff(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(3, 3));
    if (c.rw.Ora()) {
        return c.rw.Refuse(c.e->pos, "TIMESTAMPDIFF()");
    }
    static const std::unordered_map<std::string, std::string> kSeconds = {
        {"SECOND", "1"}, {"MINUTE", "60"}, {"HOUR", "3600"}, {"DAY", "86400"}, {"WEEK", "604800"}};
    const Expr& unit = *c.a[0];
    const std::string u = unit.kind == ExprKind::kColumn && unit.name.size() == 1 ? ToUpper(unit.name[0].text)
                                                                                 : ToUpper(unit.text);
    const std::vector<ExprPtr> ab = {c.a[1], c.a[2]};
    const std::string age = "age(CAST($2 AS TIMESTAMP), CAST($1 AS TIMESTAMP))";
    if (auto it = kSeconds.find(u); it != kSeconds.end()) {
        return c.Replace(c.rw.Tpl("CAST(trunc(EXTRACT(EPOCH FROM CAST($2 AS TIMESTAMP) - CAST($1 AS TIMESTAMP)) / " +
                                      it->second + ") AS BIGINT)",
                                  ab),
                         "TIMESTAMPDIFF -> epoch difference");
    }
    if (u == "MONTH" || u == "QUARTER" || u == "YEAR") {
        const std::string months = "(EXTRACT(YEAR FROM " + age + ") * 12 + EXTRACT(MONTH FROM " + age + "))";
        const std::string per = u == "MONTH" ? "1" : (u == "QUARTER" ? "3" : "12");
        return c.Replace(c.rw.Tpl("CAST(trunc(" + months + " / " + per + ") AS BIGINT)", ab), "TIMESTAMPDIFF -> age()");
    }
    return c.rw.Refuse(unit.pos, "TIMESTAMPDIFF unit " + u);
}

// FIND_IN_SET(s, 'a,b,c'): 1-based position in the list, 0 when absent, NULL on a NULL argument;
// compared case-insensitively like MySQL's default collations.
Status FindInSet(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    if (c.rw.Ora()) {
        return c.rw.Refuse(c.e->pos, "FIND_IN_SET()");
    }
    return c.Replace(c.rw.Tpl("CASE WHEN $1 IS NULL OR $2 IS NULL THEN NULL ELSE "
                              "COALESCE(array_position(string_to_array(lower($2), ','), lower($1)), 0) END",
                              c.a),
                     "FIND_IN_SET -> array_position");
}

Status Space(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    return c.Replace(c.rw.Ora() ? c.rw.Tpl("RPAD(' ', $1)", c.a) : Func("repeat", {Str(" "), c.a[0]}), "SPACE -> repeat");
}

// SUBSTRING_INDEX(s, d, n): s before the n-th d (n > 0) or after the n-th d from the right
// (n < 0); all of s when d occurs fewer times, '' when n = 0; d matched case-sensitively. A
// one-character literal d and a literal n are written as one anchored regular expression.
Status SubstringIndex(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(3, 3));
    const Expr* delim = c.StrArg(1);
    const char ch = delim && delim->value.size() == 1 ? delim->value[0] : '\0';
    if (ch == '\0' || ch == ']' || ch == '\\' || static_cast<unsigned char>(ch) >= 0x80) {
        return c.rw.Refuse(c.e->pos, "SUBSTRING_INDEX with a delimiter other than one literal ASCII character");
    }
    const bool minus = c.a[2]->kind == ExprKind::kUnary && c.a[2]->text == "-";
    const Expr& digits = minus ? *c.a[2]->args[0] : *c.a[2];
    auto count = digits.kind == ExprKind::kNumber ? c.rw.ParseIntLiteral(digits) : Result<long long>(-1LL);
    if (!count.ok() || *count < 0 || *count > 255) {
        return c.rw.Refuse(c.a[2]->pos, "SUBSTRING_INDEX with a count other than a literal -255..255");
    }
    const bool ora = c.rw.Ora();
    if (*count == 0) {
        return c.Replace(c.rw.Tpl("substr($1, 1, 0)", {c.a[0]}), "SUBSTRING_INDEX(s, d, 0) -> ''");
    }
    const std::string d = std::strchr(".^$|()[{}*+?", ch) ? std::string("\\") + ch : std::string(1, ch);
    const std::string other = std::string("[^") + ch + "]*";
    const std::string more = "{0," + std::to_string(*count - 1) + "}";
    // Oracle's regular expressions have no (?:...); the outer group is the result in both.
    const std::string group = ora ? "(" : "(?:";
    const std::string pattern = minus ? "(" + other + group + d + other + ")" + more + ")$"
                                      : "^(" + group + other + d + ")" + more + other + ")";
    if (ora) {
        return c.Replace(Func("REGEXP_SUBSTR", {c.a[0], Str(pattern), Num("1"), Num("1"), Str("c"), Num("1")}),
                         "SUBSTRING_INDEX -> REGEXP_SUBSTR");
    }
    return c.Replace(Func("substring", {c.a[0], Str(pattern)}), "SUBSTRING_INDEX -> substring(s, pattern)");
}

// FIELD(x, v1, v2, ...): the 1-based position of the first vi equal to x, 0 when none is (a NULL
// x is in no list); text compares case-insensitively, as under MySQL's default collations.
Status Field(Call& c) {
    if (c.n < 2) {
        return c.Need(2, 255);
    }
    auto k = Make(ExprKind::kCase);
    for (std::size_t i = 1; i < c.n; ++i) {
        ExprPtr eq = Bin("=", c.a[0], c.a[i]);
        c.rw.CaseInsensitive(eq);
        k->args.push_back(eq);
        k->args.push_back(Num(std::to_string(i)));
    }
    k->else_expr = Num("0");
    return c.Replace(k, "FIELD -> CASE");
}

// ELT(n, s1, s2, ...): the n-th string, NULL when n is out of range.
Status Elt(Call& c) {
    if (c.n < 2) {
        return c.Need(2, 255);
    }
    auto k = Make(ExprKind::kCase);
    k->operand = c.a[0];
    for (std::size_t i = 1; i < c.n; ++i) {
        k->args.push_back(Num(std::to_string(i)));
        k->args.push_back(c.a[i]);
    }
    return c.Replace(k, "ELT -> CASE");
}

// LPAD/RPAD of a number: MySQL pads its text; PostgreSQL's lpad takes text only.
Status PadNumber(Call& c) {
    if (!c.rw.Pg() || c.n != 3 || c.rw.TypeOf(*c.a[0]) != TypeClass::kNumber) {
        return Status::Ok();
    }
    c.e->args[0] = CastTo(c.a[0], TypeName{"TEXT", {}, {}});
    c.rw.Note(c.f + "(number) -> " + c.f + "(CAST AS TEXT)");
    return Status::Ok();
}

Status RefuseCall(Call& c) { return c.rw.Refuse(c.e->pos, c.f + "()"); }

}  // namespace

const CallRules& MySqlCallRules() {
    static const CallRules kRules = {
        {"IFNULL", &Ifnull},
        {"IF", &If},
        {"NOW", &NowCall},
        {"SYSDATE", &NowCall},
        {"CURRENT_TIMESTAMP", &NowCall},
        {"LOCALTIMESTAMP", &NowCall},
        {"CURDATE", &Curdate},
        {"DATE_FORMAT", &DateFormat},
        {"STR_TO_DATE", &StrToDate},
        {"GROUP_CONCAT", &GroupConcat},
        {"CONCAT", &Concat},
        {"LENGTH", &Length},
        {"CHAR_LENGTH", &CharLength},
        {"DATE_ADD", &DateAdd},
        {"DATE_SUB", &DateAdd},
        {"ADDDATE", &DateAdd},
        {"SUBDATE", &DateAdd},
        {"DATEDIFF", &Datediff},
        {"MOD", &Mod},
        {"LOCATE", &Locate},
        {"INSTR", &Locate},
        {"TRUNCATE", &Truncate},
        {"SUBSTRING", &Substring},
        {"SUBSTR", &Substring},
        {"MID", &Substring},
        {"YEAR", &DatePart},
        {"MONTH", &DatePart},
        {"DAY", &DatePart},
        {"DAYOFMONTH", &DatePart},
        {"HOUR", &DatePart},
        {"MINUTE", &DatePart},
        {"SECOND", &DatePart},
        {"QUARTER", &DatePart},
        {"DAYOFYEAR", &DatePart},
        {"DAYOFWEEK", &DatePart},
        {"WEEKDAY", &DatePart},
        {"DAYNAME", &NameOf},
        {"MONTHNAME", &NameOf},
        {"LAST_DAY", &LastDayOf},
        {"FROM_UNIXTIME", &FromUnixtime},
        {"UNIX_TIMESTAMP", &UnixTimestamp},
        {"UCASE", &Renamed},
        {"LCASE", &Renamed},
        {"DATE", &DateOf},
        {"TIME", &TimeOf},
        {"CURTIME", &Curtime},
        {"TIMESTAMPDIFF", &Timestampdiff},
        {"FIND_IN_SET", &FindInSet},
        {"SPACE", &Space},
        {"SUBSTRING_INDEX", &SubstringIndex},
        {"FIELD", &Field},
        {"ELT", &Elt},
        {"LPAD", &PadNumber},
        {"RPAD", &PadNumber},
        {"LAST_INSERT_ID", &RefuseCall},
        {"FOUND_ROWS", &RefuseCall},
        {"UUID", &RefuseCall},
        {"DATABASE", &RefuseCall},
    };
    return kRules;
}

Status Rewriter::MySqlExpr(ExprPtr& e) {
    if (My()) {
        return Status::Ok();
    }
    const bool pg = Pg();
    const bool ora = Ora();
    std::vector<std::string> cmts = e->comments;
    auto replace = [&](Result<ExprPtr> r, const std::string& note) { return ReplaceNode(e, std::move(r), cmts, note); };
    switch (e->kind) {
        case ExprKind::kKeyword:
            if (e->text == "CURRENT_TIMESTAMP" || e->text == "LOCALTIMESTAMP") {
                return replace(Now(*this), "CURRENT_TIMESTAMP -> statement timestamp");
            }
            if (e->text == "TRUE" || e->text == "FALSE") {  // MySQL's TRUE is the integer 1
                return replace(Num(e->text == "TRUE" ? "1" : "0"), "TRUE/FALSE -> 1/0");
            }
            return Status::Ok();
        case ExprKind::kBinary:
            if ((e->text == "+" || e->text == "-") && e->args.size() == 2 &&
                (e->args[1]->kind == ExprKind::kInterval || (e->text == "+" && e->args[0]->kind == ExprKind::kInterval))) {
                return IntervalArithmetic(e, cmts);
            }
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
            } else if (e->text == "AND" || e->text == "OR") {
                for (auto& a : e->args) {
                    MySqlCondition(a);
                }
            } else if (IsComparison(e->text)) {
                CaseInsensitive(e);
            }
            return Status::Ok();
        case ExprKind::kUnary:
            if (e->text == "NOT") {
                MySqlCondition(e->args[0]);
            }
            return Status::Ok();
        case ExprKind::kCase:
            for (std::size_t i = 0; !e->operand && i + 1 < e->args.size(); i += 2) {
                MySqlCondition(e->args[i]);
            }
            return Status::Ok();
        case ExprKind::kIn:
            CaseInsensitive(e);
            return Status::Ok();
        case ExprKind::kLike:
            if (e->text == "REGEXP") {  // case-insensitive, like MySQL's default collations
                if (ora) {
                    auto r = Func("REGEXP_LIKE", {e->args[0], e->args[1], Str("i")});
                    return replace(e->negated ? Tpl("NOT $1", {r}) : r, "REGEXP -> REGEXP_LIKE(.., 'i')");
                }
                e->text = e->negated ? "!~*" : "~*";
                e->negated = false;
                e->kind = ExprKind::kBinary;
                Note("REGEXP -> ~*");
                return Status::Ok();
            }
            CaseInsensitive(e);
            return Status::Ok();
        case ExprKind::kFunction:
            return ApplyCallRule(MySqlCallRules(), e, TypeClass::kUnknown);
        default:
            return Status::Ok();
    }
}

Status Rewriter::IntervalArithmetic(ExprPtr& e, const std::vector<std::string>& comments) {
    const bool first = e->args[0]->kind == ExprKind::kInterval;  // INTERVAL n UNIT + d
    const ExprPtr d = first ? e->args[1] : e->args[0];
    return ReplaceNode(e, IntervalTimes(*this, d, e->text, *e->args[first ? 0 : 1]), comments,
                       "d +/- INTERVAL n UNIT -> interval arithmetic");
}

void Rewriter::MySqlCondition(ExprPtr& e) {
    if (from_ != SourceDialect::kMySql || My() || !e || IsPredicate(*e)) {
        return;
    }
    e = Bin("<>", e, Num("0"));
    Note("MySQL integer used as a condition -> <> 0");
}

// MySQL's default collations compare letters case-insensitively; PostgreSQL and Oracle do not.
// Comparisons of a text operand with a string literal that has letters (or of two columns known
// as text) compare lower() of both sides.
void Rewriter::CaseInsensitive(ExprPtr& e) {
    if (My()) {
        return;
    }
    auto& a = e->args;
    auto texty = [&](const ExprPtr& x) {
        TypeClass t = TypeOf(*x);
        return t == TypeClass::kText || (t == TypeClass::kUnknown && x->kind == ExprKind::kColumn);
    };
    bool any_letters = false;
    bool all_text = true;
    std::size_t last = e->kind == ExprKind::kLike ? 2 : a.size();  // LIKE's ESCAPE stays as written
    for (std::size_t i = 0; i < last && i < a.size(); ++i) {
        any_letters = any_letters || HasLetters(*a[i]);
        all_text = all_text && (a[i]->kind == ExprKind::kString || texty(a[i]));
    }
    const bool both_columns_text = a.size() == 2 && TypeOf(*a[0]) == TypeClass::kText &&
                                   TypeOf(*a[1]) == TypeClass::kText;
    if (e->query || !all_text || !(any_letters || both_columns_text)) {
        return;
    }
    for (std::size_t i = 0; i < last && i < a.size(); ++i) {
        a[i] = Lower(*this, a[i]);
    }
    Note("case-insensitive comparison (MySQL collation) -> lower() on both sides");
}

// CAST(x AS SIGNED) is a 64-bit integer; CAST(x AS UNSIGNED) wraps negative values modulo 2^64
// (CAST(1 - 2 AS UNSIGNED) = 18446744073709551615). Both round a decimal to the nearest integer.
Status Rewriter::MySqlIntegerCast(ExprPtr& e) {
    const bool ora = Ora();
    const ExprPtr arg = e->args[0];
    if (arg->kind == ExprKind::kString) {
        long long ignored = 0;
        if (!ParseDigits(arg->value, ignored)) {
            return Refuse(arg->pos, "CAST of the text '" + arg->value + "' to an integer (MySQL reads its leading digits)");
        }
    }
    const std::string wide = ora ? "NUMBER(20)" : "NUMERIC(20)";
    Result<ExprPtr> r = Status::Ok();
    if (e->type->name == "SIGNED") {
        r = Tpl(ora ? "CAST($1 AS NUMBER(19))" : "CAST($1 AS BIGINT)", {arg});
    } else if (arg->kind == ExprKind::kNumber || arg->kind == ExprKind::kString) {
        r = Tpl("CAST($1 AS " + wide + ")", {arg});
    } else {
        r = Tpl("MOD(CAST($1 AS " + wide + ") + 18446744073709551616, 18446744073709551616)", {arg});
    }
    std::vector<std::string> cmts = std::move(e->comments);
    e->comments.clear();
    return ReplaceNode(e, std::move(r), cmts, "CAST AS SIGNED/UNSIGNED -> 64-bit integer arithmetic");
}

}  // namespace dbbridge::sql
