#include "dbbridge/odbc/connection_string.h"

#include <odbcinst.h>

#include <cstring>
#include <set>
#include <vector>

#include "dbbridge/sdk/util/odbc_connection_string.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

std::string ConnectionStringBuilder::Braced(const std::string& value) { return sdk::util::BraceOdbcValue(value); }

std::string ConnectionStringBuilder::EscapeValue(const std::string& value) { return sdk::util::EscapeOdbcValue(value); }

ConnectionStringBuilder& ConnectionStringBuilder::Add(const std::string& key, const std::string& value) {
    if (!value.empty()) {
        out_ += key + "=" + EscapeValue(value) + ";";
    }
    return *this;
}

ConnectionStringBuilder& ConnectionStringBuilder::AddBraced(const std::string& key, const std::string& value) {
    if (!value.empty()) {
        out_ += key + "=" + Braced(value) + ";";
    }
    return *this;
}

ConnectionStringBuilder& ConnectionStringBuilder::AddRaw(const std::string& fragment) {
    if (fragment.empty()) {
        return *this;
    }
    out_ += fragment;
    if (fragment.back() != ';') {
        out_ += ';';
    }
    return *this;
}

std::optional<std::string> StartConnectionString(const sdk::ConnectionSpec& spec, const std::string& default_driver,
                                                 ConnectionStringBuilder& b) {
    std::string verbatim = spec.Option("connection_string");
    if (!verbatim.empty()) {
        return verbatim;
    }
    std::string dsn = spec.Option("dsn");
    if (!dsn.empty()) {
        b.Add("DSN", dsn);
    } else {
        b.AddBraced("DRIVER", spec.Option("odbc_driver", default_driver));
    }
    return std::nullopt;
}

namespace {

// Keywords that make the driver manager read or write files of the caller's choosing, or trace
// every call (with its connection string) into one: FILEDSN / SAVEFILE name DSN files, the
// DM*Attr keywords set SQL_ATTR_TRACE / SQL_ATTR_TRACEFILE and friends, Trace* are the tracing
// keywords of odbcinst.ini that some drivers also take from the connection string.
const std::set<std::string>& RefusedKeywords() {
    static const std::set<std::string> keywords{"FILEDSN",    "SAVEFILE",  "DMENVATTR", "DMCONNATTR",
                                                "DMSTMTATTR", "TRACE",     "TRACEFILE", "TRACELIBRARY",
                                                "TRACEOPTIONS", "ODBCTRACE"};
    return keywords;
}

// The driver names in odbcinst.ini (ODBCSYSINI / ODBCINSTINI respected, as the manager does).
std::set<std::string> InstalledDrivers() {
    std::vector<char> buf(64 * 1024, '\0');
    WORD used = 0;
    std::set<std::string> names;
    if (!SQLGetInstalledDrivers(buf.data(), static_cast<WORD>(buf.size() - 1), &used)) {
        return names;
    }
    for (const char* p = buf.data(); *p != '\0' && p < buf.data() + buf.size(); p += std::strlen(p) + 1) {
        names.insert(sdk::util::ToUpper(p));
    }
    return names;
}

}  // namespace

sdk::Status CheckDriverValue(const std::string& keyword, const std::string& value, const std::string& origin) {
    const std::string key = sdk::util::OdbcKeywordName(keyword);
    if (value.empty() || (key != "DRIVER" && key != "DSN")) {
        return sdk::Status::Ok();
    }
    if (value.find('/') != std::string::npos) {
        std::string registry = key == "DSN" ? "a DSN registered in odbc.ini" : "a driver registered in odbcinst.ini";
        return sdk::Status::InvalidArgument(origin + ": " + key + " '" + value + "' is a path; name " + registry +
                                            " instead (a path would load any library into dbbridge)");
    }
    // unixODBC takes a DRIVER it cannot find in odbcinst.ini as a library name to dlopen.
    if (key == "DRIVER" && InstalledDrivers().count(sdk::util::ToUpper(value)) == 0) {
        return sdk::Status::InvalidArgument(origin + ": DRIVER '" + value +
                                            "' is not a driver registered in odbcinst.ini (see odbcinst -q -d)");
    }
    return sdk::Status::Ok();
}

sdk::Status CheckDriverKeywords(const std::string& cs, const std::string& origin) {
    const auto pairs = sdk::util::ParseOdbcConnectionString(cs);
    // Paths and refused keywords first (the more telling error), then that each driver is registered.
    for (const auto& a : pairs) {
        const std::string key = sdk::util::OdbcKeywordName(a.keyword);
        if (RefusedKeywords().count(key) != 0) {
            return sdk::Status::InvalidArgument(origin + ": " + key +
                                                " is not allowed (it makes the driver manager read or write files); "
                                                "name a DSN or a driver registered in odbc.ini / odbcinst.ini");
        }
        if (key.find_first_of(";{}") != std::string::npos) {
            return sdk::Status::InvalidArgument(origin + ": keyword '" + key +
                                                "' holds ';', '{' or '}'; a value with those must be in braces "
                                                "right after '=' (KEY={a;b})");
        }
        if (a.value.find('/') != std::string::npos) {
            DBB_RETURN_IF_ERROR(CheckDriverValue(key, a.value, origin));
        }
    }
    for (const auto& a : pairs) {
        DBB_RETURN_IF_ERROR(CheckDriverValue(a.keyword, a.value, origin));
    }
    return sdk::Status::Ok();
}

std::string RedactConnectionString(const std::string& cs) { return sdk::util::RedactOdbcConnectionString(cs); }

}  // namespace dbbridge::odbc
