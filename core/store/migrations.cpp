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
    // 4: several hosts on one store (issue 12):
    // exec_log rows become a job queue claimed under leases; schedules fire once per tick
    // (schedule_fire is unique per schedule and fire time); run logs are kept in the store so any
    // host can read them; a job's watermark moves with the success of the run that read it.
    // Times used for leases and ticks are epoch milliseconds (BIGINT) for arithmetic in SQL.
    all.push_back({4,
                   "cluster hosts, run leases, schedules, run log chunks, watermarks",
                   {
                       "ALTER TABLE exec_log ADD host_name VARCHAR(255) NOT NULL DEFAULT ''",
                       "ALTER TABLE exec_log ADD lease_until BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD not_before BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD kill_requested INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD schedule_id BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD fire_time BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD attempt INTEGER NOT NULL DEFAULT 1",
                       "ALTER TABLE exec_log ADD max_retries INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD retry_backoff_s INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD timeout_s INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD serial_key BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD params {TEXT}",
                       "ALTER TABLE exec_log ADD watermark {TEXT}",
                       "CREATE INDEX idx_exec_log_queue ON exec_log (status, not_before)",
                       "CREATE INDEX idx_exec_log_host ON exec_log (host_name, status)",
                       "CREATE INDEX idx_exec_log_schedule ON exec_log (schedule_id, status)",
                       "CREATE INDEX idx_exec_log_serial ON exec_log (serial_key, status)",

                       "CREATE TABLE IF NOT EXISTS cluster_host ("
                       " {ID},"
                       " name VARCHAR(255) NOT NULL,"
                       " instance VARCHAR(64) NOT NULL,"  // random per process start
                       " role VARCHAR(16) NOT NULL,"
                       " address VARCHAR(255) NOT NULL DEFAULT '',"
                       " pid BIGINT NOT NULL DEFAULT 0,"
                       " version VARCHAR(64) NOT NULL DEFAULT '',"
                       " max_jobs INTEGER NOT NULL DEFAULT 0,"
                       " running INTEGER NOT NULL DEFAULT 0,"
                       " started_at VARCHAR(32) NOT NULL,"
                       " heartbeat_at BIGINT NOT NULL DEFAULT 0,"
                       " stopped INTEGER NOT NULL DEFAULT 0,"
                       " CONSTRAINT uq_cluster_host_name UNIQUE (name)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS schedule ("
                       " {ID},"
                       " name VARCHAR(128) NOT NULL,"
                       " uid VARCHAR(64) NOT NULL DEFAULT '',"
                       " config_id BIGINT NOT NULL,"
                       " cron VARCHAR(255) NOT NULL,"
                       " time_zone VARCHAR(64) NOT NULL,"
                       " enabled INTEGER NOT NULL DEFAULT 1,"
                       " misfire VARCHAR(16) NOT NULL,"
                       " overlap VARCHAR(16) NOT NULL,"
                       " max_retries INTEGER NOT NULL DEFAULT 0,"
                       " retry_backoff_s INTEGER NOT NULL DEFAULT 0,"
                       " timeout_s INTEGER NOT NULL DEFAULT 0,"
                       " params {TEXT},"
                       " alert_webhook VARCHAR(1024) NOT NULL DEFAULT '',"
                       " next_fire BIGINT NOT NULL DEFAULT 0,"
                       " last_fire BIGINT NOT NULL DEFAULT 0,"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_schedule_uid_name UNIQUE (uid, name)"
                       "){OPTIONS}",
                       "CREATE INDEX idx_schedule_due ON schedule (enabled, next_fire)",
                       "CREATE INDEX idx_schedule_config ON schedule (config_id)",

                       "CREATE TABLE IF NOT EXISTS schedule_fire ("
                       " {ID},"
                       " schedule_id BIGINT NOT NULL,"
                       " fire_time BIGINT NOT NULL,"
                       " exec_id BIGINT NOT NULL DEFAULT 0,"
                       " outcome VARCHAR(32) NOT NULL,"  // queued | skipped_overlap | invalid_params | refused
                       " host_name VARCHAR(255) NOT NULL DEFAULT '',"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_schedule_fire UNIQUE (schedule_id, fire_time)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS run_log_chunk ("
                       " {ID},"
                       " exec_id BIGINT NOT NULL,"
                       " start_offset BIGINT NOT NULL,"
                       " end_offset BIGINT NOT NULL,"
                       " text {TEXT},"
                       " CONSTRAINT uq_run_log_chunk UNIQUE (exec_id, start_offset)"
                       "){OPTIONS}",

                       "CREATE TABLE IF NOT EXISTS job_watermark ("
                       " {ID},"
                       " config_id BIGINT NOT NULL,"
                       " column_name VARCHAR(255) NOT NULL,"
                       " value {TEXT},"
                       " exec_id BIGINT NOT NULL DEFAULT 0,"
                       " update_time VARCHAR(32) NOT NULL,"
                       " CONSTRAINT uq_job_watermark_config UNIQUE (config_id)"
                       "){OPTIONS}",
                   }});
    // 5: table compares run from the API (issue 18): status, progress and the report as JSON.
    all.push_back({5,
                   "table compare runs",
                   {
                       "CREATE TABLE IF NOT EXISTS compare_run ("
                       " {ID},"
                       " uid VARCHAR(64) NOT NULL DEFAULT '',"
                       " status VARCHAR(16) NOT NULL,"  // running | identical | different | failed | killed
                       " source VARCHAR(1024) NOT NULL,"  // datasource:table
                       " target VARCHAR(1024) NOT NULL,"
                       " segments_done BIGINT NOT NULL DEFAULT 0,"
                       " segments_total BIGINT NOT NULL DEFAULT 0,"
                       " report_json {TEXT},"
                       " error {TEXT},"
                       " insert_time VARCHAR(32) NOT NULL,"
                       " update_time VARCHAR(32) NOT NULL"
                       "){OPTIONS}",
                       "CREATE INDEX idx_compare_run_uid ON compare_run (uid)",
                   }});
    // 6: housekeeping done by one host at a time (store_retention.h): whoever moves a task's
    // next_run on with a conditional UPDATE does that round. Old fires are found by fire_time.
    all.push_back({6,
                   "store housekeeping tasks, schedule_fire by time",
                   {
                       "CREATE TABLE IF NOT EXISTS store_task ("
                       " {ID},"
                       " name VARCHAR(64) NOT NULL,"
                       " host_name VARCHAR(255) NOT NULL DEFAULT '',"
                       " next_run BIGINT NOT NULL DEFAULT 0,"  // epoch ms
                       " CONSTRAINT uq_store_task_name UNIQUE (name)"
                       "){OPTIONS}",
                       "INSERT INTO store_task (name, host_name, next_run) VALUES ('retention', '', 0)",
                       "CREATE INDEX idx_schedule_fire_time ON schedule_fire (fire_time)",
                   }});
    // 7: a running run's live figures (issue 11), written by the host that runs it at most once a
    // second, so a run page served by any host shows them. progress_time is epoch ms (0: none yet);
    // the percentage is kept in basis points (0..10000) as the store has no portable decimal binding.
    all.push_back({7,
                   "run progress in the store",
                   {
                       "ALTER TABLE exec_log ADD progress_records BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_bytes BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_record_speed BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_byte_speed BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_error_records BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_basis_points INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE exec_log ADD progress_time BIGINT NOT NULL DEFAULT 0",
                   }});
    // 8: table compare (issue 18): a job config may verify each successful run with a compare,
    // which records the run it verifies (exec_id, 0: started by hand); the host running a compare
    // renews lease_until (epoch ms) and writes its progress, so any host shows it and marks it
    // failed when that host died.
    all.push_back({8,
                   "verify after run, compare leases",
                   {
                       "ALTER TABLE json_config ADD verify_after_run INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE compare_run ADD exec_id BIGINT NOT NULL DEFAULT 0",
                       "ALTER TABLE compare_run ADD host_name VARCHAR(255) NOT NULL DEFAULT ''",
                       "ALTER TABLE compare_run ADD lease_until BIGINT NOT NULL DEFAULT 0",
                       "CREATE INDEX idx_compare_run_exec ON compare_run (exec_id)",
                       "CREATE INDEX idx_compare_run_status ON compare_run (status)",
                   }});
    // 9: a kill asked through any host of a cluster reaches the host running the compare, which
    // reads the flag when it renews the lease.
    all.push_back({9,
                   "compare kill from any host",
                   {
                       "ALTER TABLE compare_run ADD kill_requested INTEGER NOT NULL DEFAULT 0",
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
