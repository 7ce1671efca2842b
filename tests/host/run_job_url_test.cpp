// `dbbridge run http://host/job.json`, as datax.py takes a URL for the job: the real binary against
// a local HTTP listener.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>

#include "tests/support/run_command.h"

namespace {

const char* kJob = R"({"job":{"setting":{"speed":{"channel":1}},"content":[{
  "reader":{"name":"streamreader","parameter":{"sliceRecordCount":3,
    "column":[{"type":"long","value":"7"},{"type":"string","value":"from a URL"}]}},
  "writer":{"name":"streamwriter","parameter":{"print":true}}}]}})";

std::atomic<int> flaky_calls{0};

// /job.json: the job; /moved: a redirect to it; /flaky: 503 on the first call, then the job;
// /big: 17 MiB; anything else: 404.
class JobHandler : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const std::string path = request.getURI().substr(0, request.getURI().find('?'));
        if (path == "/flaky" && flaky_calls++ == 0) {
            response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
            response.send() << "try again";
        } else if (path == "/job.json" || path == "/flaky") {
            response.setContentType("application/json");
            response.sendBuffer(kJob, std::strlen(kJob));
        } else if (path == "/moved") {
            response.redirect("/job.json", Poco::Net::HTTPResponse::HTTP_FOUND);
        } else if (path == "/big") {
            response.setChunkedTransferEncoding(true);  // no length: the client must stop reading itself
            std::ostream& out = response.send();
            const std::string block(1 << 20, ' ');
            for (int i = 0; i < 17 && out; ++i) {
                out << block;
            }
        } else {
            response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
            response.send() << "no such job";
        }
    }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new JobHandler;
    }
};

class RunJobUrlTest : public ::testing::Test {
protected:
    void SetUp() override {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        base_ = "http://127.0.0.1:" + std::to_string(socket.address().port());
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory, socket, new Poco::Net::HTTPServerParams);
        server_->start();
    }
    void TearDown() override { server_->stop(); }

    std::string base_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

TEST_F(RunJobUrlTest, AJobFetchedOverHttpRunsAsALocalFileWould) {
    auto r = dbbridge::testing::RunDbbridge("run " + base_ + "/job.json");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("7\tfrom a URL\n7\tfrom a URL\n7\tfrom a URL\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("读出记录总数                    :                   3"), std::string::npos) << r.output;
    r = dbbridge::testing::RunDbbridge("run HTTP://127.0.0.1:" + base_.substr(base_.rfind(':') + 1) + "/moved");  // any case, redirected
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("from a URL"), std::string::npos) << r.output;
    r = dbbridge::testing::RunDbbridge("run " + base_ + "/flaky");  // a 503 is tried once more, as DataX
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(flaky_calls.load(), 2);
}

TEST_F(RunJobUrlTest, FailuresNameTheUrlButNotItsQuery) {
    auto r = dbbridge::testing::RunDbbridge("run '" + base_ + "/missing.json?token=s3cret'");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("job URL " + base_ + "/missing.json: the server answered 404"), std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("s3cret"), std::string::npos) << r.output;

    r = dbbridge::testing::RunDbbridge("run " + base_ + "/big");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("job URL " + base_ + "/big: the job is larger than 16 MiB"), std::string::npos)
        << r.output;

    // https to a listener that speaks plain HTTP: the TLS handshake fails, and says where.
    const std::string https = "https" + base_.substr(4);
    r = dbbridge::testing::RunDbbridge("run " + https + "/job.json");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("job URL " + https + "/job.json: "), std::string::npos) << r.output;
}

}  // namespace
