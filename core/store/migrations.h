#pragma once
// The metadata schema as an ordered list of migrations. To change the schema, append a
// Migration with the next version number; never edit one that has shipped (hosts that already
// applied it will not run it again).
//
// DDL is written once, with tokens for what differs between the backends:
//   {ID}       the auto-increment primary key column "id"
//   {TEXT}     long text: unbounded on SQLite and PostgreSQL, but only 65,535 bytes on MySQL
//              (TEXT): Poco 1.11's MySQL connector crashes reading LONGTEXT and allocates
//              ~64 MB per MEDIUMTEXT column per statement. A longer value fails on MySQL with
//              "Data too long". No DEFAULT on it (MySQL forbids one).
//   {OPTIONS}  after the closing parenthesis of CREATE TABLE (InnoDB, utf8mb4, binary collation
//              on MySQL so that names compare case-sensitively, as on SQLite and PostgreSQL)
// VARCHAR(n), INTEGER and BIGINT mean the same on all three. Times are VARCHAR(32) ISO text.

#include <string>
#include <vector>

#include "core/store/store_url.h"

namespace dbbridge::core {

struct Migration {
    int version;
    std::string description;
    std::vector<std::string> statements;
};

// All migrations, ascending by version.
const std::vector<Migration>& StoreMigrations();

// Replaces the tokens above for backend.
std::string RenderDdl(const std::string& ddl, StoreBackend backend);

}  // namespace dbbridge::core
