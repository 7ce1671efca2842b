#include "core/multiplex/row_set_comparator.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/multiplex/error_classifier.h"
#include "core/multiplex/sql_traits.h"
#include "core/multiplex/value_normalizer.h"

namespace dbbridge::core::multiplex {
namespace {

using sdk::ColumnInfo;
using sdk::JdbcType;
using sdk::Record;
using sdk::Value;

std::vector<ColumnInfo> Cols(std::vector<std::pair<std::string, JdbcType>> spec) {
    std::vector<ColumnInfo> out;
    for (auto& s : spec) {
        ColumnInfo c;
        c.name = s.first;
        c.jdbc_type = s.second;
        out.push_back(c);
    }
    return out;
}

struct Side {
    std::vector<ColumnInfo> cols;
    std::vector<Record> rows;
};

RowSetDiff Compare(const std::vector<Side>& sides, ComparatorOptions opts = {}) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < sides.size(); ++i) names.push_back(i == 0 ? "ORACLE" : "T" + std::to_string(i));
    RowSetComparator c(names, opts);
    for (std::size_t i = 0; i < sides.size(); ++i) {
        c.SetColumns(i, sides[i].cols);
        for (const auto& r : sides[i].rows) c.AddRow(i, r);
        c.Finish(i);
    }
    return c.Result();
}

// Both sides have one column of type jt holding a and b; returns the diff.
RowSetDiff Pair(const Value& a, JdbcType ja, const Value& b, JdbcType jb, ComparatorOptions opts = {}) {
    return Compare({{Cols({{"V", ja}}), {{a}}}, {Cols({{"v", jb}}), {{b}}}}, opts);
}


TEST(ValueNormalizerTest, NumericHelpers) {
    std::string out;
    ASSERT_TRUE(CanonicalDecimal("-001.2300", true, out));
    EXPECT_EQ(out, "-1.23");
    ASSERT_TRUE(CanonicalDecimal("-0.000", true, out));
    EXPECT_EQ(out, "0");
    ASSERT_TRUE(CanonicalDecimal("1.5E2", true, out));
    EXPECT_EQ(out, "150");
    EXPECT_EQ(RoundDecimalText("2.345", 2), "2.35");
    EXPECT_EQ(RoundDecimalText("-9.995", 2), "-10");
    EXPECT_EQ(RoundDecimalText("1.2", 4), "1.2");
    EXPECT_EQ(FloatToDecimalText(0.1 + 0.2, 15), "0.3");
    EXPECT_EQ(FloatToDecimalText(static_cast<float>(0.1), 6), "0.1");
    EXPECT_EQ(RuleNames(kRuleCharTrim | kRuleBoolNumber), "char_right_trim,bool_as_0_1");
    EXPECT_EQ(RuleNames(0), "NA");
}

TEST(RowSetComparatorTest, EachPairRuleMatchesAndIsNamed) {
    struct Case {
        Value a;
        JdbcType ja;
        Value b;
        JdbcType jb;
        const char* rule;
        bool oracle;
    };
    std::vector<Case> cases = {
        {Value::Null(), JdbcType::kVarchar, Value::Text(""), JdbcType::kVarchar, "oracle_empty_string_is_null", true},
        {Value::Text("ab  "), JdbcType::kChar, Value::Text("ab"), JdbcType::kVarchar, "char_right_trim", false},
        {Value::Int(1), JdbcType::kInteger, Value::Bool(true), JdbcType::kBoolean, "bool_as_0_1", false},
        {Value::Timestamp("2024-01-02 00:00:00"), JdbcType::kTimestamp, Value::Date("2024-01-02"), JdbcType::kDate,
         "oracle_date_as_timestamp0", false},
        {Value::Null(), JdbcType::kBlob, Value::Bytes(""), JdbcType::kBlob, "empty_lob_is_null", false},
        {Value::Decimal("1.5"), JdbcType::kDecimal, Value::Decimal("1.500"), JdbcType::kDecimal, "decimal_trailing_zeros", false},
        {Value::Decimal("0.3"), JdbcType::kDecimal, Value::Float(0.1 + 0.2), JdbcType::kDouble, "float_significant_digits", false},
        {Value::Float(static_cast<float>(1.1), 4), JdbcType::kReal, Value::Decimal("1.1"), JdbcType::kDecimal,
         "float_significant_digits", false},
        {Value::Timestamp("2024-01-02 10:00:00"), JdbcType::kTimestamp, Value::Timestamp("2024-01-02 10:00:00.000000"),
         JdbcType::kTimestamp, "timestamp_zero_fraction", false},
    };
    for (const auto& k : cases) {
        ComparatorOptions o;
        o.oracle_family = k.oracle;
        RowSetDiff d = Pair(k.a, k.ja, k.b, k.jb, o);
        EXPECT_TRUE(d.consistent) << k.rule << ": " << (d.differences.empty() ? "" : d.differences[0].message);
        ASSERT_EQ(d.column_rules.size(), 1u);
        EXPECT_NE(d.column_rules[0].find(k.rule), std::string::npos) << k.rule << " got " << d.column_rules[0];
        EXPECT_EQ(d.rule_cells[0], 1) << k.rule;
        // With the pair rules off the same values differ.
        o.rules.pair_rules = false;
        EXPECT_FALSE(Pair(k.a, k.ja, k.b, k.jb, o).consistent) << k.rule;
    }
    // Without an Oracle-family participant '' and NULL are different values.
    EXPECT_FALSE(Pair(Value::Null(), JdbcType::kVarchar, Value::Text(""), JdbcType::kVarchar).consistent);
    // Equal values need no rule.
    RowSetDiff same = Pair(Value::Text("x"), JdbcType::kVarchar, Value::Text("x"), JdbcType::kVarchar);
    EXPECT_TRUE(same.consistent);
    EXPECT_EQ(same.column_rules[0], "NA");
    // Floats differing beyond their significant digits still differ.
    EXPECT_FALSE(Pair(Value::Float(1.0000001), JdbcType::kDouble, Value::Float(1.0000002), JdbcType::kDouble).consistent);
}

TEST(RowSetComparatorTest, UserRulesIgnoreColumnsRoundAndCase) {
    ComparatorOptions o;
    o.rules.ignore_columns = {"UPDATED_AT"};
    RowSetDiff ignored = Compare({{Cols({{"ID", JdbcType::kInteger}, {"updated_at", JdbcType::kTimestamp}}),
                                   {{Value::Int(1), Value::Timestamp("2024-01-01 00:00:00")}}},
                                  {Cols({{"id", JdbcType::kInteger}, {"UPDATED_AT", JdbcType::kTimestamp}}),
                                   {{Value::Int(1), Value::Timestamp("2025-05-05 05:05:05")}}}},
                                 o);
    EXPECT_TRUE(ignored.consistent) << ignored.differences[0].message;

    ComparatorOptions r;
    r.rules.round_decimals = 2;
    RowSetDiff rounded = Pair(Value::Decimal("2.345"), JdbcType::kDecimal, Value::Decimal("2.3549"), JdbcType::kDecimal, r);
    EXPECT_TRUE(rounded.consistent);
    EXPECT_NE(rounded.column_rules[0].find("round_decimals"), std::string::npos);
    EXPECT_FALSE(Pair(Value::Decimal("2.345"), JdbcType::kDecimal, Value::Decimal("2.3549"), JdbcType::kDecimal).consistent);

    ComparatorOptions c;
    c.rules.ignore_case = true;
    EXPECT_TRUE(Pair(Value::Text("Abc"), JdbcType::kVarchar, Value::Text("aBC"), JdbcType::kVarchar, c).consistent);
    EXPECT_FALSE(Pair(Value::Text("Abc"), JdbcType::kVarchar, Value::Text("aBC"), JdbcType::kVarchar).consistent);
}

TEST(RowSetComparatorTest, MultisetCountsDuplicatesAndIgnoresOrder) {
    auto cols = Cols({{"ID", JdbcType::kInteger}, {"NAME", JdbcType::kVarchar}});
    Record a{Value::Int(1), Value::Text("a")};
    Record b{Value::Int(2), Value::Text("b")};
    EXPECT_TRUE(Compare({{cols, {a, b, a}}, {cols, {a, a, b}}}).consistent);
    RowSetDiff dup = Compare({{cols, {a, b, a}}, {cols, {a, b, b}}});
    EXPECT_FALSE(dup.consistent);
    EXPECT_EQ(dup.differing_rows, 2);
    EXPECT_FALSE(dup.rows.empty());
}

TEST(RowSetComparatorTest, ChangedValueIsShownAsOneRowWithTheCellFlagged) {
    auto cols = Cols({{"ID", JdbcType::kInteger}, {"NAME", JdbcType::kVarchar}});
    std::vector<Record> src{{Value::Int(1), Value::Text("a")}, {Value::Int(2), Value::Text("b")}};
    std::vector<Record> t0{{Value::Int(1), Value::Text("a")}, {Value::Int(2), Value::Text("B!")}};
    std::vector<Record> t1 = src;
    RowSetDiff d = Compare({{cols, src}, {cols, t0}, {cols, t1}});
    EXPECT_FALSE(d.consistent);
    ASSERT_EQ(d.rows.size(), 1u);
    const auto& row = d.rows[0];
    ASSERT_EQ(row.size(), 2u);
    EXPECT_FALSE(row[0].diff);  // ID 2 on every side
    EXPECT_TRUE(row[1].diff);
    EXPECT_EQ(*row[1].values[0], "b");
    EXPECT_EQ(*row[1].values[1], "B!");
    EXPECT_EQ(*row[1].values[2], "b");
    EXPECT_EQ(d.columns, (std::vector<std::string>{"ID", "NAME"}));
}

TEST(RowSetComparatorTest, ColumnsAndRowCounts) {
    auto one = Cols({{"A", JdbcType::kInteger}});
    auto two = Cols({{"A", JdbcType::kInteger}, {"B", JdbcType::kInteger}});
    RowSetDiff count = Compare({{one, {{Value::Int(1)}}}, {two, {{Value::Int(1), Value::Int(2)}}}});
    EXPECT_FALSE(count.consistent);
    EXPECT_NE(count.differences[0].message.find("column count differs"), std::string::npos);
    EXPECT_EQ(count.differences[0].kind, DifferenceKind::kStructural);
    RowSetDiff label = Compare({{one, {{Value::Int(1)}}}, {Cols({{"Z", JdbcType::kInteger}}), {{Value::Int(1)}}}});
    EXPECT_FALSE(label.consistent);
    EXPECT_NE(label.differences[0].message.find("label differs"), std::string::npos);
    EXPECT_EQ(label.differences[0].kind, DifferenceKind::kStructural);
    RowSetDiff rows = Compare({{one, {{Value::Int(1)}, {Value::Int(2)}}}, {one, {{Value::Int(1)}}}});
    EXPECT_FALSE(rows.consistent);
    EXPECT_NE(rows.differences[0].message.find("row count differs: ORACLE 2, T1 1"), std::string::npos)
        << rows.differences[0].message;
    EXPECT_EQ(rows.differences[0].kind, DifferenceKind::kValue);
    EXPECT_EQ(rows.rows.size(), 1u);
    EXPECT_FALSE(rows.rows[0][0].present[1]);
}

TEST(RowSetComparatorTest, OrderedCompareWithTiesAsMultisets) {
    auto cols = Cols({{"GRP", JdbcType::kInteger}, {"V", JdbcType::kVarchar}});
    Record a1{Value::Int(1), Value::Text("a")};
    Record b1{Value::Int(1), Value::Text("b")};
    Record c2{Value::Int(2), Value::Text("c")};
    ComparatorOptions o;
    o.ordered = true;
    o.order_items = {"t.grp"};
    // Ties (GRP 1) may come in any order.
    RowSetDiff ties = Compare({{cols, {a1, b1, c2}}, {cols, {b1, a1, c2}}}, o);
    EXPECT_TRUE(ties.consistent);
    EXPECT_NE(ties.order_note.find("verified"), std::string::npos) << ties.order_note;
    // Different order of the sort key is a difference even with the same multiset.
    RowSetDiff swapped = Compare({{cols, {a1, b1, c2}}, {cols, {c2, a1, b1}}}, o);
    EXPECT_FALSE(swapped.consistent);
    EXPECT_NE(swapped.order_note.find("row order differs"), std::string::npos) << swapped.order_note;
    // Without ORDER BY the same rows are a consistent multiset.
    EXPECT_TRUE(Compare({{cols, {a1, b1, c2}}, {cols, {c2, a1, b1}}}).consistent);
    // An ORDER BY expression not in the select list: the rows themselves are compared in sequence.
    o.order_items = {"lower(v)"};
    RowSetDiff sequence = Compare({{cols, {a1, b1, c2}}, {cols, {c2, a1, b1}}}, o);
    EXPECT_FALSE(sequence.consistent);
    EXPECT_NE(sequence.order_note.find("row order differs"), std::string::npos) << sequence.order_note;
    EXPECT_NE(sequence.order_note.find("rows compared in sequence"), std::string::npos) << sequence.order_note;
    RowSetDiff same = Compare({{cols, {a1, b1, c2}}, {cols, {a1, b1, c2}}}, o);
    EXPECT_TRUE(same.consistent);
    EXPECT_NE(same.order_note.find("row order verified: ORDER BY item 'lower(v)'"), std::string::npos)
        << same.order_note;
}

// The held-out case: "select v from oo order by k", k not selected, rows in another order on one
// side: inconsistent (it used to be compared as a multiset and judged consistent).
TEST(RowSetComparatorTest, SortKeyNotSelectedStillOrdersTheRows) {
    auto cols = Cols({{"V", JdbcType::kVarchar}});
    ComparatorOptions o;
    o.ordered = true;
    o.order_items = {"k"};
    RowSetDiff d = Compare({{cols, {{Value::Text("x")}, {Value::Text("y")}, {Value::Text("z")}}},
                            {cols, {{Value::Text("y")}, {Value::Text("x")}, {Value::Text("z")}}}},
                           o);
    EXPECT_FALSE(d.consistent);
    EXPECT_NE(d.order_note.find("row order differs at sort group 1"), std::string::npos) << d.order_note;
    ASSERT_EQ(d.differences.size(), 1u);
    EXPECT_EQ(d.differences[0].kind, DifferenceKind::kOrder);
}

TEST(RowSetComparatorTest, MillionRowsOneDifferenceWithFlatMemory) {
    constexpr int kRows = 1000000;
    auto cols = Cols({{"ID", JdbcType::kBigInt}, {"AMOUNT", JdbcType::kDecimal}, {"NAME", JdbcType::kVarchar}});
    RowSetComparator c({"MYSQL", "GAUSSDB500_ORACLE"}, ComparatorOptions{});
    c.SetColumns(0, cols);
    c.SetColumns(1, cols);
    auto feed = [&](std::size_t p) {
        Record r(3);
        for (int i = 0; i < kRows; ++i) {
            r[0] = Value::Int(i);
            r[1] = Value::Decimal(std::to_string(i % 1000) + ".50");
            r[2] = Value::Text(p == 1 && i == 765432 ? "changed" : "name" + std::to_string(i % 97));
            c.AddRow(p, r);
        }
        c.Finish(p);
    };
    std::thread t0(feed, 0);
    std::thread t1(feed, 1);
    t0.join();
    t1.join();
    RowSetComparator::Stats s = c.stats();
    RowSetDiff d = c.Result();
    EXPECT_FALSE(d.consistent);
    EXPECT_EQ(d.row_counts[0], kRows);
    EXPECT_EQ(d.row_counts[1], kRows);
    EXPECT_EQ(d.differing_rows, 2);  // one row missing on each side of the pair
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(*d.rows[0][0].values[0], "765432");
    EXPECT_TRUE(d.rows[0][2].diff);
    EXPECT_EQ(*d.rows[0][2].values[1], "changed");
    EXPECT_EQ(s.rows_seen, 2 * kRows);
    // Held rows are bounded by the back-pressure window plus the differences, not by the result.
    EXPECT_LE(s.peak_records_held, ComparatorOptions{}.window + 16);
    EXPECT_LE(s.peak_live_entries, ComparatorOptions{}.window + 16);
    EXPECT_EQ(s.live_entries, 2u);
    EXPECT_NE(d.checksums[0], d.checksums[1]);
}

TEST(ErrorClassifierTest, SameFailureAcrossEngines) {
    EXPECT_EQ(ClassifyError("ORA-00001", ""), ErrorClass::kUniqueViolation);
    EXPECT_EQ(ClassifyError("1062", "23000"), ErrorClass::kUniqueViolation);
    EXPECT_EQ(ClassifyError("23505", "23505"), ErrorClass::kUniqueViolation);
    EXPECT_EQ(ClassifyError("ORA-01400", ""), ErrorClass::kNotNullViolation);
    EXPECT_EQ(ClassifyError("1048", "23000"), ErrorClass::kNotNullViolation);
    EXPECT_EQ(ClassifyError("", "23502"), ErrorClass::kNotNullViolation);
    EXPECT_EQ(ClassifyError("ORA-12899", ""), ErrorClass::kValueTooLong);
    EXPECT_EQ(ClassifyError("1406", "22001"), ErrorClass::kValueTooLong);
    EXPECT_EQ(ClassifyError("22001", "22001"), ErrorClass::kValueTooLong);
    EXPECT_EQ(ClassifyError("ORA-01476", ""), ErrorClass::kDivideByZero);
    EXPECT_EQ(ClassifyError("1365", "22012"), ErrorClass::kDivideByZero);
    EXPECT_EQ(ClassifyError("22012", "22012"), ErrorClass::kDivideByZero);
    EXPECT_EQ(ClassifyError("ORA-01722", ""), ErrorClass::kInvalidNumber);
    EXPECT_EQ(ClassifyError("22P02", "22P02"), ErrorClass::kInvalidNumber);
    EXPECT_EQ(ClassifyError("1366", "HY000"), ErrorClass::kInvalidNumber);
    EXPECT_EQ(ClassifyError("ORA-00942", ""), ErrorClass::kMissingObject);
    EXPECT_EQ(ClassifyError("1146", "42S02"), ErrorClass::kMissingObject);
    EXPECT_EQ(ClassifyError("42P01", "42P01"), ErrorClass::kMissingObject);
    EXPECT_EQ(ClassifyError("ORA-00933", ""), ErrorClass::kSyntax);
    EXPECT_EQ(ClassifyError("1064", "42000"), ErrorClass::kSyntax);
    EXPECT_EQ(ClassifyError("42601", "42601"), ErrorClass::kSyntax);
    EXPECT_EQ(ClassifyError("-6602", ""), ErrorClass::kUniqueViolation);
    EXPECT_EQ(ClassifyError("9999", "HY000"), ErrorClass::kOther);
}

}  // namespace
}  // namespace dbbridge::core::multiplex

namespace dbbridge::core::multiplex {
namespace {

TEST(RowSetComparatorLimitTest, WhenEveryRowDiffersMemoryStopsAtTheCapAndTheReportSaysSo) {
    ComparatorOptions opts;
    opts.max_live_entries = 1000;
    opts.window = 100;
    RowSetComparator c({"ORACLE", "T1"}, opts);
    auto cols = Cols({{"ID", JdbcType::kInteger}});
    c.SetColumns(0, cols);
    c.SetColumns(1, cols);
    for (int i = 0; i < 5000; ++i) {
        c.AddRow(0, Record{Value::Int(i)});
        c.AddRow(1, Record{Value::Int(-1 - i)});
    }
    c.Finish(0);
    c.Finish(1);
    RowSetDiff d = c.Result();
    EXPECT_FALSE(d.consistent);
    ASSERT_FALSE(d.differences.empty());
    EXPECT_NE(d.differences.back().message.find("more than 1000 distinct rows differ"), std::string::npos)
        << d.differences.back().message;
    EXPECT_LE(c.stats().peak_live_entries, 1000u);
    EXPECT_EQ(d.row_counts, (std::vector<std::int64_t>{5000, 5000}));
}

}  // namespace
}  // namespace dbbridge::core::multiplex
