#pragma once
// The access log: one line per HTTP request, fields as key=value (logfmt), documented in
// docs/operations.md. Values a client chooses (path, user) are quoted and escaped, so a request
// cannot forge a line.

#include <Poco/Logger.h>

#include <string>

#include "host/http/request_record.h"

namespace dbbridge::host {

// peer=127.0.0.1:50312 user=alice method=GET path=/api/datasources status=200 bytes=512 duration_ms=1.204
std::string FormatAccessLine(const RequestRecord& r);
void WriteAccessLine(Poco::Logger& log, const RequestRecord& r);

}  // namespace dbbridge::host
