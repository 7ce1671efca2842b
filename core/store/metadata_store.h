#pragma once
// The metadata store: dbbridge's own tables (datasources, job configs, run logs, multiplex
// reports, users, projects) on SQLite (default), PostgreSQL or MySQL, chosen by store.url.
//
// Open() connects, creates the SQLite file (and its folder) when needed, and applies pending
// migrations (see migrations.h). Thread-safe: callers on any thread borrow a session through
// Run()/Transact(). PostgreSQL and MySQL use a small pool of sessions; SQLite uses one session
// (WAL mode, busy timeout) that callers take in turn, which also makes ":memory:" work.
//
// Repository pattern (see datasource_repository.h): a repository holds a MetadataStore& and
// each method is one Run()/Transact() with '?'-placeholder SQL and bound values.
// Open() calls RegisterStoreConnectors() (store_connectors.h), the one place that touches Poco's
// SessionFactory. Do not call Run()/Transact() from inside fn: on SQLite the nested call would
// wait for the one session that fn already holds (and fail after acquire_timeout_ms).

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/store_session.h"
#include "core/store/store_url.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class MetadataStore {
public:
    struct Options {
        std::size_t max_sessions = 8;    // PostgreSQL/MySQL; SQLite always uses one
        int busy_timeout_ms = 5000;      // SQLite: wait this long for another process's lock
        int acquire_timeout_ms = 30000;  // wait for a free pooled session before failing
        int connect_timeout_s = 10;
    };

    // Fails with the backend's message and the URL (without password) when the database cannot
    // be opened or migrated; with kInvalidArgument for a malformed URL.
    static sdk::Result<std::unique_ptr<MetadataStore>> Open(const std::string& url);
    static sdk::Result<std::unique_ptr<MetadataStore>> Open(const std::string& url, const Options& options);

    ~MetadataStore();
    MetadataStore(const MetadataStore&) = delete;
    MetadataStore& operator=(const MetadataStore&) = delete;

    StoreBackend backend() const { return target_.backend; }
    const std::string& display_url() const { return target_.display; }

    // Pooled sessions now: open (idle plus lent out), idle, and the most it will open (metrics).
    struct PoolStats {
        std::size_t open = 0;
        std::size_t idle = 0;
        std::size_t max = 0;
    };
    PoolStats Stats();

    // Highest applied migration version.
    sdk::Result<int> SchemaVersion();

    // Runs fn with a session in auto-commit mode. Returns fn's status, or why no session was
    // available (kUnavailable).
    sdk::Status Run(const std::function<sdk::Status(StoreSession&)>& fn);
    // Runs fn inside a transaction: committed when fn returns OK, rolled back otherwise.
    // (MySQL commits DDL implicitly; keep DDL out of Transact on MySQL.)
    sdk::Status Transact(const std::function<sdk::Status(StoreSession&)>& fn);

private:
    struct PooledSession;

    MetadataStore(StoreTarget target, Options options);
    sdk::Result<std::unique_ptr<PooledSession>> Acquire();
    void Release(std::unique_ptr<PooledSession> s, bool broken);
    sdk::Result<std::unique_ptr<PooledSession>> Connect();
    sdk::Status Migrate();

    StoreTarget target_;
    Options options_;
    std::size_t max_sessions_;

    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<PooledSession>> idle_;
    std::size_t open_ = 0;  // sessions in idle_ plus those lent out
};

}  // namespace dbbridge::core
