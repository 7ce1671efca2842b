// MySQL as the source: its operators (MySqlExpr) and one rule per MySQL function (MySqlCallRules),
// each rewriting only what the target's profile lacks.
#include "rewriter.h"

#include <algorithm>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"
#include "format_models.h"
#include "tree.h"

namespace dbbridge::sdk::sql {

using util::ToLower;

namespace {

// The statement's timestamp (NOW() and CURRENT_TIMESTAMP are fixed for the statement in MySQL).
ExprPtr Now(const Rewriter& rw) {
    return rw.target().features.sysdate ? Make(ExprKind::kKeyword, "SYSDATE") : Func("LOCALTIMESTAMP", {Num("0")});
}

Status Ifnull(Call& c) {
    return c.n == 2 ? c.Replace(Func(c.rw.Ora() ? "NVL" : "COALESCE", c.a), "IFNULL -> COALESCE/NVL") : Status::Ok();
}

Status If(Call& c) {
    return c.n == 3 ? c.Replace(c.rw.Tpl("CASE WHEN $1 THEN $2 ELSE $3 END", c.a), "IF() -> CASE") : Status::Ok();
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
    auto m = FormatArg(c, "DATE_FORMAT", has_time);
    if (!m.ok()) {
        return m.status();
    }
    return c.Replace(Func("to_char", {c.a[0], Str(*m)}), "DATE_FORMAT -> to_char");
}

Status StrToDate(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    bool has_time = false;
    auto m = FormatArg(c, "STR_TO_DATE", has_time);
    if (!m.ok()) {
        return m.status();
    }
    if (c.rw.Ora()) {
        return c.Replace(Func(has_time ? "TO_TIMESTAMP" : "TO_DATE", {c.a[0], Str(*m)}), "STR_TO_DATE -> TO_DATE");
    }
    if (!has_time) {
        return c.Replace(c.rw.Tpl("CAST(to_timestamp($1, $2) AS DATE)", {c.a[0], Str(*m)}), "STR_TO_DATE -> to_date");
    }
    return c.Replace(c.rw.Tpl("CAST(to_timestamp($1, $2) AS TIMESTAMP(0))", {c.a[0], Str(*m)}),
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

Status DateAdd(Call& c) {
    if (c.n != 2) {
        return Status::Ok();
    }
    auto& a = c.a;
    if (a[1]->kind != ExprKind::kInterval) {
        return c.rw.Refuse(c.e->pos, c.f + " without INTERVAL");
    }
    static const std::set<std::string> kUnits = {"DAY", "MONTH", "YEAR", "HOUR", "MINUTE", "SECOND", "WEEK"};
    const std::string unit = a[1]->keyword;
    if (!kUnits.count(unit)) {
        return c.rw.Refuse(a[1]->pos, "INTERVAL unit " + unit);
    }
    const std::string op = (c.f == "DATE_ADD" || c.f == "ADDDATE") ? "+" : "-";
    return c.Replace(c.rw.Tpl("($1 " + op + " $2 * INTERVAL '1' " + unit + ")", {a[0], a[1]->args[0]}),
                     "DATE_ADD/DATE_SUB -> interval arithmetic");
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
        case ExprKind::kKeyword:
            if (e->text == "CURRENT_TIMESTAMP" || e->text == "LOCALTIMESTAMP") {
                return replace(Now(*this), "CURRENT_TIMESTAMP -> statement timestamp");
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
            return ApplyCallRule(MySqlCallRules(), e, TypeClass::kUnknown);
        default:
            return Status::Ok();
    }
}

}  // namespace dbbridge::sdk::sql
