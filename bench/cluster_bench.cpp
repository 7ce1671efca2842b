// Several hosts on one PostgreSQL store (docs/cluster.md, docs/benchmarks.md):
//  1. fire delay: N schedules (default 1,000) each firing every 10 s, spread over the seconds,
//     fired by three schedulers and claimed by three claimers (one pair per simulated host, each
//     with its own connection pool) for D seconds; prints p50 / p99 / max of
//     (a) tick -> run queued and (b) tick -> run started (claimed), and checks every tick ran once;
//  2. claim rate: R queued runs drained by three claimers (limit 8 per claim, finished at once);
//     prints claims per second and checks none was claimed twice.
// Jobs are not executed: this measures the store's queue and clock, not the engine.
//
//   cluster_bench postgresql://user:pass@host:port/emptydb [--schedules 1000] [--seconds 30] [--runs 3000]
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "core/cluster/run_queue.h"
#include "core/schedule/scheduler.h"
#include "core/store/metadata_store.h"
#include "core/store/store_connectors.h"
#include "core/store/store_query.h"

using namespace dbbridge::core;

namespace {

std::int64_t IsoToMs(const std::string& iso) {
    int tz = 0;
    return Poco::DateTimeParser::parse(iso, tz).timestamp().epochMicroseconds() / 1000;
}

std::unique_ptr<MetadataStore> Open(const std::string& url) {
    auto store = MetadataStore::Open(url);
    if (!store.ok()) {
        std::cerr << "cluster_bench: " << store.status().message() << "\n";
        std::exit(1);
    }
    return std::move(store.value());
}

void Must(const dbbridge::sdk::Status& st) {
    if (!st.ok()) {
        std::cerr << "cluster_bench: " << st.message() << "\n";
        std::exit(1);
    }
}

void Sql(MetadataStore& store, const std::string& sql, const std::vector<StoreValue>& params = {}) {
    Must(store.Run([&](StoreSession& s) { return s.Execute(sql, params).status(); }));
}

std::vector<StoreRow> Rows(MetadataStore& store, const std::string& sql) {
    auto rows = RunFor(store, [&](StoreSession& s) { return s.Query(sql); });
    Must(rows.status());
    return rows.value();
}

// Claims up to 8 at a time and finishes them at once, until stop.
void Claimer(MetadataStore& store, const std::string& host, const std::atomic<bool>& stop, std::atomic<int>& claims,
             int idle_sleep_ms) {
    RunQueue queue(store);
    RunEnd ok;
    ok.outcome.status = ExecStatus::kSucceeded;
    while (!stop) {
        auto claimed = queue.Claim(host, 8, 60000, 1, [](std::int64_t, std::int64_t) { return ""; });
        if (!claimed.ok() || claimed->empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(idle_sleep_ms));
            continue;
        }
        for (const auto& c : claimed.value()) {
            if (!queue.Finish(c.row.id, ok).ok()) {
                std::cerr << "cluster_bench: finishing run " << c.row.id << " failed\n";
            }
            ++claims;
        }
    }
}

void Percentiles(const char* what, std::vector<std::int64_t> v) {
    if (v.empty()) {
        std::printf("%-28s no samples\n", what);
        return;
    }
    std::sort(v.begin(), v.end());
    auto at = [&](double p) { return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))]; };
    std::printf("%-28s n=%zu p50=%lld ms p99=%lld ms max=%lld ms\n", what, v.size(), static_cast<long long>(at(0.5)),
                static_cast<long long>(at(0.99)), static_cast<long long>(v.back()));
}

void FireDelay(const std::string& url, int schedules, int seconds) {
    auto setup = Open(url);
    Sql(*setup, "INSERT INTO json_config (config_name, content, uid, insert_time, update_time) "
                "VALUES ('bench', '{\"job\": {}}', 'bench', 'x', 'x')");
    const std::int64_t start = (NowEpochMs() / 10000 + 1) * 10000 + 10000;  // a whole 10 s, 10-20 s ahead
    for (int i = 0; i < schedules; ++i) {
        // Each fires every 10 s; the first tick is spread over the seconds of the first 10 s.
        const int sec = i % 10;
        Sql(*setup,
            "INSERT INTO schedule (name, uid, config_id, cron, time_zone, enabled, misfire, overlap, max_retries, "
            "retry_backoff_s, timeout_s, params, alert_webhook, next_fire, last_fire, insert_time, update_time) "
            "VALUES (?, 'bench', (SELECT MIN(id) FROM json_config), ?, 'UTC', 1, 'fire_once', 'parallel', 0, 0, 0, "
            "'', '', ?, 0, 'x', 'x')",
            {"s" + std::to_string(i), std::to_string(sec) + "/10 * * * * ?", start + sec * 1000});
    }
    std::printf("fire delay: %d schedules, each every 10 s, 3 hosts, %d s from %s\n", schedules, seconds,
                IsoMillis(start).c_str());
    std::atomic<bool> stop{false};
    std::atomic<int> claims{0};
    std::vector<std::unique_ptr<MetadataStore>> stores;
    std::vector<std::unique_ptr<Scheduler>> schedulers;
    std::vector<std::thread> claimers;
    for (int h = 0; h < 3; ++h) {
        stores.push_back(Open(url));
        SchedulerOptions o;
        o.host_name = "bench-" + std::to_string(h);
        o.tick_ms = 200;
        schedulers.push_back(std::make_unique<Scheduler>(*stores.back(), o, nullptr));
        schedulers.back()->Start();
        MetadataStore* store = stores.back().get();
        claimers.emplace_back([store, h, &stop, &claims] { Claimer(*store, "bench-" + std::to_string(h), stop, claims, 100); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(start - NowEpochMs() + seconds * 1000));
    for (auto& s : schedulers) {
        s->Stop();
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // let the claimers drain
    stop = true;
    for (auto& t : claimers) {
        t.join();
    }
    std::vector<std::int64_t> queued;
    std::vector<std::int64_t> started;
    for (const auto& r : Rows(*setup, "SELECT f.fire_time, f.insert_time, e.start_time FROM schedule_fire f "
                                      "JOIN exec_log e ON e.id = f.exec_id")) {
        queued.push_back(IsoToMs(r.Text(1)) - r.Int(0));
        if (!r.Text(2).empty()) {
            started.push_back(IsoToMs(r.Text(2)) - r.Int(0));
        }
    }
    Percentiles("tick -> run queued", queued);
    Percentiles("tick -> run started", started);
    auto dup = Rows(*setup, "SELECT COUNT(*) FROM (SELECT schedule_id, fire_time FROM exec_log WHERE schedule_id > 0 "
                            "GROUP BY schedule_id, fire_time HAVING COUNT(*) > 1) d");
    std::printf("ticks fired twice: %s; runs not started: %zu\n", dup.at(0).Text(0).c_str(), queued.size() - started.size());
    Sql(*setup, "DELETE FROM schedule");
}

void ClaimRate(const std::string& url, int runs) {
    auto setup = Open(url);
    Sql(*setup, "DELETE FROM exec_log");
    Must(setup->Transact([&](StoreSession& s) {
        for (int i = 0; i < runs; ++i) {
            auto id = ExecLogRepository::InsertQueued(s, 1, "bench", QueuedRunSpec{});
            if (!id.ok()) {
                return id.status();
            }
        }
        return dbbridge::sdk::Status::Ok();
    }));
    std::atomic<bool> stop{false};
    std::atomic<int> claims{0};
    std::vector<std::unique_ptr<MetadataStore>> stores;
    std::vector<std::thread> claimers;
    const auto t0 = std::chrono::steady_clock::now();
    for (int h = 0; h < 3; ++h) {
        stores.push_back(Open(url));
        MetadataStore* store = stores.back().get();
        claimers.emplace_back([store, h, &stop, &claims] { Claimer(*store, "bench-" + std::to_string(h), stop, claims, 5); });
    }
    while (claims < runs) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    stop = true;
    for (auto& t : claimers) {
        t.join();
    }
    auto per_host = Rows(*setup, "SELECT host_name, COUNT(*) FROM exec_log GROUP BY host_name ORDER BY host_name");
    std::printf("claim rate: %d runs claimed and finished by 3 hosts in %.2f s = %.0f runs/s (", runs, secs,
                runs / secs);
    for (const auto& r : per_host) {
        std::printf(" %s: %s", r.Text(0).c_str(), r.Text(1).c_str());
    }
    auto unfinished = Rows(*setup, "SELECT COUNT(*) FROM exec_log WHERE status <> 'succeeded'");
    std::printf(" ); not succeeded: %s\n", unfinished.at(0).Text(0).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::strncmp(argv[1], "postgres", 8) != 0) {
        std::cerr << "usage: cluster_bench postgresql://user:pass@host:port/emptydb [--schedules N] [--seconds S] "
                     "[--runs R]\n";
        return 2;
    }
    int schedules = 1000;
    int seconds = 30;
    int runs = 3000;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const int v = std::atoi(argv[i + 1]);
        (flag == "--schedules" ? schedules : flag == "--seconds" ? seconds : runs) = v;
    }
    RegisterStoreConnectors();
    FireDelay(argv[1], schedules, seconds);
    ClaimRate(argv[1], runs);
    return 0;
}
