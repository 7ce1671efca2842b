#include "core/engine/java_date_format.h"

#include <cstdio>
#include <cstring>

#include "dbbridge/sdk/util/civil_date.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"};

struct Fields {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
};

Fields Parse(const sdk::Value& v) {
    Fields f;
    const char* s = v.s.c_str();
    const char* time = s;
    if (v.kind != sdk::ValueKind::kTime) {
        std::sscanf(s, "%d-%d-%d", &f.year, &f.month, &f.day);
        const char* blank = std::strchr(s, ' ');
        time = blank ? blank + 1 : nullptr;
    }
    if (time) {
        std::sscanf(time, "%d:%d:%d", &f.hour, &f.minute, &f.second);
        const char* dot = std::strchr(time, '.');
        if (dot) {
            int digits = 0;
            for (const char* p = dot + 1; *p >= '0' && *p <= '9' && digits < 3; ++p, ++digits) {
                f.millis = f.millis * 10 + (*p - '0');
            }
            for (; digits < 3; ++digits) {
                f.millis *= 10;
            }
        }
    }
    return f;
}

std::string Padded(long long n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, n);
    return buf;
}

}  // namespace

Result<JavaDateFormat> JavaDateFormat::Compile(const std::string& pattern) {
    JavaDateFormat f;
    for (std::size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        if (c == '\'') {
            std::size_t close = pattern.find('\'', i + 1);
            if (close == i + 1) {  // '' is a quote
                f.parts_.push_back({0, 0, "'"});
                i += 2;
                continue;
            }
            if (close == std::string::npos) {
                return Status::InvalidArgument("unterminated quote in date pattern \"" + pattern + "\"");
            }
            f.parts_.push_back({0, 0, pattern.substr(i + 1, close - i - 1)});
            i = close + 1;
            continue;
        }
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter) {
            f.parts_.push_back({0, 0, std::string(1, c)});
            ++i;
            continue;
        }
        if (std::strchr("yMdHhkKmsSaE", c) == nullptr) {
            return Status::InvalidArgument(std::string("date pattern \"") + pattern + "\": letter '" + c +
                                           "' is not supported (use y M d H h k K m s S a E and 'quoted' text)");
        }
        std::size_t run = 1;
        while (i + run < pattern.size() && pattern[i + run] == c) {
            ++run;
        }
        f.parts_.push_back({c, static_cast<int>(run), {}});
        i += run;
    }
    return f;
}

std::string ColumnDateFormats::Format(const sdk::Value& v) const {
    switch (v.kind) {
        case sdk::ValueKind::kDate: return date ? date->Format(v) : v.s.substr(0, 10);
        case sdk::ValueKind::kTime: return time ? time->Format(v) : v.s.substr(0, 8);
        default: return datetime ? datetime->Format(v) : v.s.substr(0, 19);  // no fraction, as DataX
    }
}

std::string JavaDateFormat::Format(const sdk::Value& value) const {
    Fields t = Parse(value);
    std::string out;
    for (const auto& p : parts_) {
        switch (p.letter) {
            case 0: out += p.literal; break;
            case 'y': out += p.width == 2 ? Padded(t.year % 100, 2) : Padded(t.year, p.width); break;
            case 'M':
                if (p.width >= 4) {
                    out += kMonths[t.month - 1];
                } else if (p.width == 3) {
                    out += std::string(kMonths[t.month - 1]).substr(0, 3);
                } else {
                    out += Padded(t.month, p.width);
                }
                break;
            case 'd': out += Padded(t.day, p.width); break;
            case 'H': out += Padded(t.hour, p.width); break;
            case 'k': out += Padded(t.hour == 0 ? 24 : t.hour, p.width); break;
            case 'K': out += Padded(t.hour % 12, p.width); break;
            case 'h': out += Padded(t.hour % 12 == 0 ? 12 : t.hour % 12, p.width); break;
            case 'm': out += Padded(t.minute, p.width); break;
            case 's': out += Padded(t.second, p.width); break;
            case 'S': out += Padded(t.millis, p.width); break;
            case 'a': out += t.hour < 12 ? "AM" : "PM"; break;
            case 'E': {
                std::int64_t days = sdk::util::DaysFromCivil(t.year, static_cast<unsigned>(t.month),
                                                             static_cast<unsigned>(t.day));
                std::string name = kDays[((days % 7) + 7) % 7];
                out += p.width >= 4 ? name : name.substr(0, 3);
                break;
            }
            default: break;
        }
    }
    return out;
}

}  // namespace dbbridge::core::engine
