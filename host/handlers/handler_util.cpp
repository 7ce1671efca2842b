#include "host/handlers/handler_util.h"

#include <climits>
#include <regex>

namespace dbbridge::host {

ApiReply IdReply(const sdk::Status& st, std::int64_t id) {
    return st.ok() ? ApiReply::Ok("{\"id\":" + std::to_string(id) + "}") : ApiReply::FromStatus(st);
}

sdk::Result<std::int64_t> QueryId(const Request& req, const std::string& name) {
    return req.QueryInt(name, true, 0, 1, INT64_MAX);
}

sdk::Result<std::int64_t> IdFromQueryOrBody(const Request& req) {
    if (req.query.count("id") || req.method != "POST" || req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        return QueryId(req);
    }
    auto body = req.JsonObject();
    DBB_RETURN_IF_ERROR(body.status());
    JsonFields f(*body);
    DBB_RETURN_IF_ERROR(f.OnlyKeys({"id"}));
    auto id = f.Int("id", true, 1, INT64_MAX);
    DBB_RETURN_IF_ERROR(id.status());
    return **id;
}

sdk::Result<std::pair<int, int>> Paging(const Request& req) {
    auto page = req.QueryInt("page", false, 1, 1, kMaxPage);
    DBB_RETURN_IF_ERROR(page.status());
    auto size = req.QueryInt("pageSize", false, core::kDefaultPageSize, 1, core::kMaxPageSize);
    DBB_RETURN_IF_ERROR(size.status());
    return std::make_pair(static_cast<int>(*page), static_cast<int>(*size));
}

sdk::Result<std::string> TimeParam(const Request& req, const std::string& name) {
    auto value = req.QueryString(name, false);
    DBB_RETURN_IF_ERROR(value.status());
    static const std::regex kIso(R"((\d{4}-\d{2}-\d{2})(T(\d{2}:\d{2}:\d{2})(\.(\d{1,3}))?Z)?)");
    std::smatch m;
    if (value->empty()) {
        return value;
    }
    if (!std::regex_match(*value, m, kIso)) {
        return sdk::Status::InvalidArgument(name + " must be an ISO 8601 UTC date or time such as 2026-12-03 or "
                                                   "2026-12-03T08:00:00Z");
    }
    std::string millis = m[5].str();
    millis.resize(3, '0');
    return m[1].str() + "T" + (m[3].matched ? m[3].str() : "00:00:00") + "." + millis + "Z";
}

std::string TimeForApi(const std::string& stored) {
    // "YYYY-MM-DDTHH:MM:SSZ" is 20 characters; anything else is shown as stored.
    constexpr std::size_t kSecondsForm = 20;
    if (stored.size() == kSecondsForm && stored[10] == 'T' && stored.back() == 'Z') {
        return stored.substr(0, kSecondsForm - 1) + ".000Z";
    }
    return stored;
}

}  // namespace dbbridge::host
