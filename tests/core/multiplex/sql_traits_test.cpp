#include "core/multiplex/sql_traits.h"

#include <gtest/gtest.h>

namespace dbbridge::core::multiplex {
namespace {

const sdk::SqlLexicon kOracle = sdk::SqlLexicon::Oracle();
const sdk::SqlLexicon kMySql = sdk::SqlLexicon::MySql();
const sdk::SqlLexicon kPg = sdk::SqlLexicon::Postgres();

TEST(SqlTraitsTest, OrderByAndNonDeterminism) {
    SqlTraits t = AnalyzeSql("select a, b from t where x = 'order by z' order by t.a desc nulls last, 2 limit 5", kPg);
    EXPECT_TRUE(t.is_query);
    EXPECT_TRUE(t.top_level_order_by);
    EXPECT_EQ(t.order_items, (std::vector<std::string>{"t.a", "2"}));
    EXPECT_FALSE(t.non_deterministic);
    EXPECT_TRUE(AnalyzeSql("select * from t limit 10", kMySql).non_deterministic);
    EXPECT_TRUE(AnalyzeSql("select * from t where rownum <= 3", kOracle).non_deterministic);
    EXPECT_FALSE(AnalyzeSql("select * from (select * from t order by id) where rownum <= 3", kOracle).non_deterministic);
    EXPECT_TRUE(AnalyzeSql("select sysdate from dual", kOracle).non_deterministic);
    EXPECT_TRUE(AnalyzeSql("insert into t values (seq_a.nextval)", kOracle).non_deterministic);
    EXPECT_TRUE(AnalyzeSql("select now()", kMySql).non_deterministic);
    EXPECT_TRUE(AnalyzeSql("select dbms_random.value from dual", kOracle).non_deterministic);
    EXPECT_FALSE(AnalyzeSql("select 'sysdate', now_col from t -- random()\n", kOracle).non_deterministic);
    EXPECT_EQ(AnalyzeSql("update t set a = 1", kOracle).statement_kind, "UPDATE");
    EXPECT_FALSE(AnalyzeSql("update t set a = 1", kOracle).is_query);
}

// The held-out case: the sort key is not selected; the order is still the statement's.
TEST(SqlTraitsTest, SortKeyOutsideTheSelectListIsATopLevelOrder) {
    SqlTraits t = AnalyzeSql("select v from oo order by k", kOracle);
    EXPECT_TRUE(t.top_level_order_by);
    EXPECT_EQ(t.order_items, (std::vector<std::string>{"k"}));
}

TEST(SqlTraitsTest, OrderInsideSubqueriesWindowsAndAggregatesIsNotTopLevel) {
    EXPECT_FALSE(AnalyzeSql("select row_number() over (order by a) from t", kOracle).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select * from (select a from t order by a) x", kPg).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("with c as (select a from t order by a) select a from c", kPg).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select listagg(a, ',') within group (order by a) from t", kOracle).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select group_concat(a order by a) from t", kMySql).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select a from t1 union all (select a from t2 order by a)", kPg).top_level_order_by);
    // A window ORDER BY before a real one does not hide it.
    SqlTraits w = AnalyzeSql("select a, rank() over (partition by b order by c) r from t order by r, a", kPg);
    EXPECT_TRUE(w.top_level_order_by);
    EXPECT_EQ(w.order_items, (std::vector<std::string>{"r", "a"}));
}

TEST(SqlTraitsTest, UnionOrderByAndWrappedStatements) {
    SqlTraits u = AnalyzeSql("select a from t1 union select a from t2 order by 1 desc", kOracle);
    EXPECT_TRUE(u.top_level_order_by);
    EXPECT_EQ(u.order_items, (std::vector<std::string>{"1"}));
    SqlTraits p = AnalyzeSql("(select a from t order by a);", kPg);
    EXPECT_TRUE(p.is_query);
    EXPECT_TRUE(p.top_level_order_by);
    EXPECT_EQ(p.order_items, (std::vector<std::string>{"a"}));
    SqlTraits pu = AnalyzeSql("(select a from t1) union (select a from t2) order by a", kPg);
    EXPECT_TRUE(pu.is_query);
    EXPECT_TRUE(pu.top_level_order_by);
    EXPECT_TRUE(AnalyzeSql("select a from t order siblings by a", kOracle).top_level_order_by);
}

// Where a literal ends depends on the dialect: the same text is ordered in one and not the other.
TEST(SqlTraitsTest, LiteralsEndWhereTheDialectSays) {
    const std::string sql = "select 'a\\', 'b' order by c, 'd' from t";
    EXPECT_FALSE(AnalyzeSql(sql, kMySql).top_level_order_by);  // ' order by c, ' is a literal there
    EXPECT_TRUE(AnalyzeSql(sql, kOracle).top_level_order_by);   // 'a\' ends at its second quote
    EXPECT_FALSE(AnalyzeSql("select q'[order by x]' from dual", kOracle).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select $$ order by x $$", kPg).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select a from t # order by a\n", kMySql).top_level_order_by);
    EXPECT_FALSE(AnalyzeSql("select 'x", kOracle).is_query);  // unterminated: compared as an error
}

}  // namespace
}  // namespace dbbridge::core::multiplex
