// https alert webhooks against live TLS listeners in the test: a certificate signed by the CA
// named in schedule.webhook_ca_file receives the alert's JSON body; one that is not is refused
// (nothing is posted to it) and the host says why. The certificates are made here with the
// openssl command-line tool (scripts/install-deps.sh installs it).
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A CA, a server certificate for localhost signed by it, and a self-signed one (no CA) for localhost.
class Certificates {
public:
    Certificates() : dir_(fs::temp_directory_path() / ("dbb-tls-" + std::to_string(::getpid()))) {
        fs::create_directories(dir_);
        std::ofstream(dir_ / "san.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
        const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2";
        ok_ = Run("req -x509" + ec + " -keyout ca.key -out ca.pem -subj '/CN=dbbridge test CA'") &&
              Run("req" + ec + " -keyout server.key -out server.csr -subj '/CN=localhost'") &&
              Run("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out server.pem "
                  "-extfile san.cnf") &&
              Run("req -x509" + ec + " -keyout rogue.key -out rogue.pem -subj '/CN=localhost' "
                  "-addext 'subjectAltName=DNS:localhost,IP:127.0.0.1'");
    }
    ~Certificates() {
        std::error_code e;
        fs::remove_all(dir_, e);
    }
    bool ok() const { return ok_; }
    std::string Path(const std::string& name) const { return (dir_ / name).string(); }

private:
    bool Run(const std::string& args) const {
        const std::string cmd = "cd '" + dir_.string() + "' && openssl " + args + " >/dev/null 2>&1";
        return std::system(cmd.c_str()) == 0;
    }

    fs::path dir_;
    bool ok_ = false;
};

// An HTTPS server on 127.0.0.1 with the given certificate that keeps the bodies it was posted.
class TlsListener {
public:
    TlsListener(const std::string& key, const std::string& cert)
        : context_(new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key, cert, "",
                                          Poco::Net::Context::VERIFY_NONE)),
          socket_(Poco::Net::SocketAddress("127.0.0.1", 0), 16, context_),
          server_(new Factory(*this), socket_, new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~TlsListener() { server_.stopAll(true); }
    int port() const { return socket_.address().port(); }
    std::vector<std::string> bodies() {
        std::lock_guard<std::mutex> lock(mu_);
        return bodies_;
    }

private:
    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(TlsListener& owner) : owner_(owner) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            std::string body;
            Poco::StreamCopier::copyToString(request.stream(), body);
            {
                std::lock_guard<std::mutex> lock(owner_.mu_);
                owner_.bodies_.push_back(body);
            }
            response.setContentLength(0);
            response.send();
        }

    private:
        TlsListener& owner_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(TlsListener& owner) : owner_(owner) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(owner_);
        }

    private:
        TlsListener& owner_;
    };

    Poco::Net::Context::Ptr context_;
    Poco::Net::SecureServerSocket socket_;
    Poco::Net::HTTPServer server_;
    std::mutex mu_;
    std::vector<std::string> bodies_;
};

// A job that fails when it runs (nothing listens on port 1), not when it is saved.
constexpr const char* kDoomedJob = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
    "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 1, "column": [{"type": "long", "value": "1"}]}},
    "writer": {"name": "postgresqlwriter", "parameter": {"username": "u", "password": "p", "column": ["id"],
        "connection": [{"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/x", "table": ["t"]}]}}}]}})";

TEST(WebhookTlsTest, AnAlertReachesAnHttpsListenerWhoseCaIsConfiguredAndNoOtherCertificate) {
    Certificates certs;
    ASSERT_TRUE(certs.ok()) << "openssl could not make the test certificates";
    TlsListener trusted(certs.Path("server.key"), certs.Path("server.pem"));
    TlsListener rogue(certs.Path("rogue.key"), certs.Path("rogue.pem"));
    HostProcess host("schedule:\n  tick_ms: 100\n  webhook_allowed_hosts: [localhost]\n  webhook_ca_file: " +
                     certs.Path("ca.pem") + "\ncluster:\n  poll_ms: 100\n");
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    auto config = host.Post("/api/config/save", std::string(R"({"config_name": "doomed", "content": )") + kDoomedJob + "}");
    ASSERT_EQ(config.code(), 0) << config.body;
    const std::string config_id = std::to_string(config.json->getObject("data")->getValue<std::int64_t>("id"));
    auto schedule = [&](const std::string& name, int port) {
        auto saved = host.Post("/api/schedule/save", R"({"name": ")" + name + R"(", "cron": "* * * * * ?", "overlap": "skip",
            "alert_webhook": "https://localhost:)" + std::to_string(port) + R"(/hook", "config_id": )" + config_id + "}");
        EXPECT_EQ(saved.code(), 0) << saved.body;
        return saved.code() == 0 ? std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id")) : "";
    };
    const std::string good = schedule("trusted", trusted.port());
    const std::string bad = schedule("rogue", rogue.port());
    const std::string refused = "alert to https://localhost:" + std::to_string(rogue.port()) + "/hook refused: ";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((trusted.bodies().empty() || !Contains(host.output(), refused)) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (const auto& id : {good, bad}) {
        host.Post("/api/schedule/update", R"({"id": )" + id + R"(, "enabled": false})");
    }
    ASSERT_FALSE(trusted.bodies().empty()) << host.output();
    auto alert = Poco::JSON::Parser().parse(trusted.bodies()[0]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(alert->getValue<std::string>("event"), "run_failed");
    EXPECT_EQ(alert->getObject("schedule")->getValue<std::string>("name"), "trusted");
    EXPECT_EQ(alert->getObject("run")->getValue<std::string>("status"), "failed");

    EXPECT_TRUE(rogue.bodies().empty()) << "nothing is posted to a server whose certificate is not trusted";
    const std::string out = host.output();
    const auto at = out.find(refused);
    ASSERT_NE(at, std::string::npos) << out;
    const std::string line = out.substr(at, out.find('\n', at) - at);
    EXPECT_TRUE(Contains(line, "certificate")) << line;
}

TEST(WebhookTlsTest, AnUnusableCaFileStopsTheServerNamingTheKey) {
    HostProcess host("schedule:\n  webhook_ca_file: /etc/hostname\n");
    EXPECT_FALSE(host.Start());
    EXPECT_TRUE(Contains(host.output(), "schedule.webhook_ca_file: '/etc/hostname' holds no usable CA certificate"))
        << host.output();
}

}  // namespace
}  // namespace dbbridge::testing
