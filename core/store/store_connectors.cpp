#include "core/store/store_connectors.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>

#include <mutex>

namespace dbbridge::core {

void RegisterStoreConnectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
    });
}

}  // namespace dbbridge::core
