#pragma once
// Parsing of host:port JDBC URLs ("jdbc:mysql://h:3306/db?useSSL=false") and redaction of the
// credentials a URL may carry, for messages and logs.

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

struct JdbcUrlParts {
    std::string host;
    int port = 0;  // 0 when the URL has none
    std::string database;  // path after the first '/', may be empty
    std::map<std::string, std::string> params;  // query parameters (also ';' separated ones)
    std::string user;      // from "user[:password]@host" (percent-decoded), empty when absent
    std::string password;  // idem
};

// url must start with prefix (case-insensitive), e.g. "jdbc:mysql://". The first host of a
// comma-separated host list is used. Errors name the part that is wrong (and show the URL
// redacted, never its password).
Result<JdbcUrlParts> ParseHostPortUrl(const std::string& url, const std::string& prefix);

// True when url starts with prefix, ignoring ASCII case.
bool StartsWithNoCase(const std::string& text, const std::string& prefix);

// The URL without credentials, for messages and logs: "user[:password]@" user info is removed
// ("jdbc:oracle:thin:user/pass@..." too), and so are query or ';' parameters whose name (any case)
// is pwd or ends with password / passwd. Everything else is kept as written.
std::string RedactUrl(const std::string& url);

// Where the passwords RedactUrl removes are written in url: the password of "user:password@" (or
// Oracle's "thin:user/password@") and the values of secret parameters, as [begin, end) offsets in
// order. Empty password values are not listed.
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<TextSpan> UrlPasswordSpans(const std::string& url);

}  // namespace dbbridge::sdk::util
