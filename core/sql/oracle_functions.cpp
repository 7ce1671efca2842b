// Oracle as the source: its operators and keywords (OracleExpr) and one rule per Oracle function
// (OracleCallRules), each rewriting only what the target's profile lacks.
#include "rewriter.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"
#include "format_models.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToUpper;

namespace {

// A number literal as Oracle prints it in text: no trailing fractional zeros, no zero before the
// point ('800.00' -> '800', '0.50' -> '.5'); nullopt for exponent forms.
std::optional<std::string> OracleNumberText(std::string t) {
    if (t.find_first_of("eEfFdD") != std::string::npos) {
        return std::nullopt;
    }
    if (t.find('.') != std::string::npos) {
        while (t.back() == '0') {
            t.pop_back();
        }
        if (t.back() == '.') {
            t.pop_back();
        }
    }
    const std::size_t digits = t.find_first_not_of('0');
    if (digits == std::string::npos) {
        return std::string("0");
    }
    return t.substr(digits);
}

// A string literal whose comparison depends on letter case (bytes >= 0x80 may be letters too).
bool CaseMatters(const Expr& e) {
    return e.kind == ExprKind::kString && std::any_of(e.value.begin(), e.value.end(), [](char ch) {
               return std::isalpha(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80;
           });
}

// Oracle compares text by character codes ('a' <> 'A'); MySQL/MariaDB's default _ci collations
// ignore case. The literal side gets the utf8mb4 binary collation (the connection character set
// the mysql plugin sets), which wins over the column's implicit collation.
bool Collated(ExprPtr& x) {
    if (!CaseMatters(*x)) {
        return false;
    }
    x = Bin("COLLATE", x, Make(ExprKind::kRaw, "utf8mb4_bin"));
    return true;
}

Status Nvl(Call& c) {
    if (c.rw.Of() && !(c.rw.Pg() && c.AnyNullArg())) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    return c.Replace(Func("COALESCE", c.a), "NVL -> COALESCE");
}

Status Nvl2(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(3, 3));
    return c.Replace(c.rw.Tpl("CASE WHEN $1 IS NOT NULL THEN $2 ELSE $3 END", c.a), "NVL2 -> CASE");
}

// orafce's polymorphic decode() rejects mixed argument types (numeric column, integer search),
// so the PostgreSQL family always gets the CASE form, which keeps DECODE's NULL matching.
Status Decode(Call& c) {
    const bool pg = c.rw.Pg();
    if (c.rw.Of() && !pg) {
        return Status::Ok();
    }
    auto& a = c.a;
    const std::size_t n = c.n;
    if (n < 3) {
        return c.Need(3, 255);
    }
    auto k = Make(ExprKind::kCase);
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
        k->args.push_back(cond);
        k->args.push_back(a[i + 1]);
    }
    if (n % 2 == 0) {
        k->else_expr = a[n - 1];
    }
    return c.Replace(k, "DECODE -> CASE (NULL matches NULL)");
}

// Oracle returns NULL when any argument is NULL; PostgreSQL ignores NULLs.
Status GreatestLeast(Call& c) {
    if (!c.rw.Pg()) {
        return Status::Ok();
    }
    auto k = Make(ExprKind::kCase);
    std::vector<ExprPtr> nulls;
    for (auto& x : c.a) {
        auto isn = Make(ExprKind::kIsNull);
        isn->args = {x};
        nulls.push_back(isn);
    }
    k->args = {Chain("OR", nulls), Make(ExprKind::kNull)};
    k->else_expr = Func(c.f, c.a);
    return c.Replace(k, "GREATEST/LEAST -> NULL if any argument is NULL");
}

Status Mod(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    return c.Replace(c.rw.Tpl("CASE WHEN $2 = 0 THEN $1 ELSE MOD($1, $2) END", c.a), "MOD(x, 0) = x");
}

Status Listagg(Call& c) {
    if (c.rw.target().features.listagg) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(1, 2));
    auto& a = c.a;
    ExprPtr sep = c.n > 1 ? a[1] : Str("");
    if (sep->kind == ExprKind::kNull) {
        sep = Str("");
    }
    std::vector<OrderItem> order = c.e->order;
    ExprPtr g;
    if (c.rw.Pg()) {
        g = Func("string_agg", {CastTo(a[0], TypeName{"TEXT", {}, {}}), sep});
    } else {
        g = Func("GROUP_CONCAT", {a[0]});
        g->separator = sep;
    }
    g->order = order;
    g->distinct = c.e->distinct;
    if (c.e->over) {
        return c.rw.Refuse(c.e->pos, "LISTAGG ... OVER");
    }
    return c.Replace(g, "LISTAGG -> string_agg/GROUP_CONCAT");
}

// Oracle format model -> PostgreSQL's: RRRR is YYYY, FF (any precision up to 6) is US.
Result<std::string> OracleFormatToPg(const Expr& format) {
    const std::string& fmt = format.value;
    std::string up = ToUpper(fmt);
    if (up.find("RR") != std::string::npos && up.find("RRRR") == std::string::npos) {
        return Status::Unimplemented("format element RR");
    }
    if (up.find("FF7") != std::string::npos || up.find("FF8") != std::string::npos ||
        up.find("FF9") != std::string::npos) {
        return Status::Unimplemented("format element FF7..FF9");
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
    return mapped;
}

Status ToDate(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 3));
    const bool of = c.rw.Of();
    auto& a = c.a;
    if (c.n != 2 || !c.StrArg(1)) {
        if (of && c.f == "TO_DATE") {
            return Status::Ok();
        }
        return c.rw.Refuse(c.e->pos, c.f + " without a literal format model (NLS-dependent)");
    }
    if (c.rw.Pg()) {
        auto mapped = OracleFormatToPg(*a[1]);
        if (!mapped.ok()) {
            return c.rw.Refuse(a[1]->pos, mapped.status().message());
        }
        if (of && c.f == "TO_DATE") {
            return Status::Ok();
        }
        auto ts = Func("to_timestamp", {a[0], Str(*mapped)});
        return c.Replace(CastTo(ts, TypeName{"TIMESTAMP", {c.f == "TO_DATE" ? "0" : "6"}, {}}),
                         c.f + " -> to_timestamp(...)::timestamp");
    }
    bool upper = false;
    auto m = OracleFormatToMySql(a[1]->value, upper);
    if (!m.ok()) {
        return c.rw.Refuse(a[1]->pos, c.f + ": " + m.status().message());
    }
    return c.Replace(Func("STR_TO_DATE", {a[0], Str(*m)}), c.f + " -> STR_TO_DATE");
}

// TO_CHAR(date, 'Day' | 'DAY' | 'day' | 'Month' ...) alone: Oracle pads the name to the longest
// one (9 characters, WEDNESDAY / SEPTEMBER) and follows the element's letter case.
ExprPtr PaddedNameMySql(Call& c) {
    const std::string& m = c.a[1]->value;
    const std::string up = ToUpper(m);
    if (up != "DAY" && up != "MONTH") {
        return nullptr;
    }
    ExprPtr name = Func("DATE_FORMAT", {c.a[0], Str(up == "DAY" ? "%W" : "%M")});
    if (m == up) {
        name = Func("UPPER", {name});
    } else if (m[1] != std::tolower(static_cast<unsigned char>(m[1])) || m[0] == std::tolower(static_cast<unsigned char>(m[0]))) {
        name = Func("LOWER", {name});  // 'day' (all lower case); mixed case otherwise keeps 'Monday'
    }
    return Func("RPAD", {name, Num("9"), Str(" ")});
}

// An Oracle number format model of the common shape: [FM] 9s with ',' group separators,
// optionally ending in one 0 (a zero before the point), then [. 0s] (or . 9s without FM).
struct NumberModel {
    bool fm = false;
    std::string body;  // without FM
    std::string ip;    // integer part
    std::string fp;    // fraction digits
    std::size_t IntDigits() const { return static_cast<std::size_t>(std::count(ip.begin(), ip.end(), '9')) + (ip.back() == '0'); }
};

std::optional<NumberModel> SimpleNumberModel(const std::string& model) {
    NumberModel m;
    m.body = ToUpper(model);
    m.fm = m.body.rfind("FM", 0) == 0;
    if (m.fm) {
        m.body = m.body.substr(2);
    }
    const std::size_t point = m.body.find('.');
    m.ip = m.body.substr(0, point);
    m.fp = point == std::string::npos ? "" : m.body.substr(point + 1);
    auto only = [](const std::string& s, const char* set) { return s.find_first_not_of(set) == std::string::npos; };
    const bool int_ok =
        !m.ip.empty() && (only(m.ip, "9,") || (only(m.ip.substr(0, m.ip.size() - 1), "9,") && m.ip.back() == '0'));
    const bool frac_ok = only(m.fp, "0") || (!m.fm && only(m.fp, "9"));
    if (!int_ok || !frac_ok || m.ip.front() == ',' || m.ip.find(",,") != std::string::npos) {
        return std::nullopt;
    }
    return m;
}

// Oracle prints '#' over the model's width plus the sign position when the number has more
// integer digits than the model (PostgreSQL keeps a blank sign position).
Status WithOverflow(Call& c, const NumberModel& m, const std::string& text, const std::string& note) {
    const std::string decimals = std::to_string(m.fp.size());
    const std::string limit = "1" + std::string(m.IntDigits(), '0');
    const std::string hashes = std::string(m.body.size() + 1, '#');
    return c.Replace(c.rw.Tpl("CASE WHEN ABS(ROUND($1, " + decimals + ")) >= " + limit + " THEN '" + hashes +
                                  "' ELSE " + text + " END",
                              {c.a[0], c.a[1]}),
                     note);
}

// MySQL has no number format models: FORMAT groups thousands, CAST AS DECIMAL(65, d) rounds half
// away from zero like Oracle; without FM the text is right-aligned in the model's width plus a
// sign position.
Status ToCharNumberMySql(Call& c) {
    auto m = SimpleNumberModel(c.a[1]->value);
    if (!m) {
        return c.rw.Refuse(c.a[1]->pos, "TO_CHAR number format '" + c.a[1]->value +
                                            "' (MySQL reproduces [FM]9,999[0][.00] models only)");
    }
    const std::string decimals = std::to_string(m->fp.size());
    std::string text = m->ip.find(',') != std::string::npos
                           ? "FORMAT($1, " + decimals + ")"
                           : "CAST(CAST($1 AS DECIMAL(65, " + decimals + ")) AS CHAR)";
    if (m->ip.back() != '0' && !m->fp.empty()) {
        text = "REGEXP_REPLACE(" + text + ", '^(-?)0[.]', '\\1.')";  // Oracle: '.50', no zero before the point
    }
    if (!m->fm) {
        text = "LPAD(" + text + ", " + std::to_string(m->body.size() + 1) + ", ' ')";
    }
    return WithOverflow(c, *m, text, "TO_CHAR(number, format) -> FORMAT/LPAD");
}

Status ToChar(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 3));
    auto& a = c.a;
    if (c.n == 1) {
        if (c.left == TypeClass::kDate || c.rw.TypeOf(*a[0]) == TypeClass::kDate) {
            return c.rw.Refuse(c.e->pos, "TO_CHAR(date) without a format model (NLS-dependent)");
        }
        if (c.rw.Of()) {
            return Status::Ok();
        }
        return c.Replace(CastTo(a[0], TypeName{c.rw.My() ? "CHAR" : "TEXT", {}, {}}), "TO_CHAR(x) -> CAST(x AS TEXT)");
    }
    if (!c.StrArg(1)) {
        return c.rw.Refuse(c.e->pos, "TO_CHAR with a non-literal format");
    }
    const bool number_model = a[1]->value.find_first_of("90") != std::string::npos;
    if (c.rw.Pg()) {  // PostgreSQL to_char shares Oracle's format elements, not its overflow
        auto m = number_model ? SimpleNumberModel(a[1]->value) : std::nullopt;
        return m ? WithOverflow(c, *m, "to_char($1, $2)", "TO_CHAR(number) overflow prints '#'") : Status::Ok();
    }
    if (number_model || c.left == TypeClass::kNumber) {
        return ToCharNumberMySql(c);
    }
    if (auto padded = PaddedNameMySql(c)) {
        return c.Replace(padded, "TO_CHAR(date, 'Day'/'Month') -> DATE_FORMAT padded to 9");
    }
    bool upper = false;
    auto m = OracleFormatToMySql(a[1]->value, upper);
    if (!m.ok()) {
        return c.rw.Refuse(a[1]->pos, "TO_CHAR: " + m.status().message());
    }
    ExprPtr r = Func("DATE_FORMAT", {a[0], Str(*m)});
    if (upper) {
        r = Func("UPPER", {r});
    }
    return c.Replace(r, "TO_CHAR -> DATE_FORMAT");
}

Status ToNumber(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(1, 2));
    const bool my = c.rw.My();
    if (c.n == 2 && c.rw.Pg()) {
        return Status::Ok();
    }
    if (c.n == 2) {
        return c.rw.Refuse(c.e->pos, "TO_NUMBER with a format model");
    }
    return c.Replace(CastTo(c.a[0], my ? TypeName{"DECIMAL", {"65", "30"}, {}} : TypeName{"NUMERIC", {}, {}}),
                     "TO_NUMBER -> CAST");
}

// ROUND(date) to the day: noon and later round up. Oracle's month/year rounding (16th day, July 1)
// has no built-in counterpart and is refused.
Status RoundDate(Call& c, const std::string& unit) {
    if (unit != "day") {
        return c.rw.Refuse(c.e->pos, "ROUND(date, '" + c.a[1]->value + "')");
    }
    return c.Replace(c.rw.Pg() ? c.rw.Tpl("CAST(date_trunc('day', $1 + INTERVAL '12' HOUR) AS TIMESTAMP(0))", {c.a[0]})
                               : c.rw.Tpl("CAST(DATE(DATE_ADD($1, INTERVAL 12 HOUR)) AS DATETIME)", {c.a[0]}),
                     "ROUND(date) -> day of date + 12 hours");
}

Status TruncDate(Call& c, const std::string& unit) {
    auto& rw = c.rw;
    const ExprPtr& d = c.a[0];
    if (rw.Pg()) {
        return c.Replace(rw.Tpl("CAST(date_trunc('" + unit + "', $1) AS TIMESTAMP(0))", {d}), "TRUNC(date) -> date_trunc");
    }
    if (unit == "day") {
        return c.Replace(rw.Tpl("CAST(DATE($1) AS DATETIME)", {d}), "TRUNC(date) -> DATE()");
    }
    if (unit == "month" || unit == "year") {
        return c.Replace(rw.Tpl(std::string("CAST(DATE_FORMAT($1, '") + (unit == "month" ? "%Y-%m-01" : "%Y-01-01") +
                                    "') AS DATETIME)",
                                {d}),
                         "TRUNC(date, fmt) -> DATE_FORMAT");
    }
    if (unit == "quarter") {
        return c.Replace(
            rw.Tpl("CAST(DATE_ADD(MAKEDATE(YEAR($1), 1), INTERVAL QUARTER($1) * 3 - 3 MONTH) AS DATETIME)", {d}),
            "TRUNC(date, 'Q') -> MAKEDATE + QUARTER");
    }
    if (unit == "week") {  // ISO week: back to Monday
        return c.Replace(rw.Tpl("CAST(DATE_SUB(DATE($1), INTERVAL WEEKDAY($1) DAY) AS DATETIME)", {d}),
                         "TRUNC(date, 'IW') -> WEEKDAY");
    }
    return rw.Refuse(c.e->pos, "TRUNC(date, '" + c.a[1]->value + "')");
}

Status TruncRound(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(1, 2));
    auto& a = c.a;
    const std::size_t n = c.n;
    const bool is_date = c.left == TypeClass::kDate || c.StrArg(1);
    if (is_date) {
        std::string unit = n == 2 ? (c.StrArg(1) ? TruncUnit(a[1]->value) : "") : "day";
        if (unit.empty()) {
            return c.rw.Refuse(c.e->pos, c.f + "(date, format) with this format");
        }
        return c.f == "ROUND" ? RoundDate(c, unit) : TruncDate(c, unit);
    }
    if (c.rw.Pg()) {
        std::vector<ExprPtr> args = {CastTo(a[0], TypeName{"NUMERIC", {}, {}})};
        if (n == 2) {
            args.push_back(a[1]);
        }
        return c.Replace(Func(c.f == "TRUNC" ? "trunc" : "round", args), c.f + "(number) on NUMERIC");
    }
    if (c.f == "TRUNC") {
        return c.Replace(Func("TRUNCATE", {a[0], n == 2 ? a[1] : Num("0")}), "TRUNC(number) -> TRUNCATE");
    }
    return Status::Ok();
}

// Oracle: from the last day of a month the result is the last day of the target month.
Status AddMonths(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    if (c.rw.Pg()) {
        return c.Replace(
            c.rw.Tpl("CASE WHEN CAST($1 AS DATE) = CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY "
                     "AS DATE) THEN CAST(date_trunc('month', $1) + ($2 + 1) * INTERVAL '1' MONTH - INTERVAL '1' DAY + "
                     "($1 - date_trunc('day', $1)) AS TIMESTAMP(0)) ELSE CAST($1 + $2 * INTERVAL '1' MONTH AS "
                     "TIMESTAMP(0)) END",
                     c.a),
            "ADD_MONTHS -> interval arithmetic with Oracle's month-end rule");
    }
    return c.Replace(c.rw.Tpl("CASE WHEN DATE($1) = LAST_DAY($1) THEN TIMESTAMP(LAST_DAY(DATE_ADD($1, INTERVAL $2 "
                              "MONTH)), TIME($1)) ELSE DATE_ADD($1, INTERVAL $2 MONTH) END",
                              c.a),
                     "ADD_MONTHS -> DATE_ADD with Oracle's month-end rule");
}

Status LastDay(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    if (c.rw.Pg()) {
        return c.Replace(c.rw.Tpl("CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY + ($1 - "
                                  "date_trunc('day', $1)) AS TIMESTAMP(0))",
                                  c.a),
                         "LAST_DAY -> date_trunc arithmetic");
    }
    return c.Replace(c.rw.Tpl("TIMESTAMP(LAST_DAY($1), TIME($1))", c.a), "LAST_DAY keeps the time part");
}

// Whole months when the days of month match or both are month ends; otherwise a 31-day fraction
// that includes the time of day.
Status MonthsBetween(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    if (c.rw.Pg()) {
        return c.Replace(
            c.rw.Tpl(
                "CASE WHEN EXTRACT(DAY FROM $1) = EXTRACT(DAY FROM $2) OR (CAST($1 AS DATE) = "
                "CAST(date_trunc('month', $1) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) AND CAST($2 AS "
                "DATE) = CAST(date_trunc('month', $2) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE)) THEN "
                "(EXTRACT(YEAR FROM $1) - EXTRACT(YEAR FROM $2)) * 12 + EXTRACT(MONTH FROM $1) - EXTRACT(MONTH "
                "FROM $2) ELSE (EXTRACT(YEAR FROM $1) - EXTRACT(YEAR FROM $2)) * 12 + EXTRACT(MONTH FROM $1) - "
                "EXTRACT(MONTH FROM $2) + (EXTRACT(DAY FROM $1) - EXTRACT(DAY FROM $2) + (EXTRACT(EPOCH FROM "
                "CAST(CAST($1 AS TIMESTAMP) AS TIME)) - EXTRACT(EPOCH FROM CAST(CAST($2 AS TIMESTAMP) AS TIME))) / 86400) / 31 END",
                c.a),
            "MONTHS_BETWEEN -> Oracle formula");
    }
    return c.Replace(c.rw.Tpl("CASE WHEN DAY($1) = DAY($2) OR (DATE($1) = LAST_DAY($1) AND DATE($2) = LAST_DAY($2)) "
                              "THEN (YEAR($1) - YEAR($2)) * 12 + MONTH($1) - MONTH($2) ELSE (YEAR($1) - YEAR($2)) * 12 + "
                              "MONTH($1) - MONTH($2) + (DAY($1) - DAY($2) + (TIME_TO_SEC($1) - TIME_TO_SEC($2)) / 86400) "
                              "/ 31 END",
                              c.a),
                     "MONTHS_BETWEEN -> Oracle formula");
}

// Oracle: start 0 means 1; a negative start counts from the end (PostgreSQL has neither).
Status Substr(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 3));
    auto& a = c.a;
    const bool my = c.rw.My();
    const std::string len = c.n == 3 ? ", $3" : "";
    const bool literal_start = a[1]->kind == ExprKind::kNumber ||
                               (a[1]->kind == ExprKind::kUnary && a[1]->text == "-" &&
                                a[1]->args[0]->kind == ExprKind::kNumber);
    if (!literal_start) {
        if (my) {
            return c.Replace(c.rw.Tpl("SUBSTR($1, CASE WHEN $2 = 0 THEN 1 ELSE $2 END" + len + ")", a),
                             "SUBSTR start 0 -> 1");
        }
        return c.Replace(c.rw.Tpl("CASE WHEN $2 >= 0 OR length($1) >= -$2 THEN substr($1, CASE WHEN $2 > 0 THEN $2 "
                                  "WHEN $2 = 0 THEN 1 ELSE length($1) + $2 + 1 END" + len + ") END",
                                  a),
                         "SUBSTR Oracle start semantics");
    }
    const bool minus = a[1]->kind == ExprKind::kUnary;
    auto start = c.rw.ParseIntLiteral(minus ? *a[1]->args[0] : *a[1]);
    if (!start.ok()) {
        return start.status();
    }
    const long long p = minus ? -*start : *start;
    if (p > 0) {
        return Status::Ok();
    }
    if (p == 0) {
        c.e->args[1] = Num("1");
        c.rw.Note("SUBSTR start 0 -> 1");
        return Status::Ok();
    }
    if (my) {
        return Status::Ok();
    }
    return c.Replace(c.rw.Tpl("CASE WHEN length($1) >= " + std::to_string(-p) + " THEN substr($1, length($1) - " +
                                  std::to_string(-p - 1) + len + ") END",
                              a),
                     "SUBSTR negative start -> from the end");
}

// INSTR(s, t, p, k): the k-th occurrence at or after p, occurrences may overlap (the next search
// starts one character after the previous match). Built by nesting the single search, so k is a
// small literal.
Status Instr(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 4));
    auto& a = c.a;
    auto& rw = c.rw;
    const bool pg = rw.Pg();
    if (!pg && Collated(a[1])) {
        rw.Note("case-sensitive text search (Oracle) -> COLLATE utf8mb4_bin");
    }
    if (c.n == 2) {
        return pg ? c.Replace(Func("strpos", a), "INSTR -> strpos") : Status::Ok();
    }
    bool positive = false;
    if (a[2]->kind == ExprKind::kNumber) {
        DBB_ASSIGN_OR_RETURN(auto start, rw.ParseIntLiteral(*a[2]));
        positive = start > 0;
    }
    if (!positive) {
        return rw.Refuse(c.e->pos, "INSTR with a negative or non-literal start");
    }
    long long occurrence = 1;
    if (c.n == 4) {
        auto k = a[3]->kind == ExprKind::kNumber ? rw.ParseIntLiteral(*a[3]) : Result<long long>(0LL);
        if (!k.ok() || *k < 1 || *k > 4) {
            return rw.Refuse(c.e->pos, "INSTR with an occurrence other than a literal 1..4");
        }
        occurrence = *k;
    }
    // $1 string, $2 searched text, $3 start position.
    const std::string one = pg ? "CASE WHEN strpos(substr($1, $3), $2) = 0 THEN 0 ELSE strpos(substr($1, $3), $2) + $3 - 1 END"
                               : "LOCATE($2, $1, $3)";
    auto found = rw.Tpl(one, {a[0], a[1], a[2]});
    for (long long i = 1; i < occurrence && found.ok(); ++i) {
        ExprPtr prev = *found;
        DBB_ASSIGN_OR_RETURN(auto next, rw.Tpl(one, {a[0], a[1], Bin("+", Clone(prev), Num("1"))}));
        found = rw.Tpl("CASE WHEN $1 = 0 THEN 0 ELSE $2 END", {Clone(prev), next});
    }
    return c.Replace(found, pg ? "INSTR(s, t, p[, k]) -> strpos" : "INSTR(s, t, p[, k]) -> LOCATE");
}

// REGEXP_LIKE(s, p[, flags]): PostgreSQL ~ / ~*; MySQL REGEXP with the case sensitivity made
// explicit ((?-i) / (?i)), because MySQL's default collations would ignore case.
Result<std::string> RegexpCase(Call& c, std::size_t flags_arg) {
    if (c.n <= flags_arg) {
        return std::string("c");
    }
    const Expr* f = c.StrArg(flags_arg);
    if (!f || (f->value != "i" && f->value != "c")) {
        return c.rw.Refuse(c.e->pos, c.f + " with match parameter other than 'i' or 'c'");
    }
    return f->value;
}

// The pattern with MySQL's case flag in front.
ExprPtr MySqlPattern(const ExprPtr& pattern, const std::string& mode) {
    const std::string flag = mode == "i" ? "(?i)" : "(?-i)";
    if (pattern->kind == ExprKind::kString) {
        return Str(flag + pattern->value);
    }
    return Func("CONCAT", {Str(flag), pattern});
}

Status RegexpLike(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 3));
    DBB_ASSIGN_OR_RETURN(auto mode, RegexpCase(c, 2));
    if (c.rw.Pg()) {
        return c.Replace(Bin(mode == "i" ? "~*" : "~", c.a[0], c.a[1]), "REGEXP_LIKE -> ~");
    }
    auto like = Make(ExprKind::kLike, "REGEXP");
    like->args = {c.a[0], MySqlPattern(c.a[1], mode)};
    return c.Replace(like, "REGEXP_LIKE -> REGEXP (case-sensitive)");
}

// Oracle replaces every match unless an occurrence is given; PostgreSQL only the first without 'g'.
Status RegexpReplace(Call& c) {
    if (c.rw.Of() && !c.rw.Pg()) {  // orafce has no Oracle-style regexp_replace
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 6));
    auto& a = c.a;
    DBB_ASSIGN_OR_RETURN(auto mode, RegexpCase(c, 5));
    ExprPtr repl = c.n > 2 ? a[2] : Str("");
    if (c.rw.Pg()) {
        if (c.n <= 3) {
            return c.Replace(Func("regexp_replace", {a[0], a[1], repl, Str(mode == "i" ? "gi" : "g")}),
                             "REGEXP_REPLACE -> regexp_replace(.., 'g')");
        }
        std::vector<ExprPtr> args = {a[0], a[1], repl, a[3], c.n > 4 ? a[4] : Num("0"), Str(mode)};
        return c.Replace(Func("regexp_replace", args), "REGEXP_REPLACE(.., position, occurrence)");
    }
    if (c.n > 3) {
        return c.rw.Refuse(c.e->pos, "REGEXP_REPLACE with a position or occurrence");
    }
    return c.Replace(Func("REGEXP_REPLACE", {a[0], MySqlPattern(a[1], mode), repl}), "REGEXP_REPLACE (case-sensitive)");
}

// REGEXP_SUBSTR / REGEXP_INSTR: PostgreSQL 15 has them with Oracle's arguments; MySQL only the
// two-argument forms; REGEXP_COUNT: PostgreSQL 15 only.
Status RegexpSearch(Call& c) {
    if (c.rw.Of() || c.rw.Pg()) {
        return Status::Ok();
    }
    if (c.f == "REGEXP_COUNT" || c.n != 2) {
        return c.rw.Refuse(c.e->pos, c.f + (c.f == "REGEXP_COUNT" ? "" : " with more than two arguments"));
    }
    return c.Replace(Func(c.f, {c.a[0], MySqlPattern(c.a[1], "c")}), c.f + " (case-sensitive)");
}

// Oracle's 2-argument form removes the search string.
Status Replace2(Call& c) {
    if (c.n == 2) {
        c.e->args.push_back(Str(""));
        c.rw.Note("REPLACE(s, t) -> REPLACE(s, t, '')");
    }
    return Status::Ok();
}

Status Length(Call& c) {
    return c.rw.My() ? c.Replace(Func("CHAR_LENGTH", c.a), "LENGTH -> CHAR_LENGTH") : Status::Ok();
}

Status Pad(Call& c) {
    if (c.rw.My() && c.n == 2) {
        c.e->args.push_back(Str(" "));
    }
    if (c.rw.Pg() && !c.rw.Of() && c.rw.TypeOf(*c.a[0]) == TypeClass::kNumber) {
        // PostgreSQL's lpad takes text; Oracle prints the number without trailing fractional zeros.
        c.e->args[0] = CastTo(Func("trim_scale", {CastTo(c.a[0], TypeName{"NUMERIC", {}, {}})}), TypeName{"TEXT", {}, {}});
        c.rw.Note(c.f + "(number) -> " + c.f + "(CAST AS TEXT)");
    }
    return Status::Ok();
}

Status TrimSide(Call& c) {
    if (!c.rw.My() || c.n != 2) {
        return Status::Ok();
    }
    if (!(c.StrArg(1) && c.a[1]->value.size() == 1)) {
        return c.rw.Refuse(c.e->pos, c.f + " with a set of several characters");
    }
    auto t = Make(ExprKind::kTrim);
    t->keyword = c.f == "LTRIM" ? "LEADING" : "TRAILING";
    t->args = {c.a[0], c.a[1]};
    return c.Replace(t, c.f + "(s, c) -> TRIM");
}

// Oracle's CONCAT(a, b) is a || b: NULL operands are skipped (MySQL's CONCAT would return NULL)
// and an empty result is NULL.
Status Concat(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    ExprPtr joined = c.rw.Pg() ? Func("concat", c.a) : Func("CONCAT_WS", {Str(""), c.a[0], c.a[1]});
    if (!c.rw.target().caps.empty_string_is_null) {
        joined = Func("NULLIF", {joined, Str("")});
    }
    return c.Replace(joined, "CONCAT -> NULL-skipping concat");
}

Status RefuseCall(Call& c) { return c.rw.Refuse(c.e->pos, c.f); }

// Oracle functions MySQL/MariaDB lack and that have no safe rewrite here (PostgreSQL has them).
Status RefuseOnMySql(Call& c) { return c.rw.My() ? c.rw.Refuse(c.e->pos, c.f + "()") : Status::Ok(); }

// LEAD/LAG(x, n, default): MariaDB has no default argument.
Status LeadLag(Call& c) {
    return c.rw.My() && c.n > 2 ? c.rw.Refuse(c.e->pos, c.f + " with a default value") : Status::Ok();
}

// Oracle's VARIANCE and STDDEV are sample statistics that are 0 (not NULL) over one row; MySQL's
// are population statistics and PostgreSQL's are NULL over one row.
Status SampleStatistic(Call& c) {
    DBB_RETURN_IF_ERROR(c.Need(1, 1));
    if (c.e->over) {
        return c.rw.Refuse(c.e->pos, "analytic " + c.f);
    }
    auto count = Func("COUNT", {c.a[0]});
    auto stat = Func(c.f == "VARIANCE" ? "VAR_SAMP" : "STDDEV_SAMP", {c.a[0]});
    count->distinct = stat->distinct = c.e->distinct;
    auto k = Make(ExprKind::kCase);
    k->args = {Bin("=", count, Num("1")), Num("0")};
    k->else_expr = stat;
    return c.Replace(k, c.f + " -> sample statistic, 0 over one row");
}

// NEXT_DAY(d, 'MONDAY'): the first such weekday after d, keeping d's time of day (English day
// names, as with NLS_DATE_LANGUAGE = AMERICAN).
Status NextDay(Call& c) {
    if (c.rw.Of()) {
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(c.Need(2, 2));
    static const char* kDays[] = {"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"};
    const Expr* name = c.StrArg(1);
    int day = -1;
    for (int i = 0; name && i < 7; ++i) {
        const std::string want = ToUpper(name->value);
        if (want == kDays[i] || want == std::string(kDays[i]).substr(0, 3)) {
            day = i;
        }
    }
    if (day < 0) {
        return c.rw.Refuse(c.e->pos, "NEXT_DAY with a day other than a literal English day name");
    }
    const std::string d = std::to_string(day);
    if (c.rw.My()) {  // DAYOFWEEK: 1 = Sunday
        return c.Replace(c.rw.Tpl("ADDDATE($1, MOD(" + d + " + 7 - DAYOFWEEK($1), 7) + 1)", {c.a[0]}),
                         "NEXT_DAY -> weekday arithmetic");
    }
    return c.Replace(c.rw.Tpl("($1 + (MOD(" + d + " + 6 - CAST(EXTRACT(DOW FROM $1) AS INTEGER), 7) + 1) * INTERVAL '1' DAY)",
                              {c.a[0]}),
                     "NEXT_DAY -> weekday arithmetic");
}

}  // namespace

const CallRules& OracleCallRules() {
    static const CallRules kRules = {
        {"NVL", &Nvl},
        {"NVL2", &Nvl2},
        {"DECODE", &Decode},
        {"GREATEST", &GreatestLeast},
        {"LEAST", &GreatestLeast},
        {"MOD", &Mod},
        {"LISTAGG", &Listagg},
        {"TO_DATE", &ToDate},
        {"TO_TIMESTAMP", &ToDate},
        {"TO_CHAR", &ToChar},
        {"TO_NUMBER", &ToNumber},
        {"TRUNC", &TruncRound},
        {"ROUND", &TruncRound},
        {"ADD_MONTHS", &AddMonths},
        {"LAST_DAY", &LastDay},
        {"MONTHS_BETWEEN", &MonthsBetween},
        {"SUBSTR", &Substr},
        {"INSTR", &Instr},
        {"REGEXP_LIKE", &RegexpLike},
        {"REGEXP_REPLACE", &RegexpReplace},
        {"REGEXP_SUBSTR", &RegexpSearch},
        {"REGEXP_INSTR", &RegexpSearch},
        {"REGEXP_COUNT", &RegexpSearch},
        {"REPLACE", &Replace2},
        {"CONCAT", &Concat},
        {"LENGTH", &Length},
        {"LPAD", &Pad},
        {"RPAD", &Pad},
        {"LTRIM", &TrimSide},
        {"RTRIM", &TrimSide},
        {"SYS_CONNECT_BY_PATH", &RefuseCall},
        {"INITCAP", &RefuseOnMySql},
        {"TRANSLATE", &RefuseOnMySql},
        {"NUMTODSINTERVAL", &RefuseCall},  // an interval the date arithmetic rules would read as days
        {"NUMTOYMINTERVAL", &RefuseCall},
        {"LEAD", &LeadLag},
        {"LAG", &LeadLag},
        {"VARIANCE", &SampleStatistic},
        {"STDDEV", &SampleStatistic},
        {"NEXT_DAY", &NextDay},
        {"CONNECT_BY_ROOT", &RefuseCall},
    };
    return kRules;
}

void Rewriter::CaseSensitive(Expr& e) {
    static const std::set<std::string> kCompare = {"=", "<>", "!=", "<", ">", "<=", ">="};
    bool changed = false;
    auto all = [&](std::vector<ExprPtr>& xs, std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to && i < xs.size(); ++i) {
            changed = Collated(xs[i]) || changed;
        }
    };
    switch (e.kind) {
        case ExprKind::kBinary:
            if (kCompare.count(e.text)) {
                all(e.args, 0, e.args.size());
            }
            break;
        case ExprKind::kIn:
            if (!e.query) {
                all(e.args, 0, e.args.size());
            }
            break;
        case ExprKind::kBetween:
            all(e.args, 0, e.args.size());
            break;
        case ExprKind::kLike:
            if (e.text == "LIKE") {
                all(e.args, 0, 2);  // ESCAPE stays as written
            }
            break;
        case ExprKind::kCase:  // a simple CASE compares its operand with each WHEN value
            for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
                if (e.operand) {
                    changed = Collated(e.args[i]) || changed;
                } else if (e.args[i]->kind == ExprKind::kBinary) {
                    CaseSensitive(*e.args[i]);  // DECODE's generated comparisons
                }
            }
            break;
        default:
            break;
    }
    if (changed) {
        Note("case-sensitive text comparison (Oracle) -> COLLATE utf8mb4_bin");
    }
}

Status Rewriter::OracleExpr(ExprPtr& e, TypeClass left, TypeClass right) {
    const auto& caps = target_.caps;
    const bool pg = Pg();
    if (Ora()) {
        return Status::Ok();
    }
    std::vector<std::string> cmts = e->comments;
    auto replace = [&](Result<ExprPtr> r, const std::string& note) { return ReplaceNode(e, std::move(r), cmts, note); };
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
                if (My() && rownum_order_lost_) {  // MariaDB's row_number() OVER () ignores the derived order
                    return Refuse(e->pos, "ROWNUM column over a derived table ordered by columns it does not select");
                }
                auto f = Func("row_number", {});
                f->over = std::make_shared<Window>();
                for (const auto& k : rownum_order_) {
                    f->over->order.push_back(OrderItem{Clone(k.expr), k.desc, k.explicit_dir, k.nulls});
                }
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
                    if (x->kind == ExprKind::kNumber) {
                        if (auto text = OracleNumberText(x->text)) {
                            x = Str(*text);
                        }
                        continue;
                    }
                    if (catalog_ && TypeOf(*x) == TypeClass::kNumber) {
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
            const bool interval = e->args[0]->kind == ExprKind::kInterval || e->args[1]->kind == ExprKind::kInterval;
            if ((op == "+" || op == "-") && !caps.oracle_date && !interval &&
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
            return ApplyCallRule(OracleCallRules(), e, left);
        default:
            return Status::Ok();
    }
}

}  // namespace dbbridge::sql
