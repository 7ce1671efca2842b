#pragma once
// Parse tree for the statements the transpiler understands. Expressions are one generic Expr
// node (kind + operands); statements and query blocks are typed structs. Nodes are shared_ptr
// because rewrite rules move subtrees around (a DECODE operand appears in several WHEN arms).

#include <memory>
#include <string>
#include <vector>

#include "core/sql/tokenizer.h"

namespace dbbridge::sql {

struct Ident {
    std::string text;     // as written (unquoted spelling) or the quoted name without quotes
    bool quoted = false;
    char quote = '"';     // '"' or '`'
};

struct Expr;
struct Query;
struct TypeName;
struct Window;
using ExprPtr = std::shared_ptr<Expr>;
using QueryPtr = std::shared_ptr<Query>;

enum class ExprKind {
    kColumn,       // name = a / t.a / s.t.a (+ outer_join_mark for Oracle "(+)")
    kStar,         // * or t.*
    kString,
    kNumber,
    kNull,
    kBind,         // text verbatim
    kKeyword,      // SYSDATE, SYSTIMESTAMP, CURRENT_DATE, CURRENT_TIMESTAMP, LEVEL, ROWNUM, DEFAULT, ...
    kFunction,     // name(args); distinct, order (aggregate ORDER BY / WITHIN GROUP), separator, over
    kBinary,       // args[0] text args[1]; text = operator upper-cased (AND, OR, =, ||, +, ...); AND, OR,
                   // XOR and || take two or more args (a flat list, so long chains stay shallow)
    kUnary,        // text = NOT, -, +, PRIOR, ~
    kCase,         // operand (nullable), args = when, then, when, then...; else_expr (nullable)
    kCast,         // CAST(args[0] AS type)
    kIsNull,       // args[0] IS [NOT] NULL
    kIn,           // args[0] [NOT] IN (args[1..]) or (query)
    kBetween,      // args[0] [NOT] BETWEEN args[1] AND args[2]
    kLike,         // args[0] [NOT] LIKE args[1] [ESCAPE args[2]]; text = LIKE / REGEXP / ...
    kExists,       // [NOT] EXISTS (query)
    kSubquery,     // (query)
    kParen,        // (args...) : parenthesised expression or row
    kInterval,     // INTERVAL args[0] keyword   (keyword = DAY, MONTH, 'DAY TO SECOND' ...)
    kTypedLiteral, // DATE '..' / TIMESTAMP '..': keyword = DATE, args[0] = string
    kExtract,      // EXTRACT(keyword FROM args[0])
    kTrim,         // TRIM([keyword] [args[1]] FROM args[0]); keyword = LEADING/TRAILING/BOTH or ""
    kRaw,          // text printed verbatim (rule output only)
    kPlaceholder,  // $n inside a rule template
};

struct OrderItem {
    ExprPtr expr;
    bool desc = false;
    bool explicit_dir = false;
    int nulls = 0;  // 0 unspecified, 1 NULLS FIRST, 2 NULLS LAST
};

struct Window {
    std::vector<ExprPtr> partition;
    std::vector<OrderItem> order;
    std::string frame;  // "ROWS BETWEEN ..." verbatim (identical in every dialect we print)
};

struct TypeName {
    std::string name;                 // upper-cased: NUMBER, VARCHAR2, INT, ...
    std::vector<std::string> args;    // "10", "2", "*"
    std::vector<std::string> suffix;  // UNSIGNED, ZEROFILL, BYTE, CHAR, WITH TIME ZONE, ...
};

struct Expr {
    ExprKind kind = ExprKind::kNull;
    Position pos;
    std::vector<std::string> comments;  // comments written before this node
    std::string text;      // operator / keyword / function name / literal bytes
    std::string value;     // decoded string literal
    std::string keyword;   // see ExprKind
    std::vector<Ident> name;
    std::vector<ExprPtr> args;
    ExprPtr operand;
    ExprPtr else_expr;
    ExprPtr separator;
    bool negated = false;
    bool distinct = false;
    bool outer_join_mark = false;
    bool within_group = false;
    bool national = false;
    bool alt_quote = false;
    bool backslashes = false;
    bool double_quoted = false;
    std::shared_ptr<TypeName> type;
    QueryPtr query;
    std::vector<OrderItem> order;
    std::shared_ptr<Window> over;
};

struct SelectItem {
    ExprPtr expr;
    bool has_alias = false;
    Ident alias;
};

struct TableRef;
using TableRefPtr = std::shared_ptr<TableRef>;

struct TableRef {
    enum class Kind { kTable, kSubquery, kJoin };
    Kind kind = Kind::kTable;
    Position pos;
    std::vector<std::string> comments;
    std::vector<Ident> name;
    bool has_alias = false;
    Ident alias;
    QueryPtr query;
    std::string join_type;  // "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN", "NATURAL JOIN"
    TableRefPtr left;
    TableRefPtr right;
    ExprPtr on;
    std::vector<Ident> using_cols;
};

struct SelectCore {
    Position pos;
    std::vector<std::string> comments;
    bool distinct = false;
    std::vector<SelectItem> items;
    std::vector<TableRefPtr> from;  // comma-separated items
    ExprPtr where;
    ExprPtr start_with;
    ExprPtr connect_by;
    bool nocycle = false;
    std::vector<ExprPtr> group_by;
    ExprPtr having;
};

struct QueryBody;
using QueryBodyPtr = std::shared_ptr<QueryBody>;

struct QueryBody {
    enum class Kind { kSelect, kSetOp, kParen };
    Kind kind = Kind::kSelect;
    std::shared_ptr<SelectCore> select;
    std::string op;  // UNION, UNION ALL, INTERSECT, MINUS, EXCEPT
    Position op_pos;
    QueryBodyPtr left;
    QueryBodyPtr right;
    QueryPtr paren;
};

struct CommonTable {
    Ident name;
    std::vector<Ident> columns;
    QueryPtr query;
};

struct Query {
    Position pos;
    bool recursive = false;
    std::vector<CommonTable> ctes;
    QueryBodyPtr body;
    std::vector<OrderItem> order;
    bool order_siblings = false;
    ExprPtr limit;    // row count (LIMIT n / FETCH FIRST n)
    ExprPtr offset;   // rows skipped
    bool fetch_syntax = false;  // written as OFFSET .. ROWS FETCH FIRST .. ROWS ONLY
    std::string lock;           // FOR UPDATE ... verbatim
};

struct Assignment {
    std::vector<Ident> column;
    ExprPtr value;
    // Oracle UPDATE .. SET (c1, c2) = (subquery): the columns (column is empty), value the subquery.
    std::vector<std::vector<Ident>> columns;
};

struct ColumnConstraint {
    enum class Kind { kNotNull, kNull, kDefault, kPrimaryKey, kUnique, kAutoIncrement, kCheck, kReferences, kComment };
    Kind kind = Kind::kNotNull;
    Ident name;  // CONSTRAINT name, when given
    bool named = false;
    ExprPtr expr;  // DEFAULT / CHECK / COMMENT
    std::vector<Ident> ref_table;
    std::vector<Ident> ref_columns;
};

struct ColumnDef {
    Ident name;
    TypeName type;
    std::vector<ColumnConstraint> constraints;
    Position pos;
};

struct TableConstraint {
    enum class Kind { kPrimaryKey, kUnique, kForeignKey, kCheck, kIndex };
    Kind kind = Kind::kPrimaryKey;
    bool named = false;
    Ident name;
    std::vector<Ident> columns;
    std::vector<Ident> ref_table;
    std::vector<Ident> ref_columns;
    ExprPtr check;
};

struct Statement {
    enum class Kind { kSelect, kInsert, kUpdate, kDelete, kMerge, kCreateTable, kCreateIndex, kCreateSequence };
    Kind kind = Kind::kSelect;
    Position pos;
    std::vector<std::string> comments;           // before the statement
    std::vector<std::string> trailing_comments;  // after its last token
    QueryPtr query;  // SELECT, INSERT ... SELECT
    // INSERT / UPDATE / DELETE / MERGE target
    std::vector<Ident> table;
    bool has_alias = false;
    Ident alias;
    std::vector<Ident> columns;
    std::vector<std::vector<ExprPtr>> rows;  // INSERT VALUES
    std::vector<Assignment> sets;            // UPDATE SET, MERGE WHEN MATCHED UPDATE SET
    ExprPtr where;
    std::vector<OrderItem> dml_order;  // MySQL UPDATE / DELETE ... ORDER BY
    ExprPtr dml_limit;                 // MySQL UPDATE / DELETE ... LIMIT n
    std::vector<TableRefPtr> joins;    // MySQL UPDATE t [INNER] JOIN u ON ..: each joined table with its ON
    bool replace_into = false;         // MySQL REPLACE INTO (printed only for MySQL targets)
    std::vector<Assignment> on_duplicate;  // MySQL ON DUPLICATE KEY UPDATE
    bool insert_ignore = false;
    bool on_conflict = false;            // printed as PostgreSQL ON CONFLICT (rewritten ON DUPLICATE KEY)
    std::vector<Ident> conflict_columns;  // empty: ON CONFLICT DO NOTHING
    // MERGE
    TableRefPtr using_ref;
    ExprPtr on;
    bool when_matched = false;
    ExprPtr matched_where;
    ExprPtr matched_delete_where;
    bool when_not_matched = false;
    std::vector<Ident> insert_columns;
    std::vector<ExprPtr> insert_values;
    ExprPtr not_matched_where;
    // CREATE TABLE / INDEX / SEQUENCE
    bool temporary = false;
    bool if_not_exists = false;
    std::vector<ColumnDef> column_defs;
    std::vector<TableConstraint> table_constraints;
    std::vector<std::string> table_options;  // MySQL ENGINE=..., CHARSET=... verbatim
    bool unique = false;
    std::vector<Ident> index_name;
    std::vector<OrderItem> index_columns;
    std::vector<std::pair<std::string, std::string>> sequence_options;  // ("START WITH", "1"), ("NOCACHE", "")
};

using StatementPtr = std::shared_ptr<Statement>;

}  // namespace dbbridge::sql
