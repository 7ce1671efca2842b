// Multiplex benchmark (not a test). Five databases (ORACLE source routed to a PostgreSQL stand-in,
// LIGHTDB_ORACLE, GAUSSDB_ORACLE, DM, OCEAN_BASE_ORACLE), all on the PostgreSQL test server, run a
// small SELECT. Prints:
//   1. the median of each database's own execution of the statement on a reused connection, and
//      the median of a whole five-database multiplex request (validation, routing, parallel
//      execution, comparison, report): overhead = multiplex - slowest single. Target: < 5 ms.
//   2. requests per second with N client threads for D seconds, and the error count.
//      Target: >= 500 req/s without an error on the 2-core machine.
//
// Build: a target linking dbbridge_core, e.g. in CMake
//   add_executable(multiplex_bench bench/multiplex_bench.cpp)
//   target_link_libraries(multiplex_bench PRIVATE dbbridge_core)
// Run:   source <env.sh from scripts/db-up.sh>; multiplex_bench [plugin_dir] [threads] [seconds]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/datasource/connection_resolver.h"
#include "core/multiplex/in_memory_report_store.h"
#include "core/multiplex/multiplex_service.h"
#include "core/plugin/plugin_registry.h"

using dbbridge::core::ConnectionResolver;
using dbbridge::core::PluginRegistry;
using namespace dbbridge::core::multiplex;
namespace sdk = dbbridge::sdk;
using Clock = std::chrono::steady_clock;

namespace {

class Resolver : public ConnectionResolver {
public:
    std::map<std::string, sdk::ConnectionSpec> specs;
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t) override { return sdk::Status::NotFound("by id"); }
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override {
        auto it = specs.find(name);
        if (it == specs.end()) return sdk::Status::NotFound(name);
        return it->second;
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByNameForUser(const std::string& name, const std::string&) override {
        return ResolveByName(name);
    }
};

sdk::ConnectionSpec FromUrl(const std::string& url, const std::string& dialect) {
    static const std::regex re(R"(^(\w+)://([^:@/]+)(?::([^@/]*))?@([^:/]+)(?::(\d+))?/([^?]*))");
    std::smatch m;
    sdk::ConnectionSpec s;
    s.dialect = dialect;
    if (std::regex_search(url, m, re)) {
        s.user = m[2];
        s.password = m[3];
        s.host = m[4];
        s.port = m[5].matched ? std::stoi(m[5]) : 0;
        s.database = m[6];
    }
    return s;
}

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Discard : sdk::RowSink {
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record&) noexcept override { return true; }
};

}  // namespace

int main(int argc, char** argv) {
    const char* pg = std::getenv("DBBRIDGE_TEST_PG");
    if (!pg) {
        std::fprintf(stderr, "DBBRIDGE_TEST_PG is not set (source the env.sh written by scripts/db-up.sh)\n");
        return 2;
    }
    std::string plugin_dir = argc > 1 ? argv[1] : "build/plugins";
    int threads = argc > 2 ? std::atoi(argv[2]) : 16;
    int seconds = argc > 3 ? std::atoi(argv[3]) : 5;
    const int kSamples = 300;
    const std::string sql = "select 1 as a, 'x' as b, 2.50 as c";

    PluginRegistry registry;
    registry.LoadDirectory(plugin_dir);
    const std::vector<std::pair<std::string, std::string>> dbs = {{"ORACLE", "LIGHTDB_ORACLE"},
                                                                  {"LIGHTDB_ORACLE", "LIGHTDB_ORACLE"},
                                                                  {"GAUSSDB_ORACLE", "GAUSSDB_ORACLE"},
                                                                  {"DM", "POSTGRESQL"},
                                                                  {"OCEAN_BASE_ORACLE", "POSTGRESQL"}};
    Resolver resolver;
    MultiplexServiceOptions options;
    options.worker_threads = 16;
    for (const auto& d : dbs) {
        resolver.specs["bench-" + d.first] = FromUrl(pg, d.second);
        options.targets[d.first] = "bench-" + d.first;
        if (!registry.Find(d.second)) {
            std::fprintf(stderr, "no plugin serves %s in %s\n", d.second.c_str(), plugin_dir.c_str());
            return 2;
        }
    }

    // 1. Each database alone, on a reused connection.
    double slowest = 0;
    for (const auto& d : dbs) {
        const sdk::Dialect* dialect = registry.Find(d.second);
        auto conn = dialect->Connect(resolver.specs["bench-" + d.first]);
        if (!conn.ok()) {
            std::fprintf(stderr, "%s: %s\n", d.first.c_str(), conn.status().message().c_str());
            return 1;
        }
        std::vector<double> t;
        Discard sink;
        for (int i = 0; i < kSamples; ++i) {
            auto t0 = Clock::now();
            auto r = conn.value()->Execute(sql, {}, &sink, {});
            t.push_back(MsSince(t0));
            if (!r.ok() || r.value().failed) {
                std::fprintf(stderr, "%s failed\n", d.first.c_str());
                return 1;
            }
        }
        double m = Median(t);
        slowest = std::max(slowest, m);
        std::printf("single %-18s median %.3f ms\n", d.first.c_str(), m);
    }

    InMemoryReportStore store;
    MultiplexService service(options, MultiplexService::LookupFromRegistry(registry), resolver, store);
    auto body = [&](const std::string& trace) {
        std::string b = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":")" + trace +
                        R"(","targetDialectInfos":[)";
        for (std::size_t i = 0; i < dbs.size(); ++i) {
            b += std::string(i ? "," : "") + R"({"targetDialect":")" + dbs[i].first + R"(","sql":")" + sql + R"("})";
        }
        return b + "]}";
    };
    std::vector<double> t;
    for (int i = 0; i < kSamples + 20; ++i) {
        auto t0 = Clock::now();
        MultiplexResponse r = service.Handle(body("lat" + std::to_string(i)), "");
        if (i >= 20) t.push_back(MsSince(t0));  // the first calls fill the connection pool
        if (r.code != 0) {
            std::fprintf(stderr, "multiplex failed: %d %s\n", r.code, r.message.c_str());
            return 1;
        }
    }
    double mux = Median(t);
    std::printf("multiplex (5 databases) median %.3f ms; slowest single %.3f ms; overhead %.3f ms (target < 5 ms)\n",
                mux, slowest, mux - slowest);

    // 2. Throughput.
    std::atomic<long> done{0};
    std::atomic<long> errors{0};
    std::atomic<bool> stop{false};
    std::mutex first_error_mu;
    std::string first_error;
    std::vector<std::thread> pool;
    auto t0 = Clock::now();
    for (int k = 0; k < threads; ++k) {
        pool.emplace_back([&, k] {
            for (long i = 0; !stop; ++i) {
                MultiplexResponse r = service.Handle(body("tp" + std::to_string(k) + "_" + std::to_string(i)), "");
                if (r.code != 0) {
                    ++errors;
                    std::lock_guard<std::mutex> lock(first_error_mu);
                    if (first_error.empty()) first_error = r.message;
                }
                ++done;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& th : pool) th.join();
    double secs = MsSince(t0) / 1000.0;
    std::printf("throughput: %ld requests in %.2f s with %d threads = %.0f req/s, %ld errors (target >= 500 req/s)\n",
                done.load(), secs, threads, done.load() / secs, errors.load());
    if (!first_error.empty()) std::printf("first error: %s\n", first_error.c_str());
    return errors.load() == 0 ? 0 : 1;
}
