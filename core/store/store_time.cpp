#include "core/store/store_time.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace dbbridge::core {

std::string NowUtcIso() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ"); }

}  // namespace dbbridge::core
