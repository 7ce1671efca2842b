#include "dbbridge/sdk/util/value_text.h"

#include <cctype>

namespace dbbridge::sdk::util {

namespace {

std::size_t SkipDigits(std::string_view s, std::size_t& i) {
    std::size_t n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
        ++n;
    }
    return n;
}

}  // namespace

bool IsDecimalText(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        ++i;
    }
    std::size_t digits = SkipDigits(s, i);
    if (i < s.size() && s[i] == '.') {
        ++i;
        digits += SkipDigits(s, i);
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        if (SkipDigits(s, i) == 0) {
            return false;
        }
    }
    return i == s.size();
}

}  // namespace dbbridge::sdk::util
