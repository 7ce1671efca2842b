#include "core/store/store_time.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

namespace dbbridge::core {

namespace {
constexpr const char* kFormat = "%Y-%m-%dT%H:%M:%S.%iZ";
}

std::string NowUtcIso() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), kFormat); }

std::string UtcIsoIn(std::int64_t seconds) {
    Poco::Timestamp t;
    t += Poco::Timespan(seconds, 0);
    return Poco::DateTimeFormatter::format(t, kFormat);
}

}  // namespace dbbridge::core
