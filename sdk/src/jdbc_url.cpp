#include "dbbridge/sdk/util/jdbc_url.h"

#include <algorithm>
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

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string PercentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool IsSecretKey(const std::string& key) {
    std::string k;
    for (char c : key) {
        k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    auto ends_with = [&](const std::string& suffix) {
        return k.size() >= suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return k == "pwd" || ends_with("password") || ends_with("passwd");
}

// Drops secret "key=value" items from a parameter tail that starts with '?' or ';'.
std::string RedactParams(const std::string& tail) {
    std::string out;
    std::size_t start = 0;
    while (start < tail.size()) {
        char sep = tail[start];
        std::size_t end = tail.find_first_of("&;", start + 1);
        if (end == std::string::npos) {
            end = tail.size();
        }
        std::string item = tail.substr(start + 1, end - start - 1);
        if (!IsSecretKey(item.substr(0, item.find('=')))) {
            // The first kept item takes the tail's opening separator ('?' or ';').
            out += out.empty() ? tail[0] : sep;
            out += item;
        }
        start = end;
    }
    return out;
}

}  // namespace

std::string RedactUrl(const std::string& url) {
    std::size_t q = url.find_first_of("?;");
    std::string head = url.substr(0, q);
    std::string tail = q == std::string::npos ? "" : RedactParams(url.substr(q));
    // User info sits right after "//" ("jdbc:mysql://u:p@h") or after "thin:" (Oracle "thin:u/p@h");
    // the last '@' ends it, so an unencoded '@' in a password is still removed.
    std::size_t at = head.rfind('@');
    const std::string oracle_thin = "jdbc:oracle:thin:";
    std::size_t scheme_end = head.find("://");
    if (at != std::string::npos && scheme_end != std::string::npos && scheme_end < at) {
        head = head.substr(0, scheme_end + 3) + head.substr(at + 1);
    } else if (at != std::string::npos && StartsWithNoCase(head, oracle_thin)) {
        head = head.substr(0, oracle_thin.size()) + head.substr(at);  // Oracle keeps the '@'
    }
    return head + tail;
}

std::vector<TextSpan> UrlPasswordSpans(const std::string& url) {
    std::vector<TextSpan> spans;
    const std::size_t q = std::min(url.find_first_of("?;"), url.size());
    const std::string head = url.substr(0, q);
    const std::size_t at = head.rfind('@');
    const std::size_t scheme_end = head.find("://");
    const std::string oracle_thin = "jdbc:oracle:thin:";
    std::size_t info_begin = std::string::npos;
    char separator = ':';
    if (at != std::string::npos && scheme_end != std::string::npos && scheme_end < at) {
        info_begin = scheme_end + 3;
    } else if (at != std::string::npos && StartsWithNoCase(head, oracle_thin)) {
        info_begin = oracle_thin.size();
        separator = '/';
    }
    if (info_begin != std::string::npos) {
        const std::size_t sep = head.find(separator, info_begin);
        if (sep != std::string::npos && sep + 1 < at) {
            spans.push_back({sep + 1, at});
        }
    }
    std::size_t start = q;
    while (start < url.size()) {
        const std::size_t end = std::min(url.find_first_of("&;", start + 1), url.size());
        const std::size_t eq = url.find('=', start + 1);
        if (eq != std::string::npos && eq < end && eq + 1 < end && IsSecretKey(url.substr(start + 1, eq - start - 1))) {
            spans.push_back({eq + 1, end});
        }
        start = end;
    }
    return spans;
}

Result<JdbcUrlParts> ParseHostPortUrl(const std::string& url, const std::string& prefix) {
    if (!StartsWithNoCase(url, prefix)) {
        return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' does not start with '" + prefix + "'");
    }
    JdbcUrlParts parts;
    std::string rest = url.substr(prefix.size());
    std::size_t q = rest.find_first_of("?;");
    if (q != std::string::npos) {
        ParseParams(rest.substr(q + 1), rest[q] == '?' ? '&' : ';', parts.params);
        // "?a=1&b=2;c=3" style mixtures are rare; also split the remainder on ';'.
        rest = rest.substr(0, q);
    }
    // user[:password]@ before the host; the last '@' ends it (a password may hold '@' or '/').
    std::size_t at = rest.rfind('@');
    if (at != std::string::npos) {
        std::string user_info = rest.substr(0, at);
        rest = rest.substr(at + 1);
        std::size_t colon = user_info.find(':');
        parts.user = PercentDecode(user_info.substr(0, colon));
        if (colon != std::string::npos) {
            parts.password = PercentDecode(user_info.substr(colon + 1));
        }
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
        return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' has no host");
    }
    std::string port_text;
    if (authority[0] == '[') {  // IPv6 literal
        std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' has an unterminated IPv6 address");
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
        return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' has no host");
    }
    if (!port_text.empty()) {
        int port = 0;
        for (char c : port_text) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
                return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' has an invalid port '" +
                                               port_text + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port <= 0 || port > 65535) {
            return Status::InvalidArgument("JDBC URL '" + RedactUrl(url) + "' has an invalid port '" + port_text +
                                           "'");
        }
        parts.port = port;
    }
    return parts;
}

}  // namespace dbbridge::sdk::util
