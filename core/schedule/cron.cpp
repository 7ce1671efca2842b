#include "core/schedule/cron.h"

#include <date/tz.h>

#include <cctype>
#include <chrono>
#include <cstdio>

namespace dbbridge::core {

namespace {

using sdk::Status;

struct FieldSpec {
    const char* name;
    int min;
    int max;
    const char* const* names;  // names[0] is the value min (nullptr: none)
};

const char* const kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

struct Token {
    std::string text;
    std::size_t position;  // 1-based
};

std::vector<Token> SplitFields(const std::string& text) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        out.push_back({text.substr(start, i - start), start + 1});
    }
    return out;
}

class FieldParser {
public:
    FieldParser(const FieldSpec& spec, int index, const Token& token, int name_base)
        : spec_(spec), index_(index), token_(token), name_base_(name_base) {}

    // Sets bits [min..max] of the field into bits (offset by 0).
    template <std::size_t N>
    Status Parse(std::bitset<N>& bits, bool& any) {
        any = token_.text == "*" || token_.text == "?";
        std::size_t at = 0;
        while (at <= token_.text.size()) {
            std::size_t comma = token_.text.find(',', at);
            std::string part = token_.text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            DBB_RETURN_IF_ERROR(ParsePart(part, at, bits));
            if (comma == std::string::npos) {
                break;
            }
            at = comma + 1;
        }
        return Status::Ok();
    }

private:
    Status Error(std::size_t offset, const std::string& what) const {
        return Status::InvalidArgument("cron: field " + std::to_string(index_) + " (" + spec_.name + ") at position " +
                                       std::to_string(token_.position + offset) + ": " + what);
    }

    sdk::Result<int> Value(const std::string& s, std::size_t offset) const {
        if (s.empty()) {
            return Error(offset, "a value is missing");
        }
        if (spec_.names != nullptr && std::isalpha(static_cast<unsigned char>(s[0]))) {
            std::string upper;
            for (char c : s) {
                upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            for (int i = 0; spec_.names[i] != nullptr; ++i) {
                if (upper == spec_.names[i]) {
                    return i + name_base_;
                }
            }
            return Error(offset, "unknown name '" + s + "'");
        }
        for (char c : s) {
            if (!std::isdigit(static_cast<unsigned char>(c))) {
                if (c == 'L' || c == 'W' || c == '#') {
                    return Error(offset, std::string("'") + c + "' (Quartz last / weekday / nth) is not supported");
                }
                return Error(offset, "'" + s + "' is not a number");
            }
        }
        if (s.size() > 4) {
            return Error(offset, s + " is out of range " + std::to_string(spec_.min) + "-" + std::to_string(spec_.max));
        }
        int v = std::stoi(s);
        if (v < spec_.min || v > spec_.max) {
            return Error(offset, s + " is out of range " + std::to_string(spec_.min) + "-" + std::to_string(spec_.max));
        }
        return v;
    }

    template <std::size_t N>
    Status ParsePart(const std::string& part, std::size_t offset, std::bitset<N>& bits) {
        if (part.empty()) {
            return Error(offset, "an empty list item");
        }
        std::string range = part;
        int step = 1;
        auto slash = part.find('/');
        if (slash != std::string::npos) {
            range = part.substr(0, slash);
            auto s = Value(part.substr(slash + 1), offset + slash + 1);
            if (!s.ok()) {
                return s.status();
            }
            step = s.value();
            if (step == 0) {
                return Error(offset + slash + 1, "a step must be 1 or more");
            }
        }
        int lo = spec_.min;
        int hi = spec_.max;
        if (range != "*" && range != "?") {
            auto dash = range.find('-');
            auto first = Value(range.substr(0, dash), offset);
            if (!first.ok()) {
                return first.status();
            }
            lo = first.value();
            hi = slash != std::string::npos && dash == std::string::npos ? spec_.max : lo;
            if (dash != std::string::npos) {
                auto last = Value(range.substr(dash + 1), offset + dash + 1);
                if (!last.ok()) {
                    return last.status();
                }
                hi = last.value();
                if (hi < lo) {
                    return Error(offset, "range " + range + " runs backwards");
                }
            }
        }
        for (int v = lo; v <= hi; v += step) {
            bits.set(static_cast<std::size_t>(v));
        }
        return Status::Ok();
    }

    const FieldSpec& spec_;
    int index_;
    const Token& token_;
    int name_base_;
};

using Seconds = std::chrono::seconds;

}  // namespace

sdk::Result<CronExpression> CronExpression::Parse(const std::string& text) {
    auto fields = SplitFields(text);
    if (fields.size() != 5 && fields.size() != 6) {
        return Status::InvalidArgument("cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 "
                                       "with seconds first (Quartz), got " +
                                       std::to_string(fields.size()));
    }
    CronExpression cron;
    cron.text_ = text;
    cron.has_seconds_ = fields.size() == 6;
    std::size_t i = 0;
    int index = 1;
    bool any = false;
    if (cron.has_seconds_) {
        FieldSpec spec{"second", 0, 59, nullptr};
        DBB_RETURN_IF_ERROR(FieldParser(spec, index++, fields[i++], 0).Parse(cron.seconds_, any));
    } else {
        cron.seconds_.set(0);
    }
    FieldSpec minute{"minute", 0, 59, nullptr};
    FieldSpec hour{"hour", 0, 23, nullptr};
    FieldSpec dom{"day of month", 1, 31, nullptr};
    FieldSpec month{"month", 1, 12, kMonthNames};
    // Quartz counts 1 = Sunday .. 7 = Saturday; Unix 0 (or 7) = Sunday .. 6.
    FieldSpec dow{"day of week", cron.has_seconds_ ? 1 : 0, 7, kDayNames};
    DBB_RETURN_IF_ERROR(FieldParser(minute, index++, fields[i++], 0).Parse(cron.minutes_, any));
    DBB_RETURN_IF_ERROR(FieldParser(hour, index++, fields[i++], 0).Parse(cron.hours_, any));
    DBB_RETURN_IF_ERROR(FieldParser(dom, index++, fields[i++], 0).Parse(cron.days_, cron.days_any_));
    DBB_RETURN_IF_ERROR(FieldParser(month, index++, fields[i++], 1).Parse(cron.months_, any));
    std::bitset<8> days_of_week;
    DBB_RETURN_IF_ERROR(
        FieldParser(dow, index++, fields[i++], cron.has_seconds_ ? 1 : 0).Parse(days_of_week, cron.weekdays_any_));
    for (std::size_t d = 0; d < 8; ++d) {
        if (days_of_week.test(d)) {
            cron.weekdays_.set(cron.has_seconds_ ? (d + 6) % 7 : d % 7);
        }
    }
    return cron;
}

bool CronExpression::DayMatches(int year, unsigned month, unsigned day) const {
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    const unsigned weekday = date::weekday{date::sys_days{ymd}}.c_encoding();
    const bool dom = days_.test(day);
    const bool dow = weekdays_.test(weekday);
    if (days_any_ && weekdays_any_) {
        return true;
    }
    if (days_any_) {
        return dow;
    }
    if (weekdays_any_) {
        return dom;
    }
    return dom || dow;
}

sdk::Result<std::int64_t> CronExpression::Next(std::int64_t after_ms, const date::time_zone* zone) const {
    using namespace std::chrono;
    const date::sys_seconds after{duration_cast<Seconds>(milliseconds(after_ms)) -
                                  (after_ms < 0 && after_ms % 1000 != 0 ? Seconds(1) : Seconds(0))};
    auto local = zone->to_local(after) + Seconds(1);
    const auto limit = local + date::days(366 * 5);
    while (local < limit) {
        const auto day_start = date::floor<date::days>(local);
        const date::year_month_day ymd{day_start};
        const date::hh_mm_ss<Seconds> tod{local - day_start};
        const unsigned month = static_cast<unsigned>(ymd.month());
        if (!months_.test(month)) {
            const date::year_month_day next_month = date::year_month_day{ymd.year() / ymd.month() / 1} + date::months(1);
            local = date::local_days{next_month};
            continue;
        }
        if (!DayMatches(static_cast<int>(ymd.year()), month, static_cast<unsigned>(ymd.day()))) {
            local = day_start + date::days(1);
            continue;
        }
        const auto h = static_cast<std::size_t>(tod.hours().count());
        const auto m = static_cast<std::size_t>(tod.minutes().count());
        const auto s = static_cast<std::size_t>(tod.seconds().count());
        if (!hours_.test(h)) {
            local = day_start + hours(h + 1);
            continue;
        }
        if (!minutes_.test(m)) {
            local = day_start + hours(h) + minutes(m + 1);
            continue;
        }
        if (!seconds_.test(s)) {
            local += Seconds(1);
            continue;
        }
        auto info = zone->get_info(local);
        if (info.result == date::local_info::nonexistent) {
            local += Seconds(1);  // skipped by a DST change
            continue;
        }
        const auto sys = zone->to_sys(local, date::choose::earliest);
        if (sys <= after) {
            local += Seconds(1);  // the second pass of a repeated hour
            continue;
        }
        return static_cast<std::int64_t>(duration_cast<milliseconds>(sys.time_since_epoch()).count());
    }
    return Status::NotFound("cron: '" + text_ + "' has no fire time within 5 years");
}

sdk::Result<std::vector<std::int64_t>> CronExpression::NextN(std::int64_t after_ms, const date::time_zone* zone,
                                                             int n) const {
    std::vector<std::int64_t> out;
    std::int64_t at = after_ms;
    for (int i = 0; i < n; ++i) {
        auto next = Next(at, zone);
        if (!next.ok()) {
            if (out.empty()) {
                return next.status();
            }
            break;
        }
        out.push_back(next.value());
        at = next.value();
    }
    return out;
}

sdk::Result<const date::time_zone*> FindTimeZone(const std::string& name, const std::string& field_name) {
    if (name.empty()) {
        return Status::InvalidArgument(field_name + " must not be empty (an IANA name such as Asia/Shanghai or UTC)");
    }
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return Status::InvalidArgument(field_name + ": unknown time zone '" + name +
                                       "' (expected an IANA name such as Asia/Shanghai or UTC)");
    }
}

std::string FormatInZone(std::int64_t epoch_ms, const date::time_zone* zone, const std::string& pattern) {
    using namespace std::chrono;
    const auto local = zone->to_local(date::sys_time<milliseconds>(milliseconds(epoch_ms)));
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<milliseconds> tod{local - day};
    auto num = [](long long v, int width) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%0*lld", width, v);
        return std::string(buf);
    };
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        std::size_t run = 1;
        while (i + run < pattern.size() && pattern[i + run] == c) {
            ++run;
        }
        if (c == '\'') {
            auto close = pattern.find('\'', i + 1);
            out += pattern.substr(i + 1, (close == std::string::npos ? pattern.size() : close) - i - 1);
            i = close == std::string::npos ? pattern.size() : close + 1;
            continue;
        }
        switch (c) {
            case 'y':
                out += run == 2 ? num(static_cast<int>(ymd.year()) % 100, 2) : num(static_cast<int>(ymd.year()), 4);
                break;
            case 'M':
                out += num(static_cast<unsigned>(ymd.month()), static_cast<int>(run));
                break;
            case 'd':
                out += num(static_cast<unsigned>(ymd.day()), static_cast<int>(run));
                break;
            case 'H':
                out += num(tod.hours().count(), static_cast<int>(run));
                break;
            case 'm':
                out += num(tod.minutes().count(), static_cast<int>(run));
                break;
            case 's':
                out += num(tod.seconds().count(), static_cast<int>(run));
                break;
            case 'S':
                out += num(tod.subseconds().count(), 3);
                break;
            default:
                out.append(run, c);
        }
        i += run;
    }
    return out;
}

}  // namespace dbbridge::core
