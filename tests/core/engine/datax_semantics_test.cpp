// DataX rules checked piece by piece: transformer parameters and results, SimpleDateFormat
// patterns, txtfilewriter's text/csv/sql lines, column byte sizes and the javacsv reader.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/engine/datax_bytes.h"
#include "core/engine/java_date_format.h"
#include "core/engine/text_file.h"
#include "core/engine/text_record_format.h"
#include "core/engine/transformer.h"

namespace dbbridge::core::engine {
namespace {

using sdk::Value;

Poco::Dynamic::Var Json(const std::string& text) {
    return Poco::JSON::Parser().parse(text);
}

sdk::Result<TransformerChain> Chain(const std::string& json) {
    return TransformerChain::Parse(Json(json), "job.content[0].transformer");
}

std::string One(const std::string& name, const std::string& paras, sdk::Record& row) {
    auto chain = Chain(R"([{"name":")" + name + R"(","parameter":{"columnIndex":0,"paras":)" + paras + "}}]");
    if (!chain.ok()) {
        return "error: " + chain.status().message();
    }
    std::string reason;
    switch (chain.value().Apply(row, reason)) {
        case TransformerChain::Outcome::kKeep: return row[0].is_null() ? "<null>" : sdk::ValueToText(row[0]);
        case TransformerChain::Outcome::kFiltered: return "<filtered>";
        case TransformerChain::Outcome::kFailed: return "dirty: " + reason;
    }
    return "";
}

std::string OneText(const std::string& name, const std::string& paras, const std::string& text) {
    sdk::Record row{Value::Text(text)};
    return One(name, paras, row);
}

TEST(TransformerTest, DocumentedExamplesGiveDocumentedResults) {
    EXPECT_EQ(OneText("dx_substr", R"(["2","5"])", "dataxTest"), "taxTe");
    EXPECT_EQ(OneText("dx_substr", R"(["5","10"])", "dataxTest"), "Test");
    EXPECT_EQ(OneText("dx_replace", R"(["2","4","****"])", "dataxTest"), "da****est");
    EXPECT_EQ(OneText("dx_replace", R"(["5","10","****"])", "dataxTest"), "datax****");
    EXPECT_EQ(OneText("dx_pad", R"(["l","4","A"])", "xyz"), "Axyz");
    EXPECT_EQ(OneText("dx_pad", R"(["l","4","A"])", "xyzzzzz"), "xyzz");
    EXPECT_EQ(OneText("dx_pad", R"(["r","4","A"])", "xyz"), "xyzA");
    EXPECT_EQ(OneText("dx_pad", R"(["r","7","ab"])", "xyz"), "xyzabab");
    EXPECT_EQ(OneText("dx_digest", R"(["md5","toUpperCase"])", "xyzzzzz"), "9CDFFC4FA4E45A99DB8BBCD762ACFFA2");
    EXPECT_EQ(OneText("dx_digest", R"(["sha1","toLowerCase"])", ""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(TransformerTest, CharactersNotBytesAndNullRules) {
    EXPECT_EQ(OneText("dx_substr", R"(["1","2"])", "你好世界"), "好世");
    sdk::Record null_row{Value::Null()};
    EXPECT_EQ(One("dx_substr", R"(["1","2"])", null_row), "<null>");  // skipped
    sdk::Record pad_row{Value::Null()};
    EXPECT_EQ(One("dx_pad", R"(["l","3","0"])", pad_row), "000");  // null is ""
    EXPECT_EQ(OneText("dx_substr", R"(["9","1"])", "abc"),
              "dirty: transformer(dx_substr) has Exception(dx_substr startIndex(9) out of range(3))");
}

TEST(TransformerTest, FilterComparesByColumnTypeAndHandlesNull) {
    sdk::Record n{Value::Int(10)};
    EXPECT_EQ(One("dx_filter", R"([">=","10"])", n), "<filtered>");
    sdk::Record n2{Value::Int(9)};
    EXPECT_EQ(One("dx_filter", R"([">=","10"])", n2), "9");
    sdk::Record d{Value::Decimal("2.50")};
    EXPECT_EQ(One("dx_filter", R"(["=","2.5"])", d), "<filtered>");
    sdk::Record s{Value::Text("9")};
    EXPECT_EQ(One("dx_filter", R"([">","10"])", s), "<filtered>");  // strings compare as text: "9" > "10"
    sdk::Record nul{Value::Null()};
    EXPECT_EQ(One("dx_filter", R"(["=","null"])", nul), "<filtered>");
    sdk::Record nul2{Value::Null()};
    EXPECT_EQ(One("dx_filter", R"(["!=","x"])", nul2), "<filtered>");
    sdk::Record nul3{Value::Null()};
    EXPECT_EQ(One("dx_filter", R"(["not like","x"])", nul3), "<filtered>");
    sdk::Record nul4{Value::Null()};
    EXPECT_EQ(One("dx_filter", R"(["like","x"])", nul4), "<null>");
    // Dates compare as epoch milliseconds in GMT+8 (core.json common.column.timeZone).
    sdk::Record day{Value::Timestamp("1970-01-01 08:00:01")};
    EXPECT_EQ(One("dx_filter", R"(["=","1000"])", day), "<filtered>");
    sdk::Record bad{Value::Int(1)};
    EXPECT_EQ(One("dx_filter", R"([">","abc"])", bad),
              "dirty: transformer(dx_filter) has Exception(For input string: \"abc\")");
}

TEST(TransformerTest, ParameterRulesRefuseTheJobWithDataxsMessages) {
    auto err = [](const std::string& json) { return Chain(json).status().message(); };
    EXPECT_EQ(err(R"([{"name":"dx_substr","parameter":{"columnIndex":1,"paras":["1"]}}])"),
              "job.content[0].transformer[0].parameter.paras: Code:[TransformerErrorCode-05], Description:[Transformer "
              "parameter illegal].  - paras:[1, 1] => dx_substr paras must be 3");
    EXPECT_NE(err(R"([{"name":"dx_pad","parameter":{"columnIndex":1,"paras":["x","1","a"]}}])")
                  .find("dx_pad first para(x) support l or r"),
              std::string::npos);
    EXPECT_NE(err(R"([{"name":"dx_filter","parameter":{"columnIndex":1,"paras":["~","1"]}}])")
                  .find("dx_filter can't support code:~"),
              std::string::npos);
    EXPECT_NE(err(R"([{"name":"dx_digest","parameter":{"columnIndex":1,"paras":["sha256","toLowerCase"]}}])")
                  .find("dx_digest paras index 1 must be md5 or sha1"),
              std::string::npos);
    EXPECT_NE(err(R"([{"name":"dx_substr","parameter":{"paras":["1","2"]}}])")
                  .find("columnIndex must be set by UDF:name=dx_substr"),
              std::string::npos);
    EXPECT_NE(err(R"([{"name":"dx_nope","parameter":{"columnIndex":0}}])").find("TransformerErrorCode-03"),
              std::string::npos);
    EXPECT_NE(err(R"([{"name":"dx_groovy","parameter":{"code":"return record;"}}])").find("dx_groovy"),
              std::string::npos);
    auto chain = Chain(R"([{"name":"dx_substr","parameter":{"columnIndex":3,"paras":["0","1"]}}])");
    ASSERT_TRUE(chain.ok());
    EXPECT_EQ(chain.value().CheckColumnCount(3).message(),
              "Code:[TransformerErrorCode-05], Description:[Transformer parameter illegal].  - columnIndex[3] out of "
              "bound[3]. name=dx_substr");
}

TEST(JavaDateFormatTest, FormatsSimpleDateFormatPatterns) {
    auto f = JavaDateFormat::Compile("yyyy-MM-dd'T'HH:mm:ss.SSS EEE MMM a hh");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f.value().Format(Value::Timestamp("2024-03-05 14:07:09.5")), "2024-03-05T14:07:09.500 Tue Mar PM 02");
    EXPECT_EQ(JavaDateFormat::Compile("yyyyMMdd").value().Format(Value::Date("2024-03-05")), "20240305");
    EXPECT_EQ(JavaDateFormat::Compile("yy/M/d").value().Format(Value::Date("2024-03-05")), "24/3/5");
    EXPECT_FALSE(JavaDateFormat::Compile("yyyy-ww").ok());
}

TEST(TextRecordFormatTest, TextCsvAndSqlLinesAsDataxWritesThem) {
    sdk::Record row{Value::Int(1), Value::Text(" a,b "), Value::Null(), Value::Timestamp("2024-01-02 03:04:05.678"),
                    Value::Text("it's \"x\"")};
    TextRecordFormatOptions o;
    std::string text;
    TextRecordFormat(o).AppendRecord(row, text);
    EXPECT_EQ(text, "1, a,b ,null,2024-01-02 03:04:05,it's \"x\"\n");
    o.format = FileFormat::kCsv;
    std::string csv;
    TextRecordFormat(o).AppendRecord(row, csv);
    EXPECT_EQ(csv, "1,\"a,b\",null,2024-01-02 03:04:05,\"it's \"\"x\"\"\"\n");
    o.format = FileFormat::kSql;
    o.table = "t";
    o.quote_char = "`";
    o.header = {"a", "b", "c", "d", "e"};
    std::string sql;
    TextRecordFormat(o).AppendRecord(row, sql);
    // Without nullFormat SqlWriter compares with \N, so the "null" text is quoted (DataX's output).
    EXPECT_EQ(sql, "INSERT INTO `t` (`a`,`b`,`c`,`d`,`e`) VALUES('1',' a,b ','null','2024-01-02 03:04:05','it''s \"x\"');\n");
    o.null_format_set = true;
    sql.clear();
    TextRecordFormat(o).AppendRecord(row, sql);
    EXPECT_NE(sql.find(",NULL,"), std::string::npos);
    EXPECT_EQ(TextRecordFormat(o).CommitAfter(2000), "commit;\n");
    TextRecordFormatOptions b;
    b.bytes_as_base64 = true;  // byteEncoding base64
    std::string bytes;
    TextRecordFormat(b).AppendRecord({Value::Bytes("hi!?"), Value::Bytes(std::string(60, 'x'))}, bytes);
    EXPECT_EQ(bytes, "aGkhPw==," + std::string("eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4") + "\n");
    EXPECT_EQ(TextRecordFormat(o).CommitAfter(1999), "");
}

TEST(DataxBytesTest, ColumnByteSizesAreDataxs) {
    EXPECT_EQ(DataxByteSize(Value::Text("hello，你好，世界-DataX")), 17);
    EXPECT_EQ(DataxByteSize(Value::Text("😀")), 2);  // a surrogate pair in Java
    EXPECT_EQ(DataxByteSize(Value::Int(-120)), 4);
    EXPECT_EQ(DataxByteSize(Value::Decimal("12.50")), 5);
    EXPECT_EQ(DataxByteSize(Value::Timestamp("2024-01-01 00:00:00.123")), 8);
    EXPECT_EQ(DataxByteSize(Value::Bool(true)), 1);
    EXPECT_EQ(DataxByteSize(Value::Bytes(std::string(5, '\0'))), 5);
    EXPECT_EQ(DataxByteSize(Value::Null()), 0);
}

class CsvReadTest : public ::testing::Test {
protected:
    std::vector<std::vector<std::string>> Read(const std::string& content, const CsvReadOptions& o) {
        std::string path = (std::filesystem::temp_directory_path() / "dbb_csv_read_test.txt").string();
        std::ofstream(path, std::ios::binary) << content;
        auto in = TextFileInput::Open(path, Compression::kNone);
        std::vector<std::vector<std::string>> out;
        std::vector<std::string> fields;
        std::vector<bool> quoted;
        while (in.ok()) {
            auto more = in.value()->NextRecord(o, fields, quoted);
            if (!more.ok()) {
                out.push_back({"error: " + more.status().message()});
                break;
            }
            if (!more.value()) {
                break;
            }
            out.push_back(fields);
        }
        std::remove(path.c_str());
        return out;
    }
};

TEST_F(CsvReadTest, JavacsvDefaultsTrimBlanksSkipEmptyLinesAndAcceptCrLineEnds) {
    CsvReadOptions o;
    auto rows = Read("1, 2 ,\t3\n\n  \"a b\" x, c\r4,5\r\n", o);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"a b", "c"}));  // text after the closing quote is dropped
    EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "5"}));
}

TEST_F(CsvReadTest, CsvReaderConfigSwitchesBehaviour) {
    CsvReadOptions o;
    o.trim_whitespace = false;
    o.skip_empty_records = false;
    o.use_text_qualifier = false;
    auto rows = Read("1, \"2\"\n\n", o);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"1", " \"2\""}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{""}));
    CsvReadOptions b;
    b.escape_backslash = true;
    EXPECT_EQ(Read("\"a\\\"b\",c\\,d\n", b)[0], (std::vector<std::string>{"a\"b", "c,d"}));
    CsvReadOptions safe;
    safe.safety_switch = true;
    auto big = Read(std::string(100001, 'x') + "\n", safe);
    ASSERT_EQ(big.size(), 1u);
    EXPECT_NE(big[0][0].find("Maximum column length of 100,000 exceeded"), std::string::npos) << big[0][0];
}

}  // namespace
}  // namespace dbbridge::core::engine
