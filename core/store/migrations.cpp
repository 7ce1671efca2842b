#include "core/store/migrations.h"

namespace dbbridge::core {

namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

// Users, login sessions / API tokens, projects with members, and the audit trail. Objects keep
// naming their owner by user name in `uid` and their project by name in `project`, as before.
// app_user and project from migration 1 were never written to (no code used them): they are
// replaced by tables whose names are unique across the whole store.
Migration IdentityMigration() {
    return {3,
            "users, sessions and API tokens, projects, audit",
            {
                "DROP TABLE IF EXISTS app_user",
                "DROP TABLE IF EXISTS project",

                "CREATE TABLE IF NOT EXISTS users ("
                " {ID},"
                " name VARCHAR(64) NOT NULL,"
                " password_hash VARCHAR(255) NOT NULL,"  // libsodium crypto_pwhash_str (argon2id)
                " role VARCHAR(16) NOT NULL DEFAULT 'user',"
                " disabled INTEGER NOT NULL DEFAULT 0,"
                " insert_time VARCHAR(32) NOT NULL,"
                " last_login VARCHAR(32),"
                " CONSTRAINT uq_users_name UNIQUE (name)"
                "){OPTIONS}",

                // Login sessions and API tokens: only the SHA-256 of the token is kept.
                "CREATE TABLE IF NOT EXISTS auth_token ("
                " {ID},"
                " token_hash VARCHAR(64) NOT NULL,"
                " user_name VARCHAR(64) NOT NULL,"
                " kind VARCHAR(16) NOT NULL,"  // session | api
                " name VARCHAR(128) NOT NULL DEFAULT '',"
                " insert_time VARCHAR(32) NOT NULL,"
                " expire_time VARCHAR(32) NOT NULL,"
                " last_used VARCHAR(32),"
                " CONSTRAINT uq_auth_token_hash UNIQUE (token_hash)"
                "){OPTIONS}",
                "CREATE INDEX idx_auth_token_user ON auth_token (user_name)",

                "CREATE TABLE IF NOT EXISTS project ("
                " {ID},"
                " name VARCHAR(128) NOT NULL,"
                " description VARCHAR(1024) NOT NULL DEFAULT '',"
                " uid VARCHAR(64) NOT NULL DEFAULT '',"  // who created it
                " insert_time VARCHAR(32) NOT NULL,"
                " CONSTRAINT uq_project_name UNIQUE (name)"
                "){OPTIONS}",

                "CREATE TABLE IF NOT EXISTS project_member ("
                " {ID},"
                " project_id BIGINT NOT NULL,"
                " user_name VARCHAR(64) NOT NULL,"
                " insert_time VARCHAR(32) NOT NULL,"
                " CONSTRAINT uq_project_member UNIQUE (project_id, user_name)"
                "){OPTIONS}",
                "CREATE INDEX idx_project_member_user ON project_member (user_name)",

                "CREATE TABLE IF NOT EXISTS audit_log ("
                " {ID},"
                " insert_time VARCHAR(32) NOT NULL,"
                " actor VARCHAR(64) NOT NULL DEFAULT '',"
                " action VARCHAR(64) NOT NULL,"
                " object_type VARCHAR(32) NOT NULL DEFAULT '',"
                " object_id VARCHAR(255) NOT NULL DEFAULT '',"
                " outcome VARCHAR(16) NOT NULL DEFAULT 'ok',"
                " peer VARCHAR(64) NOT NULL DEFAULT '',"
                " detail VARCHAR(1024) NOT NULL DEFAULT ''"
                "){OPTIONS}",

                // Job configs join projects like datasources.
                "ALTER TABLE json_config ADD project VARCHAR(128) NOT NULL DEFAULT ''",
            }};
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
    all.push_back(IdentityMigration());
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
