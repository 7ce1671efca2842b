#include "core/store/columns_query_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

ColumnsQueryRow ToRow(const StoreRow& r) {
    ColumnsQueryRow row;
    row.id = r.Int(0);
    row.db_type = r.Text(1);
    row.query_sql = r.Text(2);
    row.ping = r.Text(3);
    row.is_delete = r.Int(4) != 0;
    row.insert_time = r.Text(5);
    row.update_time = r.Text(6);
    return row;
}

}  // namespace

sdk::Result<bool> ColumnsQueryRepository::InsertDefaultIfAbsent(const std::string& db_type,
                                                                const std::string& query_sql, const std::string& ping) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<bool> {
        DBB_ASSIGN_OR_RETURN(auto count, s.QueryInt("SELECT COUNT(*) FROM columns_query WHERE db_type = ?", {db_type}));
        if (count > 0) {
            return false;
        }
        const std::string now = NowUtcIso();
        auto done = s.Insert(
            "INSERT INTO columns_query (db_type, query_sql, ping, is_delete, insert_time, update_time) "
            "VALUES (?, ?, ?, 0, ?, ?)",
            {db_type, query_sql, ping, now, now});
        if (done.status().code() == sdk::StatusCode::kAlreadyExists) {
            return false;  // another host seeded it at the same moment
        }
        if (!done.ok()) {
            return done.status();
        }
        return true;
    });
}

sdk::Result<ColumnsQueryRow> ColumnsQueryRepository::Get(const std::string& db_type) {
    return SelectOne(store_,
                     "SELECT id, db_type, query_sql, ping, is_delete, insert_time, update_time FROM columns_query "
                     "WHERE db_type = ? AND is_delete = 0",
                     {db_type}, ToRow, sdk::Status::NotFound("columns_query has no row for db_type " + db_type));
}

sdk::Status ColumnsQueryRepository::SetOverride(const std::string& db_type, const std::string& query_sql,
                                                const std::string& ping) {
    return store_.Transact([&](StoreSession& s) -> sdk::Status {
        const std::string now = NowUtcIso();
        DBB_ASSIGN_OR_RETURN(auto count, s.QueryInt("SELECT COUNT(*) FROM columns_query WHERE db_type = ?", {db_type}));
        if (count == 0) {
            return s
                .Insert(
                    "INSERT INTO columns_query (db_type, query_sql, ping, is_delete, insert_time, update_time) "
                    "VALUES (?, ?, ?, 0, ?, ?)",
                    {db_type, query_sql, ping, now, now})
                .status();
        }
        return s
            .Execute(
                "UPDATE columns_query SET query_sql = ?, ping = ?, is_delete = 0, update_time = ? "
                "WHERE db_type = ?",
                {query_sql, ping, now, db_type})
            .status();
    });
}

}  // namespace dbbridge::core
