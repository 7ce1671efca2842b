#include "core/engine/task_connection.h"

namespace dbbridge::core::engine {

using sdk::Status;

Status TaskConnection::Open(const DbTarget& target, const std::vector<std::string>& session) {
    DBB_ASSIGN_OR_RETURN(auto conn, target.Connect());
    {
        std::lock_guard<std::mutex> lock(mu_);
        conn_ = std::move(conn);
        if (cancelled_) {
            return Status::Cancelled("cancelled");
        }
    }
    for (const auto& sql : session) {
        DBB_RETURN_IF_ERROR(ExecuteStatement(*conn_, sql, "session"));
    }
    return Status::Ok();
}

void TaskConnection::Cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    if (conn_) {
        conn_->Cancel();
    }
}

void TaskConnection::Close() {
    std::lock_guard<std::mutex> lock(mu_);
    conn_.reset();
}

}  // namespace dbbridge::core::engine
