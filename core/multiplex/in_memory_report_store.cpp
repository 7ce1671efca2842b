#include "core/multiplex/in_memory_report_store.h"

#include <algorithm>

namespace dbbridge::core::multiplex {

sdk::Status InMemoryReportStore::Save(const StoredReport& report) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = reports_.find(report.trace_id);
    StoredReport copy = report;
    if (it != reports_.end()) {
        copy.insert_time_ms = it->second.insert_time_ms;
        copy.uid = it->second.uid;
    } else {
        order_[report.trace_id] = seq_++;
    }
    reports_[report.trace_id] = std::move(copy);
    return sdk::Status::Ok();
}

sdk::Result<std::optional<StoredReport>> InMemoryReportStore::Get(const std::string& trace_id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = reports_.find(trace_id);
    if (it == reports_.end()) return std::optional<StoredReport>();
    return std::optional<StoredReport>(it->second);
}

namespace {

bool Passes(const ReportFilter& f, const StoredReport& r) {
    return (!f.owner || r.uid == *f.owner) && (f.status.empty() || r.status == f.status) &&
           (!f.consistent || r.consistent == *f.consistent) && (f.from_ms <= 0 || r.insert_time_ms >= f.from_ms) &&
           (f.to_ms <= 0 || r.insert_time_ms < f.to_ms);
}

}  // namespace

sdk::Result<ReportPage> InMemoryReportStore::List(const ReportFilter& filter) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::pair<std::int64_t, const StoredReport*>> all;
    for (const auto& kv : reports_) {
        if (Passes(filter, kv.second)) all.emplace_back(order_[kv.first], &kv.second);
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    ReportPage out;
    out.total = static_cast<std::int64_t>(all.size());
    const auto page_size = static_cast<std::size_t>(std::max(1, filter.page_size));
    const std::size_t begin = static_cast<std::size_t>(std::max(0, filter.page - 1)) * page_size;
    for (std::size_t i = begin; i < all.size() && i < begin + page_size; ++i) {
        out.items.push_back(*all[i].second);
    }
    return out;
}

sdk::Result<std::int64_t> InMemoryReportStore::PurgeOlderThan(std::int64_t cutoff_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    std::int64_t purged = 0;
    for (auto it = reports_.begin(); it != reports_.end();) {
        if (it->second.status != "pending" && it->second.update_time_ms < cutoff_ms) {
            order_.erase(it->first);
            it = reports_.erase(it);
            ++purged;
        } else {
            ++it;
        }
    }
    return purged;
}

}  // namespace dbbridge::core::multiplex
