#pragma once
// Projects: a name that groups users (members), datasources and job configs (their `project`
// field). Admins create and delete projects and manage members; members use the project's
// objects (see access_policy.h). Errors: kInvalidArgument naming the field, kAlreadyExists /
// kNotFound naming the project or user. Thread-safe.

#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "core/store/project_repository.h"
#include "core/store/user_repository.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::auth {

class ProjectService {
public:
    static constexpr std::size_t kMaxNameChars = 128;
    static constexpr std::size_t kMaxDescriptionChars = 1024;
    static constexpr std::size_t kMaxProjects = 10000;

    explicit ProjectService(MetadataStore& store) : projects_(store), users_(store) {}

    // creator becomes its first member.
    sdk::Result<ProjectRow> Create(const std::string& name, const std::string& description, const std::string& creator);
    sdk::Status Delete(const std::string& name);
    sdk::Result<ProjectRow> Get(const std::string& name);
    // Every project (all) or those user is a member of.
    sdk::Result<std::vector<ProjectRow>> List(const std::string& user, bool all);
    // The user must exist.
    sdk::Status AddMember(const std::string& project, const std::string& user);
    sdk::Status RemoveMember(const std::string& project, const std::string& user);

private:
    ProjectRepository projects_;
    UserRepository users_;
};

}  // namespace dbbridge::core::auth
