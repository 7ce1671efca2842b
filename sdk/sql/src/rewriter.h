#pragma once
// Capability-driven rewrite rules (internal to dbbridge_sql). One Rewriter per statement batch;
// each rule runs only when the target lacks the construct, and records a note when it fires.

#include <string>
#include <vector>

#include "dbbridge/sdk/sql/parser.h"
#include "dbbridge/sdk/sql/transpiler.h"

namespace dbbridge::sdk::sql {

class Rewriter {
public:
    Rewriter(SourceDialect from, const TargetProfile& target, Catalog* catalog, std::vector<std::string>& notes)
        : from_(from), target_(target), catalog_(catalog), notes_(notes) {}

    // Rewrites st in place; statements the rewrite needs after it (CREATE INDEX split out of a
    // MySQL CREATE TABLE) go to extra.
    Status RewriteStatement(Statement& st, std::vector<StatementPtr>& extra);

private:
    Status RewriteQuery(Query& q);
    Status RewriteBody(QueryBody& b, Query& owner, bool sole);
    Status RewriteSelect(SelectCore& s, Query& owner, bool sole);
    Status RewriteTable(TableRefPtr& t);
    Status X(ExprPtr& e);
    Status OracleExpr(ExprPtr& e, TypeClass left, TypeClass right);
    Status MySqlExpr(ExprPtr& e);
    Status OuterJoins(SelectCore& s);
    Status Rownum(SelectCore& s, Query& owner, bool sole);
    Status ConnectBy(SelectCore& s, Query& owner);
    Status NullOrdering(Query& q);
    Status MapType(TypeName& t, const Position& pos);
    Result<ExprPtr> Tpl(const std::string& text, const std::vector<ExprPtr>& args);
    TypeClass TypeOf(const Expr& e) const;
    Status Refuse(const Position& pos, const std::string& what) const;
    // An integer literal (digits, 64-bit); anything else is refused naming the literal and its position.
    Result<long long> ParseIntLiteral(const std::string& text, const Position& pos) const;
    Result<long long> ParseIntLiteral(const Expr& e) const { return ParseIntLiteral(e.text, e.pos); }
    void Note(const std::string& rule);

    bool Pg() const { return target_.family == OutputFamily::kPostgres; }
    bool My() const { return target_.family == OutputFamily::kMySql; }
    bool Ora() const { return target_.family == OutputFamily::kOracle; }

    SourceDialect from_;
    const TargetProfile& target_;
    Catalog* catalog_;
    std::vector<std::string>& notes_;
    int subquery_aliases_ = 0;
};

}  // namespace dbbridge::sdk::sql
