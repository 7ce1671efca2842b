#pragma once
// Capability-driven rewrite rules (internal to the translator). One Rewriter per statement; each
// rule runs only when the target lacks the construct, and records a note when it fires.
//
// Where the rules live:
//   rewriter.cpp             statements, queries, the expression walk (X) and shared helpers
//   transform_*.cpp          one file per statement-level transform: Oracle (+) joins, ROWNUM,
//                            CONNECT BY, null ordering, data types
//   oracle_functions.cpp     Oracle operators and one rule per Oracle function, looked up by name
//   mysql_functions.cpp      the same for MySQL
//   format_models.cpp        date format models between the families

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/sql/parser.h"
#include "core/sql/transpiler.h"

namespace dbbridge::sql {

class Rewriter;

// One function call (or operator) being rewritten, with what a rule needs to replace it.
struct Call {
    Rewriter& rw;
    ExprPtr& e;
    const std::string& f;        // upper-case function name (a copy: e may be replaced)
    std::vector<ExprPtr>& a;     // arguments, already rewritten
    std::size_t n;               // a.size()
    TypeClass left;              // TRUNC/ROUND/TO_CHAR: type of the first argument before rewriting
    std::vector<std::string> comments;  // the node's comments, kept on the replacement

    // Replaces the node by r (keeping its position and comments) and records note.
    Status Replace(Result<ExprPtr> r, const std::string& note);
    // Fails unless the call has lo..hi arguments.
    Status Need(std::size_t lo, std::size_t hi) const;
    // Argument i when it is a string literal, else nullptr.
    const Expr* StrArg(std::size_t i) const;
    bool AnyNullArg() const;
};

// A rule for one source function; the table maps upper-case names to rules.
using CallRule = Status (*)(Call& call);
using CallRules = std::unordered_map<std::string, CallRule>;

const CallRules& OracleCallRules();
const CallRules& MySqlCallRules();

class Rewriter {
public:
    Rewriter(SourceDialect from, const TargetProfile& target, Catalog* catalog, std::vector<std::string>& notes)
        : from_(from), target_(target), catalog_(catalog), notes_(notes) {}

    // Rewrites st in place; statements the rewrite needs after it (CREATE INDEX split out of a
    // MySQL CREATE TABLE) go to extra.
    Status RewriteStatement(Statement& st, std::vector<StatementPtr>& extra);

    // Helpers for the rules.
    const TargetProfile& target() const { return target_; }
    Catalog* catalog() const { return catalog_; }
    bool Pg() const { return target_.family == OutputFamily::kPostgres; }
    bool My() const { return target_.family == OutputFamily::kMySql; }
    bool Ora() const { return target_.family == OutputFamily::kOracle; }
    // The target has Oracle's function library (natively or through orafce).
    bool Of() const { return target_.caps.oracle_functions; }
    // A template in PostgreSQL-flavoured SQL with $1..$n replaced by args.
    Result<ExprPtr> Tpl(const std::string& text, const std::vector<ExprPtr>& args);
    TypeClass TypeOf(const Expr& e) const;
    Status Refuse(const Position& pos, const std::string& what) const;
    // An integer literal (digits, 64-bit); anything else is refused naming the literal and its position.
    Result<long long> ParseIntLiteral(const std::string& text, const Position& pos) const;
    Result<long long> ParseIntLiteral(const Expr& e) const { return ParseIntLiteral(e.text, e.pos); }
    void Note(const std::string& rule);
    // Replaces e by r, keeping e's position and putting comments first; records note.
    Status ReplaceNode(ExprPtr& e, Result<ExprPtr> r, const std::vector<std::string>& comments,
                       const std::string& note);
    // MySQL source: an integer where a condition is expected (WHERE flag) becomes flag <> 0.
    void MySqlCondition(ExprPtr& e);
    // MySQL source: a comparison of text made case-insensitive (lower() on both sides).
    void CaseInsensitive(ExprPtr& e);
    // Oracle source, MySQL target: a comparison with a text literal made case-sensitive.
    void CaseSensitive(Expr& e);

private:
    Status MySqlIntegerCast(ExprPtr& e);
    Status IntervalArithmetic(ExprPtr& e, const std::vector<std::string>& comments);
    Status RewriteQuery(Query& q);
    Status RewriteBody(QueryBody& b, Query& owner, bool sole);
    Status RewriteSelect(SelectCore& s, Query& owner, bool sole);
    std::vector<OrderItem> DerivedTableOrder(const SelectCore& s) const;
    void HavingAliases(SelectCore& s);
    Status RewriteTable(TableRefPtr& t);
    Status X(ExprPtr& e);
    Status OracleExpr(ExprPtr& e, TypeClass left, TypeClass right);
    Status MySqlExpr(ExprPtr& e);
    // Looks f up in rules and applies it; a name without a rule stays as written.
    Status ApplyCallRule(const CallRules& rules, ExprPtr& e, TypeClass left);
    Status OuterJoins(SelectCore& s);
    Status Rownum(SelectCore& s, Query& owner, bool sole);
    Status UpdateJoins(Statement& st);
    void NumberInDerivedTable(SelectCore& s, const ExprPtr& limit);
    Result<ExprPtr> TakeRownumLimit(ExprPtr& where, const std::function<Status(const Expr&)>& block_check);
    Status DmlLimit(Statement& st);
    Status ReplaceInto(Statement& st);
    Status MergeToMySql(Statement& st);
    Status ConnectBy(SelectCore& s, Query& owner);
    Status NullOrdering(Query& q);
    Status MapType(TypeName& t, const Position& pos);

    SourceDialect from_;
    const TargetProfile& target_;
    Catalog* catalog_;
    std::vector<std::string>& notes_;
    int subquery_aliases_ = 0;
    // While a block's select list is rewritten: the order ROWNUM numbers its rows in.
    std::vector<OrderItem> rownum_order_;
    // ... and true when that derived table is ordered by keys it does not select (order unknown).
    bool rownum_order_lost_ = false;
};

}  // namespace dbbridge::sql
