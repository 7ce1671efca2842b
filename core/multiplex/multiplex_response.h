#pragma once
// The multiplex API's answer {code, message, data} and the answers several parts of the service
// give in the same words (seed 004's codes and texts, multiplex_codes.h).

#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::multiplex {

struct MultiplexResponse {
    int code = 0;
    std::string message;
    std::string data_json = "null";  // JSON text of "data"

    // {"code":..,"message":..,"data":..}
    std::string ToJson() const;
};

MultiplexResponse Respond(int code, std::string message, std::string data = "null");

// {"traceId": trace_id}: the data of most answers.
std::string TraceData(const std::string& trace_id);

// The store could not be read (40006) / the report could not be saved (-1), with the store's error.
MultiplexResponse ReadFailed(const std::string& trace_id, const sdk::Status& st);
MultiplexResponse SaveFailed(const std::string& trace_id, const sdk::Status& st);

// Another user's traceId: refused without saying what that user's report holds.
std::string MsgTraceIdTaken(const std::string& trace_id);

// Some targets failed before or while running: 30000 listing each target's failure.
MultiplexResponse ExecutionFailed(const std::string& trace_id, const std::vector<std::string>& failures);

std::string JoinTexts(const std::vector<std::string>& parts, const std::string& sep);

}  // namespace dbbridge::core::multiplex
