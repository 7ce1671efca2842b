#pragma once
// What the /api handlers share: the reply for a Result, item / list / page JSON from one writer
// function, and the id and paging parameters as every endpoint reads them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/store/page.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/http/api_reply.h"
#include "host/http/request.h"

namespace dbbridge::host {

// r's status, or OK with to_json(value) as data.
template <typename T, typename F>
ApiReply Reply(const sdk::Result<T>& r, F to_json) {
    if (!r.ok()) {
        return ApiReply::FromStatus(r.status());
    }
    return ApiReply::Ok(to_json(*r));
}

// What the delete endpoints answer: {"id": N} when st is OK.
ApiReply IdReply(const sdk::Status& st, std::int64_t id);

template <typename T>
using JsonWriteFn = void (*)(sdk::util::JsonWriter&, const T&);

template <typename T>
std::string ItemJson(const T& item, JsonWriteFn<T> write) {
    sdk::util::JsonWriter w;
    write(w, item);
    return w.str();
}

template <typename T>
void WriteList(sdk::util::JsonWriter& w, const std::vector<T>& items, JsonWriteFn<T> write) {
    w.BeginArray();
    for (const auto& item : items) {
        write(w, item);
    }
    w.EndArray();
}

template <typename T>
std::string ListJson(const std::vector<T>& items, JsonWriteFn<T> write) {
    sdk::util::JsonWriter w;
    WriteList(w, items, write);
    return w.str();
}

// {"total": N, "page": P, "pageSize": S, "items": [...]}
template <typename T>
std::string PageJson(const core::Page<T>& p, JsonWriteFn<T> write) {
    sdk::util::JsonWriter w;
    w.BeginObject().Key("total").Int(p.total).Key("page").Int(p.page).Key("pageSize").Int(p.page_size);
    w.Key("items");
    WriteList(w, p.items, write);
    w.EndObject();
    return w.str();
}

// ?name as a date ("2026-12-03") or a UTC time ("2026-12-03T08:00:00Z", milliseconds allowed),
// returned in the stored form ("2026-12-03T08:00:00.000Z") so that comparing text compares times;
// "" when absent.
sdk::Result<std::string> TimeParam(const Request& req, const std::string& name);

// A stored time as the API shows it: ISO 8601 UTC with milliseconds. Rows stored before 0.2 carry
// seconds only ("...:05Z" becomes "...:05.000Z"); empty stays empty.
std::string TimeForApi(const std::string& stored);

// The required ?<name>= id (1 or more).
sdk::Result<std::int64_t> QueryId(const Request& req, const std::string& name = "id");

// ?id=N, or {"id": N} as the whole body of a POST.
sdk::Result<std::int64_t> IdFromQueryOrBody(const Request& req);

// ?page (default 1, at most kMaxPage) and ?pageSize (default core::kDefaultPageSize, at most
// core::kMaxPageSize), as {page, page_size}.
inline constexpr std::int64_t kMaxPage = 1000000;
sdk::Result<std::pair<int, int>> Paging(const Request& req);

}  // namespace dbbridge::host
