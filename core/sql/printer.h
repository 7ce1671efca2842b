#pragma once
// Turns a (rewritten) parse tree back into SQL text for one output family: identifier quoting,
// string literal encoding, LIMIT / FETCH form and comment style follow the target. Literals,
// binds and comments are reproduced byte for byte whenever the target reads them the same way.

#include <string>

#include "core/sql/ast.h"
#include "core/sql/target_profile.h"

namespace dbbridge::sql {

struct PrintOptions {
    // Oracle source, non-Oracle target: "EMP" (upper-case plain name) prints as emp, and unquoted
    // names print lower-case for MySQL (whose table names are case-sensitive on Linux).
    bool oracle_case_folding = false;
    // MySQL source, non-MySQL target: `plain_name` prints unquoted.
    bool unquote_plain = false;
};

class Printer {
public:
    Printer(const TargetProfile& target, PrintOptions options) : target_(target), options_(options) {}

    std::string Print(const Statement& statement) const;
    std::string PrintExpr(const Expr& expr) const;
    std::string PrintQuery(const Query& query) const;
    std::string PrintType(const TypeName& type) const;
    std::string PrintIdent(const Ident& ident) const;

private:
    std::string Comments(const std::vector<std::string>& comments) const;
    std::string Name(const std::vector<Ident>& parts) const;
    std::string Body(const QueryBody& body) const;
    std::string Select(const SelectCore& select) const;
    std::string Table(const TableRef& ref) const;
    std::string Order(const std::vector<OrderItem>& items) const;
    // WHERE, ORDER BY and LIMIT of an UPDATE / DELETE.
    std::string DmlTail(const Statement& st) const;
    std::string Joins(const Statement& st, const char* keyword, std::string& list) const;
    std::string StringLiteral(const Expr& e) const;
    std::string Operand(const Expr& child, int parent_prec, bool right) const;

    const TargetProfile& target_;
    PrintOptions options_;
};

}  // namespace dbbridge::sql
