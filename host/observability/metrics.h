#pragma once
// GET /metrics: counters and histograms in the Prometheus text format through prometheus-cpp
// (Debian prometheus-cpp-dev; only its core library: Poco serves the text). Every metric is
// listed in docs/operations.md.

#include <functional>
#include <memory>
#include <string>

#include "core/store/exec_log_repository.h"
#include "host/http/request_record.h"

namespace dbbridge::host {

class Metrics {
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    void ObserveRequest(const RequestRecord& request);
    // A run this host finished (or reaped): status, records, bytes, duration.
    void ObserveRun(const core::ExecLogRow& run);
    void SetPlugins(std::size_t loaded, std::size_t failed);
    // A gauge read when /metrics is scraped (pool sizes); name without the dbbridge_ prefix.
    void AddScrapeGauge(const std::string& name, const std::string& help, std::function<double()> read);

    // The text exposition format, version 0.0.4.
    std::string Render();

private:
    struct Families;
    std::unique_ptr<Families> families_;
};

}  // namespace dbbridge::host
