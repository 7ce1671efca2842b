#include "core/auth/project_service.h"

namespace dbbridge::core::auth {

namespace {

sdk::Status CheckName(const std::string& name) {
    if (name.empty() || name.size() > ProjectService::kMaxNameChars) {
        return sdk::Status::InvalidArgument("name: must be 1 to " + std::to_string(ProjectService::kMaxNameChars) +
                                            " bytes");
    }
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f) {
            return sdk::Status::InvalidArgument("name: must not contain control characters");
        }
    }
    return sdk::Status::Ok();
}

}  // namespace

sdk::Result<ProjectRow> ProjectService::Create(const std::string& name, const std::string& description,
                                               const std::string& creator) {
    DBB_RETURN_IF_ERROR(CheckName(name));
    if (description.size() > kMaxDescriptionChars) {
        return sdk::Status::InvalidArgument("description: must be at most " + std::to_string(kMaxDescriptionChars) +
                                            " bytes");
    }
    auto count = projects_.Count();
    DBB_RETURN_IF_ERROR(count.status());
    if (static_cast<std::size_t>(*count) >= kMaxProjects) {
        return sdk::Status::InvalidArgument("there are " + std::to_string(*count) +
                                            " projects, the most allowed; delete one first");
    }
    ProjectRow row;
    row.name = name;
    row.description = description;
    row.uid = creator;
    auto id = projects_.Insert(row);
    DBB_RETURN_IF_ERROR(id.status());
    if (users_.GetByName(creator).ok()) {
        DBB_RETURN_IF_ERROR(projects_.AddMember(*id, creator));
    }
    return projects_.GetByName(name);
}

sdk::Status ProjectService::Delete(const std::string& name) { return projects_.Delete(name); }

sdk::Result<ProjectRow> ProjectService::Get(const std::string& name) { return projects_.GetByName(name); }

sdk::Result<std::vector<ProjectRow>> ProjectService::List(const std::string& user, bool all) {
    return projects_.List(all ? "" : user);
}

sdk::Status ProjectService::AddMember(const std::string& project, const std::string& user) {
    auto p = projects_.GetByName(project);
    DBB_RETURN_IF_ERROR(p.status());
    auto u = users_.GetByName(user);
    if (!u.ok()) {
        return u.status().code() == sdk::StatusCode::kNotFound
                   ? sdk::Status::InvalidArgument("user: no user named '" + user + "'")
                   : u.status();
    }
    return projects_.AddMember(p->id, user);
}

sdk::Status ProjectService::RemoveMember(const std::string& project, const std::string& user) {
    auto p = projects_.GetByName(project);
    DBB_RETURN_IF_ERROR(p.status());
    return projects_.RemoveMember(p->id, user);
}

}  // namespace dbbridge::core::auth
