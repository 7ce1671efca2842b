#include "core/multiplex/sql_report_store.h"

#include <cstdio>
#include <ctime>

namespace dbbridge::core::multiplex {

namespace {

constexpr const char* kColumns =
    "trace_id, status, consistent, request_json, report_json, insert_time, update_time, uid";

StoredReport ToReport(const StoreRow& r) {
    StoredReport s;
    s.trace_id = r.Text(0);
    s.status = r.Text(1);
    s.consistent = r.IsNull(2) ? -1 : static_cast<int>(r.Int(2));
    s.request_json = r.Text(3);
    s.report_json = r.Text(4);
    s.insert_time_ms = EpochMsFromIso(r.Text(5));
    s.update_time_ms = EpochMsFromIso(r.Text(6));
    s.uid = r.Text(7);
    return s;
}

StoreValue Consistent(int c) {
    if (c < 0) return std::monostate{};
    return std::int64_t{c};
}

}  // namespace

std::string IsoFromEpochMs(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::int64_t EpochMsFromIso(const std::string& iso) {
    std::tm tm{};
    int msec = 0;
    int n = std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                        &tm.tm_min, &tm.tm_sec, &msec);
    if (n < 6) return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + (n == 7 ? msec : 0);
}

sdk::Status SqlReportStore::Save(const StoredReport& report) {
    const std::string now = IsoFromEpochMs(report.update_time_ms);
    const std::string inserted = IsoFromEpochMs(report.insert_time_ms ? report.insert_time_ms : report.update_time_ms);
    auto upsert = [&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto n, s.QueryInt("SELECT COUNT(*) FROM multiplex_report WHERE trace_id = ?", {report.trace_id}));
        if (n > 0) {
            auto u = s.Execute(
                "UPDATE multiplex_report SET status = ?, consistent = ?, request_json = ?, report_json = ?, "
                "update_time = ? WHERE trace_id = ?",
                {report.status, Consistent(report.consistent), report.request_json, report.report_json, now,
                 report.trace_id});
            return u.ok() ? sdk::Status::Ok() : u.status();
        }
        auto i = s.Execute(
            "INSERT INTO multiplex_report (trace_id, status, consistent, request_json, report_json, insert_time, "
            "update_time, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {report.trace_id, report.status, Consistent(report.consistent), report.request_json, report.report_json,
             inserted, now, report.uid});
        return i.ok() ? sdk::Status::Ok() : i.status();
    };
    sdk::Status st = store_.Transact(upsert);
    if (st.code() == sdk::StatusCode::kAlreadyExists) {
        st = store_.Transact(upsert);  // another host inserted the same traceId first: update it
    }
    return st.WithContext("saving multiplex report " + report.trace_id);
}

sdk::Result<std::optional<StoredReport>> SqlReportStore::Get(const std::string& trace_id) {
    std::optional<StoredReport> out;
    auto st = store_.Run([&](StoreSession& s) {
        auto rows = s.Query(std::string("SELECT ") + kColumns + " FROM multiplex_report WHERE trace_id = ?", {trace_id});
        if (!rows.ok()) return rows.status();
        if (!rows->empty()) out = ToReport(rows->front());
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading multiplex report " + trace_id);
    return out;
}

namespace {

// " WHERE ..." (or "") with its bound values; insert_time is fixed-width ISO text, so text order is time order.
std::string WhereOf(const ReportFilter& f, std::vector<StoreValue>& params) {
    std::vector<std::string> terms;
    if (f.owner) {
        terms.emplace_back("uid = ?");
        params.emplace_back(*f.owner);
    }
    if (!f.status.empty()) {
        terms.emplace_back("status = ?");
        params.emplace_back(f.status);
    }
    if (f.consistent) {
        if (*f.consistent < 0) {
            terms.emplace_back("consistent IS NULL");
        } else {
            terms.emplace_back("consistent = ?");
            params.emplace_back(std::int64_t{*f.consistent});
        }
    }
    if (f.from_ms > 0) {
        terms.emplace_back("insert_time >= ?");
        params.emplace_back(IsoFromEpochMs(f.from_ms));
    }
    if (f.to_ms > 0) {
        terms.emplace_back("insert_time < ?");
        params.emplace_back(IsoFromEpochMs(f.to_ms));
    }
    std::string where;
    for (const auto& t : terms) where += (where.empty() ? " WHERE " : " AND ") + t;
    return where;
}

}  // namespace

sdk::Result<ReportPage> SqlReportStore::List(const ReportFilter& filter) {
    ReportPage out;
    if (filter.page < 1 || filter.page_size < 1) {
        return sdk::Status::InvalidArgument("page and pageSize must be 1 or more");
    }
    std::vector<StoreValue> params;
    const std::string where = WhereOf(filter, params);
    auto st = store_.Run([&](StoreSession& s) {
        DBB_ASSIGN_OR_RETURN(auto total, s.QueryInt("SELECT COUNT(*) FROM multiplex_report" + where, params));
        out.total = total;
        std::vector<StoreValue> paged = params;
        paged.emplace_back(std::int64_t{filter.page_size});
        paged.emplace_back(static_cast<std::int64_t>(filter.page - 1) * filter.page_size);
        DBB_ASSIGN_OR_RETURN(auto rows, s.Query(std::string("SELECT ") + kColumns + " FROM multiplex_report" + where +
                                " ORDER BY insert_time DESC, id DESC LIMIT ? OFFSET ?",
                            paged));
        for (const auto& r : rows) out.items.push_back(ToReport(r));
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("listing multiplex reports");
    return out;
}

sdk::Result<std::int64_t> SqlReportStore::PurgeOlderThan(std::int64_t cutoff_ms) {
    std::int64_t purged = 0;
    // update_time is ISO 8601 UTC text of one fixed width, so text order is time order.
    auto st = store_.Transact([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto n, s.Execute("DELETE FROM multiplex_report WHERE status <> 'pending' AND update_time < ?",
                           {IsoFromEpochMs(cutoff_ms)}));
        purged = n;
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("purging old multiplex reports");
    return purged;
}

}  // namespace dbbridge::core::multiplex
