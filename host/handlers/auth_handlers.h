#pragma once
// /api/auth/* (login, logout, me, own password, API tokens), /api/users, /api/projects and
// /api/audit (SPEC §10 identity). Parse and validate, call core/auth, map the Status.

#include <string>
#include <vector>

#include "core/auth/auth_service.h"
#include "core/auth/login_limiter.h"
#include "core/auth/project_service.h"
#include "core/store/audit_repository.h"
#include "host/auth/audit_trail.h"
#include "host/http/router.h"

namespace dbbridge::host {

struct IdentityServices {
    core::auth::AuthService& auth;
    core::auth::LoginLimiter& limiter;
    core::auth::ProjectService& projects;
    core::AuditRepository& audit;
    const AuditTrail& trail;
    // The session cookie is Secure when cookie_secure, or when a trusted proxy forwarded an https request.
    bool cookie_secure = false;
    std::vector<std::string> trusted_proxies;
};

void AddAuthRoutes(Router& router, const IdentityServices& services);
// Admin only: users, audit. Projects: members list theirs; admins manage them.
void AddAdminRoutes(Router& router, const IdentityServices& services);

}  // namespace dbbridge::host
