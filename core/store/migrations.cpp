#include "core/store/migrations.h"

namespace dbbridge::core {

namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

std::vector<Migration> BuildMigrations() {
    std::vector<Migration> all;
    all.push_back({1,
                   "initial schema",
                   {
                       "CREATE TABLE IF NOT EXISTS datasource ("
                       " {ID},"
                       " source_name VARCHAR(128) NOT NULL,"
                       " description VARCHAR(1024) NOT NULL DEFAULT '',"
                       " db_type VARCHAR(64) NOT NULL,"
                       " host VARCHAR(255) NOT NULL DEFAULT '',"
                       " port INTEGER NOT NULL DEFAULT 0,"
                       " db_name VARCHAR(255) NOT NULL DEFAULT '',"
                       " username VARCHAR(255) NOT NULL DEFAULT '',"
                       " password {TEXT},"  // "v1:..." from SecretBox, never clear text
                       " project VARCHAR(128) NOT NULL DEFAULT '',"
                       " uid VARCHAR(64) NOT NULL DEFAULT '',"
                       " options {TEXT},"  // JSON object of strings
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_datasource_uid_name UNIQUE (uid, source_name)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS columns_query ("
                       " {ID},"
                       " db_type VARCHAR(64) NOT NULL,"
                       " query_sql {TEXT},"
                       " ping {TEXT},"
                       " is_delete INTEGER NOT NULL DEFAULT 0,"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_columns_query_db_type UNIQUE (db_type)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS json_config ("
                       " {ID},"
                       " config_name VARCHAR(128) NOT NULL,"
                       " config_path VARCHAR(1024) NOT NULL DEFAULT '',"
                       " content {TEXT},"
                       " description VARCHAR(1024) NOT NULL DEFAULT '',"
                       " uid VARCHAR(64) NOT NULL DEFAULT '',"
                       " is_delete INTEGER NOT NULL DEFAULT 0,"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_json_config_uid_name UNIQUE (uid, config_name)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS exec_log ("
                       " {ID},"
                       " config_id BIGINT NOT NULL DEFAULT 0,"
                       " exec_name VARCHAR(1024) NOT NULL DEFAULT '',"
                       " exec_result {TEXT},"
                       " status VARCHAR(16) NOT NULL DEFAULT 'queued',"
                       " log_path VARCHAR(1024) NOT NULL DEFAULT '',"
                       " pid BIGINT NOT NULL DEFAULT 0,"
                       " start_time VARCHAR(32),"
                       " end_time VARCHAR(32),"
                       " records_read BIGINT NOT NULL DEFAULT 0,"
                       " records_written BIGINT NOT NULL DEFAULT 0,"
                       " records_failed BIGINT NOT NULL DEFAULT 0,"
                       " bytes BIGINT NOT NULL DEFAULT 0,"
                       " exit_reason {TEXT},"
                       " insert_date VARCHAR(32) NOT NULL"
                       "){OPTIONS}",

                       "CREATE INDEX idx_exec_log_config_id ON exec_log (config_id)",

                       "CREATE TABLE IF NOT EXISTS multiplex_report ("
                       " {ID},"
                       " trace_id VARCHAR(64) NOT NULL,"
                       " status VARCHAR(16) NOT NULL DEFAULT 'pending',"
                       " consistent INTEGER,"  // NULL until complete
                       " request_json {TEXT},"
                       " report_json {TEXT},"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_multiplex_report_trace_id UNIQUE (trace_id)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS app_user ("
                       " {ID},"
                       " uid VARCHAR(64) NOT NULL,"
                       " name VARCHAR(128) NOT NULL DEFAULT '',"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_app_user_uid UNIQUE (uid)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS project ("
                       " {ID},"
                       " name VARCHAR(128) NOT NULL,"
                       " uid VARCHAR(64) NOT NULL DEFAULT '',"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_project_uid_name UNIQUE (uid, name)"
                       "){OPTIONS}",
                   }});
    // Multiplex reports belong to the user who created them (X-Uid); rows from before are the
    // default user's.
    all.push_back({2,
                   "multiplex_report owner",
                   {
                       "ALTER TABLE multiplex_report ADD uid VARCHAR(64) NOT NULL DEFAULT ''",
                       "CREATE INDEX idx_multiplex_report_uid ON multiplex_report (uid)",
                   }});
    return all;
}

}  // namespace

const std::vector<Migration>& StoreMigrations() {
    static const std::vector<Migration> migrations = BuildMigrations();
    return migrations;
}

std::string RenderDdl(const std::string& ddl, StoreBackend backend) {
    std::string s = ddl;
    switch (backend) {
        case StoreBackend::kSqlite:
            ReplaceAll(s, "{ID}", "id INTEGER PRIMARY KEY AUTOINCREMENT");
            ReplaceAll(s, "{TEXT}", "TEXT");
            ReplaceAll(s, "{OPTIONS}", "");
            break;
        case StoreBackend::kPostgres:
            ReplaceAll(s, "{ID}", "id BIGSERIAL PRIMARY KEY");
            ReplaceAll(s, "{TEXT}", "TEXT");
            ReplaceAll(s, "{OPTIONS}", "");
            break;
        case StoreBackend::kMysql:
            ReplaceAll(s, "{ID}", "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");
            ReplaceAll(s, "{TEXT}", "TEXT");
            ReplaceAll(s, "{OPTIONS}", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
            break;
    }
    return s;
}

}  // namespace dbbridge::core
