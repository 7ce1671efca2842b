#pragma once
// DataX oceanbasev10reader / oceanbasev10writer blocks, for both tenant modes. The username is
// the composed "user@tenant#cluster" and the jdbcUrl the plain form, which the plugin accepts.

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::oceanbase {

sdk::Result<std::string> ObReaderJson(const sdk::DataxSide& side, bool mysql_mode);
// write_mode: "" or "update" (the plugin's default INSERT ... ON DUPLICATE KEY UPDATE) or "insert";
// written as obWriteMode. "replace" is refused: the plugin has no REPLACE.
sdk::Result<std::string> ObWriterJson(const sdk::DataxSide& side, bool mysql_mode);

}  // namespace dbbridge::oceanbase
