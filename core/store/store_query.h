#pragma once
// What the repositories share: a value carried out of MetadataStore::Run/Transact, a SELECT mapped
// row by row, one row or kNotFound, and one page (COUNT, then LIMIT/OFFSET).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "core/store/store_session.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

namespace store_detail {

template <typename Fn>
using SessionResult = decltype(std::declval<Fn&>()(std::declval<StoreSession&>()));

template <typename Fn>
SessionResult<Fn> CarryOut(MetadataStore& store, bool transact, Fn& fn) {
    std::optional<SessionResult<Fn>> out;
    auto body = [&](StoreSession& s) -> sdk::Status {
        out.emplace(fn(s));
        return out->ok() ? sdk::Status::Ok() : out->status();
    };
    auto st = transact ? store.Transact(body) : store.Run(body);
    if (!st.ok()) {
        return st;  // fn failed (its status), or no session / commit failed
    }
    return std::move(*out);
}

}  // namespace store_detail

// "INSERT INTO <rest>" that skips a row violating a unique key instead of failing (a failed
// statement would abort a PostgreSQL transaction): affected rows tell whether it was inserted.
inline std::string InsertIgnoringDuplicateSql(StoreBackend backend, const std::string& rest) {
    if (backend == StoreBackend::kMysql) {
        return "INSERT IGNORE INTO " + rest;
    }
    return "INSERT INTO " + rest + " ON CONFLICT DO NOTHING";
}

// "50%_off" -> "%50!%!_off%": a pattern for "LIKE ? ESCAPE '!'" that matches text anywhere.
inline std::string LikeContainsPattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') {
            out += '!';
        }
        out += c;
    }
    return out + "%";
}

// " FOR UPDATE SKIP LOCKED" where the backend has it (SQLite serialises writers and has none).
inline const char* SkipLockedSuffix(StoreBackend backend) {
    return backend == StoreBackend::kSqlite ? "" : " FOR UPDATE SKIP LOCKED";
}

// Runs fn(session) -> sdk::Result<T> in auto-commit mode and returns its result.
template <typename Fn>
store_detail::SessionResult<Fn> RunFor(MetadataStore& store, Fn fn) {
    return store_detail::CarryOut(store, false, fn);
}

// Same inside a transaction: committed when fn's result is OK, rolled back otherwise.
template <typename Fn>
store_detail::SessionResult<Fn> TransactFor(MetadataStore& store, Fn fn) {
    return store_detail::CarryOut(store, true, fn);
}

// Runs sql and maps every row with map_row.
template <typename Row>
sdk::Result<std::vector<Row>> SelectRows(StoreSession& session, const std::string& sql,
                                         const std::vector<StoreValue>& params, Row (*map_row)(const StoreRow&)) {
    auto rows = session.Query(sql, params);
    if (!rows.ok()) {
        return rows.status();
    }
    std::vector<Row> out;
    out.reserve(rows->size());
    for (const auto& r : rows.value()) {
        out.push_back(map_row(r));
    }
    return out;
}

template <typename Row>
sdk::Result<std::vector<Row>> SelectRows(MetadataStore& store, const std::string& sql,
                                         const std::vector<StoreValue>& params, Row (*map_row)(const StoreRow&)) {
    return RunFor(store, [&](StoreSession& s) { return SelectRows(s, sql, params, map_row); });
}

// The first row of sql, or not_found when there is none (through a MetadataStore or a session
// the caller holds).
template <typename Store, typename Row>
sdk::Result<Row> SelectOne(Store& store, const std::string& sql, const std::vector<StoreValue>& params,
                           Row (*map_row)(const StoreRow&), const sdk::Status& not_found) {
    auto rows = SelectRows(store, sql, params, map_row);
    if (!rows.ok()) {
        return rows.status();
    }
    if (rows->empty()) {
        return not_found;
    }
    return std::move(rows->front());
}

// One page: count_sql counts the rows matching params; select_sql selects them in a stable order
// and gets " LIMIT ? OFFSET ?" appended. page / page_size are validated here.
template <typename Row>
sdk::Result<Page<Row>> QueryPage(MetadataStore& store, const std::string& count_sql, const std::string& select_sql,
                                 const std::vector<StoreValue>& params, int page, int page_size,
                                 Row (*map_row)(const StoreRow&)) {
    DBB_RETURN_IF_ERROR(ValidatePaging(page, page_size));
    return RunFor(store, [&](StoreSession& s) -> sdk::Result<Page<Row>> {
        DBB_ASSIGN_OR_RETURN(auto total, s.QueryInt(count_sql, params));
        auto paged = params;
        paged.emplace_back(std::int64_t{page_size});
        paged.emplace_back(PageOffset(page, page_size));
        DBB_ASSIGN_OR_RETURN(auto rows, SelectRows(s, select_sql + " LIMIT ? OFFSET ?", paged, map_row));
        Page<Row> result;
        result.total = total;
        result.page = page;
        result.page_size = page_size;
        result.items = std::move(rows);
        return result;
    });
}

}  // namespace dbbridge::core
