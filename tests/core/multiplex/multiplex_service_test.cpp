#include "core/multiplex/multiplex_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/multiplex/in_memory_report_store.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/target_executor.h"
#include "tests/core/multiplex/fixture_dialect.h"

namespace dbbridge::core::multiplex {
namespace {

using testing::Answer;
using testing::FixedResolver;
using testing::FixtureDialect;
using testing::FixtureServer;

std::string ReadData(const std::string& name) {
    std::ifstream in(std::string(DBB_SOURCE_DIR) + "/tests/core/multiplex/data/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

JsonValue Json(const std::string& text) {
    auto r = ParseJson(text);
    EXPECT_TRUE(r.ok()) << r.status().message() << "\n" << text;
    return r.ok() ? r.value() : JsonValue();
}

std::string Str(const JsonValue& v, const char* key) {
    const JsonValue* x = v.Find(key);
    return x ? (x->is_string() ? x->text() : x->Serialize()) : "<absent>";
}

ReportFilter Paged(int page, int page_size) {
    ReportFilter f;
    f.page = page;
    f.page_size = page_size;
    return f;
}

sdk::ColumnInfo Col(const std::string& name, sdk::JdbcType t) {
    sdk::ColumnInfo c;
    c.name = name;
    c.jdbc_type = t;
    return c;
}

const char* kUpdate = "update unisql_test set name = ? where id=?";

// The in-memory store, made to fail on demand: a store that cannot save or read.
class FlakyStore : public InMemoryReportStore {
public:
    std::atomic<bool> fail_save{false};
    std::atomic<bool> fail_get{false};
    sdk::Status Save(const StoredReport& report) override {
        return fail_save ? sdk::Status::Unavailable("store: disk I/O error saving " + report.trace_id)
                         : InMemoryReportStore::Save(report);
    }
    sdk::Result<std::optional<StoredReport>> Get(const std::string& trace_id) override {
        if (fail_get) {
            return sdk::Status::Unavailable("store: connection lost reading " + trace_id);
        }
        return InMemoryReportStore::Get(trace_id);
    }
};

class MultiplexServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* d : {"ORACLE", "LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "DM", "OCEAN_BASE_ORACLE", "MYSQL",
                              "GAUSSDB500_ORACLE"}) {
            dialects_[d] = std::make_unique<FixtureDialect>(d, server_);
        }
        AddSource("ora", "ORACLE");
        AddSource("lightdb", "LIGHTDB_ORACLE");
        AddSource("gauss", "GAUSSDB_ORACLE");
        AddSource("dm", "DM");
        AddSource("ob", "OCEAN_BASE_ORACLE");
        AddSource("my", "MYSQL");
        AddSource("g500", "GAUSSDB500_ORACLE");
        sdk::ConnectionSpec down;
        down.dialect = "DM";
        down.host = "unreachable";
        down.database = "dm";
        resolver_.Add("dm-down", down);
        options_.targets = {{"ORACLE", "ora"}, {"LIGHTDB_ORACLE", "lightdb"}, {"GAUSSDB_ORACLE", "gauss"}, {"DM", "dm"},
                            {"OCEAN_BASE_ORACLE", "ob"}, {"MYSQL", "my"}, {"GAUSSDB500_ORACLE", "g500"}};
        options_.batch_wait_ms = 10000;
        options_.statement_timeout_ms = 5000;
        options_.worker_threads = 8;
        for (const char* db : {"ora/unisql_test", "lightdb/unisql_test1", "gauss/unisql_test2", "dm/unisql_test",
                               "ob/unisql_test"}) {
            Answer a;
            a.has_rows = false;
            a.affected = 1;
            server_.Set(db, kUpdate, a);
        }
    }

    void AddSource(const std::string& name, const std::string& dialect) {
        sdk::ConnectionSpec s;
        s.dialect = dialect;
        s.host = "fixture";
        s.database = name;
        resolver_.Add(name, s);
    }

    MultiplexService& Service() {
        if (!service_) {
            auto* d = &dialects_;
            service_ = std::make_unique<MultiplexService>(
                options_,
                [d](const std::string& n) -> const sdk::Dialect* {
                    auto it = d->find(n);
                    return it == d->end() ? nullptr : it->second.get();
                },
                resolver_, store_);
        }
        return *service_;
    }

    // Two-database SELECT request (ORACLE -> DM) in the pseudo mode.
    std::string Select(const std::string& trace, const std::string& src_sql, const std::string& dm_sql,
                       const std::string& extra = "") {
        return R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":1,"traceId":")" + trace + R"(",)" + extra +
               R"("targetDialectInfos":[{"targetDialect":"ORACLE","sql":")" + src_sql +
               R"("},{"targetDialect":"DM","sql":")" + dm_sql + R"("}]})";
    }

    void Rows(const std::string& db, const std::string& sql, std::vector<sdk::Record> rows) {
        Answer a;
        a.columns = {Col("ID", sdk::JdbcType::kInteger), Col("NAME", sdk::JdbcType::kVarchar)};
        a.rows = std::move(rows);
        server_.Set(db, sql, a);
    }

    JsonValue Report(const std::string& trace) { return Report2(trace, ""); }
    JsonValue Report2(const std::string& trace, const std::string& uid) {
        MultiplexResponse r = Service().GetReport(trace, uid);
        EXPECT_EQ(r.code, 0) << r.message;
        return Json(r.data_json);
    }

    FixtureServer server_;
    std::map<std::string, std::unique_ptr<FixtureDialect>> dialects_;
    FixedResolver resolver_;
    FlakyStore store_;
    MultiplexServiceOptions options_;
    std::unique_ptr<MultiplexService> service_;
};

TEST_F(MultiplexServiceTest, SeedExampleOneRunsTrueMultiplexOnFiveDatabases) {
    MultiplexResponse r = Service().Handle(ReadData("seed_example1_fixed.json"), "");
    ASSERT_EQ(r.code, 0) << r.message;
    EXPECT_EQ(r.message, "成功,比对结果一致");
    std::string trace = Str(Json(r.data_json), "traceId");
    EXPECT_EQ(trace.size(), 32u);
    auto executed = server_.executed();
    ASSERT_EQ(executed.size(), 5u);
    for (const auto& e : executed) {
        EXPECT_EQ(e.sql, kUpdate);
        ASSERT_EQ(e.binds.size(), 2u);
        EXPECT_EQ(e.binds[0].name, "name");  // placeholder order, not sqlParameters order
        EXPECT_EQ(e.binds[0].value.s, "测试");
        EXPECT_EQ(e.binds[1].value.i, 1);
    }
    JsonValue rep = Report(trace);
    EXPECT_EQ(Str(rep, "verdict"), "CONSISTENT");
    EXPECT_EQ(Str(rep, "sqlType"), "UPDATE");
    const JsonValue* targets = rep.Find("targets");
    ASSERT_TRUE(targets && targets->items().size() == 5);
    EXPECT_EQ(Str(targets->items()[1], "dialect"), "LIGHTDB_ORACLE");
    EXPECT_EQ(Str(targets->items()[1], "schema"), "unisql_test1");
    EXPECT_EQ(Str(targets->items()[1], "datasource"), "lightdb");
    EXPECT_EQ(Str(targets->items()[1], "executedSql"), kUpdate);
    EXPECT_NE(Str(targets->items()[1], "notes").find("identity from ORACLE"), std::string::npos);
    EXPECT_EQ(Str(targets->items()[1], "affectedRows"), "1");
    EXPECT_EQ(rep.Find("transformSqls")->items().size(), 4u);
}

TEST_F(MultiplexServiceTest, SeedExampleTwoAndTraceIdReuse) {
    MultiplexResponse r = Service().Handle(ReadData("seed_example2.json"), "");
    ASSERT_EQ(r.code, 0) << r.message;
    EXPECT_EQ(Str(Json(r.data_json), "traceId"), "84cbb67ad75b47b689445f33c3d4cef3");
    MultiplexResponse again = Service().Handle(ReadData("seed_example2.json"), "");
    EXPECT_EQ(again.code, kCodeBadInput);
    EXPECT_NE(again.message.find("已有比对报告"), std::string::npos) << again.message;
}

TEST_F(MultiplexServiceTest, ValidationErrorsComeBackWithSeedCodes) {
    MultiplexResponse bad = Service().Handle(ReadData("seed_example1.json"), "");
    EXPECT_EQ(bad.code, kCodeBadInput);
    EXPECT_NE(bad.message.find("ture"), std::string::npos);
    EXPECT_EQ(bad.data_json, "null");
    EXPECT_EQ(Service().Handle("", "").message, "入参不能为空!");
    EXPECT_EQ(Service().Handle(R"({"sourceDialect":"ORACLE","targetDialectInfos":[]})", "").code, kCodeNoTargetInfos);
    EXPECT_TRUE(server_.executed().empty());
}

TEST_F(MultiplexServiceTest, AffectedCountDifferenceIs40005) {
    Answer zero;
    zero.has_rows = false;
    zero.affected = 0;
    server_.Set("gauss/unisql_test2", kUpdate, zero);
    MultiplexResponse r = Service().Handle(ReadData("seed_example2.json"), "");
    EXPECT_EQ(r.code, kCodeInconsistent);
    EXPECT_EQ(r.message, "比对报告结果不一致,可通过traceId,前往比对报告界面查看比对结果");
    JsonValue rep = Report("84cbb67ad75b47b689445f33c3d4cef3");
    EXPECT_EQ(Str(rep, "verdict"), "INCONSISTENT");
    EXPECT_NE(Str(rep, "reasons").find("affected rows differ: ORACLE 1, GAUSSDB_ORACLE 0"), std::string::npos)
        << Str(rep, "reasons");
}

TEST_F(MultiplexServiceTest, DifferingRowsAreShownInTheReportAndHtmlEscapes) {
    Rows("ora", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}, {sdk::Value::Int(2), sdk::Value::Text("<b>")}});
    Rows("dm", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}, {sdk::Value::Int(2), sdk::Value::Text("<script>")}});
    MultiplexResponse r = Service().Handle(Select("sel1", "select id, name from t", "select id, name from t"), "");
    ASSERT_EQ(r.code, kCodeInconsistent) << r.message;
    JsonValue rep = Report("sel1");
    const JsonValue* diff = rep.Find("resultDiff");
    ASSERT_NE(diff, nullptr);
    EXPECT_EQ(Str(*diff, "columns"), R"(["ID","NAME"])");
    const JsonValue* data = diff->Find("data");
    ASSERT_TRUE(data && data->items().size() == 1);
    const JsonValue& name_cell = data->items()[0].items()[1];
    EXPECT_EQ(Str(name_cell, "s"), "<b>");
    EXPECT_EQ(Str(name_cell, "t0"), "<script>");
    EXPECT_EQ(Str(name_cell, "diff"), "1");
    EXPECT_EQ(Str(data->items()[0].items()[0], "diff"), "0");
    const JsonValue* targets = rep.Find("targets");
    EXPECT_EQ(Str(targets->items()[0], "rowCount"), "2");
    EXPECT_FALSE(Str(targets->items()[0], "checksum").empty());
    std::string html = Service().ReportHtml("sel1", "");
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("class=\"diff\""), std::string::npos);
}

TEST_F(MultiplexServiceTest, RoutingAndConnectionFailuresAre30000NamingTheTarget) {
    options_.targets.erase("DM");
    MultiplexResponse r = Service().Handle(Select("route1", "select 1 from dual", "select 1 from dual"), "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_EQ(r.message.rfind("多发数据库执行异常", 0), 0u) << r.message;
    EXPECT_NE(r.message.find("[DM] 没有路由"), std::string::npos) << r.message;
    EXPECT_TRUE(server_.executed().empty());  // nothing ran anywhere

    std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"down1","targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":"select 1 from dual"},)"
                       R"({"targetDialect":"DM","datasourceName":"dm-down","sql":"select 1 from dual"}]})";
    Rows("ora", "select 1 from dual", {});
    MultiplexResponse down = Service().Handle(body, "");
    EXPECT_EQ(down.code, kCodeExecution);
    EXPECT_NE(down.message.find("[DM] 数据源[dm-down] 连接失败"), std::string::npos) << down.message;
    EXPECT_NE(down.message.find("Connection refused"), std::string::npos) << down.message;
    JsonValue rep = Json(Service().GetReport("down1", "").data_json);
    EXPECT_EQ(Str(rep, "status"), "failed");

    std::string unknown = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"nods","targetDialectInfos":[)"
                          R"({"targetDialect":"ORACLE","sql":"x"},{"targetDialect":"DM","datasourceName":"nope","sql":"x"}]})";
    MultiplexResponse nods = Service().Handle(unknown, "");
    EXPECT_EQ(nods.code, kCodeExecution);
    EXPECT_NE(nods.message.find("数据源[nope]无法解析"), std::string::npos) << nods.message;
}

TEST_F(MultiplexServiceTest, StatementTimeoutIs30000) {
    options_.statement_timeout_ms = 150;
    Rows("ora", "select 1 from dual", {});
    Answer slow;
    slow.delay_ms = 3000;
    server_.Set("dm", "select 1 from dual", slow);
    auto t0 = std::chrono::steady_clock::now();
    MultiplexResponse r = Service().Handle(Select("slow1", "select 1 from dual", "select 1 from dual"), "");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[DM]"), std::string::npos);
    EXPECT_NE(r.message.find("执行超时"), std::string::npos) << r.message;
}

TEST_F(MultiplexServiceTest, TranspileFailureIsReportedPerTarget) {
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":true,"targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":"select UNTRANSLATABLE from dual"},{"targetDialect":"DM"}]})";
    MultiplexResponse r = Service().Handle(body, "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[DM] SQL转换失败(ORACLE -> DM)"), std::string::npos) << r.message;
}

TEST_F(MultiplexServiceTest, ErrorsCompareByClass) {
    Answer ora;
    ora.error_code = "ORA-00001";
    Answer dm;
    dm.error_code = "-6602";
    server_.Set("ora", "insert into t values (1)", ora);
    server_.Set("dm", "insert into t values (1)", dm);
    EXPECT_EQ(Service().Handle(Select("err1", "insert into t values (1)", "insert into t values (1)"), "").code, 0);
    Answer syntax;
    syntax.error_code = "42601";
    syntax.sql_state = "42601";
    server_.Set("dm", "insert into t values (2)", syntax);
    server_.Set("ora", "insert into t values (2)", ora);
    MultiplexResponse r = Service().Handle(Select("err2", "insert into t values (2)", "insert into t values (2)"), "");
    EXPECT_EQ(r.code, kCodeInconsistent);
    EXPECT_NE(Str(Report("err2"), "reasons").find("error class differs: ORACLE unique_violation"), std::string::npos);
    // Rows on one side, an error on the other: the outcome class differs.
    Rows("ora", "select 3", {});
    server_.Set("dm", "select 3", syntax);
    EXPECT_EQ(Service().Handle(Select("err3", "select 3", "select 3"), "").code, kCodeInconsistent);
    EXPECT_NE(Str(Report("err3"), "reasons").find("outcome differs"), std::string::npos);
}

TEST_F(MultiplexServiceTest, NonDeterministicStatementIsNotInconsistent) {
    Answer a;
    a.columns = {Col("NOW", sdk::JdbcType::kTimestamp)};
    a.rows = {{sdk::Value::Timestamp("2024-01-01 10:00:00")}};
    server_.Set("ora", "select sysdate from dual", a);
    a.rows = {{sdk::Value::Timestamp("2024-01-01 10:00:01")}};
    server_.Set("dm", "select sysdate from dual", a);
    MultiplexResponse r = Service().Handle(Select("nd1", "select sysdate from dual", "select sysdate from dual"), "");
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.message, kMsgNonDeterministic);
    JsonValue rep = Report("nd1");
    EXPECT_EQ(Str(rep, "verdict"), "NON_DETERMINISTIC");
    EXPECT_EQ(Str(rep, "nonDeterministicReason"), "SYSDATE");
}

TEST_F(MultiplexServiceTest, DryRunRollsBackAndSnapshotsCompare) {
    Rows("ora", "select id, name from t where id = 1", {{sdk::Value::Int(1), sdk::Value::Text("x")}});
    Rows("dm", "select id, name from t where id = 1", {{sdk::Value::Int(1), sdk::Value::Text("y")}});
    Answer upd;
    upd.has_rows = false;
    upd.affected = 1;
    server_.Set("ora", "update t set name = 'x' where id = 1", upd);
    server_.Set("dm", "update t set name = 'x' where id = 1", upd);
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"dry1","dryRun":true,"targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":"update t set name = 'x' where id = 1","afterSqls":["select id, name from t where id = 1"]},)"
                       R"({"targetDialect":"DM","sql":"update t set name = 'x' where id = 1","afterSqls":"select id, name from t where id = 1"}]})";
    MultiplexResponse r = Service().Handle(body, "");
    EXPECT_EQ(r.code, kCodeInconsistent) << r.message;
    EXPECT_EQ(server_.rollbacks.load(), 2);
    JsonValue rep = Report("dry1");
    EXPECT_NE(Str(rep, "reasons").find("afterSqls[0]"), std::string::npos) << Str(rep, "reasons");
    const JsonValue* after = rep.Find("afterDiff");
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(Str(after->Find("data")->items()[0].items()[1], "t0"), "y");
}

TEST_F(MultiplexServiceTest, TrueMultiplexTargetsInheritTranslatedSnapshots) {
    Answer upd;
    upd.has_rows = false;
    upd.affected = 1;
    server_.Set("ora", "update t set name = 'x' where id = 1", upd);
    server_.Set("dm", "update t set name = 'x' where id = 1", upd);
    Rows("ora", "select id, name from t where id = 1", {{sdk::Value::Int(1), sdk::Value::Text("x")}});
    Rows("dm", "select id, name from t where id = 1", {{sdk::Value::Int(1), sdk::Value::Text("x")}});
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":true,"traceId":"tm1","targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":"update t set name = 'x' where id = 1","afterSqls":["select id, name from t where id = 1"]},)"
                       R"({"targetDialect":"DM"}]})";
    MultiplexResponse r = Service().Handle(body, "");
    EXPECT_EQ(r.code, 0) << r.message;
    JsonValue rep = Report("tm1");
    const JsonValue& dm = rep.Find("targets")->items()[1];
    ASSERT_EQ(dm.Find("after")->items().size(), 1u);
    EXPECT_EQ(Str(dm.Find("after")->items()[0], "rowCount"), "1");
    EXPECT_EQ(Str(*rep.Find("afterDiff"), "rowCounts"), R"({"ORACLE":1,"DM":1})");
}

TEST_F(MultiplexServiceTest, BulkModeTwoCompletesByArrival) {
    MultiplexResponse first = Service().Handle(ReadData("seed_example3_call1.json"), "");
    ASSERT_EQ(first.code, 0) << first.message;
    EXPECT_EQ(first.message, kMsgBatchWaiting);
    MultiplexResponse pending = Service().GetReport("84cbb67ad75b47b689445f33c3d4cef3", "");
    EXPECT_EQ(pending.code, 0);
    JsonValue p = Json(pending.data_json);
    EXPECT_EQ(Str(p, "status"), "pending");
    EXPECT_EQ(Str(p, "waitingFor"), R"(["ORACLE","LIGHTDB_ORACLE","GAUSSDB_ORACLE"])");
    MultiplexResponse second = Service().Handle(ReadData("seed_example3_call2.json"), "");
    ASSERT_EQ(second.code, 0) << second.message;
    EXPECT_EQ(second.message, kMsgBatchWaiting);
    EXPECT_EQ(Service().PendingBatches(), 0u);
    JsonValue rep = Report("84cbb67ad75b47b689445f33c3d4cef3");
    EXPECT_EQ(Str(rep, "status"), "complete");
    EXPECT_EQ(Str(rep, "verdict"), "CONSISTENT");
    EXPECT_EQ(Str(*rep.Find("batch"), "completedBy"), "arrival");
    EXPECT_EQ(Str(rep, "targetDatabases"), R"(["LIGHTDB_ORACLE","GAUSSDB_ORACLE","DM","OCEAN_BASE_ORACLE"])");

    // A call after the batch was compared is recorded as late, not run.
    std::size_t ran = server_.executed().size();
    MultiplexResponse late = Service().Handle(ReadData("seed_example3_call1.json"), "");
    EXPECT_EQ(late.code, 0);
    EXPECT_NE(late.message.find("迟到"), std::string::npos) << late.message;
    EXPECT_EQ(server_.executed().size(), ran);
    EXPECT_NE(Str(*Report("84cbb67ad75b47b689445f33c3d4cef3").Find("batch"), "late").find("DM"), std::string::npos);
}

// A report the store cannot save is an error to the caller (-1) and to GetReport (40006), never
// "no report" (40002); a store that cannot be read is 40006 before anything runs.
TEST_F(MultiplexServiceTest, StoreFailuresSurfaceWithSeedCodes) {
    Rows("ora", "select 1 from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Rows("dm", "select 1 from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    store_.fail_save = true;
    MultiplexResponse r = Service().Handle(Select("unsaved-1", "select 1 from t", "select 1 from t"), "");
    EXPECT_EQ(r.code, kCodeUnknown);
    EXPECT_NE(r.message.find("比对报告保存失败: store: disk I/O error saving unsaved-1"), std::string::npos) << r.message;
    MultiplexResponse get = Service().GetReport("unsaved-1", "");
    EXPECT_EQ(get.code, kCodeReportQueryError) << get.message;
    EXPECT_NE(get.message.find("比对报告保存失败"), std::string::npos) << get.message;
    EXPECT_EQ(Service().GetReport("unsaved-1", "someone-else").code, kCodeReportFailed);

    // bulkMode 2: the pending report of the first call cannot be saved.
    MultiplexResponse first = Service().Handle(ReadData("seed_example3_call1.json"), "");
    EXPECT_EQ(first.code, kCodeUnknown) << first.message;
    EXPECT_NE(first.message.find("比对报告保存失败"), std::string::npos) << first.message;

    // Reading fails: the traceId cannot be checked, so nothing runs.
    store_.fail_save = false;
    store_.fail_get = true;
    const std::size_t ran = server_.executed().size();
    MultiplexResponse unread = Service().Handle(Select("unread-1", "select 1 from t", "select 1 from t"), "");
    EXPECT_EQ(unread.code, kCodeReportQueryError);
    EXPECT_NE(unread.message.find("store: connection lost reading unread-1"), std::string::npos) << unread.message;
    EXPECT_EQ(server_.executed().size(), ran);
    EXPECT_EQ(Service().GetReport("unread-1", "").code, kCodeReportQueryError);

    // Once the store works again, a new save of the same traceId clears the remembered failure.
    store_.fail_get = false;
    EXPECT_EQ(Service().Handle(Select("unsaved-1", "select 1 from t", "select 1 from t"), "").code, 0);
    EXPECT_EQ(Service().GetReport("unsaved-1", "").code, 0);
}

// Differences are typed by the comparator: a column difference is structural (40005 even for a
// non-deterministic statement), a value difference of such a statement is not.
TEST_F(MultiplexServiceTest, VerdictReadsDifferenceKindsNotMessages) {
    Answer one_col;
    one_col.columns = {Col("ID", sdk::JdbcType::kInteger)};
    one_col.rows = {{sdk::Value::Int(1)}};
    server_.Set("ora", "select sysdate from t", one_col);
    Rows("dm", "select sysdate from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    MultiplexResponse r = Service().Handle(Select("kinds-1", "select sysdate from t", "select sysdate from t"), "");
    EXPECT_EQ(r.code, kCodeInconsistent) << r.message;
    JsonValue rep = Report("kinds-1");
    EXPECT_NE(Str(rep, "differences").find(R"({"kind":"STRUCTURAL","message":"column count differs)"), std::string::npos)
        << Str(rep, "differences");
}

TEST_F(MultiplexServiceTest, BulkModeTwoCompletesByTimeoutOrExpires) {
    options_.batch_wait_ms = 300;
    std::string call = R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"TRACE",)"
                       R"("targetDialects":["ORACLE","DM","OCEAN_BASE_ORACLE"],"targetDialectInfos":[INFOS]})";
    auto make = [&](const std::string& trace, const std::string& infos) {
        std::string b = call;
        b.replace(b.find("TRACE"), 5, trace);
        b.replace(b.find("INFOS"), 5, infos);
        return b;
    };
    Rows("ora", "select 1", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Rows("dm", "select 1", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    ASSERT_EQ(Service().Handle(make("to1", R"({"targetDialect":"DM","sql":"select 1"})"), "").code, 0);
    ASSERT_EQ(Service().Handle(make("to1", R"({"targetDialect":"ORACLE","sql":"select 1"})"), "").code, 0);
    ASSERT_EQ(Service().Handle(make("to2", R"({"targetDialect":"DM","sql":"select 1"})"), "").code, 0);
    EXPECT_EQ(Json(Service().GetReport("to1", "").data_json).Find("status")->text(), "pending");
    // The wait is 300 ms; allow a loaded machine up to 10 s before calling it a failure.
    auto pending = [&](const char* t) {
        return Str(Json(Service().GetReport(t, "").data_json), "status") == "pending";
    };
    for (int i = 0; i < 200 && (pending("to1") || pending("to2")); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    JsonValue rep = Report("to1");
    EXPECT_EQ(Str(rep, "status"), "complete");
    EXPECT_EQ(Str(rep, "verdict"), "CONSISTENT");
    EXPECT_EQ(Str(*rep.Find("batch"), "completedBy"), "timeout");
    EXPECT_EQ(Str(*rep.Find("batch"), "missing"), R"(["OCEAN_BASE_ORACLE"])");
    // Only a target arrived: nothing to compare against, the report times out.
    MultiplexResponse expired = Service().GetReport("to2", "");
    EXPECT_EQ(expired.code, kCodeReportTimeout);
    EXPECT_EQ(expired.message, "比对报告结果获取超时");
}

TEST_F(MultiplexServiceTest, FiftyConcurrentRequestsAndConcurrentBatchCalls) {
    Rows("ora", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Rows("dm", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Service();  // created once, before the threads share it
    std::vector<std::thread> threads;
    std::vector<int> codes(50, -99);
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&, i] {
            codes[static_cast<std::size_t>(i)] =
                Service()
                    .Handle(Select("c" + std::to_string(i), "select id, name from t", "select id, name from t"), "")
                    .code;
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < 50; ++i) EXPECT_EQ(codes[static_cast<std::size_t>(i)], 0) << i;
    threads.clear();

    // Five calls of one batch at once, one dialect each.
    std::vector<std::string> dialects = {"ORACLE", "LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "DM", "OCEAN_BASE_ORACLE"};
    std::vector<std::string> dbs = {"ora", "lightdb", "gauss", "dm", "ob"};
    for (const auto& db : dbs) Rows(db, "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    std::vector<int> batch_codes(5, -99);
    for (std::size_t i = 0; i < 5; ++i) {
        threads.emplace_back([&, i] {
            std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"conc",)"
                               R"("targetDialects":["ORACLE","LIGHTDB_ORACLE","GAUSSDB_ORACLE","DM","OCEAN_BASE_ORACLE"],)"
                               R"("targetDialectInfos":[{"targetDialect":")" + dialects[i] +
                               R"(","sql":"select id, name from t"}]})";
            batch_codes[i] = Service().Handle(body, "").code;
        });
    }
    for (auto& t : threads) t.join();
    for (int c : batch_codes) EXPECT_EQ(c, 0);
    JsonValue rep = Report("conc");
    EXPECT_EQ(Str(rep, "status"), "complete");
    EXPECT_EQ(Str(rep, "verdict"), "CONSISTENT");
    EXPECT_EQ(rep.Find("targets")->items().size(), 5u);
    EXPECT_LT(server_.connects.load(), 60);  // connections are reused from the pool
}

TEST_F(MultiplexServiceTest, ReportLookupCodesAndPaging) {
    EXPECT_EQ(Service().GetReport(" ", "").code, kCodeEmptyTraceId);
    EXPECT_EQ(Service().GetReport(" ", "").message, "参数值[TraceId]不能为空");
    MultiplexResponse unknown = Service().GetReport("nope", "");
    EXPECT_EQ(unknown.code, kCodeReportFailed);
    EXPECT_EQ(unknown.message.rfind("获取比对结果失败!", 0), 0u);
    Rows("ora", "select id, name from t", {});
    Rows("dm", "select id, name from t", {});
    for (int i = 0; i < 3; ++i) {
        std::string body = Select("p" + std::to_string(i), "select id, name from t", "select id, name from t");
        ASSERT_EQ(Service().Handle(body, "").code, 0);
    }
    MultiplexResponse page = Service().ListReports(Paged(1, 2), "");
    ASSERT_EQ(page.code, 0);
    JsonValue d = Json(page.data_json);
    EXPECT_EQ(Str(d, "total"), "3");
    EXPECT_EQ(d.Find("items")->items().size(), 2u);
    EXPECT_EQ(Str(d.Find("items")->items()[0], "traceId"), "p2");
    EXPECT_EQ(Str(d.Find("items")->items()[0], "verdict"), "CONSISTENT");
    EXPECT_EQ(Service().ListReports(Paged(0, 10), "").code, kCodeBadInput);
    ReportFilter bad = Paged(1, 10);
    bad.status = "done";
    MultiplexResponse refused = Service().ListReports(bad, "");
    EXPECT_EQ(refused.code, kCodeBadInput);
    EXPECT_NE(refused.message.find("status"), std::string::npos) << refused.message;
    ReportFilter backwards = Paged(1, 10);
    backwards.from_ms = 2000;
    backwards.to_ms = 1000;
    EXPECT_NE(Service().ListReports(backwards, "").message.find("from"), std::string::npos);
    ReportFilter consistent = Paged(1, 10);
    consistent.consistent = 1;
    consistent.status = "complete";
    EXPECT_EQ(Str(Json(Service().ListReports(consistent, "").data_json), "total"), "3");
    EXPECT_EQ(Service().CountReports(consistent, "").value(), 3);
    consistent.consistent = 0;
    EXPECT_EQ(Str(Json(Service().ListReports(consistent, "").data_json), "total"), "0");
    EXPECT_EQ(Service().CountReports(consistent, "").value(), 0);
}

TEST_F(MultiplexServiceTest, CommandLineRunsAFile) {
    std::string path = ::testing::TempDir() + "/mux_request.json";
    {
        std::ofstream out(path);
        out << ReadData("seed_example2.json");
    }
    std::ostringstream out;
    EXPECT_EQ(RunMultiplexFile(path, Service(), out, true), 0);
    EXPECT_NE(out.str().find(R"("code":0)"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("CONSISTENT"), std::string::npos) << out.str();
    std::ostringstream missing;
    EXPECT_EQ(RunMultiplexFile(path + ".nope", Service(), missing), 1);
    EXPECT_NE(missing.str().find("无法读取请求文件"), std::string::npos);
}

// Reports and datasources belong to users: bob can neither run SQL on alice's datasource nor
// read, list, overwrite or join her reports.
TEST_F(MultiplexServiceTest, AnotherUsersDatasourcesAndReportsAreInvisible) {
    sdk::ConnectionSpec pg1;
    pg1.dialect = "DM";
    pg1.host = "fixture";
    pg1.database = "alice_db";
    resolver_.Add("pg1", pg1, "alice");
    Rows("ora", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Rows("alice_db", "select id, name from t", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    auto body = [](const std::string& trace) {
        return R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":")" + trace +
               R"(","targetDialectInfos":[{"targetDialect":"ORACLE","datasourceName":"pg1","sql":"select id, name from t"},)"
               R"({"targetDialect":"DM","datasourceName":"pg1","sql":"select id, name from t"}]})";
    };
    MultiplexResponse bob = Service().Handle(body("own-bob"), "bob");
    EXPECT_EQ(bob.code, kCodeExecution);
    EXPECT_NE(bob.message.find("[ORACLE] 数据源[pg1]无法解析"), std::string::npos) << bob.message;
    EXPECT_NE(bob.message.find("[DM] 数据源[pg1]无法解析"), std::string::npos) << bob.message;
    EXPECT_TRUE(server_.executed().empty());  // nothing ran on alice's database
    // The configured routes are resolved for the caller too: "ora" and "dm" are the default user's.
    MultiplexResponse routed =
        Service().Handle(Select("own-route", "select id, name from t", "select id, name from t"), "bob");
    EXPECT_EQ(routed.code, kCodeExecution);
    EXPECT_NE(routed.message.find("[ORACLE] 数据源[ora]无法解析"), std::string::npos) << routed.message;
    EXPECT_TRUE(server_.executed().empty());

    MultiplexResponse alice = Service().Handle(body("own-alice"), "alice");
    ASSERT_EQ(alice.code, 0) << alice.message;
    EXPECT_EQ(server_.executed().size(), 2u);
    EXPECT_EQ(Service().GetReport("own-alice", "alice").code, 0);
    MultiplexResponse peek = Service().GetReport("own-alice", "bob");
    EXPECT_EQ(peek.code, kCodeReportFailed);
    EXPECT_EQ(peek.message, std::string(kMsgReportFailed) + " traceId[own-alice]没有比对报告");  // as if missing
    EXPECT_EQ(peek.data_json, "null");
    EXPECT_EQ(Service().ReportHtml("own-alice", "bob").find("alice_db"), std::string::npos);
    EXPECT_EQ(Str(Json(Service().ListReports(Paged(1, 10), "bob").data_json), "total"), "0");
    EXPECT_EQ(Str(Json(Service().ListReports(Paged(1, 10), "alice").data_json), "total"), "1");
    EXPECT_EQ(Service().CountReports(Paged(1, 1), "bob").value(), 0);
    EXPECT_EQ(Service().CountReports(Paged(1, 1), "alice").value(), 1);
    // Reusing her traceId neither runs nor replaces her report.
    resolver_.Add("pg1", pg1, "bob");
    MultiplexResponse steal = Service().Handle(body("own-alice"), "bob");
    EXPECT_EQ(steal.code, kCodeBadInput);
    EXPECT_NE(steal.message.find("已被使用"), std::string::npos) << steal.message;
    EXPECT_EQ(server_.executed().size(), 2u);
    EXPECT_EQ(Str(Report2("own-alice", "alice"), "status"), "complete");

    // bulkMode 2: bob can neither join alice's waiting batch nor see it.
    std::string call = R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"own-batch",)"
                       R"("targetDialects":["ORACLE","DM"],"targetDialectInfos":[{"targetDialect":"DIALECT",)"
                       R"("datasourceName":"pg1","sql":"select id, name from t"}]})";
    auto batch_call = [&](const std::string& dialect) {
        std::string b = call;
        b.replace(b.find("DIALECT"), 7, dialect);
        return b;
    };
    ASSERT_EQ(Service().Handle(batch_call("ORACLE"), "alice").code, 0);
    EXPECT_EQ(Service().GetReport("own-batch", "bob").code, kCodeReportFailed);
    MultiplexResponse join = Service().Handle(batch_call("DM"), "bob");
    EXPECT_EQ(join.code, kCodeBadInput);
    EXPECT_NE(join.message.find("已被使用"), std::string::npos) << join.message;
    EXPECT_EQ(Str(Report2("own-batch", "alice"), "status"), "pending");
    ASSERT_EQ(Service().Handle(batch_call("DM"), "alice").code, 0);
    EXPECT_EQ(Str(Report2("own-batch", "alice"), "verdict"), "CONSISTENT");
    EXPECT_EQ(Service().GetReport("own-batch", "bob").code, kCodeReportFailed);
    // A late call by bob is neither recorded in her report nor run.
    std::size_t ran = server_.executed().size();
    EXPECT_EQ(Service().Handle(batch_call("DM"), "bob").code, kCodeBadInput);
    EXPECT_EQ(server_.executed().size(), ran);
    EXPECT_EQ(Str(*Report2("own-batch", "alice").Find("batch"), "late"), "[]");
}

TEST_F(MultiplexServiceTest, AThrowWhileRoutingIsThatTargetsFailure) {
    resolver_.ThrowOn("dm");
    Rows("ora", "select 1 from dual", {});
    MultiplexResponse r = Service().Handle(Select("throw1", "select 1 from dual", "select 1 from dual"), "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[DM]"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("[DM] 数据源[dm] 执行异常: store connection lost while resolving 'dm'"), std::string::npos)
        << r.message;
    EXPECT_EQ(r.message.find("[ORACLE]"), std::string::npos) << r.message;
    EXPECT_TRUE(server_.executed().empty());
    // The service keeps serving.
    MultiplexResponse again = Service().Handle(Select("throw2", "select 1 from dual", "select 1 from dual"), "");
    EXPECT_EQ(again.code, kCodeExecution);
    EXPECT_NE(again.message.find("[DM]"), std::string::npos) << again.message;
}

TEST_F(MultiplexServiceTest, APluginReturningNoConnectionFailsThatTargetOnly) {
    sdk::ConnectionSpec broken;
    broken.dialect = "DM";
    broken.host = "null-connection";
    resolver_.Add("dm-null", broken);
    Rows("ora", "select 1 from dual", {});
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"null1","targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":"select 1 from dual"},)"
                       R"({"targetDialect":"DM","datasourceName":"dm-null","sql":"select 1 from dual"}]})";
    MultiplexResponse r = Service().Handle(body, "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[DM] 数据源[dm-null] 连接失败"), std::string::npos) << r.message;
    EXPECT_EQ(Str(Report("null1"), "status"), "failed");
}

// A store failing while a timed-out batch is compared on a worker thread: the report says so
// instead of staying "pending" for ever, and the service survives.
class SaveFailsOnComplete : public InMemoryReportStore {
public:
    sdk::Status Save(const StoredReport& report) override {
        if (report.status == "complete") throw std::runtime_error("disk full while saving " + report.trace_id);
        return InMemoryReportStore::Save(report);
    }
};

// The final report of a batch compared on a worker (no caller waits) cannot be saved: GetReport
// answers 40006 with the store's error instead of "pending" for ever or "no report".
TEST_F(MultiplexServiceTest, AStoreThatThrowsSavingATimedOutBatchIsAnsweredByGetReport) {
    SaveFailsOnComplete store;
    options_.batch_wait_ms = 200;
    auto* d = &dialects_;
    MultiplexService service(
        options_,
        [d](const std::string& n) -> const sdk::Dialect* {
            auto it = d->find(n);
            return it == d->end() ? nullptr : it->second.get();
        },
        resolver_, store);
    Rows("ora", "select 1", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    Rows("dm", "select 1", {{sdk::Value::Int(1), sdk::Value::Text("a")}});
    std::string call = R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"fail-batch",)"
                       R"("targetDialects":["ORACLE","DM","OCEAN_BASE_ORACLE"],"targetDialectInfos":[)";
    ASSERT_EQ(service.Handle(call + R"({"targetDialect":"ORACLE","sql":"select 1"}]})", "").code, 0);
    ASSERT_EQ(service.Handle(call + R"({"targetDialect":"DM","sql":"select 1"}]})", "").code, 0);
    auto status = [&] { return Str(Json(service.GetReport("fail-batch", "").data_json), "status"); };
    for (int i = 0; i < 200 && status() == "pending"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    MultiplexResponse r = service.GetReport("fail-batch", "");
    EXPECT_EQ(r.code, kCodeReportQueryError) << r.message;
    EXPECT_NE(r.message.find("比对报告保存失败: disk full while saving fail-batch"), std::string::npos) << r.message;
    EXPECT_EQ(service.GetReport("fail-batch", "other").code, kCodeReportFailed);  // still the caller's
}

TEST(TargetGuardTest, AnExceptionBecomesTheTargetsFailure) {
    TargetRun run;
    run.dialect = "DM";
    run.datasource = "dm1";
    RunTargetGuarded(run, [] {});
    EXPECT_FALSE(run.failed);
    RunTargetGuarded(run, [] { throw std::length_error("basic_string::_M_create"); });
    EXPECT_TRUE(run.failed);
    EXPECT_EQ(run.failure, "[DM] 数据源[dm1] 执行异常: basic_string::_M_create");
    TargetRun other;
    other.dialect = "MYSQL";
    RunTargetGuarded(other, [] { throw 42; });
    EXPECT_EQ(other.failure, "[MYSQL] 数据源[] 执行异常: unknown exception");
}

}  // namespace
}  // namespace dbbridge::core::multiplex
