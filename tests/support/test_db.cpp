#include "tests/support/test_db.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <mutex>
#include <regex>
#include <stdexcept>

namespace dbbridge::testing {

DbUrl ParseDbUrl(const std::string& url) {
    static const std::regex re(R"(^(mysql|postgresql)://([^:@/]*)(?::([^@/]*))?@([^:/]+)(?::(\d+))?/([^?]*))");
    std::smatch m;
    if (!std::regex_search(url, m, re)) {
        throw std::runtime_error("cannot parse test database URL " + url);
    }
    DbUrl u;
    u.scheme = m[1];
    u.user = m[2];
    u.password = m[3];
    u.host = m[4];
    u.port = m[5].matched ? std::stoi(m[5]) : (u.scheme == "mysql" ? 3306 : 5432);
    u.database = m[6];
    return u;
}

sdk::ConnectionSpec ConnectionSpecFromUrl(const std::string& url, const std::string& dialect) {
    DbUrl u = ParseDbUrl(url);
    sdk::ConnectionSpec spec;
    spec.dialect = dialect;
    spec.host = u.host;
    spec.port = u.port;
    spec.database = u.database;
    spec.user = u.user;
    spec.password = u.password;
    return spec;
}

namespace {

Poco::Data::Session Open(const std::string& url) {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::MySQL::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
    DbUrl u = ParseDbUrl(url);
    if (u.scheme == "mysql") {
        return Poco::Data::Session("MySQL", "host=" + u.host + ";port=" + std::to_string(u.port) + ";user=" + u.user +
                                                ";password=" + u.password + ";db=" + u.database +
                                                ";character-set=utf8mb4");
    }
    return Poco::Data::Session("PostgreSQL", "host=" + u.host + " port=" + std::to_string(u.port) + " user=" + u.user +
                                                 " password=" + u.password + " dbname=" + u.database);
}

}  // namespace

void ExecSql(const std::string& url, const std::vector<std::string>& statements) {
    try {
        Poco::Data::Session s = Open(url);
        for (const auto& sql : statements) {
            Poco::Data::Statement st(s);
            st << sql;
            st.execute();
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("test SQL failed: " + e.displayText());
    }
}

std::string QueryScalar(const std::string& url, const std::string& sql) {
    try {
        Poco::Data::Session s = Open(url);
        Poco::Data::Statement st(s);
        st << sql;
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() == 0 || rs.value(0, 0).isEmpty()) {
            return "";
        }
        return rs.value(0, 0).convert<std::string>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("test SQL failed: " + e.displayText());
    }
}

}  // namespace dbbridge::testing
