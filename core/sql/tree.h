#pragma once
// Building and visiting parse-tree nodes (internal to the translator): the vocabulary every
// rewrite rule is written in.

#include <functional>
#include <string>
#include <vector>

#include "core/sql/ast.h"

namespace dbbridge::sql {

ExprPtr Make(ExprKind kind, const std::string& text = "");
ExprPtr Func(const std::string& name, std::vector<ExprPtr> args);
ExprPtr Bin(const std::string& op, ExprPtr l, ExprPtr r);
ExprPtr Str(const std::string& v);
ExprPtr Num(const std::string& v);
ExprPtr Col(std::vector<std::string> parts);
// CAST(arg AS type).
ExprPtr CastTo(ExprPtr arg, TypeName type);
bool IsKeyword(const Expr& e, const char* k);
// A number or a non-empty string literal.
bool IsLiteral(const Expr& e);
bool FuncIs(const Expr& e, const char* name);
// AND / OR / || over any number of operands, as one flat node (see ExprKind::kBinary).
ExprPtr Chain(const std::string& op, const std::vector<ExprPtr>& parts);
ExprPtr AndAll(const std::vector<ExprPtr>& parts);
void Conjuncts(const ExprPtr& e, std::vector<ExprPtr>& out);
// Digits only, within 64 bits.
bool ParseDigits(const std::string& text, long long& out);
// Visits e and its sub-expressions (not subqueries); fn may replace the pointer it is given.
void Walk(ExprPtr& e, const std::function<void(ExprPtr&)>& fn);
bool IsAggregate(const Expr& e);
ExprPtr Clone(const ExprPtr& e);

}  // namespace dbbridge::sql
