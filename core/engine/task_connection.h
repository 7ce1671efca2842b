#pragma once
// The connection of one rdbms reader/writer task: opened on the task's thread, cancellable from
// the monitor thread (Cancel() may come before, during or after Open()).

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/engine/rdbms_target.h"
#include "dbbridge/sdk/connection.h"

namespace dbbridge::core::engine {

class TaskConnection {
public:
    // Connects to target and runs the session statements on the new connection. Cancelled when
    // Cancel() came first.
    sdk::Status Open(const DbTarget& target, const std::vector<std::string>& session);
    // Thread-safe: stops Open() from going on and cancels the running statement.
    void Cancel();
    void Close();

    // Valid after a successful Open().
    sdk::Connection& get() const { return *conn_; }

private:
    std::mutex mu_;
    bool cancelled_ = false;
    std::unique_ptr<sdk::Connection> conn_;
};

}  // namespace dbbridge::core::engine
