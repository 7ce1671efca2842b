#pragma once
// The project and project_member tables. A project is a name unique in the store; datasources
// and job configs join one through their `project` column, users through project_member.
// Thread-safe (each call borrows a session). Follows datasource_repository.h.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct ProjectRow {
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::string uid;  // who created it
    std::string insert_time;
    std::vector<std::string> members;  // filled by Get / List
};

class ProjectRepository {
public:
    explicit ProjectRepository(MetadataStore& store) : store_(store) {}

    // kAlreadyExists naming the project when the name is taken.
    sdk::Result<std::int64_t> Insert(const ProjectRow& row);
    // With members. kNotFound naming the project.
    sdk::Result<ProjectRow> GetByName(const std::string& name);
    // Every project (user_name empty) or those user_name is a member of, ordered by name, with members.
    sdk::Result<std::vector<ProjectRow>> List(const std::string& user_name);
    sdk::Result<std::int64_t> Count();
    // Deletes the project and its memberships. kNotFound naming the project.
    sdk::Status Delete(const std::string& name);
    // kAlreadyExists when user_name is a member already.
    sdk::Status AddMember(std::int64_t project_id, const std::string& user_name);
    // kNotFound when user_name is not a member.
    sdk::Status RemoveMember(std::int64_t project_id, const std::string& user_name);
    // Names of the projects user_name is a member of.
    sdk::Result<std::vector<std::string>> ProjectsOf(const std::string& user_name);
    // The same through a session the caller holds (inside its transaction).
    static sdk::Result<std::vector<std::string>> ProjectsOf(StoreSession& session, const std::string& user_name);

private:
    sdk::Status FillMembers(std::vector<ProjectRow>& rows);

    MetadataStore& store_;
};

}  // namespace dbbridge::core
