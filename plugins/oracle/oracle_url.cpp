#include "oracle_url.h"

#include <cctype>

#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::oracle {

namespace {

using sdk::Status;

sdk::Result<int> ParsePort(const std::string& text, const std::string& url) {
    if (text.empty() || text.size() > 5) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has an invalid port '" + text + "'");
    }
    int port = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            return Status::InvalidArgument("JDBC URL '" + url + "' has an invalid port '" + text + "'");
        }
        port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has an invalid port '" + text + "'");
    }
    return port;
}

// Value of "(KEY=value)" in a TNS descriptor, case-insensitive key; empty when absent.
std::string DescriptorValue(const std::string& desc, const std::string& key) {
    std::string upper = sdk::util::ToUpper(desc);
    std::string needle = "(" + key;
    std::size_t pos = 0;
    while ((pos = upper.find(needle, pos)) != std::string::npos) {
        std::size_t i = pos + needle.size();
        while (i < upper.size() && upper[i] == ' ') {
            ++i;
        }
        if (i < upper.size() && upper[i] == '=') {
            std::size_t end = desc.find(')', i);
            std::string v = desc.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            std::size_t b = v.find_first_not_of(' ');
            std::size_t e = v.find_last_not_of(' ');
            return b == std::string::npos ? "" : v.substr(b, e - b + 1);
        }
        pos = i;
    }
    return "";
}

}  // namespace

sdk::Result<sdk::ConnectionSpec> ParseOracleJdbcUrl(const std::string& url, int default_port) {
    if (!sdk::util::StartsWithNoCase(url, kOracleThinPrefix)) {
        return Status::InvalidArgument("JDBC URL '" + url + "' does not start with 'jdbc:oracle:thin:'");
    }
    std::string rest = url.substr(std::string(kOracleThinPrefix).size());
    std::size_t at = rest.find('@');
    if (at == std::string::npos) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has no '@' before the address");
    }
    rest = rest.substr(at + 1);
    sdk::ConnectionSpec spec;
    spec.dialect = "ORACLE";
    spec.port = default_port;
    if (!rest.empty() && rest[0] == '(') {
        spec.host = DescriptorValue(rest, "HOST");
        std::string port = DescriptorValue(rest, "PORT");
        if (!port.empty()) {
            DBB_ASSIGN_OR_RETURN(auto p, ParsePort(port, url));
            spec.port = p;
        }
        std::string service = DescriptorValue(rest, "SERVICE_NAME");
        std::string sid = DescriptorValue(rest, "SID");
        if (spec.host.empty() || (service.empty() && sid.empty())) {
            return Status::InvalidArgument("JDBC URL '" + url +
                                           "': the TNS descriptor needs HOST and SERVICE_NAME or SID");
        }
        if (!service.empty()) {
            spec.options["service_name"] = service;
            spec.database = service;
        } else {
            spec.options["sid"] = sid;
            spec.database = sid;
        }
        return spec;
    }
    bool service_form = false;
    if (rest.rfind("//", 0) == 0) {
        rest = rest.substr(2);
        service_form = true;
    }
    std::size_t q = rest.find('?');
    if (q != std::string::npos) {
        rest = rest.substr(0, q);
    }
    std::size_t slash = rest.find('/');
    std::string address = rest.substr(0, slash);
    std::string service;
    if (slash != std::string::npos) {
        service = rest.substr(slash + 1);
        service_form = true;
    }
    std::string host;
    std::string port_text;
    std::string sid;
    std::size_t c1 = address.find(':');
    host = address.substr(0, c1);
    if (c1 != std::string::npos) {
        std::string after = address.substr(c1 + 1);
        std::size_t c2 = after.find(':');
        port_text = after.substr(0, c2);
        if (c2 != std::string::npos) {
            sid = after.substr(c2 + 1);
        }
    }
    if (host.empty()) {
        return Status::InvalidArgument("JDBC URL '" + url + "' has no host");
    }
    spec.host = host;
    if (!port_text.empty()) {
        DBB_ASSIGN_OR_RETURN(auto p, ParsePort(port_text, url));
        spec.port = p;
    }
    if (service_form) {
        if (!sid.empty()) {
            return Status::InvalidArgument("JDBC URL '" + url + "' mixes ':SID' and '/service'");
        }
        if (service.empty()) {
            return Status::InvalidArgument("JDBC URL '" + url + "' has an empty service name after '/'");
        }
        spec.options["service_name"] = service;
        spec.database = service;
    } else {
        if (sid.empty()) {
            return Status::InvalidArgument("JDBC URL '" + url +
                                           "' names no database: use @host:port:SID or @//host:port/service");
        }
        spec.options["sid"] = sid;
        spec.database = sid;
    }
    return spec;
}

std::string BuildOracleJdbcUrl(const sdk::ConnectionSpec& spec, int default_port) {
    int port = spec.port > 0 ? spec.port : default_port;
    std::string sid = spec.Option("sid");
    std::string base = std::string(kOracleThinPrefix) + "@";
    if (!sid.empty()) {
        return base + spec.host + ":" + std::to_string(port) + ":" + sid;
    }
    std::string service = spec.Option("service_name", spec.database);
    return base + "//" + spec.host + ":" + std::to_string(port) + "/" + service;
}

}  // namespace dbbridge::oracle
