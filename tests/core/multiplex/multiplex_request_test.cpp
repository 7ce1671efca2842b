#include "core/multiplex/multiplex_request.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/multiplex/multiplex_codes.h"

namespace dbbridge::core::multiplex {
namespace {

std::string ReadData(const std::string& name) {
    std::ifstream in(std::string(DBB_SOURCE_DIR) + "/tests/core/multiplex/data/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A valid pseudo-multiplex body; tests break one thing at a time.
std::string Body(const std::string& infos, const std::string& extra = "") {
    return R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":1,"traceId":"t1",)" + extra +
           R"("targetDialectInfos":)" + infos + "}";
}
const char* kTwo =
    R"([{"targetDialect":"ORACLE","sql":"select 1 from dual"},{"targetDialect":"DM","sql":"select 1 from dual"}])";

TEST(MultiplexRequestTest, SeedExampleOneAsPrintedIsRejectedNamingTheBadToken) {
    RequestCheck c = ParseMultiplexRequest(ReadData("seed_example1.json"));
    EXPECT_EQ(c.code, kCodeBadInput);
    EXPECT_NE(c.message.find("'ture'"), std::string::npos) << c.message;
    EXPECT_NE(c.message.find("line 3"), std::string::npos) << c.message;
    EXPECT_NE(c.message.find("column 22"), std::string::npos) << c.message;
}

TEST(MultiplexRequestTest, SeedExampleOneFixedIsTrueMultiplexWithGeneratedTraceId) {
    RequestCheck c = ParseMultiplexRequest(ReadData("seed_example1_fixed.json"));
    ASSERT_EQ(c.code, 0) << c.message;
    const auto& r = c.request;
    EXPECT_EQ(r.source_dialect, "ORACLE");
    EXPECT_TRUE(r.need_transform);
    EXPECT_EQ(r.bulk_mode, 1);
    ASSERT_EQ(r.entries.size(), 5u);
    EXPECT_TRUE(r.entries[0].is_source);
    EXPECT_EQ(r.entries[0].schema_name, "unisql_test");
    EXPECT_EQ(r.entries[1].dialect, "LIGHTDB_ORACLE");
    EXPECT_EQ(r.entries[4].dialect, "OCEAN_BASE_ORACLE");
    ASSERT_EQ(r.entries[0].binds.size(), 2u);
    EXPECT_EQ(r.entries[0].binds[0].name, "id");
    EXPECT_EQ(r.entries[0].binds[0].value.kind, sdk::ValueKind::kInt);
    EXPECT_EQ(r.entries[0].binds[0].value.i, 1);
    EXPECT_EQ(r.entries[0].binds[1].value.s, "测试");
    EXPECT_TRUE(r.trace_id_generated);
    ASSERT_EQ(r.trace_id.size(), 32u);
    EXPECT_EQ(r.trace_id.find_first_not_of("0123456789abcdef"), std::string::npos) << r.trace_id;
}

TEST(MultiplexRequestTest, SeedExamplesTwoAndThreeAreAccepted) {
    RequestCheck two = ParseMultiplexRequest(ReadData("seed_example2.json"));
    ASSERT_EQ(two.code, 0) << two.message;
    EXPECT_EQ(two.request.trace_id, "84cbb67ad75b47b689445f33c3d4cef3");
    EXPECT_FALSE(two.request.trace_id_generated);
    EXPECT_EQ(two.request.entries.size(), 5u);
    for (const char* f : {"seed_example3_call1.json", "seed_example3_call2.json"}) {
        RequestCheck c = ParseMultiplexRequest(ReadData(f));
        ASSERT_EQ(c.code, 0) << f << ": " << c.message;
        EXPECT_EQ(c.request.bulk_mode, 2);
        EXPECT_EQ(c.request.target_dialects.size(), 5u);
    }
}

TEST(MultiplexRequestTest, EmptyAndMalformedBodiesAre10000) {
    RequestCheck empty = ParseMultiplexRequest("  \n");
    EXPECT_EQ(empty.code, kCodeBadInput);
    EXPECT_EQ(empty.message, "入参不能为空!");
    RequestCheck arr = ParseMultiplexRequest("[1,2]");
    EXPECT_EQ(arr.code, kCodeBadInput);
    EXPECT_NE(arr.message.find("JSON对象"), std::string::npos) << arr.message;
    RequestCheck trunc = ParseMultiplexRequest(R"({"sourceDialect": "ORACLE", )");
    EXPECT_EQ(trunc.code, kCodeBadInput);
    EXPECT_NE(trunc.message.find("line 1"), std::string::npos) << trunc.message;
    RequestCheck bad_type = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","bulkMode":"one","traceId":"t","targetDialectInfos":)" + std::string(kTwo) + "}");
    EXPECT_EQ(bad_type.code, kCodeBadInput);
    EXPECT_NE(bad_type.message.find("字段[bulkMode]应为整数"), std::string::npos) << bad_type.message;
    RequestCheck dup_key = ParseMultiplexRequest(Body(kTwo, R"("bulkMode":2,)"));
    EXPECT_EQ(dup_key.code, kCodeBadInput);
    EXPECT_NE(dup_key.message.find("duplicate member \"bulkMode\""), std::string::npos) << dup_key.message;
}

TEST(MultiplexRequestTest, EveryValidationCodeWithTheSeedText) {
    EXPECT_EQ(ParseMultiplexRequest(R"({"sourceDialect":"ORACLE"})").code, kCodeNoTargetInfos);
    RequestCheck c1 = ParseMultiplexRequest(Body("[]"));
    EXPECT_EQ(c1.code, kCodeNoTargetInfos);
    EXPECT_EQ(c1.message, "目标数据库信息[targetDialectInfos]不能为空!");

    RequestCheck c2 = ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"x"},{"targetDialect":" "}])"));
    EXPECT_EQ(c2.code, kCodeEmptyTargetDialect);
    EXPECT_EQ(c2.message.rfind("目标数据库类型[targetDialect]不能为空!", 0), 0u) << c2.message;
    EXPECT_NE(c2.message.find("targetDialectInfos[1]"), std::string::npos);

    RequestCheck c3 = ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"x"},{"targetDialect":"mysql","sql":"x"}])"));
    EXPECT_EQ(c3.code, kCodeUnsupportedTarget);
    EXPECT_EQ(c3.message, "目标数据库类型[mysql]暂不支持!");

    std::string mysql_src = R"({"sourceDialect":"mysql","needTransform":false,"traceId":"t","targetDialectInfos":[)"
                            R"({"targetDialect":"MYSQL","sql":"x"},{"targetDialect":"dm","sql":"x"}]})";
    EXPECT_EQ(ParseMultiplexRequest(mysql_src).message, "目标数据库类型[dm]暂不支持!");

    RequestCheck c4 = ParseMultiplexRequest(R"({"sourceDialect":"db2","targetDialectInfos":[{"targetDialect":"DB2"}]})");
    EXPECT_EQ(c4.code, kCodeBadSourceDialect);
    EXPECT_EQ(c4.message, "源端数据库类型[db2]输入不正确,目前只持支oracle,mysql!");

    RequestCheck c5 = ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"  "},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(c5.code, kCodeMissingSourceSql);
    EXPECT_EQ(c5.message.rfind("输入的源sql不能为空!", 0), 0u) << c5.message;
    RequestCheck c5b = ParseMultiplexRequest(Body(R"([{"targetDialect":"DM","sql":"x"},{"targetDialect":"GAUSSDB_ORACLE","sql":"x"}])"));
    EXPECT_EQ(c5b.code, kCodeMissingSourceSql);
    EXPECT_NE(c5b.message.find("源端[ORACLE]"), std::string::npos) << c5b.message;

    RequestCheck c6 = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select @a from dual","sqlParameters":[{"name":"","type":12,"value":"x"}]},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(c6.code, kCodeEmptyBindName);
    EXPECT_EQ(c6.message.rfind("绑定变量名[name]不能为空!", 0), 0u) << c6.message;

    RequestCheck c7 = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select @a from dual","sqlParameters":[{"name":"a","type":1111,"value":"x"}]},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(c7.code, kCodeUnsupportedBindType);
    EXPECT_EQ(c7.message.rfind("绑定变量类型[1111]不支持!", 0), 0u) << c7.message;

    std::string no_trace = R"({"sourceDialect":"ORACLE","needTransform":false,"targetDialectInfos":)" + std::string(kTwo) + "}";
    RequestCheck c40004 = ParseMultiplexRequest(no_trace);
    EXPECT_EQ(c40004.code, kCodeEmptyTraceId);
    EXPECT_EQ(c40004.message.rfind("参数值[TraceId]不能为空", 0), 0u) << c40004.message;
}

TEST(MultiplexRequestTest, RulesTyingNeedTransformBulkModeTraceIdAndTargetDialects) {
    RequestCheck t2 = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":2,"traceId":"x","targetDialects":["ORACLE","DM"],"targetDialectInfos":)" +
        std::string(kTwo) + "}");
    EXPECT_EQ(t2.code, kCodeBadInput);
    EXPECT_NE(t2.message.find("bulkMode必须为1"), std::string::npos) << t2.message;

    RequestCheck bad_mode = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":3,"traceId":"x","targetDialectInfos":)" +
        std::string(kTwo) + "}");
    EXPECT_EQ(bad_mode.code, kCodeBadInput);
    EXPECT_NE(bad_mode.message.find("bulkMode[3]"), std::string::npos) << bad_mode.message;

    RequestCheck no_list = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"x","targetDialectInfos":)" +
        std::string(kTwo) + "}");
    EXPECT_EQ(no_list.code, kCodeBadInput);
    EXPECT_NE(no_list.message.find("targetDialects必须传入"), std::string::npos) << no_list.message;

    RequestCheck not_listed = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"x","targetDialects":["ORACLE"],"targetDialectInfos":)" +
        std::string(kTwo) + "}");
    EXPECT_EQ(not_listed.code, kCodeBadInput);
    EXPECT_NE(not_listed.message.find("[DM]不在targetDialects中"), std::string::npos) << not_listed.message;

    RequestCheck no_source = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"x","targetDialects":["DM"],"targetDialectInfos":[{"targetDialect":"DM","sql":"x"}]})");
    EXPECT_EQ(no_source.code, kCodeBadInput);
    EXPECT_NE(no_source.message.find("必须包含源库类型[ORACLE]"), std::string::npos) << no_source.message;

    RequestCheck dup = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"x"},{"targetDialect":"dm","sql":"x"},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(dup.code, kCodeBadInput);
    EXPECT_NE(dup.message.find("[DM]在targetDialectInfos中重复"), std::string::npos) << dup.message;

    RequestCheck alone = ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"x"}])"));
    EXPECT_EQ(alone.code, kCodeBadInput);
    EXPECT_NE(alone.message.find("至少需要源库和一个目标库"), std::string::npos) << alone.message;

    RequestCheck bad_trace = ParseMultiplexRequest(Body(kTwo).replace(Body(kTwo).find("\"t1\""), 4, "\"a b\""));
    EXPECT_EQ(bad_trace.code, kCodeBadInput);
    EXPECT_NE(bad_trace.message.find("traceId"), std::string::npos) << bad_trace.message;
}

TEST(MultiplexRequestTest, BindsMustCoverTheSqlAndConvert) {
    RequestCheck missing = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select * from t where a=@a and b=@b","sqlParameters":[{"name":"a","type":4,"value":1}]},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(missing.code, kCodeBadInput);
    EXPECT_NE(missing.message.find("[@b]未在sqlParameters中提供"), std::string::npos) << missing.message;

    RequestCheck in_literal = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select '@x' /* @y */ from t where a=@a -- @z\n","sqlParameters":[{"name":"a","type":4,"value":1}]},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(in_literal.code, 0) << in_literal.message;

    RequestCheck bad_value = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select @a from dual","sqlParameters":[{"name":"a","type":91,"value":"2024-02-30"}]},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(bad_value.code, kCodeBadInput);
    EXPECT_NE(bad_value.message.find("绑定变量[a]"), std::string::npos) << bad_value.message;
    EXPECT_NE(bad_value.message.find("DATE(91)"), std::string::npos) << bad_value.message;

    RequestCheck alias = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select @a from dual","sqlParameters":[{"name":"@a","variableType":3,"value":"1.50"}]},{"targetDialect":"DM","sql":"x"}])"));
    ASSERT_EQ(alias.code, 0) << alias.message;
    EXPECT_EQ(alias.request.entries[0].binds[0].value.kind, sdk::ValueKind::kDecimal);
    EXPECT_EQ(alias.request.entries[0].binds[0].value.s, "1.50");
}

TEST(MultiplexRequestTest, CompareRulesAndExtensionsAreRead) {
    RequestCheck c = ParseMultiplexRequest(Body(
        kTwo, R"("dryRun":true,"compareRules":{"ignoreColumns":["UPDATED_AT"],"roundDecimals":2,"ignoreCase":true},)"));
    ASSERT_EQ(c.code, 0) << c.message;
    EXPECT_TRUE(c.request.dry_run);
    EXPECT_TRUE(c.request.has_rules);
    EXPECT_EQ(c.request.rules.ignore_columns, std::vector<std::string>{"UPDATED_AT"});
    EXPECT_EQ(c.request.rules.round_decimals, 2);
    EXPECT_TRUE(c.request.rules.ignore_case);
}

// Hostile values: each is the seed's code with a message naming the field, never an exception.
TEST(MultiplexRequestTest, HostileValuesAreRefusedNamingTheField) {
    auto check = [](const std::string& body, int code, const std::vector<std::string>& expected) {
        RequestCheck c = ParseMultiplexRequest(body);
        EXPECT_EQ(c.code, code) << body << "\n" << c.message;
        for (const auto& e : expected) EXPECT_NE(c.message.find(e), std::string::npos) << e << " in " << c.message;
    };
    std::string two(kTwo);
    auto with_params = [](const std::string& params) {
        return R"([{"targetDialect":"ORACLE","sql":"select @n from dual","sqlParameters":)" + params +
               R"(},{"targetDialect":"DM","sql":"x"}])";
    };
    // Numbers beyond every integer type.
    auto bulk = [&](const std::string& mode) {
        return R"({"sourceDialect":"ORACLE","bulkMode":)" + mode + R"(,"traceId":"t","targetDialectInfos":)" + two + "}";
    };
    check(bulk("99999999999999999999"), kCodeBadInput, {"字段[bulkMode]", "超出范围"});
    check(bulk("-99999999999999999999999999999999"), kCodeBadInput, {"字段[bulkMode]"});
    check(bulk("1e400"), kCodeBadInput, {"字段[bulkMode]应为整数"});
    check(Body(two, R"("compareRules":{"roundDecimals":123456789012},)"), kCodeBadInput,
          {"compareRules.roundDecimals"});
    check(Body(with_params(R"([{"name":"n","type":4,"value":"99999999999999999999"}])")), kCodeBadInput,
          {"绑定变量[n]", "INTEGER(4)", "out of range", "targetDialectInfos[0](ORACLE)"});
    check(Body(with_params(R"([{"name":"n","type":-5,"value":-99999999999999999999}])")), kCodeBadInput,
          {"绑定变量[n]", "BIGINT(-5)", "out of range"});
    check(Body(with_params(R"([{"name":"n","type":8,"value":"1e999"}])")), kCodeBadInput, {"绑定变量[n]", "DOUBLE(8)"});
    check(Body(with_params(R"([{"name":"n","type":3,"value":"1e99999999999999999999"}])")), kCodeBadInput,
          {"绑定变量[n]", "DECIMAL(3)"});
    // A type that is not a number, or too large for one.
    check(Body(with_params(R"([{"name":"n","type":"4","value":1}])")), kCodeUnsupportedBindType,
          {"\"4\"", "targetDialectInfos[0].sqlParameters[0]", "绑定变量[n]"});
    check(Body(with_params(R"([{"name":"n","type":99999999999999999999,"value":1}])")), kCodeUnsupportedBindType,
          {"targetDialectInfos[0].sqlParameters[0]"});
    check(Body(with_params(R"([{"name":"n","type":4294967300,"value":1}])")), kCodeUnsupportedBindType,
          {"targetDialectInfos[0].sqlParameters[0]"});
    // Arrays where objects are expected, and the other way round.
    check(Body(R"([["ORACLE","select 1"],{"targetDialect":"DM","sql":"x"}])"), kCodeBadInput,
          {"targetDialectInfos[0]", "JSON对象"});
    check(Body(with_params(R"([["n",4,1]])")), kCodeBadInput, {"targetDialectInfos[0].sqlParameters[0]", "JSON对象"});
    check(Body(with_params(R"({"name":"n","type":4,"value":1})")), kCodeBadInput,
          {"targetDialectInfos[0].sqlParameters", "数组"});
    check(Body(with_params(R"([{"name":"n","type":4,"value":[1]}])")), kCodeBadInput, {"绑定变量[n]", "array"});
    check(Body(with_params(R"([{"name":"n","type":4,"value":{"v":1}}])")), kCodeBadInput, {"绑定变量[n]", "object"});
    check(Body(with_params(R"([{"name":["n"],"type":4,"value":1}])")), kCodeBadInput,
          {"targetDialectInfos[0].sqlParameters[0].name"});
    check(Body(two, R"("compareRules":[1],)"), kCodeBadInput, {"compareRules"});
    check(Body(two, R"("targetDialects":{"a":1},)"), kCodeBadInput, {"targetDialects"});
    check(Body(R"({"targetDialect":"ORACLE","sql":"x"})"), kCodeBadInput, {"targetDialectInfos", "数组"});
    check(Body(R"([{"targetDialect":{"name":"ORACLE"},"sql":"x"},{"targetDialect":"DM","sql":"x"}])"), kCodeBadInput,
          {"targetDialectInfos[0].targetDialect"});
}

TEST(MultiplexRequestTest, UnicodeIsKeptAndMalformedUnicodeNamed) {
    // Chinese text and a character outside the BMP (as a surrogate pair) reach the bind intact.
    RequestCheck ok = ParseMultiplexRequest(Body(
        R"([{"targetDialect":"ORACLE","sql":"select @s from dual",)"
        R"("sqlParameters":[{"name":"s","type":12,"value":"测试\ud83d\ude00😀"}]},)"
        R"({"targetDialect":"DM","sql":"select '中文' from dual"}])"));
    ASSERT_EQ(ok.code, 0) << ok.message;
    EXPECT_EQ(ok.request.entries[0].binds[0].value.s, "测试\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
    EXPECT_EQ(ok.request.entries[1].sql, "select '中文' from dual");

    RequestCheck lone = ParseMultiplexRequest(
        Body(R"([{"targetDialect":"ORACLE","sql":"select '\ud800' from dual"},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(lone.code, kCodeBadInput);
    EXPECT_NE(lone.message.find("unpaired surrogate \\ud800"), std::string::npos) << lone.message;
    EXPECT_NE(lone.message.find("\"sql\""), std::string::npos) << lone.message;
    RequestCheck low = ParseMultiplexRequest(
        Body(R"([{"targetDialect":"ORACLE","sql":"select '\uDC00' from dual"},{"targetDialect":"DM","sql":"x"}])"));
    EXPECT_EQ(low.code, kCodeBadInput);
    EXPECT_NE(low.message.find("unpaired surrogate \\uDC00"), std::string::npos) << low.message;

    for (const std::string& bad : {std::string("\xC3\x28"), std::string("\xED\xA0\x80"), std::string("\xFF"),
                                  std::string("\xC0\xAF"), std::string("\xE4\xB8")}) {
        RequestCheck c = ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"select ')" + bad +
                                                    R"(' from dual"},{"targetDialect":"DM","sql":"x"}])"));
        EXPECT_EQ(c.code, kCodeBadInput);
        EXPECT_NE(c.message.find("invalid UTF-8 byte"), std::string::npos) << c.message;
        EXPECT_NE(c.message.find("\"sql\""), std::string::npos) << c.message;
        EXPECT_NE(c.message.find("line 1"), std::string::npos) << c.message;
    }
    // A non-ASCII dialect or traceId is refused by the ordinary rules.
    RequestCheck dialect =
        ParseMultiplexRequest(Body(R"([{"targetDialect":"ORACLE","sql":"x"},{"targetDialect":"达梦","sql":"x"}])"));
    EXPECT_EQ(dialect.code, kCodeUnsupportedTarget);
    EXPECT_NE(dialect.message.find("达梦"), std::string::npos) << dialect.message;
    RequestCheck trace = ParseMultiplexRequest(
        R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"追踪","targetDialectInfos":)" + std::string(kTwo) + "}");
    EXPECT_EQ(trace.code, kCodeBadInput);
    EXPECT_NE(trace.message.find("traceId"), std::string::npos) << trace.message;
}

}  // namespace
}  // namespace dbbridge::core::multiplex
