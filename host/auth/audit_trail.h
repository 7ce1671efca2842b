#pragma once
// Writes audit_log rows for requests: the Router hook for routes added with an audit action, and
// direct records for what the hook cannot see (a failed login has no acting user yet).
// A row that cannot be written is reported on stderr; the request's answer does not change.
// Thread-safe.

#include <string>

#include "core/store/audit_repository.h"
#include "host/http/api_reply.h"
#include "host/http/request.h"

namespace dbbridge::host {

class AuditTrail {
public:
    explicit AuditTrail(core::AuditRepository& audit) : audit_(audit) {}

    // For Router::SetAuditHook: actor, action, the object named by ?id / ?name / the body's "id" or
    // "name" / the reply's data.id, and the outcome from the reply's code.
    void OnRoute(const Request& req, const std::string& action, const ApiReply& reply) const;
    void Record(const Request& req, const std::string& actor, const std::string& action, const std::string& object_type,
                const std::string& object_id, const std::string& outcome, const std::string& detail = "") const;

private:
    core::AuditRepository& audit_;
};

}  // namespace dbbridge::host
