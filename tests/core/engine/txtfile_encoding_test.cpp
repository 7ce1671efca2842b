// encoding for txtfilereader / txtfilewriter / streamwriter: GBK and friends through iconv.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "core/engine/stream_writer.h"
#include "core/engine/text_file.h"
#include "core/engine/txtfile_reader.h"
#include "core/engine/txtfile_writer.h"

namespace dbbridge::core::engine {
namespace {

namespace fs = std::filesystem;

// "中文" and "测试" in GBK.
const std::string kGbkZhongWen = "\xD6\xD0\xCE\xC4";
const std::string kGbkCeShi = "\xB2\xE2\xCA\xD4";

class EncodingTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("enc_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string WriteFile(const std::string& name, const std::string& bytes) {
        std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    static std::string ReadBytes(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    static JsonParams Params(const std::string& json, const std::string& path) {
        Poco::JSON::Parser parser;
        return JsonParams(parser.parse(json).extract<Poco::JSON::Object::Ptr>(), path);
    }

    // Reads every row of the files the reader parameters name; error: the first failure.
    sdk::Result<std::vector<sdk::Record>> ReadAll(const std::string& json) {
        auto reader = TxtFileReaderPlugin::Create(Params(json, "job.content[0].reader.parameter"), EngineEnv{});
        if (!reader.ok()) {
            return reader.status();
        }
        auto tasks = reader.value()->Split(1);
        if (!tasks.ok()) {
            return tasks.status();
        }
        std::vector<sdk::Record> rows;
        for (auto& task : tasks.value()) {
            DBB_RETURN_IF_ERROR(task->Open());
            sdk::RecordBatch batch;
            std::vector<DirtyRow> dirty;
            while (true) {
                auto more = task->Next(batch, 100, dirty);
                if (!more.ok()) {
                    return more.status();
                }
                rows.insert(rows.end(), batch.rows.begin(), batch.rows.end());
                if (!more.value()) {
                    break;
                }
            }
            EXPECT_TRUE(dirty.empty());
            task->Close();
        }
        return rows;
    }

    fs::path dir_;
};

sdk::Record Row(std::initializer_list<std::string> texts) {
    sdk::Record r;
    for (const auto& t : texts) {
        r.push_back(sdk::Value::Text(t));
    }
    return r;
}

std::vector<std::string> Texts(const sdk::Record& row) {
    std::vector<std::string> out;
    for (const auto& v : row) {
        out.push_back(v.is_null() ? "<null>" : v.s);
    }
    return out;
}

TEST_F(EncodingTest, GbkFileReadsAsUtf8Rows) {
    std::string path = WriteFile("gbk.csv", "1," + kGbkZhongWen + "\n2," + kGbkCeShi + ",\\N\n");
    auto rows = ReadAll(R"({"path":")" + path + R"(","encoding":"GBK","nullFormat":"\\N"})");
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    ASSERT_EQ(rows.value().size(), 2u);
    EXPECT_EQ(Texts(rows.value()[0]), (std::vector<std::string>{"1", "中文"}));
    EXPECT_EQ(Texts(rows.value()[1]), (std::vector<std::string>{"2", "测试", "<null>"}));
}

TEST_F(EncodingTest, Gb18030FourByteCharacterReads) {
    // U+1F600 in GB18030 is the four bytes 94 39 FC 36.
    std::string path = WriteFile("gb18030.csv", "x,\x94\x39\xFC\x36\n");
    auto rows = ReadAll(R"({"path":")" + path + R"(","encoding":"gb18030"})");
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    ASSERT_EQ(rows.value().size(), 1u);
    EXPECT_EQ(Texts(rows.value()[0]), (std::vector<std::string>{"x", "😀"}));
}

TEST_F(EncodingTest, MultiByteCharacterSplitAcrossTheReadBufferDecodes) {
    // The reader reads 64 KiB at a time: the GBK character's first byte is the last of the first read.
    const std::size_t kRead = 1 << 16;
    std::string long_field(kRead - 1, 'a');
    std::string path = WriteFile("split.csv", long_field + kGbkZhongWen + ",end\n" + kGbkCeShi + "\n");
    auto rows = ReadAll(R"({"path":")" + path + R"(","encoding":"GBK","nullFormat":"\\N"})");
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    ASSERT_EQ(rows.value().size(), 2u);
    EXPECT_EQ(Texts(rows.value()[0]), (std::vector<std::string>{long_field + "中文", "end"}));
    EXPECT_EQ(Texts(rows.value()[1]), (std::vector<std::string>{"测试"}));
}

TEST_F(EncodingTest, InvalidBytesFailNamingFileLineAndOffset) {
    std::string path = WriteFile("bad.csv", "ok\nbad\xFF\xFF\n");
    auto rows = ReadAll(R"({"path":")" + path + R"(","encoding":"GBK","nullFormat":"\\N"})");
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.status().message(), path + " line 2, byte offset 6: bytes FF FF 0A are not valid GBK; check the "
                                              "reader's \"encoding\" parameter");

    path = WriteFile("cut.csv", "ok\n" + kGbkZhongWen.substr(0, 3));
    rows = ReadAll(R"({"path":")" + path + R"(","encoding":"GBK"})");
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.status().message(), path + " line 2, byte offset 5: the file ends inside a GBK character "
                                              "(bytes CE); check the reader's \"encoding\" parameter");
}

TEST_F(EncodingTest, Utf8NeedsNoConversion) {
    for (const char* name : {"UTF-8", "utf8", "utf-8"}) {
        auto r = ResolveEncoding(name);
        ASSERT_TRUE(r.ok()) << name;
        EXPECT_EQ(r.value(), "") << name;
    }
    auto latin = ResolveEncoding("latin1");
    ASSERT_TRUE(latin.ok());
    EXPECT_EQ(latin.value(), "ISO-8859-1");
    // Without conversion, bytes pass through untouched (even ones that are not UTF-8).
    std::string path = WriteFile("raw.csv", "a," + kGbkZhongWen + "\n");
    auto rows = ReadAll(R"({"path":")" + path + R"("})");
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ(Texts(rows.value()[0]), (std::vector<std::string>{"a", kGbkZhongWen}));
}

TEST_F(EncodingTest, UnknownEncodingIsAValidationErrorNamingThePath) {
    const std::string kExamples = " (examples: UTF-8, GBK, GB2312, GB18030, BIG5, ISO-8859-1, UTF-16)";
    auto reader = TxtFileReaderPlugin::Create(Params(R"({"path":"/tmp/x.csv","encoding":"GKB"})",
                                                     "job.content[0].reader.parameter"),
                                              EngineEnv{});
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().message(),
              "job.content[0].reader.parameter.encoding: unknown encoding \"GKB\"" + kExamples);

    auto writer = TxtFileWriterPlugin::Create(
        Params(R"({"path":"/tmp/x","fileName":"f","writeMode":"truncate","encoding":"nope"})",
               "job.content[0].writer.parameter"),
        EngineEnv{});
    ASSERT_FALSE(writer.ok());
    EXPECT_EQ(writer.status().message(),
              "job.content[0].writer.parameter.encoding: unknown encoding \"nope\"" + kExamples);

    auto stream = StreamWriterPlugin::Create(Params(R"({"encoding":"x-unknown"})", "job.content[0].writer.parameter"),
                                             EngineEnv{});
    ASSERT_FALSE(stream.ok());
    EXPECT_EQ(stream.status().message(),
              "job.content[0].writer.parameter.encoding: unknown encoding \"x-unknown\"" + kExamples);
    // A blank encoding is DataX's default, UTF-8 (UnstructuredStorageWriterUtil#validateParameter).
    EXPECT_TRUE(StreamWriterPlugin::Create(Params(R"({"encoding":" "})", "job.content[0].writer.parameter"),
                                           EngineEnv{})
                    .ok());
}

TEST_F(EncodingTest, WriteGbkAndReadBackUnrepresentableCharacterIsDirty) {
    std::string out_dir = (dir_ / "out").string();
    auto writer = TxtFileWriterPlugin::Create(
        Params(R"({"path":")" + out_dir +
                   R"(","fileName":"t","writeMode":"truncate","encoding":"GBK","header":["编号","名称"]})",
               "job.content[0].writer.parameter"),
        EngineEnv{});
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    ASSERT_TRUE(writer.value()->Prepare().ok());
    auto tasks = writer.value()->Split(1);
    ASSERT_TRUE(tasks.ok());
    auto& task = tasks.value()[0];
    ASSERT_TRUE(task->Open().ok());
    sdk::RecordBatch batch;
    batch.rows.push_back(Row({"1", "中文"}));
    batch.rows.push_back(Row({"2", "笑 😀"}));
    batch.rows.push_back(Row({"3", "测试"}));
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(task->Write(batch, dirty).ok());
    ASSERT_TRUE(task->Commit().ok());
    ASSERT_TRUE(task->Close().ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 1u);
    EXPECT_EQ(dirty[0].reason, "column index 1: U+1F600 '😀' cannot be written in GBK");

    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(out_dir)) {
        files.push_back(e.path().string());
    }
    ASSERT_EQ(files.size(), 1u);
    // "编号" = B1 E0 BA C5, "名称" = C3 FB B3 C6 in GBK.
    EXPECT_EQ(ReadBytes(files[0]),
              "\xB1\xE0\xBA\xC5,\xC3\xFB\xB3\xC6\n1," + kGbkZhongWen + "\n3," + kGbkCeShi + "\n");

    auto rows = ReadAll(R"({"path":")" + out_dir + R"(","encoding":"GBK","skipHeader":true})");
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    ASSERT_EQ(rows.value().size(), 2u);
    EXPECT_EQ(Texts(rows.value()[0]), (std::vector<std::string>{"1", "中文"}));
    EXPECT_EQ(Texts(rows.value()[1]), (std::vector<std::string>{"3", "测试"}));
}

TEST_F(EncodingTest, StreamWriterPrintsInTheRequestedEncoding) {
    auto writer = StreamWriterPlugin::Create(
        Params(R"({"path":")" + dir_.string() + R"(","fileName":"s.txt","encoding":"gbk","fieldDelimiter":","})",
               "job.content[0].writer.parameter"),
        EngineEnv{});
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    ASSERT_TRUE(writer.value()->Prepare().ok());
    auto tasks = writer.value()->Split(1);
    ASSERT_TRUE(tasks.ok());
    auto& task = tasks.value()[0];
    ASSERT_TRUE(task->Open().ok());
    sdk::RecordBatch batch;
    batch.rows.push_back(Row({"1", "中文"}));
    batch.rows.push_back(Row({"😀", "x"}));
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(task->Write(batch, dirty).ok());
    ASSERT_TRUE(task->Close().ok());
    ASSERT_TRUE(writer.value()->Post().ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 1u);
    EXPECT_EQ(dirty[0].reason, "column index 0: U+1F600 '😀' cannot be printed in GBK");
    EXPECT_EQ(ReadBytes((dir_ / "s.txt").string()), "1," + kGbkZhongWen + "\n");
}

}  // namespace
}  // namespace dbbridge::core::engine
