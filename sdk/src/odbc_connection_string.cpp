#include "dbbridge/sdk/util/odbc_connection_string.h"

#include <cctype>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sdk::util {

namespace {

bool IsBlank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// One pair from pos (unixODBC's __get_attr); nullopt when no '=' is left. pos moves past it.
std::optional<OdbcAttribute> NextPair(const std::string& cs, std::size_t& pos) {
    while (pos < cs.size() && (IsBlank(cs[pos]) || cs[pos] == ';')) {
        ++pos;
    }
    const std::size_t eq = cs.find('=', pos);
    if (pos >= cs.size() || eq == std::string::npos) {
        pos = cs.size();
        return std::nullopt;
    }
    OdbcAttribute a;
    a.begin = pos;
    a.keyword = cs.substr(pos, eq - pos);
    pos = eq + 1;
    if (pos < cs.size() && cs[pos] == '{') {
        a.braced = true;
        a.value_begin = ++pos;
        while (pos < cs.size() && (cs[pos] != '}' || (pos + 1 < cs.size() && cs[pos + 1] == '}'))) {
            if (cs[pos] == '}') {
                ++pos;  // the first of "}}"
            }
            a.value += cs[pos++];
        }
        a.value_end = pos;
        if (pos < cs.size()) {
            ++pos;  // the closing '}'
        }
    } else {
        a.value_begin = pos;
        pos = std::min(cs.find(';', pos), cs.size());
        a.value_end = pos;
        a.value = cs.substr(a.value_begin, pos - a.value_begin);
    }
    a.end = pos;
    return a;
}

}  // namespace

std::vector<OdbcAttribute> ParseOdbcConnectionString(const std::string& cs) {
    std::vector<OdbcAttribute> out;
    std::size_t pos = 0;
    while (auto pair = NextPair(cs, pos)) {
        out.push_back(std::move(*pair));
    }
    return out;
}

std::string OdbcKeywordName(const std::string& keyword) {
    std::size_t b = 0;
    std::size_t e = keyword.size();
    while (b < e && IsBlank(keyword[b])) {
        ++b;
    }
    while (e > b && IsBlank(keyword[e - 1])) {
        --e;
    }
    return ToUpper(keyword.substr(b, e - b));
}

bool IsOdbcPasswordKeyword(const std::string& keyword) {
    const std::string k = OdbcKeywordName(keyword);
    return k == "PWD" || k == "PASSWORD";
}

std::optional<std::string> OdbcAttributeValue(const std::string& cs, const std::string& keyword) {
    const std::string want = ToUpper(keyword);
    bool got_dsn = false;
    bool got_driver = false;
    std::optional<std::string> value;
    for (const auto& a : ParseOdbcConnectionString(cs)) {
        const std::string k = ToUpper(a.keyword);  // the manager compares the keyword as written
        if (k == "DSN") {
            if (got_driver) {
                continue;
            }
            got_dsn = true;
        } else if (k == "DRIVER" || k == "FILEDSN") {
            if (got_dsn) {
                continue;
            }
            got_driver = true;
        }
        if (k == want) {
            value = a.value;
        }
    }
    return value;
}

std::string BraceOdbcValue(const std::string& value) {
    std::string out = "{";
    for (char c : value) {
        out += c;
        if (c == '}') {
            out += '}';
        }
    }
    return out + "}";
}

std::string EscapeOdbcValue(const std::string& value) {
    const bool needs = value.find_first_of(";{}=") != std::string::npos ||
                       (!value.empty() && (IsBlank(value.front()) || IsBlank(value.back())));
    return needs ? BraceOdbcValue(value) : value;
}

std::string RedactOdbcConnectionString(const std::string& cs) {
    std::string out;
    std::size_t done = 0;
    for (const auto& a : ParseOdbcConnectionString(cs)) {
        if (IsOdbcPasswordKeyword(a.keyword)) {
            out += cs.substr(done, a.value_begin - done - (a.braced ? 1 : 0)) + "***";
            done = a.end;
        }
    }
    return out + cs.substr(done);
}

OdbcPasswordSplit SplitOdbcPassword(const std::string& cs) {
    OdbcPasswordSplit out;
    std::string rest;
    std::size_t done = 0;
    for (const auto& a : ParseOdbcConnectionString(cs)) {
        if (!IsOdbcPasswordKeyword(a.keyword)) {
            continue;
        }
        out.password = a.value;  // a later one replaces an earlier one
        rest += cs.substr(done, a.begin - done);
        // A ';' where the pair was keeps what follows parsing as before: "{a}PWD=x;}b}PWD=y" would
        // otherwise become "{a}}b}PWD=y", where "}}" continues the braced value and a PWD appears.
        if (!rest.empty() && rest.back() != ';') {
            rest += ';';
        }
        done = a.end;
        if (done < cs.size() && cs[done] == ';') {
            ++done;
        }
    }
    out.rest = out.password ? rest + cs.substr(done) : cs;
    return out;
}

}  // namespace dbbridge::sdk::util
