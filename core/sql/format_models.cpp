#include "format_models.h"

#include <algorithm>
#include <cctype>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sql {

using util::ToUpper;

Result<std::string> OracleFormatToMySql(const std::string& f, bool& upper) {
    struct El {
        const char* ora;
        const char* my;
        const char* my_fm;
    };
    static const El kEls[] = {{"YYYY", "%Y", "%Y"}, {"RRRR", "%Y", "%Y"}, {"HH24", "%H", "%k"}, {"HH12", "%h", "%l"},
                              {"MONTH", "", "%M"},  {"MON", "%b", "%b"},  {"DAY", "", "%W"},   {"DDD", "%j", "%j"},
                              {"DY", "%a", "%a"},   {"YY", "%y", "%y"},   {"MM", "%m", "%c"},  {"DD", "%d", "%e"},
                              {"HH", "%h", "%l"},   {"MI", "%i", "%i"},   {"SS", "%s", "%s"},  {"AM", "%p", "%p"},
                              {"PM", "%p", "%p"},   {"FF6", "%f", "%f"},  {"FF", "%f", "%f"}};
    std::string out;
    bool fm = false;
    std::size_t i = 0;
    while (i < f.size()) {
        char c = f[i];
        if (c == '"') {
            std::size_t end = f.find('"', i + 1);
            if (end == std::string::npos) {
                return Status::InvalidArgument("unterminated quoted text in format '" + f + "'");
            }
            for (std::size_t k = i + 1; k < end; ++k) {
                out += f[k] == '%' ? std::string("%%") : std::string(1, f[k]);
            }
            i = end + 1;
            continue;
        }
        if (!std::isalpha(static_cast<unsigned char>(c))) {
            out += c == '%' ? std::string("%%") : std::string(1, c);
            ++i;
            continue;
        }
        std::string rest = ToUpper(f.substr(i, 5));
        if (rest.rfind("FM", 0) == 0) {
            fm = !fm;
            i += 2;
            continue;
        }
        bool matched = false;
        for (const auto& el : kEls) {
            std::string o = el.ora;
            if (rest.rfind(o, 0) == 0) {
                std::string written = f.substr(i, o.size());
                const char* my = fm ? el.my_fm : el.my;
                if (*my == '\0') {
                    return Status::Unimplemented("format element " + written +
                                                 " without FM (blank padding) has no MySQL equivalent");
                }
                if ((o == "MON" || o == "MONTH" || o == "DAY" || o == "DY") && written == o) {
                    upper = true;
                }
                out += my;
                i += o.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            return Status::Unimplemented("format element at '" + f.substr(i) + "' has no MySQL equivalent");
        }
    }
    return out;
}

Result<std::string> MySqlFormatToOracle(const std::string& f, bool pg, bool& has_time) {
    std::string out;
    std::string literal;
    auto flush = [&]() {
        if (!literal.empty()) {
            bool letters = std::any_of(literal.begin(), literal.end(), [](char c) { return std::isalpha(c); });
            out += letters ? "\"" + literal + "\"" : literal;
            literal.clear();
        }
    };
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%' || i + 1 >= f.size()) {
            literal += f[i];
            continue;
        }
        char c = f[++i];
        std::string el;
        switch (c) {
            case 'Y': el = "YYYY"; break;
            case 'y': el = "YY"; break;
            case 'm': el = "MM"; break;
            case 'c': el = "FMMM"; break;
            case 'd': el = "DD"; break;
            case 'e': el = "FMDD"; break;
            case 'D': el = "FMDDth"; break;  // 13th
            case 'H': el = "HH24"; has_time = true; break;
            case 'k': el = "FMHH24"; has_time = true; break;
            case 'h': case 'I': el = "HH12"; has_time = true; break;
            case 'i': el = "MI"; has_time = true; break;
            case 's': case 'S': el = "SS"; has_time = true; break;
            case 'f': el = pg ? "US" : "FF6"; has_time = true; break;
            case 'p': el = "AM"; has_time = true; break;
            case 'b': el = "Mon"; break;
            case 'M': el = "FMMonth"; break;
            case 'a': el = "Dy"; break;
            case 'W': el = "FMDay"; break;
            case 'j': el = "DDD"; break;
            case 'T': el = "HH24:MI:SS"; has_time = true; break;
            case '%': literal += '%'; continue;
            default:
                return Status::Unimplemented(std::string("DATE_FORMAT element %") + c + " has no equivalent");
        }
        flush();
        // FM toggles in Oracle/PostgreSQL: close it again after the element.
        out += el;
        if (el.rfind("FM", 0) == 0) {
            out += "FM";
        }
    }
    flush();
    return out;
}

std::string TruncUnit(const std::string& fmt) {
    const std::string f = ToUpper(fmt);
    if (f == "DD" || f == "DDD" || f == "J") return "day";
    if (f == "MM" || f == "MON" || f == "MONTH" || f == "RM") return "month";
    if (f == "YYYY" || f == "YEAR" || f == "Y" || f == "YY" || f == "YYY" || f == "SYYYY" || f == "RRRR") return "year";
    if (f == "Q") return "quarter";
    if (f == "HH" || f == "HH24" || f == "HH12") return "hour";
    if (f == "MI") return "minute";
    if (f == "IW") return "week";
    return "";
}

}  // namespace dbbridge::sql
