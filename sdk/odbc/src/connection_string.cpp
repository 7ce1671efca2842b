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
