#include "core/auth/access_policy.h"

#include <algorithm>

#include "core/auth/auth_service.h"
#include "core/store/store_query.h"

namespace dbbridge::core::auth {

sdk::Result<bool> AccessPolicy::IsAdmin(const std::string& user) {
    return RunFor(store_, [&](StoreSession& s) { return IsAdmin(s, user); });
}

sdk::Status AccessPolicy::CheckEnabled(const std::string& user) {
    return store_.Run([&](StoreSession& s) { return CheckEnabled(s, user); });
}

sdk::Result<Visibility> AccessPolicy::VisibleTo(const std::string& user) {
    return RunFor(store_, [&](StoreSession& s) { return VisibleTo(s, user); });
}

sdk::Status AccessPolicy::Check(const std::string& user, const OwnedObject& object, Access access,
                                const std::string& what) {
    return store_.Run([&](StoreSession& s) { return Check(s, user, object, access, what); });
}

sdk::Result<bool> AccessPolicy::IsAdmin(StoreSession& session, const std::string& user) {
    auto row = UserRepository::GetByName(session, user);
    if (!row.ok()) {
        if (row.status().code() == sdk::StatusCode::kNotFound) {
            return false;  // not a stored user: a plain one
        }
        return row.status();
    }
    return row->role == kRoleAdmin && !row->disabled;
}

sdk::Status AccessPolicy::CheckEnabled(StoreSession& session, const std::string& user) {
    auto row = UserRepository::GetByName(session, user);
    if (!row.ok()) {
        return row.status().code() == sdk::StatusCode::kNotFound ? sdk::Status::Ok() : row.status();
    }
    return row->disabled ? sdk::Status::PermissionDenied("user '" + user + "' is disabled") : sdk::Status::Ok();
}

sdk::Result<Visibility> AccessPolicy::VisibleTo(StoreSession& session, const std::string& user) {
    auto admin = IsAdmin(session, user);
    DBB_RETURN_IF_ERROR(admin.status());
    Visibility v = Visibility::OwnerOnly(user);
    v.all = *admin || user == kLocalOperator;
    if (!v.all) {
        auto projects = ProjectRepository::ProjectsOf(session, user);
        DBB_RETURN_IF_ERROR(projects.status());
        v.projects = std::move(*projects);
    }
    return v;
}

sdk::Status AccessPolicy::Check(StoreSession& session, const std::string& user, const OwnedObject& object,
                                Access access, const std::string& what) {
    if (object.uid == user) {
        return sdk::Status::Ok();
    }
    auto visible = VisibleTo(session, user);
    DBB_RETURN_IF_ERROR(visible.status());
    if (visible->all) {
        return sdk::Status::Ok();
    }
    const auto& mine = visible->projects;
    bool member = !object.project.empty() && std::find(mine.begin(), mine.end(), object.project) != mine.end();
    if (!member) {
        return sdk::Status::NotFound(what + " not found");
    }
    if (access == Access::kEdit) {
        return sdk::Status::PermissionDenied(what + " belongs to '" + object.uid + "' in project '" + object.project +
                                             "': project members may use it; only its owner or an admin may "
                                             "change, delete or export it");
    }
    return sdk::Status::Ok();
}

sdk::Status AccessPolicy::CheckProject(const std::string& user, const std::string& project, const std::string& field) {
    if (project.empty()) {
        return sdk::Status::Ok();
    }
    auto row = projects_.GetByName(project);
    if (!row.ok()) {
        if (row.status().code() == sdk::StatusCode::kNotFound) {
            return sdk::Status::InvalidArgument(field + ": project '" + project + "' does not exist");
        }
        return row.status();
    }
    const auto& members = row->members;
    if (std::find(members.begin(), members.end(), user) != members.end()) {
        return sdk::Status::Ok();
    }
    auto admin = IsAdmin(user);
    DBB_RETURN_IF_ERROR(admin.status());
    if (!*admin) {
        return sdk::Status::InvalidArgument(field + ": you are not a member of project '" + project + "'");
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::core::auth
