#include "dbbridge/sdk/util/jdbc_url.h"

#include <cctype>

namespace dbbridge::sdk::util {

bool StartsWithNoCase(const std::string& text, const std::string& prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

namespace {

void ParseParams(const std::string& text, char sep, std::map<std::string, std::string>& params) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(sep, start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string item = text.substr(start, end - start);
        if (!item.empty()) {
            std::size_t eq = item.find('=');
            params[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
        }
        start = end + 1;
    }
}

}  // namespace

Result<JdbcUrlParts> ParseHostPortUrl(const std::string& url, const std::string& prefix) {
    if (!StartsWithNoCase(url, prefix)) {
        return Status::InvalidArgument("JDBC URL '" + url + "' does not start with '" + prefix + "'");
    }
    JdbcUrlParts parts;
    std::string rest = url.substr(prefix.size());
    std::size_t q = rest.find_first_of("?;");
    if (q != std::string::npos) {
        ParseParams(rest.substr(q + 1), rest[q] == '?' ? '&' : ';', parts.params);
        // "?a=1&b=2;c=3" style mixtures are rare; also split the remainder on ';'.
        rest = rest.substr(0, q);
    }
    std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) {
        parts.database = rest.substr(slash + 1);
    }
    std::size_t comma = authority.find(',');
    if (comma != std::string::npos) {
        authority = authority.substr(0, comma);
    }
    if (authority.empty()) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has no host");
    }
    std::string port_text;
    if (authority[0] == '[') {  // IPv6 literal
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            return Status::InvalidArgument("JDBC URL '" + url + "' has an unterminated IPv6 address");
        }
        parts.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size() && authority[close + 1] == ':') {
            port_text = authority.substr(close + 2);
        }
    } else {
        std::size_t colon = authority.rfind(':');
        parts.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
        }
    }
    if (parts.host.empty()) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has no host");
    }
    if (!port_text.empty()) {
        int port = 0;
        for (char c : port_text) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
                return Status::InvalidArgument("JDBC URL '" + url + "' has an invalid port '" + port_text + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port <= 0 || port > 65535) {
            return Status::InvalidArgument("JDBC URL '" + url + "' has an invalid port '" + port_text + "'");
        }
        parts.port = port;
    }
    return parts;
}

}  // namespace dbbridge::sdk::util
