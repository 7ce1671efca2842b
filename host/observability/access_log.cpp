#include "host/observability/access_log.h"

#include <cstdio>

namespace dbbridge::host {

namespace {

// Bare when the value is plain; else in double quotes with \", \\ and control bytes as \xNN.
std::string Value(const std::string& v) {
    if (v.empty()) {
        return "-";
    }
    bool plain = true;
    for (unsigned char c : v) {
        plain = plain && c > ' ' && c != '"' && c != '\\' && c != '=' && c != 0x7f;
    }
    if (plain) {
        return v;
    }
    std::string out = "\"";
    for (unsigned char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < ' ' || c == 0x7f) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace

std::string FormatAccessLine(const RequestRecord& r) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", r.seconds * 1000.0);
    return "peer=" + Value(r.peer) + " user=" + Value(r.user) + " method=" + Value(r.method) +
           " path=" + Value(r.path) + " status=" + std::to_string(r.status) + " bytes=" + std::to_string(r.bytes) +
           " duration_ms=" + duration;
}

void WriteAccessLine(Poco::Logger& log, const RequestRecord& r) { log.information(FormatAccessLine(r)); }

}  // namespace dbbridge::host
