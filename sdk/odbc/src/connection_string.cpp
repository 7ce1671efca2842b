#include "dbbridge/odbc/connection_string.h"

#include <cctype>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

std::string ConnectionStringBuilder::Braced(const std::string& value) {
    std::string out = "{";
    for (char c : value) {
        out += c;
        if (c == '}') {
            out += '}';
        }
    }
    out += '}';
    return out;
}

std::string ConnectionStringBuilder::EscapeValue(const std::string& value) {
    bool needs = value.find_first_of(";{}=") != std::string::npos ||
                 (!value.empty() && (std::isspace(static_cast<unsigned char>(value.front())) ||
                                     std::isspace(static_cast<unsigned char>(value.back()))));
    return needs ? Braced(value) : value;
}

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

sdk::Status CheckDriverValue(const std::string& keyword, const std::string& value, const std::string& origin) {
    std::string key = sdk::util::ToUpper(keyword);
    if ((key == "DRIVER" || key == "DSN") && value.find('/') != std::string::npos) {
        std::string registry = key == "DSN" ? "a DSN registered in odbc.ini" : "a driver registered in odbcinst.ini";
        return sdk::Status::InvalidArgument(origin + ": " + key + " '" + value + "' is a path; name " + registry +
                                            " instead (a path would load any library into dbbridge)");
    }
    return sdk::Status::Ok();
}

sdk::Status CheckDriverKeywords(const std::string& cs, const std::string& origin) {
    std::size_t i = 0;
    while (i < cs.size()) {
        std::size_t eq = cs.find('=', i);
        if (eq == std::string::npos) {
            break;
        }
        std::string key = sdk::util::ToUpper(cs.substr(i, eq - i));
        key.erase(0, key.find_first_not_of(" \t"));
        key.erase(key.find_last_not_of(" \t") + 1);
        std::string value;
        std::size_t end = cs.find_first_not_of(" \t", eq + 1);
        end = end == std::string::npos ? cs.size() : end;
        if (end < cs.size() && cs[end] == '{') {  // braced value: '}}' is an escaped '}'
            ++end;
            while (end < cs.size()) {
                if (cs[end] == '}') {
                    if (end + 1 < cs.size() && cs[end + 1] == '}') {
                        value += '}';
                        end += 2;
                        continue;
                    }
                    ++end;
                    break;
                }
                value += cs[end++];
            }
        }
        std::size_t semi = cs.find(';', end);
        if (semi == std::string::npos) {
            semi = cs.size();
        }
        value += cs.substr(end, semi - end);
        if (key == "FILEDSN" || key == "SAVEFILE") {
            return sdk::Status::InvalidArgument(origin + ": " + key +
                                                " is not allowed; name a DSN or a driver registered in odbc.ini / "
                                                "odbcinst.ini");
        }
        DBB_RETURN_IF_ERROR(CheckDriverValue(key, value, origin));
        i = semi + 1;
    }
    return sdk::Status::Ok();
}

std::string RedactConnectionString(const std::string& cs) {
    std::string out;
    std::size_t i = 0;
    while (i < cs.size()) {
        std::size_t eq = cs.find('=', i);
        if (eq == std::string::npos) {
            out += cs.substr(i);
            break;
        }
        std::string key = cs.substr(i, eq - i);
        std::size_t end = eq + 1;
        if (end < cs.size() && cs[end] == '{') {  // braced value: '}}' is an escaped '}'
            ++end;
            while (end < cs.size()) {
                if (cs[end] == '}') {
                    if (end + 1 < cs.size() && cs[end + 1] == '}') {
                        end += 2;
                        continue;
                    }
                    ++end;
                    break;
                }
                ++end;
            }
        }
        end = cs.find(';', end);
        if (end == std::string::npos) {
            end = cs.size();
        }
        std::string upper = sdk::util::ToUpper(key);
        while (!upper.empty() && std::isspace(static_cast<unsigned char>(upper.front()))) {
            upper.erase(0, 1);
        }
        if (upper == "PWD" || upper == "PASSWORD") {
            out += key + "=***";
        } else {
            out += cs.substr(i, end - i);
        }
        if (end < cs.size()) {
            out += ';';
        }
        i = end + 1;
    }
    return out;
}

}  // namespace dbbridge::odbc
