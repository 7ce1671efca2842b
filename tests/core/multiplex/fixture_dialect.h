#pragma once
// An in-process Dialect for the multiplex service unit tests: each "database" (spec.database)
// answers statements from a script the test writes (columns + rows, affected count, or error),
// so validation, routing, batching and concurrency are tested without servers. The real
// engines are exercised by multiplex_service_integration_test.cpp.

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/datasource/connection_resolver.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex::testing {

struct Answer {
    std::vector<sdk::ColumnInfo> columns;
    std::vector<sdk::Record> rows;
    bool has_rows = true;
    std::int64_t affected = 0;
    std::string error_code;  // non-empty: the statement fails with this code
    std::string sql_state;
    int delay_ms = 0;
};

// Scripts per database name and statement text (the SQL with '?' placeholders).
class FixtureServer {
public:
    void Set(const std::string& database, const std::string& sql, Answer a) {
        std::lock_guard<std::mutex> lock(mu_);
        scripts_[database][sql] = std::move(a);
    }
    bool Find(const std::string& database, const std::string& sql, Answer& out) {
        std::lock_guard<std::mutex> lock(mu_);
        auto d = scripts_.find(database);
        if (d == scripts_.end()) return false;
        auto s = d->second.find(sql);
        if (s == d->second.end()) return false;
        out = s->second;
        return true;
    }
    void Record(const std::string& database, const std::string& sql, const std::vector<sdk::BindValue>& binds) {
        std::lock_guard<std::mutex> lock(mu_);
        executed_.push_back({database, sql, binds});
    }
    struct Executed {
        std::string database;
        std::string sql;
        std::vector<sdk::BindValue> binds;
    };
    std::vector<Executed> executed() {
        std::lock_guard<std::mutex> lock(mu_);
        return executed_;
    }
    std::atomic<int> connects{0};
    std::atomic<int> rollbacks{0};

private:
    std::mutex mu_;
    std::map<std::string, std::map<std::string, Answer>> scripts_;
    std::vector<Executed> executed_;
};

class FixtureConnection : public sdk::Connection {
public:
    FixtureConnection(FixtureServer& server, std::string database) : server_(server), database_(std::move(database)) {}
    sdk::Result<sdk::PingResult> Ping(const std::string&) noexcept override { return sdk::PingResult{}; }
    sdk::Result<std::string> ServerVersion() noexcept override { return std::string("fixture"); }
    sdk::Result<std::vector<std::string>> ListSchemas() noexcept override { return std::vector<std::string>{}; }
    sdk::Result<std::vector<sdk::TableInfo>> ListTables(const std::string&) noexcept override {
        return std::vector<sdk::TableInfo>{};
    }
    sdk::Result<std::vector<sdk::ColumnInfo>> ListColumns(const std::string&) noexcept override {
        return std::vector<sdk::ColumnInfo>{};
    }
    sdk::Status SetSchema(const std::string&) noexcept override { return sdk::Status::Ok(); }
    sdk::Result<sdk::ExecuteResult> Execute(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                            sdk::RowSink* sink, const sdk::ExecuteOptions& options) noexcept override {
        server_.Record(database_, sql, binds);
        Answer a;
        sdk::ExecuteResult r;
        if (!server_.Find(database_, sql, a)) {
            r.failed = true;
            r.error_code = "42P01";
            r.sql_state = "42P01";
            r.error_message = "no script for [" + sql + "] in " + database_;
            return r;
        }
        if (a.delay_ms > 0) {
            auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(a.delay_ms);
            while (std::chrono::steady_clock::now() < until) {
                if (cancelled_) {
                    r.failed = true;
                    r.error_code = "57014";
                    r.sql_state = "57014";
                    r.error_message = "canceling statement due to user request";
                    return r;
                }
                if (options.timeout_ms > 0 && std::chrono::steady_clock::now() - start_of(until, a.delay_ms) >
                                                  std::chrono::milliseconds(options.timeout_ms)) {
                    r.failed = true;
                    r.error_code = "57014";
                    r.sql_state = "57014";
                    r.error_message = "canceling statement due to statement timeout";
                    return r;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
        if (!a.error_code.empty()) {
            r.failed = true;
            r.error_code = a.error_code;
            r.sql_state = a.sql_state;
            r.error_message = "scripted error " + a.error_code;
            return r;
        }
        r.has_rows = a.has_rows;
        if (a.has_rows) {
            (void)sink->OnColumns(a.columns);
            for (const auto& row : a.rows) {
                ++r.row_count;
                if (!sink->OnRow(row)) break;
            }
        } else {
            r.affected_rows = a.affected;
        }
        return r;
    }
    sdk::Status Begin() noexcept override { return sdk::Status::Ok(); }
    sdk::Status Commit() noexcept override { return sdk::Status::Ok(); }
    sdk::Status Rollback() noexcept override {
        ++server_.rollbacks;
        return sdk::Status::Ok();
    }
    sdk::Result<std::unique_ptr<sdk::RecordReader>> OpenReader(const sdk::ReadSpec&) noexcept override {
        return sdk::Status::Unimplemented("fixture");
    }
    sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SplitRange(const sdk::ReadSpec&) noexcept override {
        return sdk::Status::Unimplemented("fixture");
    }
    sdk::Result<std::unique_ptr<sdk::RecordWriter>> OpenWriter(const sdk::WriteSpec&) noexcept override {
        return sdk::Status::Unimplemented("fixture");
    }
    void Cancel() noexcept override { cancelled_ = true; }

private:
    static std::chrono::steady_clock::time_point start_of(std::chrono::steady_clock::time_point until, int delay_ms) {
        return until - std::chrono::milliseconds(delay_ms);
    }
    FixtureServer& server_;
    std::string database_;
    std::atomic<bool> cancelled_{false};
};

class FixtureDialect : public sdk::Dialect {
public:
    FixtureDialect(std::string name, FixtureServer& server) : name_(std::move(name)), server_(server) {}
    std::string Name() const noexcept override { return name_; }
    std::vector<std::string> DataxReaderNames() const noexcept override { return {}; }
    std::vector<std::string> DataxWriterNames() const noexcept override { return {}; }
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override { return {}; }
    int DefaultPort() const noexcept override { return 1; }
    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string&) const noexcept override {
        return sdk::Status::Unimplemented("fixture");
    }
    std::string BuildJdbcUrl(const sdk::ConnectionSpec&) const noexcept override { return ""; }
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override {
        if (spec.host == "null-connection") {
            return std::unique_ptr<sdk::Connection>();  // a plugin bug: ok status, no connection
        }
        if (spec.host == "unreachable") {
            return sdk::Status::Unavailable("could not connect to server: Connection refused (" + spec.host + ")");
        }
        ++server_.connects;
        std::string db = spec.schema.empty() ? spec.database : spec.database + "/" + spec.schema;
        return std::unique_ptr<sdk::Connection>(new FixtureConnection(server_, db));
    }
    std::string DefaultPingSql() const noexcept override { return "SELECT 1"; }
    std::string DefaultColumnsSql() const noexcept override { return ""; }
    sdk::JdbcType MapNativeType(const std::string&) const noexcept override { return sdk::JdbcType::kOther; }
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const noexcept override { return name; }
    sdk::Result<std::string> RewriteBinds(const std::string& sql, std::vector<std::string>& order) const noexcept override {
        return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kQuestion, Lexicon(), order);
    }
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide&) const noexcept override { return std::string(); }
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide&) const noexcept override { return std::string(); }
    sdk::Capabilities GetCapabilities() const noexcept override { return {}; }
    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override { return {}; }
    sdk::SqlLexicon Lexicon() const noexcept override {
        return name_ == "MYSQL" ? sdk::SqlLexicon::MySql() : sdk::SqlLexicon::Oracle();
    }
    sdk::Result<sdk::TranspileResult> Transpile(const std::string& from, const std::string& sql) const noexcept override {
        if (sql.find("UNTRANSLATABLE") != std::string::npos) {
            return sdk::Status::Unimplemented("construct UNTRANSLATABLE is not supported from " + from);
        }
        sdk::TranspileResult r;
        r.sql = sql;
        r.notes.push_back("identity from " + from);
        return r;
    }

private:
    std::string name_;
    FixtureServer& server_;
};

// A resolver over fixed specs ((owner uid, datasource name) -> spec), scoped by uid like
// DatasourceService. A name listed in throw_on is resolved by throwing (a failing store).
class FixedResolver : public ConnectionResolver {
public:
    void Add(const std::string& name, sdk::ConnectionSpec spec, const std::string& uid = "") {
        std::lock_guard<std::mutex> lock(mu_);
        specs_[{uid, name}] = std::move(spec);
    }
    void ThrowOn(const std::string& name) {
        std::lock_guard<std::mutex> lock(mu_);
        throw_on_.push_back(name);
    }
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) override {
        return sdk::Status::NotFound("datasource id " + std::to_string(id) + " not found");
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& kv : specs_) {
            if (kv.first.second == name) return kv.second;
        }
        return sdk::Status::NotFound("datasource '" + name + "' not found");
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByNameForUser(const std::string& name, const std::string& uid) override {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& t : throw_on_) {
            if (t == name) throw std::runtime_error("store connection lost while resolving '" + name + "'");
        }
        auto it = specs_.find({uid, name});
        if (it == specs_.end()) return sdk::Status::NotFound("datasource '" + name + "' not found");
        return it->second;
    }

private:
    std::mutex mu_;
    std::map<std::pair<std::string, std::string>, sdk::ConnectionSpec> specs_;
    std::vector<std::string> throw_on_;
};

}  // namespace dbbridge::core::multiplex::testing
