#include "core/store/metadata_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/store/migrations.h"
#include "core/store/store_connectors.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kMemoryPath = ":memory:";

}  // namespace

struct MetadataStore::PooledSession {
    std::unique_ptr<Poco::Data::Session> session;
};

MetadataStore::MetadataStore(StoreTarget target, Options options)
    : target_(std::move(target)),
      options_(options),
      max_sessions_(target_.backend == StoreBackend::kSqlite ? 1 : std::max<std::size_t>(1, options.max_sessions)) {}

MetadataStore::~MetadataStore() = default;

MetadataStore::PoolStats MetadataStore::Stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return {open_, idle_.size(), max_sessions_};
}

sdk::Result<std::unique_ptr<MetadataStore>> MetadataStore::Open(const std::string& url) { return Open(url, Options()); }

sdk::Result<std::unique_ptr<MetadataStore>> MetadataStore::Open(const std::string& url, const Options& options) {
    auto target = ParseStoreUrl(url);
    if (!target.ok()) {
        return target.status();
    }
    RegisterStoreConnectors();
    if (target->backend == StoreBackend::kSqlite && target->sqlite_path != kMemoryPath) {
        std::filesystem::path parent = std::filesystem::path(target->sqlite_path).parent_path();
        std::error_code ec;
        if (!parent.empty()) {
            std::filesystem::create_directories(parent, ec);
            if (ec) {
                return sdk::Status::Unavailable("metadata store " + target->display + ": cannot create folder '" +
                                                parent.string() + "': " + ec.message());
            }
        }
    }
    std::unique_ptr<MetadataStore> store(new MetadataStore(std::move(target.value()), options));
    // Keep the first session: for ":memory:" it *is* the database.
    DBB_ASSIGN_OR_RETURN(auto first, store->Acquire());
    store->Release(std::move(first), false);
    auto migrated = store->Migrate();
    if (!migrated.ok()) {
        return migrated.WithContext("metadata store " + store->display_url());
    }
    return store;
}

sdk::Result<std::unique_ptr<MetadataStore::PooledSession>> MetadataStore::Connect() {
    try {
        auto pooled = std::make_unique<PooledSession>();
        pooled->session = std::make_unique<Poco::Data::Session>(target_.connector, target_.connection_string,
                                                                options_.connect_timeout_s);
        if (target_.backend == StoreBackend::kPostgres) {
            // libpq prints NOTICEs ("relation ... already exists, skipping") on stderr otherwise.
            *pooled->session << "SET client_min_messages = warning", Poco::Data::Keywords::now;
        }
        if (target_.backend == StoreBackend::kSqlite) {
            Poco::Data::Session& s = *pooled->session;
            s << "PRAGMA busy_timeout = " + std::to_string(options_.busy_timeout_ms), Poco::Data::Keywords::now;
            s << "PRAGMA foreign_keys = ON", Poco::Data::Keywords::now;
            if (target_.sqlite_path != kMemoryPath) {
                // WAL lets a CLI process read while the server writes. In WAL mode NORMAL syncs at
                // checkpoints, not every commit: the file stays consistent after a crash, and a
                // report-per-request workload is not bound by fsync.
                s << "PRAGMA journal_mode = WAL", Poco::Data::Keywords::now;
                s << "PRAGMA synchronous = NORMAL", Poco::Data::Keywords::now;
            }
        }
        return pooled;
    } catch (const Poco::Exception& e) {
        return sdk::Status::Unavailable("metadata store " + target_.display + ": cannot connect: " + e.displayText());
    } catch (const std::exception& e) {
        return sdk::Status::Unavailable("metadata store " + target_.display + ": cannot connect: " + e.what());
    }
}

sdk::Result<std::unique_ptr<MetadataStore::PooledSession>> MetadataStore::Acquire() {
    {
        std::unique_lock<std::mutex> lock(mu_);
        bool ready = cv_.wait_for(lock, std::chrono::milliseconds(options_.acquire_timeout_ms),
                                  [&] { return !idle_.empty() || open_ < max_sessions_; });
        if (!ready) {
            return sdk::Status::Unavailable("metadata store " + target_.display + ": all " +
                                            std::to_string(max_sessions_) + " sessions busy for " +
                                            std::to_string(options_.acquire_timeout_ms) + " ms");
        }
        if (!idle_.empty()) {
            auto s = std::move(idle_.back());
            idle_.pop_back();
            return s;
        }
        ++open_;  // reserve the slot; connect outside the lock
    }
    auto s = Connect();
    if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        --open_;
        cv_.notify_one();
    }
    return s;
}

void MetadataStore::Release(std::unique_ptr<PooledSession> s, bool broken) {
    std::lock_guard<std::mutex> lock(mu_);
    // SQLite's single session is never dropped: for ":memory:" it holds the data.
    if (broken && target_.backend != StoreBackend::kSqlite) {
        s.reset();
        --open_;
    } else {
        idle_.push_back(std::move(s));
    }
    cv_.notify_one();
}

sdk::Status MetadataStore::Run(const std::function<sdk::Status(StoreSession&)>& fn) {
    DBB_ASSIGN_OR_RETURN(auto pooled, Acquire());
    StoreSession session(*pooled->session, target_.backend);
    sdk::Status st;
    try {
        st = fn(session);
    } catch (const std::exception& e) {
        st = sdk::Status::Internal(std::string("metadata store: unexpected error: ") + e.what());
        Release(std::move(pooled), true);
        return st;
    }
    Release(std::move(pooled), session.broken());
    return st;
}

sdk::Status MetadataStore::Transact(const std::function<sdk::Status(StoreSession&)>& fn) {
    return Run([&](StoreSession& s) -> sdk::Status {
        Poco::Data::Session& poco = s.poco();
        try {
            poco.begin();
        } catch (const Poco::Exception& e) {
            return sdk::Status::Internal("metadata store: cannot begin a transaction: " + e.displayText());
        }
        sdk::Status st = fn(s);
        try {
            if (st.ok()) {
                poco.commit();
            } else {
                poco.rollback();
            }
            if (s.backend() == StoreBackend::kMysql) {
                // Poco's MySQL begin() turns autocommit off and commit()/rollback() leave it off.
                poco.setFeature("autoCommit", true);
            }
        } catch (const Poco::Exception& e) {
            if (st.ok()) {
                try {
                    poco.rollback();
                } catch (const Poco::Exception&) {
                    // the commit error below is the one to report
                }
                return sdk::Status::Internal("metadata store: commit failed: " + e.displayText());
            }
        }
        return st;
    });
}

sdk::Result<int> MetadataStore::SchemaVersion() {
    std::int64_t version = 0;
    auto st = Run([&](StoreSession& s) {
        DBB_ASSIGN_OR_RETURN(auto v, s.QueryInt("SELECT MAX(version) FROM schema_version"));
        version = v;
        return sdk::Status::Ok();
    });
    if (!st.ok()) {
        return st;
    }
    return static_cast<int>(version);
}

sdk::Status MetadataStore::Migrate() {
    const auto& migrations = StoreMigrations();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    DBB_RETURN_IF_ERROR(Run([&](StoreSession& s) {
        return s
            .Execute(RenderDdl("CREATE TABLE IF NOT EXISTS schema_version ("
                               " version INTEGER NOT NULL PRIMARY KEY,"
                               " description VARCHAR(255) NOT NULL DEFAULT '',"
                               " applied_at VARCHAR(32) NOT NULL"
                               "){OPTIONS}",
                               target_.backend))
            .status();
    }));
    DBB_ASSIGN_OR_RETURN(auto current, SchemaVersion());
    if (current > latest) {
        return sdk::Status::Internal("schema version " + std::to_string(current) +
                                     " is newer than this dbbridge knows (" + std::to_string(latest) +
                                     "); upgrade dbbridge");
    }
    for (const auto& m : migrations) {
        if (m.version <= current) {
            continue;
        }
        auto st = Transact([&](StoreSession& s) -> sdk::Status {
            if (s.backend() == StoreBackend::kPostgres) {
                // Several hosts sharing one database may start together: one migrates, the others wait.
                auto locked = s.Execute("LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE");
                if (!locked.ok()) {
                    return locked.status();
                }
            }
            DBB_ASSIGN_OR_RETURN(auto now, s.QueryInt("SELECT MAX(version) FROM schema_version"));
            if (now >= m.version) {
                return sdk::Status::Ok();
            }
            for (const auto& ddl : m.statements) {
                auto done = s.Execute(RenderDdl(ddl, s.backend()));
                // MySQL commits DDL at once, so a half-applied migration may be retried; an index
                // that already exists is then fine (the tables use IF NOT EXISTS).
                if (!done.ok() && !(s.backend() == StoreBackend::kMysql &&
                                    done.status().message().find("Duplicate key name") != std::string::npos)) {
                    return done.status();
                }
            }
            return s
                .Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                         {std::int64_t{m.version}, m.description.substr(0, 255), NowUtcIso()})
                .status();
        });
        if (!st.ok()) {
            return st.WithContext("migration " + std::to_string(m.version) + " (" + m.description + ")");
        }
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::core
