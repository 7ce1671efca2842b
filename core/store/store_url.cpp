#include "core/store/store_url.h"

#include <cctype>

namespace dbbridge::core {

namespace {

constexpr const char* kSqlitePrefix = "sqlite:";

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

sdk::Result<std::string> PercentDecode(const std::string& in, const std::string& what) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
        int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            return sdk::Status::InvalidArgument("store.url: bad percent-encoding in the " + what);
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// libpq key=value syntax: single-quoted, with \ and ' escaped.
std::string PqQuote(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\\' || c == '\'') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

struct NetworkUrl {
    std::string user;
    std::string password;
    std::string host;
    int port = 0;
    std::string database;
    std::string query;  // after '?', raw
};

sdk::Result<NetworkUrl> ParseNetworkUrl(const std::string& rest, const std::string& scheme) {
    NetworkUrl u;
    std::string body = rest;
    auto q = body.find('?');
    if (q != std::string::npos) {
        u.query = body.substr(q + 1);
        body = body.substr(0, q);
    }
    auto slash = body.find('/');
    if (slash == std::string::npos || slash + 1 >= body.size()) {
        return sdk::Status::InvalidArgument("store.url: missing database name (expected " + scheme +
                                            "://user:password@host:port/database)");
    }
    u.database = body.substr(slash + 1);
    std::string authority = body.substr(0, slash);
    auto at = authority.rfind('@');
    std::string hostport = authority;
    if (at != std::string::npos) {
        std::string userinfo = authority.substr(0, at);
        hostport = authority.substr(at + 1);
        auto colon = userinfo.find(':');
        DBB_ASSIGN_OR_RETURN(auto user, PercentDecode(userinfo.substr(0, colon), "user name"));
        u.user = user;
        if (colon != std::string::npos) {
            DBB_ASSIGN_OR_RETURN(auto pass, PercentDecode(userinfo.substr(colon + 1), "password"));
            u.password = pass;
        }
    }
    if (u.user.empty()) {
        return sdk::Status::InvalidArgument("store.url: missing user name (expected " + scheme +
                                            "://user:password@host:port/database)");
    }
    auto colon = hostport.rfind(':');
    u.host = hostport.substr(0, colon);
    if (colon != std::string::npos) {
        std::string port = hostport.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(port) < 1 || std::stoi(port) > 65535) {
            return sdk::Status::InvalidArgument("store.url: port '" + port + "' is not a number in 1..65535");
        }
        u.port = std::stoi(port);
    }
    if (u.host.empty()) {
        return sdk::Status::InvalidArgument("store.url: missing host");
    }
    return u;
}

std::string Display(const std::string& scheme, const NetworkUrl& u) {
    return scheme + "://" + u.user + "@" + u.host + (u.port ? ":" + std::to_string(u.port) : "") + "/" + u.database;
}

}  // namespace

const char* StoreBackendName(StoreBackend backend) {
    switch (backend) {
        case StoreBackend::kSqlite:
            return "sqlite";
        case StoreBackend::kPostgres:
            return "postgresql";
        case StoreBackend::kMysql:
            return "mysql";
    }
    return "unknown";
}

sdk::Result<StoreTarget> ParseStoreUrl(const std::string& url) {
    StoreTarget t;
    if (StartsWith(url, kSqlitePrefix)) {
        std::string path = url.substr(std::string(kSqlitePrefix).size());
        if (StartsWith(path, "//")) {
            path = path.substr(2);  // sqlite:///abs/path
        }
        if (path.empty()) {
            return sdk::Status::InvalidArgument(
                "store.url: missing file path after 'sqlite:' (e.g. sqlite:var/dbbridge.db)");
        }
        t.backend = StoreBackend::kSqlite;
        t.connector = "SQLite";
        t.sqlite_path = path;
        t.connection_string = path;
        t.display = url;
        return t;
    }
    std::string scheme;
    std::string rest;
    for (const char* s : {"postgresql", "postgres", "mysql"}) {
        std::string prefix = std::string(s) + "://";
        if (StartsWith(url, prefix)) {
            scheme = s;
            rest = url.substr(prefix.size());
            break;
        }
    }
    if (scheme.empty()) {
        auto colon = url.find(':');
        return sdk::Status::InvalidArgument("store.url: unsupported scheme '" +
                                            (colon == std::string::npos ? url : url.substr(0, colon)) +
                                            "' (use sqlite:PATH, postgresql://... or mysql://...)");
    }
    DBB_ASSIGN_OR_RETURN(auto parsed, ParseNetworkUrl(rest, scheme));
    const NetworkUrl& u = parsed;
    t.display = Display(scheme, u);
    if (scheme == "mysql") {
        // The Poco MySQL connector splits its string on ';' with no escaping.
        for (const auto& [what, value] : {std::pair<std::string, std::string>{"password", u.password},
                                          {"user name", u.user},
                                          {"database", u.database},
                                          {"host", u.host}}) {
            if (value.find(';') != std::string::npos) {
                return sdk::Status::InvalidArgument("store.url: the MySQL " + what +
                                                    " must not contain ';' (the connector cannot escape it)");
            }
        }
        t.backend = StoreBackend::kMysql;
        t.connector = "MySQL";
        t.connection_string = "host=" + u.host + ";port=" + std::to_string(u.port ? u.port : 3306) + ";user=" + u.user +
                              ";password=" + u.password + ";db=" + u.database + ";character-set=utf8mb4";
        return t;
    }
    t.backend = StoreBackend::kPostgres;
    t.connector = "PostgreSQL";
    std::string cs = "host=" + PqQuote(u.host) + " port=" + std::to_string(u.port ? u.port : 5432) +
                     " user=" + PqQuote(u.user) + " dbname=" + PqQuote(u.database);
    if (!u.password.empty()) {
        cs += " password=" + PqQuote(u.password);
    }
    // Query parameters (sslmode=require&connect_timeout=5) are libpq keywords.
    std::size_t pos = 0;
    while (pos < u.query.size()) {
        auto amp = u.query.find('&', pos);
        std::string kv = u.query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        pos = amp == std::string::npos ? u.query.size() : amp + 1;
        auto eq = kv.find('=');
        if (kv.empty()) {
            continue;
        }
        if (eq == std::string::npos || eq == 0) {
            return sdk::Status::InvalidArgument("store.url: query parameter '" + kv + "' is not key=value");
        }
        DBB_ASSIGN_OR_RETURN(auto value, PercentDecode(kv.substr(eq + 1), "query parameter " + kv.substr(0, eq)));
        cs += " " + kv.substr(0, eq) + "=" + PqQuote(value);
    }
    t.connection_string = cs;
    return t;
}

}  // namespace dbbridge::core
