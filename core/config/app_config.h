#pragma once
// dbbridge.yaml: every key has a default, so no file is needed.

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct AppConfig {
    struct Server {
        std::string host = "127.0.0.1";
        int port = 8080;
        int threads = 16;
        std::size_t max_body_bytes = 8 * 1024 * 1024;
        // The built web UI (web/dist). Empty: <prefix>/share/dbbridge/web when installed, else the
        // source tree's web/dist.
        std::string web_dir;
        // A request's line, headers and body must arrive within this of its first byte.
        int request_read_timeout_ms = 10000;
        // How long a connection may wait idle for its (next) request.
        int keep_alive_timeout_ms = 5000;
        int max_connections = 1000;          // open connections in all, idle ones included
        int max_connections_per_peer = 100;  // open connections from one client address
        // all: HTTP and jobs; api: HTTP only (runs queue for workers); worker: jobs and schedules,
        // no HTTP. api and worker need a PostgreSQL (or MySQL) store shared with other hosts.
        std::string role = "all";
    } server;
    // Several hosts on one store (docs/cluster.md).
    struct Cluster {
        std::string host_name;        // empty: "<hostname>:<absolute paths.logs>" (stable across restarts)
        int lease_seconds = 15;       // a run whose lease is this old is taken as lost with its host
        int heartbeat_seconds = 3;
        int poll_ms = 500;            // how often a worker looks for queued runs and kill requests
        int log_chunk_retention_days = 30;  // runs' log copies in the store kept this long after the run (0: forever)
    } cluster;
    struct Schedule {
        int misfire_threshold_seconds = 5;  // a tick later than this is a misfire (misfire policy applies)
        int tick_ms = 200;                  // how often due schedules are looked for
        int fire_retention_days = 30;       // schedule_fire rows (one per tick) kept this long (0: forever)
        // Alert webhooks may reach loopback, private and link-local addresses only when their
        // host (as written in the URL) or its resolved address is listed here (SSRF guard).
        std::vector<std::string> webhook_allowed_hosts;
        // PEM file of CA certificates trusted for https webhooks besides the system's (a private
        // CA); "" for the system's only.
        std::string webhook_ca_file;
    } schedule;
    struct Store {
        std::string url = "sqlite:var/dbbridge.db";
    } store;
    struct Plugins {
        std::string dir;  // empty: next to the executable, then the install dir
    } plugins;
    struct Paths {
        std::string jobs = "var/jobs";
        std::string logs = "var/logs";
        // The only folder whose files jobs saved or run through the job service may read or write
        // (txtfilereader / txtfilewriter paths); `dbbridge run job.json` is not limited.
        std::string files = "var/files";
    } paths;
    struct Security {
        std::string key_file = "var/dbbridge.key";
        int session_ttl_minutes = 720;
        // Peers (IP addresses) whose X-Uid header names the acting user (an SSO proxy in front).
        std::vector<std::string> trusted_proxies;
        // Mark the session cookie Secure on every login (the server is reached over https only, e.g.
        // through a TLS proxy that does not send X-Forwarded-Proto). A trusted proxy's
        // "X-Forwarded-Proto: https" marks it Secure without this.
        bool cookie_secure = false;
    } security;
    struct Engine {
        int max_concurrent_jobs = 4;
        int stall_timeout_seconds = 600;
        // Unknown or misspelt keys in a job file fail the job instead of a warning (`run --strict`).
        bool strict_job_keys = false;
        // A writer that keeps one COPY / LOAD DATA open across batches is flushed at least every
        // this many KiB of kept batch copies (RunnerOptions::deferred_window_bytes).
        int deferred_window_kib = 4096;
    } engine;
    struct Multiplex {
        int batch_wait_seconds = 10;
        int statement_timeout_ms = 30000;  // at most 600000 (10 minutes)
        int report_ttl_days = 30;          // reports older than this are deleted; 0 keeps them
        int max_pending_batches_per_user = 8;
        int max_pending_batches = 64;
        std::map<std::string, std::string> targets;  // dialect (upper case) -> datasource source_name
    } multiplex;

    struct Log {
        std::string level = "info";  // error | warning | info | debug | trace
        std::string file;            // server log; empty: standard error
        std::string access_file;     // one line per HTTP request; empty: the server log
    } log;

    std::vector<std::string> warnings;  // unknown keys (with the nearest known one), reported at start-up
};

// Parses YAML text. A wrong type or value is an error naming the key and line ("server.port
// (line 3): expected an integer"). Unknown keys become warnings, not errors, naming the nearest
// known key when one is close ("did you mean 'server.port'?").
sdk::Result<AppConfig> ParseConfig(const std::string& yaml_text);

// Loads a file; path empty: defaults (plus ./dbbridge.yaml when present).
sdk::Result<AppConfig> LoadConfig(const std::string& path);

// The valid values of log.level, most severe first.
const std::vector<std::string>& LogLevels();

}  // namespace dbbridge::core
