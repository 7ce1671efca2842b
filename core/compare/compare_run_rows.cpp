#include "core/compare/compare_run_rows.h"

#include <chrono>

namespace dbbridge::core::compare {

namespace {

constexpr const char* kColumns =
    "id, uid, status, source, target, segments_done, segments_total, report_json, error, insert_time, update_time, "
    "exec_id, host_name";

CompareJob ToJob(const StoreRow& r) {
    CompareJob j;
    j.id = r.Int(0);
    j.uid = r.Text(1);
    j.status = r.Text(2);
    j.source = r.Text(3);
    j.target = r.Text(4);
    j.segments_done = r.Int(5);
    j.segments_total = r.Int(6);
    j.report_json = r.Text(7);
    j.error = r.Text(8);
    j.insert_time = r.Text(9);
    j.update_time = r.Text(10);
    j.exec_id = r.Int(11);
    j.host_name = r.Text(12);
    return j;
}

}  // namespace

sdk::Result<std::optional<CompareJob>> SelectCompareRun(StoreSession& session, const std::string& condition,
                                                        std::int64_t value) {
    DBB_ASSIGN_OR_RETURN(auto rows, session.Query(std::string("SELECT ") + kColumns + " FROM compare_run WHERE " +
                                                      condition + " ORDER BY id DESC",
                                                  {value}));
    if (rows.empty()) return std::optional<CompareJob>();
    return std::optional<CompareJob>(ToJob(rows.front()));
}

std::string CompareWhat(std::int64_t id) { return "table compare " + std::to_string(id); }

std::int64_t NowEpochMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace dbbridge::core::compare
