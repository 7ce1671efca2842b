#include "core/store/audit_repository.h"

#include <vector>

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

AuditRow ToRow(const StoreRow& r) {
    AuditRow a;
    a.id = r.Int(0);
    a.insert_time = r.Text(1);
    a.actor = r.Text(2);
    a.action = r.Text(3);
    a.object_type = r.Text(4);
    a.object_id = r.Text(5);
    a.outcome = r.Text(6);
    a.peer = r.Text(7);
    a.detail = r.Text(8);
    return a;
}

// At most max_bytes, not splitting a UTF-8 character (the columns are VARCHAR of that size).
std::string Cut(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) {
        return s;
    }
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
        --n;
    }
    return s.substr(0, n);
}

}  // namespace

sdk::Status AuditRepository::Append(const AuditRow& row) {
    return RunFor(store_, [&](StoreSession& s) {
               return s.Insert(
                   "INSERT INTO audit_log (insert_time, actor, action, object_type, object_id, outcome, peer, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {NowUtcIso(), Cut(row.actor, 64), Cut(row.action, 64), Cut(row.object_type, 32),
                    Cut(row.object_id, 255), Cut(row.outcome, 16), Cut(row.peer, 64), Cut(row.detail, 1024)});
           })
        .status();
}

sdk::Result<Page<AuditRow>> AuditRepository::Query(const AuditQuery& query) {
    std::string where = "WHERE 1 = 1";
    std::vector<StoreValue> params;
    if (!query.actor.empty()) {
        where += " AND actor = ?";
        params.emplace_back(query.actor);
    }
    if (!query.action.empty()) {
        where += " AND action = ?";
        params.emplace_back(query.action);
    }
    return QueryPage(store_, "SELECT COUNT(*) FROM audit_log " + where,
                     "SELECT id, insert_time, actor, action, object_type, object_id, outcome, peer, detail "
                     "FROM audit_log " +
                         where + " ORDER BY id DESC",
                     params, query.page, query.page_size, ToRow);
}

}  // namespace dbbridge::core
