#include "host/observability/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <vector>

namespace dbbridge::host {

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                                 0.5,   1,     2.5,  5,     10,   30};
const prometheus::Histogram::BucketBoundaries kRunBuckets = {1, 5, 15, 60, 300, 900, 3600, 14400};

// A client may send any method: keep the label set bounded.
std::string MethodLabel(const std::string& method) {
    for (const char* known : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
        if (method == known) {
            return method;
        }
    }
    return "other";
}

// Store times are "2026-11-22T03:08:00Z" (core/store/store_time.h); empty until set.
std::optional<std::int64_t> EpochSeconds(const std::string& iso) {
    std::tm tm{};
    if (iso.empty() || std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
        return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

struct Metrics::Families {
    std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
    prometheus::Family<prometheus::Counter>& http_requests =
        BuildCounter().Name("dbbridge_http_requests_total").Help("HTTP requests by route, method and status")
            .Register(*registry);
    prometheus::Family<prometheus::Histogram>& http_seconds =
        BuildHistogram().Name("dbbridge_http_request_duration_seconds")
            .Help("HTTP request latency by route and method, from request read to reply sent")
            .Register(*registry);
    prometheus::Family<prometheus::Counter>& runs =
        BuildCounter().Name("dbbridge_runs_total").Help("Finished job runs by final status").Register(*registry);
    prometheus::Family<prometheus::Counter>& records =
        BuildCounter().Name("dbbridge_run_records_total")
            .Help("Records moved by finished runs, by kind: read, written, failed (dirty)")
            .Register(*registry);
    prometheus::Family<prometheus::Counter>& bytes =
        BuildCounter().Name("dbbridge_run_bytes_total").Help("Bytes moved by finished runs (DataX byte accounting)")
            .Register(*registry);
    prometheus::Family<prometheus::Histogram>& run_seconds =
        BuildHistogram().Name("dbbridge_run_duration_seconds").Help("Durations of runs that started, by status (whole seconds, from the store's times)")
            .Register(*registry);
    prometheus::Family<prometheus::Counter>& multiplex =
        BuildCounter().Name("dbbridge_multiplex_requests_total").Help("Multiplex requests by reply code")
            .Register(*registry);
    prometheus::Family<prometheus::Histogram>& multiplex_seconds =
        BuildHistogram().Name("dbbridge_multiplex_request_duration_seconds").Help("Multiplex request latency")
            .Register(*registry);
    prometheus::Family<prometheus::Gauge>& plugins =
        BuildGauge().Name("dbbridge_plugins").Help("Plugin files found at start-up, by state: loaded, failed")
            .Register(*registry);

    std::mutex scrape_mu;
    std::vector<std::pair<prometheus::Gauge*, std::function<double()>>> scrape_gauges;
};

Metrics::Metrics() : families_(std::make_unique<Families>()) {}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(const RequestRecord& request) {
    auto& f = *families_;
    const std::string method = MethodLabel(request.method);
    f.http_requests.Add({{"route", request.route}, {"method", method}, {"status", std::to_string(request.status)}})
        .Increment();
    f.http_seconds.Add({{"route", request.route}, {"method", method}}, kLatencyBuckets).Observe(request.seconds);
    if (request.route == "/multiplex/multiplex") {
        f.multiplex.Add({{"code", std::to_string(request.api_code)}}).Increment();
        f.multiplex_seconds.Add({}, kLatencyBuckets).Observe(request.seconds);
    }
}

void Metrics::ObserveRun(const core::ExecLogRow& run) {
    auto& f = *families_;
    const std::string status = core::ExecStatusName(run.status);
    f.runs.Add({{"status", status}}).Increment();
    f.records.Add({{"kind", "read"}}).Increment(static_cast<double>(run.records_read));
    f.records.Add({{"kind", "written"}}).Increment(static_cast<double>(run.records_written));
    f.records.Add({{"kind", "failed"}}).Increment(static_cast<double>(run.records_failed));
    f.bytes.Add({}).Increment(static_cast<double>(run.bytes));
    auto started = EpochSeconds(run.start_time);
    auto ended = EpochSeconds(run.end_time);
    if (started && ended && *ended >= *started) {
        f.run_seconds.Add({{"status", status}}, kRunBuckets).Observe(static_cast<double>(*ended - *started));
    }
}

void Metrics::SetPlugins(std::size_t loaded, std::size_t failed) {
    families_->plugins.Add({{"state", "loaded"}}).Set(static_cast<double>(loaded));
    families_->plugins.Add({{"state", "failed"}}).Set(static_cast<double>(failed));
}

void Metrics::AddScrapeGauge(const std::string& name, const std::string& help, std::function<double()> read) {
    auto& gauge = BuildGauge().Name("dbbridge_" + name).Help(help).Register(*families_->registry).Add({});
    std::lock_guard<std::mutex> lock(families_->scrape_mu);
    families_->scrape_gauges.emplace_back(&gauge, std::move(read));
}

std::string Metrics::Render() {
    {
        std::lock_guard<std::mutex> lock(families_->scrape_mu);
        for (auto& [gauge, read] : families_->scrape_gauges) {
            gauge->Set(read());
        }
    }
    return prometheus::TextSerializer().Serialize(families_->registry->Collect());
}

}  // namespace dbbridge::host
