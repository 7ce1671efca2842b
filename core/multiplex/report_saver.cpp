#include "core/multiplex/report_saver.h"

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::multiplex {

sdk::Status ReportSaver::Save(const StoredReport& report) {
    sdk::Status st = sdk::util::NoThrow([&] { return store_.Save(report); }, "");
    std::lock_guard<std::mutex> lock(mu_);
    if (st.ok()) {
        unsaved_.erase(report.trace_id);
        return st;
    }
    if (unsaved_.size() >= kMaxRememberedFailures) {
        unsaved_.erase(unsaved_.begin());
    }
    unsaved_[report.trace_id] = {report.uid, st.message()};
    return st;
}

std::optional<std::string> ReportSaver::SaveFailure(const std::string& trace_id, const std::string& uid) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = unsaved_.find(trace_id);
    if (it == unsaved_.end() || it->second.first != uid) {
        return std::nullopt;
    }
    return it->second.second;
}

}  // namespace dbbridge::core::multiplex
