#pragma once
// One metadata-store connection, as handed to repositories by MetadataStore::Run/Transact.
//
// SQL is written once with '?' placeholders; the session rewrites them to $1, $2... for
// PostgreSQL. Values are always bound, never concatenated. Every Poco exception is caught here
// and returned as a Status carrying the backend's message (a unique-key violation becomes
// kAlreadyExists, so repositories can report the duplicate by name).
// A StoreSession is used by one thread at a time (the one that got it from MetadataStore).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/store/store_url.h"
#include "dbbridge/sdk/status.h"

namespace Poco::Data {
class Session;
}

namespace dbbridge::core {

// A bound parameter: NULL, an integer or text. Times are ISO text (see store_time.h).
using StoreValue = std::variant<std::monostate, std::int64_t, std::string>;

// One result row, every cell as text (integers in decimal) or NULL.
class StoreRow {
public:
    explicit StoreRow(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
    bool IsNull(std::size_t i) const { return !cells_.at(i).has_value(); }
    std::string Text(std::size_t i) const { return cells_.at(i).value_or(""); }
    std::int64_t Int(std::size_t i) const;  // 0 for NULL or empty
    std::size_t size() const { return cells_.size(); }

private:
    std::vector<std::optional<std::string>> cells_;
};

class StoreSession {
public:
    StoreSession(Poco::Data::Session& session, StoreBackend backend) : session_(session), backend_(backend) {}

    StoreBackend backend() const { return backend_; }

    // Runs a statement without a result set; returns the affected row count.
    sdk::Result<std::int64_t> Execute(const std::string& sql, const std::vector<StoreValue>& params = {});
    // Runs an INSERT into a table whose key column is "id" and returns the new id.
    sdk::Result<std::int64_t> Insert(const std::string& sql, const std::vector<StoreValue>& params);
    sdk::Result<std::vector<StoreRow>> Query(const std::string& sql, const std::vector<StoreValue>& params = {});
    // The first column of the first row as an integer (COUNT(*), MAX(...)); 0 when no row / NULL.
    sdk::Result<std::int64_t> QueryInt(const std::string& sql, const std::vector<StoreValue>& params = {});

    // True after an error that may have left the connection unusable; the pool then drops it.
    bool broken() const { return broken_; }

    Poco::Data::Session& poco() { return session_; }

    // '?' -> '$n' for PostgreSQL (outside string literals); unchanged for the other backends.
    static std::string Placeholders(const std::string& sql, StoreBackend backend);

private:
    sdk::Status Fail(const std::string& sql, const std::string& what, bool constraint);
    // Whether a failure (its message what) means the session lost its server.
    bool LostConnection(const std::string& what);

    Poco::Data::Session& session_;
    StoreBackend backend_;
    bool broken_ = false;
};

}  // namespace dbbridge::core
