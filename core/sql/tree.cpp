#include "tree.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sql {

ExprPtr Make(ExprKind kind, const std::string& text) {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->text = text;
    return e;
}
ExprPtr Func(const std::string& name, std::vector<ExprPtr> args) {
    auto e = Make(ExprKind::kFunction, util::ToUpper(name));
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
ExprPtr CastTo(ExprPtr arg, TypeName type) {
    auto cast = Make(ExprKind::kCast);
    cast->args = {std::move(arg)};
    cast->type = std::make_shared<TypeName>(std::move(type));
    return cast;
}
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
bool ParseDigits(const std::string& text, long long& out) {
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}
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

}  // namespace dbbridge::sql
