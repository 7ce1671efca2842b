#include "core/store/project_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kSelect = "SELECT p.id, p.name, p.description, p.uid, p.insert_time FROM project p ";

ProjectRow ToRow(const StoreRow& r) {
    ProjectRow p;
    p.id = r.Int(0);
    p.name = r.Text(1);
    p.description = r.Text(2);
    p.uid = r.Text(3);
    p.insert_time = r.Text(4);
    return p;
}

std::string ToName(const StoreRow& r) { return r.Text(0); }

sdk::Status NoSuchProject(const std::string& name) {
    return sdk::Status::NotFound("project '" + name + "' not found");
}

}  // namespace

sdk::Result<std::int64_t> ProjectRepository::Insert(const ProjectRow& row) {
    auto id = RunFor(store_, [&](StoreSession& s) {
        return s.Insert("INSERT INTO project (name, description, uid, insert_time) VALUES (?, ?, ?, ?)",
                        {row.name, row.description, row.uid, NowUtcIso()});
    });
    if (!id.ok() && id.status().code() == sdk::StatusCode::kAlreadyExists) {
        return sdk::Status::AlreadyExists("name: a project named '" + row.name + "' already exists");
    }
    return id;
}

sdk::Status ProjectRepository::FillMembers(std::vector<ProjectRow>& rows) {
    for (auto& p : rows) {
        auto members = SelectRows(store_, "SELECT user_name FROM project_member WHERE project_id = ? ORDER BY user_name",
                                  {p.id}, ToName);
        DBB_RETURN_IF_ERROR(members.status());
        p.members = std::move(*members);
    }
    return sdk::Status::Ok();
}

sdk::Result<ProjectRow> ProjectRepository::GetByName(const std::string& name) {
    auto rows = SelectRows(store_, std::string(kSelect) + "WHERE p.name = ?", {name}, ToRow);
    DBB_RETURN_IF_ERROR(rows.status());
    if (rows->empty()) {
        return NoSuchProject(name);
    }
    DBB_RETURN_IF_ERROR(FillMembers(*rows));
    return std::move(rows->front());
}

sdk::Result<std::vector<ProjectRow>> ProjectRepository::List(const std::string& user_name) {
    auto rows = user_name.empty()
                    ? SelectRows(store_, std::string(kSelect) + "ORDER BY p.name", {}, ToRow)
                    : SelectRows(store_,
                                 std::string(kSelect) +
                                     "JOIN project_member m ON m.project_id = p.id WHERE m.user_name = ? ORDER BY p.name",
                                 {user_name}, ToRow);
    DBB_RETURN_IF_ERROR(rows.status());
    DBB_RETURN_IF_ERROR(FillMembers(*rows));
    return rows;
}

sdk::Result<std::int64_t> ProjectRepository::Count() {
    return RunFor(store_, [](StoreSession& s) { return s.QueryInt("SELECT COUNT(*) FROM project"); });
}

sdk::Status ProjectRepository::Delete(const std::string& name) {
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<std::int64_t> {
               auto id = s.QueryInt("SELECT id FROM project WHERE name = ?", {name});
               DBB_RETURN_IF_ERROR(id.status());
               if (*id == 0) {
                   return NoSuchProject(name);
               }
               DBB_RETURN_IF_ERROR(s.Execute("DELETE FROM project_member WHERE project_id = ?", {*id}).status());
               return s.Execute("DELETE FROM project WHERE id = ?", {*id});
           })
        .status();
}

sdk::Status ProjectRepository::AddMember(std::int64_t project_id, const std::string& user_name) {
    auto id = RunFor(store_, [&](StoreSession& s) {
        return s.Insert("INSERT INTO project_member (project_id, user_name, insert_time) VALUES (?, ?, ?)",
                        {project_id, user_name, NowUtcIso()});
    });
    if (!id.ok() && id.status().code() == sdk::StatusCode::kAlreadyExists) {
        return sdk::Status::AlreadyExists("user: '" + user_name + "' is a member already");
    }
    return id.status();
}

sdk::Status ProjectRepository::RemoveMember(std::int64_t project_id, const std::string& user_name) {
    auto n = RunFor(store_, [&](StoreSession& s) {
        return s.Execute("DELETE FROM project_member WHERE project_id = ? AND user_name = ?", {project_id, user_name});
    });
    DBB_RETURN_IF_ERROR(n.status());
    return *n == 0 ? sdk::Status::NotFound("user: '" + user_name + "' is not a member") : sdk::Status::Ok();
}

sdk::Result<std::vector<std::string>> ProjectRepository::ProjectsOf(const std::string& user_name) {
    return RunFor(store_, [&](StoreSession& s) { return ProjectsOf(s, user_name); });
}

sdk::Result<std::vector<std::string>> ProjectRepository::ProjectsOf(StoreSession& session, const std::string& user_name) {
    return SelectRows(session,
                      "SELECT p.name FROM project p JOIN project_member m ON m.project_id = p.id "
                      "WHERE m.user_name = ? ORDER BY p.name",
                      {user_name}, ToName);
}

}  // namespace dbbridge::core
