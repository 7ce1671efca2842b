// End-to-end runs of the engine with the built-in plugins and a few test-only plugins (defined
// here, registered in a PluginCatalog the test owns).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/engine/plugin_catalog.h"
#include "core/engine/run_command.h"
#include "core/plugin/plugin_registry.h"

namespace dbbridge::core::engine {
namespace {

namespace fs = std::filesystem;
using sdk::Result;
using sdk::Status;

struct Outcome {
    JobResult result;
    std::string output;
    double seconds = 0;
};

Outcome RunEngine(const std::string& json, const PluginCatalog& catalog, RunOptions options = {},
            const std::atomic<bool>* cancel = nullptr) {
    std::ostringstream out;
    auto t0 = std::chrono::steady_clock::now();
    Outcome o;
    o.result = RunJobTextWithCatalog(json, options, catalog, nullptr, nullptr, out, cancel);
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    o.output = out.str();
    return o;
}

Outcome RunEngine(const std::string& json, RunOptions options = {}) {
    PluginCatalog catalog;
    return RunEngine(json, catalog, options);
}

std::string Job(const std::string& reader, const std::string& writer, const std::string& setting) {
    return R"({"job":{"setting":)" + setting + R"(,"content":[{"reader":)" + reader + R"(,"writer":)" + writer +
           "}]}}";
}

std::string SummaryValue(const std::string& output, const std::string& label) {
    auto at = output.find(label);
    if (at == std::string::npos) {
        return "<missing " + label + ">";
    }
    auto colon = output.find(": ", at);
    auto eol = output.find('\n', colon);
    std::string v = output.substr(colon + 2, eol - colon - 2);
    return v.substr(v.find_first_not_of(' '));
}

int CountLines(const std::string& text, const std::string& needle) {
    int n = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        n += line == needle ? 1 : 0;
    }
    return n;
}

const char* kAllTypesReader = R"({"name":"streamreader","parameter":{"sliceRecordCount":10,"column":[
    {"type":"long","value":"42"},{"type":"double","value":"1.50"},{"type":"string","value":"héllo"},
    {"type":"date","value":"2026-11-22 10:00:00"},{"type":"bool","value":"true"},{"type":"bytes","value":"raw"}]}})";

// ---- test-only plugins -------------------------------------------------------------------------

struct Collected {
    std::mutex mu;
    std::vector<sdk::Record> rows;
};

class CollectWriterTask : public WriterTask {
public:
    CollectWriterTask(Collected& c, int dirty_every) : c_(c), dirty_every_(dirty_every) {}
    Status Open() override { return Status::Ok(); }
    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        std::lock_guard<std::mutex> lock(c_.mu);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (dirty_every_ > 0 && batch.rows[i][0].i % dirty_every_ == 0) {
                dirty.push_back({i, "value " + std::to_string(batch.rows[i][0].i) + " rejected by the target"});
                continue;
            }
            c_.rows.push_back(batch.rows[i]);
        }
        return Status::Ok();
    }
    Status Commit() override { return Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }

private:
    Collected& c_;
    int dirty_every_;
};

class CollectWriter : public WriterPlugin {
public:
    CollectWriter(Collected& c, int dirty_every) : c_(c), dirty_every_(dirty_every) {}
    Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t n) override {
        std::vector<std::unique_ptr<WriterTask>> tasks;
        for (std::size_t i = 0; i < n; ++i) {
            tasks.push_back(std::make_unique<CollectWriterTask>(c_, dirty_every_));
        }
        return tasks;
    }

private:
    Collected& c_;
    int dirty_every_;
};

// Keeps nothing, only the size of the largest batch it was handed.
class LargestBatchWriterTask : public WriterTask {
public:
    explicit LargestBatchWriterTask(std::atomic<std::size_t>& largest) : largest_(largest) {}
    Status Open() override { return Status::Ok(); }
    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>&) override {
        std::size_t seen = largest_.load();
        while (batch.size() > seen && !largest_.compare_exchange_weak(seen, batch.size())) {
        }
        return Status::Ok();
    }
    Status Commit() override { return Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }

private:
    std::atomic<std::size_t>& largest_;
};

class LargestBatchWriter : public WriterPlugin {
public:
    explicit LargestBatchWriter(std::atomic<std::size_t>& largest) : largest_(largest) {}
    Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t n) override {
        std::vector<std::unique_ptr<WriterTask>> tasks;
        for (std::size_t i = 0; i < n; ++i) {
            tasks.push_back(std::make_unique<LargestBatchWriterTask>(largest_));
        }
        return tasks;
    }

private:
    std::atomic<std::size_t>& largest_;
};

// Blocks in Next() until cancelled: a source that hangs.
class BlockingReaderTask : public ReaderTask {
public:
    Status Open() override { return Status::Ok(); }
    Result<bool> Next(sdk::RecordBatch& batch, std::size_t, std::vector<DirtyRow>&) override {
        batch.clear();
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return cancelled_; });
        return Status::Cancelled("reader cancelled");
    }
    void Cancel() override {
        std::lock_guard<std::mutex> lock(mu_);
        cancelled_ = true;
        cv_.notify_all();
    }
    std::string Describe() const override { return "blockingreader task"; }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool cancelled_ = false;
};

// Reports one column of a type the engine does not map, with bytes values.
class OtherTypeReaderTask : public ReaderTask {
public:
    OtherTypeReaderTask() {
        sdk::ColumnInfo c;
        c.name = "payload";
        c.native_type = "jsonb";
        c.jdbc_type = sdk::JdbcType::kOther;
        columns_.push_back(c);
    }
    Status Open() override { return Status::Ok(); }
    Result<bool> Next(sdk::RecordBatch& batch, std::size_t, std::vector<DirtyRow>&) override {
        batch.clear();
        for (int i = 0; i < 3; ++i) {
            batch.rows.push_back({sdk::Value::Bytes("{\"k\":" + std::to_string(i) + "}")});
        }
        return false;
    }
    const std::vector<sdk::ColumnInfo>* Columns() const override { return &columns_; }
    std::string Describe() const override { return "othertype task"; }

private:
    std::vector<sdk::ColumnInfo> columns_;
};

template <typename Task>
class SimpleReader : public ReaderPlugin {
public:
    explicit SimpleReader(int tasks) : tasks_(tasks) {}
    Result<std::vector<std::unique_ptr<ReaderTask>>> Split(int) override {
        std::vector<std::unique_ptr<ReaderTask>> out;
        for (int i = 0; i < tasks_; ++i) {
            out.push_back(std::make_unique<Task>());
        }
        return out;
    }

private:
    int tasks_;
};

// Throws from Next() (a bug in a reader: it must fail the job, not end the process).
class ThrowingReaderTask : public ReaderTask {
public:
    Status Open() override { return Status::Ok(); }
    Result<bool> Next(sdk::RecordBatch& batch, std::size_t, std::vector<DirtyRow>&) override {
        batch.clear();
        throw std::runtime_error("reader boom");
    }
    std::string Describe() const override { return "throwing task"; }
};

class ThrowingWriterTask : public WriterTask {
public:
    explicit ThrowingWriterTask(std::atomic<int>& rollbacks) : rollbacks_(rollbacks) {}
    Status Open() override { return Status::Ok(); }
    Status Write(const sdk::RecordBatch&, std::vector<sdk::DirtyRecord>&) override {
        throw std::out_of_range("writer boom");
    }
    Status Commit() override { return Status::Ok(); }
    Status Rollback() override {
        ++rollbacks_;
        return Status::Ok();
    }

private:
    std::atomic<int>& rollbacks_;
};

class ThrowingWriter : public WriterPlugin {
public:
    explicit ThrowingWriter(std::atomic<int>& rollbacks) : rollbacks_(rollbacks) {}
    Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t n) override {
        std::vector<std::unique_ptr<WriterTask>> tasks;
        for (std::size_t i = 0; i < n; ++i) {
            tasks.push_back(std::make_unique<ThrowingWriterTask>(rollbacks_));
        }
        return tasks;
    }

private:
    std::atomic<int>& rollbacks_;
};

// Throws on the job's own thread (Prepare), outside any task.
class ThrowingPrepareReader : public SimpleReader<ThrowingReaderTask> {
public:
    ThrowingPrepareReader() : SimpleReader<ThrowingReaderTask>(1) {}
    Status Prepare() override { throw std::bad_alloc(); }
};

PluginCatalog TestCatalog(Collected& collected, int dirty_every = 0) {
    PluginCatalog catalog;
    catalog.AddWriter("collectwriter", [&collected, dirty_every](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<WriterPlugin>>(std::make_unique<CollectWriter>(collected, dirty_every));
    });
    catalog.AddReader("blockingreader", [](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<ReaderPlugin>>(std::make_unique<SimpleReader<BlockingReaderTask>>(1));
    });
    catalog.AddReader("othertypereader", [](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<ReaderPlugin>>(std::make_unique<SimpleReader<OtherTypeReaderTask>>(2));
    });
    catalog.AddReader("throwingreader", [](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<ReaderPlugin>>(std::make_unique<SimpleReader<ThrowingReaderTask>>(2));
    });
    catalog.AddReader("throwingpreparereader", [](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<ReaderPlugin>>(std::make_unique<ThrowingPrepareReader>());
    });
    return catalog;
}

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/dbb_engine_test_XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// ---- tests -------------------------------------------------------------------------------------

TEST(EngineRunTest, StreamReaderMakesSliceRecordCountPerChannelAndStreamWriterPrintsThem) {
    auto o = RunEngine(Job(kAllTypesReader, R"({"name":"streamwriter","parameter":{"print":true,"encoding":"UTF-8"}})",
                     R"({"speed":{"channel":3}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_read, 30);
    EXPECT_EQ(o.result.records_written, 30);
    EXPECT_EQ(CountLines(o.output, "42\t1.50\théllo\t2026-11-22 10:00:00\ttrue\traw"), 30) << o.output;
    EXPECT_EQ(SummaryValue(o.output, "读出记录总数"), "30");
    EXPECT_EQ(SummaryValue(o.output, "读写失败总数"), "0");
    EXPECT_NE(o.output.find("completed successfully"), std::string::npos);
    std::regex prefix(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[job-0\] INFO  JobContainer - \n任务启动时刻)");
    EXPECT_TRUE(std::regex_search(o.output, prefix)) << o.output;
}

TEST(EngineRunTest, UnknownReaderListsTheAvailableOnes) {
    auto o = RunEngine(Job(R"({"name":"nosuchreader","parameter":{}})", R"({"name":"streamwriter"})",
                     R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_EQ(o.result.error,
              "job.content[0].reader.name: unknown reader \"nosuchreader\"; available: streamreader, txtfilereader");
    EXPECT_NE(o.output.find("经DataX智能分析,该任务最可能的错误原因是:\njob.content[0].reader.name"), std::string::npos);
    auto w = RunEngine(Job(kAllTypesReader, R"({"name":"mysqlwriter","parameter":{}})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(w.result.error,
              "job.content[0].writer.name: unknown writer \"mysqlwriter\"; available: streamwriter, txtfilewriter");
}

TEST(EngineRunTest, PluginParameterErrorsNameTheJsonPath) {
    auto o = RunEngine(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":"abc","column":[]}})",
                     R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.sliceRecordCount: expected an integer, got \"abc\"");
    o = RunEngine(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[{"type":"long","value":"x1"}]}})",
                R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.column[0].value: cannot convert \"x1\" to long");
    o = RunEngine(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[{"type":"uuid","value":"1"}]}})",
                R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_NE(o.result.error.find("job.content[0].reader.parameter.column[0].type: unknown column type \"uuid\""),
              std::string::npos);
    o = RunEngine(Job(kAllTypesReader, R"({"name":"streamwriter","parameter":{"print":"maybe"}})",
                R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].writer.parameter.print: expected true or false, got \"maybe\"");
    o = RunEngine(Job(kAllTypesReader, R"({"name":"txtfilewriter","parameter":{"path":"/tmp/x","fileName":"f"}})",
                R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].writer.parameter.writeMode: is required");
    o = RunEngine(Job(kAllTypesReader, R"({"name":"streamwriter"})", R"({"speed":{}})"));
    EXPECT_NE(o.result.error.find("job.setting.speed: Job运行速度必须设置"), std::string::npos);
}

TEST(EngineRunTest, ParametersAreSubstitutedAndMissingOnesAreNamed) {
    std::string job = Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":"${n}",
                              "column":[{"type":"string","value":"${word}"}]}})",
                          R"({"name":"streamwriter","parameter":{"print":true}})", R"({"speed":{"channel":1}})");
    RunOptions options;
    options.params = "-Dn=7 -Dword='two words'";
    auto o = RunEngine(job, options);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(CountLines(o.output, "two words"), 7);
    // DataX leaves an undefined ${word} as written and goes on; the log says so.
    options.params = "-Dn=7 -Dword=";
    o = RunEngine(job, options);
    EXPECT_EQ(o.result.exit_code, 0);
    EXPECT_EQ(CountLines(o.output, "${word}"), 7);
    EXPECT_NE(o.output.find("job parameter ${word} has no value"), std::string::npos) << o.output;
}

TEST(EngineRunTest, OnlyTheFirstContentEntryRunsAsInDatax) {
    std::string content = R"({"reader":{"name":"streamreader","parameter":{"sliceRecordCount":5,
        "column":[{"type":"long","value":"1"}]}},"writer":{"name":"streamwriter","parameter":{"print":false}}})";
    auto o = RunEngine(R"({"job":{"setting":{"speed":{"channel":2}},"content":[)" + content + "," + content +
                       R"(,{"reader":"not even an object"}]}})");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_read, 10);
    EXPECT_NE(o.output.find("WARN  JobContainer - job.content has 3 entries; only job.content[0] runs"),
              std::string::npos)
        << o.output;
}

TEST(EngineRunTest, TxtFileCsvRoundTripKeepsDelimitersQuotesNewlinesAndNulls) {
    TempDir dir;
    WriteFile(dir.path() + "/in.csv",
              "id,name,amount\n"
              "1,plain,1.50\n"
              "2,\"has,comma\",-3\n"
              "3,\"quote \"\"q\"\" and\nnewline\",0.00\n"
              "4,\\N,\\N\n"
              "5,,7\n");
    Collected first;
    auto catalog = TestCatalog(first);
    for (const char* compress : {"none", "gzip", "bzip2", "zip"}) {
        SCOPED_TRACE(compress);
        std::string out_dir = dir.path() + "/out_" + compress;
        std::string reader = R"({"name":"txtfilereader","parameter":{"path":[")" + dir.path() +
                             R"(/in.csv"],"skipHeader":true,"nullFormat":"\\N","column":[{"index":0,"type":"long"},
                             {"index":1,"type":"string"},{"index":2,"type":"double"}]}})";
        std::string writer = R"({"name":"txtfilewriter","parameter":{"path":")" + out_dir +
                             R"(","fileName":"copy","writeMode":"truncate","header":["id","name","amount"],
                             "fileFormat":"csv","nullFormat":"\\N","compress":")" + compress + R"("}})";
        auto o = RunEngine(Job(reader, writer, R"({"speed":{"channel":2}})"), catalog);
        ASSERT_EQ(o.result.exit_code, 0) << o.output;
        EXPECT_EQ(o.result.records_written, 5);

        Collected back;
        auto back_catalog = TestCatalog(back);
        std::string reread = R"({"name":"txtfilereader","parameter":{"path":")" + out_dir +
                             R"(/copy__*","skipHeader":true,"nullFormat":"\\N","compress":")" + compress +
                             R"(","column":[{"index":0,"type":"long"},{"index":1,"type":"string"},
                             {"index":2,"type":"double"}]}})";
        o = RunEngine(Job(reread, R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"), back_catalog);
        ASSERT_EQ(o.result.exit_code, 0) << o.output;
        ASSERT_EQ(back.rows.size(), 5u);
        std::sort(back.rows.begin(), back.rows.end(), [](const auto& a, const auto& b) { return a[0].i < b[0].i; });
        EXPECT_EQ(back.rows[0][1], sdk::Value::Text("plain"));
        EXPECT_EQ(back.rows[0][2], sdk::Value::Decimal("1.50"));
        EXPECT_EQ(back.rows[1][1], sdk::Value::Text("has,comma"));
        EXPECT_EQ(back.rows[2][1], sdk::Value::Text("quote \"q\" and\nnewline"));
        EXPECT_TRUE(back.rows[3][1].is_null());
        EXPECT_TRUE(back.rows[3][2].is_null());
        EXPECT_EQ(back.rows[4][1], sdk::Value::Text(""));
    }
}

TEST(EngineRunTest, ConversionFailuresAreDirtyAndErrorLimitDecides) {
    TempDir dir;
    WriteFile(dir.path() + "/bad.csv", "1,a\nx2,b\n3,c\n4,d\n");
    std::string reader = R"({"name":"txtfilereader","parameter":{"path":")" + dir.path() +
                         R"(/bad.csv","column":[{"index":0,"type":"long"},{"index":1,"type":"string"}]}})";
    Collected c;
    auto catalog = TestCatalog(c);
    // No errorLimit: dirty data never fails the job (DataX).
    auto o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"), catalog);
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 1);
    EXPECT_EQ(SummaryValue(o.output, "读出记录总数"), "4");
    EXPECT_EQ(SummaryValue(o.output, "读写失败总数"), "1");
    EXPECT_NE(o.output.find("ERROR StdoutPluginCollector - 脏数据: \n{\"exception\":\"" + dir.path() +
                            "/bad.csv line 2 column index 0: cannot convert \\\"x2\\\" to long\""),
              std::string::npos)
        << o.output;
    EXPECT_NE(o.output.find("\"rawData\":\"x2\""), std::string::npos);
    EXPECT_NE(o.output.find("\"type\":\"reader\"}"), std::string::npos);

    o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1},"errorLimit":{"record":1}})"),
            catalog);
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1},"errorLimit":{"record":0}})"),
            catalog);
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("脏数据条数检查不通过，限制是[0]条，但实际上捕获了[1]条."), std::string::npos);
    o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1},"errorLimit":{"percentage":0.2}})"),
            catalog);
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("脏数据百分比检查不通过，限制是[0.200000]，但实际上捕获到[0.250000]."),
              std::string::npos);
    o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1},"errorLimit":{"percentage":0.3}})"),
            catalog);
    EXPECT_EQ(o.result.exit_code, 0);
}

TEST(EngineRunTest, WriterDirtyRecordsAreCountedAndLogged) {
    Collected c;
    auto catalog = TestCatalog(c, 3);
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":4,
        "column":[{"type":"long","value":"3"},{"type":"string","value":"x"}]}})";
    auto o = RunEngine(Job(reader, R"({"name":"collectwriter"})", R"({"speed":{"channel":2}})"), catalog);
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 8);
    EXPECT_EQ(o.result.records_written, 0);
    EXPECT_EQ(SummaryValue(o.output, "读写失败总数"), "8");
    // DataX logs the first maxDirtyNumber (10) dirty records only; all 8 here.
    std::size_t count = 0;
    for (auto at = o.output.find("脏数据: "); at != std::string::npos; at = o.output.find("脏数据: ", at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 8u);
    EXPECT_NE(o.output.find("{\"exception\":\"value 3 rejected by the target\""), std::string::npos);
    EXPECT_NE(o.output.find("\"type\":\"writer\"}"), std::string::npos);
}

TEST(EngineRunTest, BatchesAreSizedByWhatTheyHoldInMemory) {
    // Short rows are a few dozen DataX bytes but each value also takes an sdk::Value slot: sized by
    // DataX bytes alone, a batch of these rows grew to the 16,384-row cap (~6 MiB each, up to four
    // per channel queued), which put two channels over the 128 MiB peak RSS goal.
    std::atomic<std::size_t> largest{0};
    PluginCatalog catalog;
    catalog.AddWriter("largestbatchwriter", [&largest](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<WriterPlugin>>(std::make_unique<LargestBatchWriter>(largest));
    });
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":100000,"column":[
        {"type":"long","value":"7"},{"type":"string","value":"hello world"},{"type":"double","value":"1.25"},
        {"type":"date","value":"2024-01-01 00:00:00"}]}})";
    auto o = RunEngine(Job(reader, R"({"name":"largestbatchwriter"})", R"({"speed":{"channel":1}})"), catalog);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_written, 100000);
    const std::size_t slots_only = (2u << 20) / (sizeof(sdk::Record) + 4 * sizeof(sdk::Value));
    EXPECT_LE(largest.load(), slots_only);
    EXPECT_GE(largest.load(), slots_only / 2) << "batches still grow towards the target";
}

TEST(EngineRunTest, UnmappedColumnTypeIsCarriedAsStringWithOneWarning) {
    Collected c;
    auto catalog = TestCatalog(c);
    auto o = RunEngine(Job(R"({"name":"othertypereader"})", R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"),
                 catalog);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    ASSERT_EQ(c.rows.size(), 6u);
    EXPECT_EQ(c.rows[0][0], sdk::Value::Text("{\"k\":0}"));
    std::size_t warnings = 0;
    for (auto at = o.output.find("column payload has type jsonb"); at != std::string::npos;
         at = o.output.find("column payload has type jsonb", at + 1)) {
        ++warnings;
    }
    EXPECT_EQ(warnings, 1u) << o.output;
}

TEST(EngineRunTest, CancellationStopsQuicklyWithExitCode143) {
    std::atomic<bool> cancel{false};
    PluginCatalog catalog;
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1000000000000,
        "column":[{"type":"long","value":"1"}]}})";
    std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel.store(true);
    });
    auto o = RunEngine(Job(reader, R"({"name":"streamwriter","parameter":{"print":false}})", R"({"speed":{"channel":2}})"),
                 catalog, {}, &cancel);
    killer.join();
    EXPECT_EQ(o.result.exit_code, 143) << o.output;
    EXPECT_LT(o.seconds, 3.0);
    EXPECT_GT(o.result.records_read, 0);
    EXPECT_NE(o.output.find("DataX jobId [0] was killed: "), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("读出记录总数"), std::string::npos);
}

TEST(EngineRunTest, StallWatchdogFailsAHangingTask) {
    Collected c;
    auto catalog = TestCatalog(c);
    RunOptions options;
    options.stall_timeout_seconds = 1;
    auto o = RunEngine(Job(R"({"name":"blockingreader"})", R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"),
                 catalog, options);
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_EQ(o.result.error, "stall watchdog: task blockingreader task moved no record for 1 s");
    EXPECT_LT(o.seconds, 3.0);
}

TEST(EngineRunTest, RecordSpeedLimitHoldsAndProgressLinesAppear) {
    RunOptions options;
    options.progress_interval_ms = 500;
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":3000,
        "column":[{"type":"long","value":"1"},{"type":"string","value":"abcdefgh"}]}})";
    // 2 channels x 1000 rec/s: the job limit over the per-channel one (DataX needs both).
    std::string job = R"({"core":{"transport":{"channel":{"speed":{"record":1000}}}},"job":{"setting":
        {"speed":{"channel":2,"record":2000}},"content":[{"reader":)" + reader +
                      R"(,"writer":{"name":"streamwriter","parameter":{"print":false}}}]}})";
    auto o = RunEngine(job, options);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    double rate = 6000 / o.seconds;
    EXPECT_GT(rate, 1800) << o.seconds;
    EXPECT_LT(rate, 2200) << o.seconds;
    std::regex progress(
        R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[job-0\] INFO  StandAloneJobContainerCommunicator - Total \d+ records, \d+ bytes \| Speed [0-9.]+[KMGT]?B/s, \d+ records/s \| Error 0 records, 0 bytes \|  All Task WaitWriterTime [0-9,.]+s \|  All Task WaitReaderTime [0-9,.]+s \| Percentage \d+\.\d\d%\n)");
    auto begin = std::sregex_iterator(o.output.begin(), o.output.end(), progress);
    EXPECT_GE(std::distance(begin, std::sregex_iterator()), 5) << o.output;
}

TEST(EngineRunTest, ByteSpeedLimitHolds) {
    // Each record: 1 (long "1": DataX counts its text) + 99 (text) = 100 bytes; per-channel limit
    // from the core block.
    std::string text(99, 'x');
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":2000,
        "column":[{"type":"long","value":"1"},{"type":"string","value":")" + text + R"("}]}})";
    std::string job = R"({"core":{"transport":{"channel":{"speed":{"byte":100000}}}},"job":{"setting":
        {"speed":{"byte":100000,"channel":5}},"content":[{"reader":)" + reader +
                      R"(,"writer":{"name":"streamwriter","parameter":{"print":false}}}]}})";
    auto o = RunEngine(job);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.bytes, 200000);
    double rate = 200000 / o.seconds;
    EXPECT_GT(rate, 90000) << o.seconds;
    EXPECT_LT(rate, 110000) << o.seconds;
}

TEST(EngineRunTest, AnExceptionInATaskFailsTheJobAndTheProcessGoesOn) {
    // Without the engine's guards these exceptions reach std::terminate and this test binary dies.
    Collected c;
    auto catalog = TestCatalog(c);
    auto o = RunEngine(Job(R"({"name":"throwingreader"})", R"({"name":"collectwriter"})", R"({"speed":{"channel":2}})"),
                       catalog);
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_EQ(o.result.error, "throwing task (reader): unexpected error: reader boom");
    EXPECT_NE(o.output.find("该任务最可能的错误原因是:\nthrowing task (reader): unexpected error: reader boom"),
              std::string::npos)
        << o.output;

    std::atomic<int> rollbacks{0};
    catalog.AddWriter("throwingwriter", [&rollbacks](const JsonParams&, const EngineEnv&) {
        return Result<std::unique_ptr<WriterPlugin>>(std::make_unique<ThrowingWriter>(rollbacks));
    });
    o = RunEngine(Job(kAllTypesReader, R"({"name":"throwingwriter"})", R"({"speed":{"channel":1}})"), catalog);
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_EQ(o.result.error, "streamreader task 0 (writer): unexpected error: writer boom");
    EXPECT_GE(rollbacks.load(), 1);  // the open transaction is rolled back
    EXPECT_NE(o.output.find("job failed after 0 records were written"), std::string::npos) << o.output;

    o = RunEngine(Job(R"({"name":"throwingpreparereader"})", R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"),
                  catalog);
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_EQ(o.result.error, "internal error: std::bad_alloc");
    EXPECT_NE(o.output.find("该任务最可能的错误原因是:\ninternal error: std::bad_alloc"), std::string::npos) << o.output;

    // The engine still runs jobs afterwards.
    o = RunEngine(Job(kAllTypesReader, R"({"name":"collectwriter"})", R"({"speed":{"channel":1}})"), catalog);
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
}

TEST(EngineRunTest, NumbersTooLargeForTheirFieldAreErrorsNamingTheJsonPath) {
    auto o = RunEngine(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":99999999999999999999,
        "column":[{"type":"long","value":"1"}]}})", R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.sliceRecordCount: 99999999999999999999 is out of range "
                              "(an integer from -9223372036854775808 to 9223372036854775807)");
    o = RunEngine(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
        "column":[{"type":"long","random":"0,1e300"}]}})", R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.column[0].random: \"0,1e300\" is out of range "
                              "(bounds must fit a 64-bit integer)");
    o = RunEngine(Job(R"({"name":"txtfilereader","parameter":{"path":"/tmp/x.csv",
        "column":[{"index":99999999999,"type":"long"}]}})", R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.column[0].index: 99999999999 is too large "
                              "(at most 100000)");
    o = RunEngine(Job(R"({"name":"txtfilereader","parameter":{"path":"/tmp/x.csv",
        "column":[{"index":-1,"type":"long"}]}})", R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.column[0].index: must be 0 or more, got -1");
}

TEST(EngineRunTest, RunJobFileReportsAMissingFile) {
    PluginRegistry registry;
    RunOptions options;
    options.job_path = "/nonexistent/job.json";
    std::ostringstream out;
    EXPECT_EQ(RunJobFile(options, registry, nullptr, out, nullptr), 1);
    EXPECT_NE(out.str().find("cannot read job file /nonexistent/job.json"), std::string::npos);
}

TEST(EngineRunTest, DatasourceWithoutResolverIsAClearError) {
    PluginRegistry registry;
    std::ostringstream out;
    // No plugin serves mysqlreader here, so the name is unknown; with rdbms names it would say
    // that no datasource service is available (covered by the integration test).
    auto r = RunJobText(Job(R"({"name":"mysqlreader","parameter":{"datasourceId":1}})", R"({"name":"streamwriter"})",
                            R"({"speed":{"channel":1}})"),
                        RunOptions{}, registry, nullptr, out, nullptr);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.error.find("unknown reader \"mysqlreader\""), std::string::npos);
}

}  // namespace
}  // namespace dbbridge::core::engine
