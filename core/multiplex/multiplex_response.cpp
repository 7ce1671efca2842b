#include "core/multiplex/multiplex_response.h"

#include "core/multiplex/multiplex_codes.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core::multiplex {

using sdk::util::JsonWriter;

std::string MultiplexResponse::ToJson() const {
    JsonWriter w;
    w.BeginObject()
        .Key("code")
        .Int(code)
        .Key("message")
        .String(message)
        .Key("data")
        .Raw(data_json.empty() ? "null" : data_json)
        .EndObject();
    return w.str();
}

MultiplexResponse Respond(int code, std::string message, std::string data) {
    MultiplexResponse r;
    r.code = code;
    r.message = std::move(message);
    r.data_json = std::move(data);
    return r;
}

std::string TraceData(const std::string& trace_id) {
    JsonWriter w;
    w.BeginObject().Key("traceId").String(trace_id).EndObject();
    return w.str();
}

MultiplexResponse ReadFailed(const std::string& trace_id, const sdk::Status& st) {
    return Respond(kCodeReportQueryError, std::string(kMsgReportQueryError) + ": " + st.message(), TraceData(trace_id));
}

MultiplexResponse SaveFailed(const std::string& trace_id, const sdk::Status& st) {
    return Respond(kCodeUnknown, std::string(kMsgUnknown) + ": " + kMsgReportNotSaved + ": " + st.message(),
                   TraceData(trace_id));
}

std::string MsgTraceIdTaken(const std::string& trace_id) {
    return "入参不符合规则: traceId[" + trace_id + "]已被使用, 请使用新的traceId";
}

MultiplexResponse ExecutionFailed(const std::string& trace_id, const std::vector<std::string>& failures) {
    return Respond(kCodeExecution, std::string(kMsgExecution) + ": " + JoinTexts(failures, "; "), TraceData(trace_id));
}

std::string JoinTexts(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

}  // namespace dbbridge::core::multiplex
