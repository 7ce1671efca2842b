#pragma once
// The one access rule of dbbridge (SPEC §10), asked at the moment an object is used:
//   - an admin may do anything to anything;
//   - the owner (the object's uid is the user's name) may use and edit it;
//   - a member of the object's project may use it (ping, browse, run, multiplex), not edit,
//     delete or export it;
//   - anyone else does not see it at all.
// Role and memberships are read from the store on every call, so disabling, demoting or removing
// a member takes effect at the next request. A name the store does not know (an SSO user behind a
// trusted proxy, a shell user of `dbbridge run`) is a plain user with no project.
// Thread-safe (no state besides the store).

#include <cstdint>
#include <string>

#include "core/store/metadata_store.h"
#include "core/store/project_repository.h"
#include "core/store/user_repository.h"
#include "core/store/visibility.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

enum class Access : std::uint8_t {
    kUse,   // read, ping, browse, run, multiplex, reference from a job
    kEdit,  // update, delete, export with clear passwords
};

}  // namespace dbbridge::core

namespace dbbridge::core::auth {

// Who `dbbridge run --config-id` acts as from a shell: that account holds the store and the key
// file already, so the policy lets it use and edit everything. No login yields this name (user
// names start with a letter or digit).
inline constexpr const char* kLocalOperator = "@local";

// What the policy needs to know of an object.
struct OwnedObject {
    std::string uid;      // owner's user name
    std::string project;  // "" : none
};

class AccessPolicy {
public:
    explicit AccessPolicy(MetadataStore& store) : store_(store), projects_(store) {}

    // The rows user may see (for lists).
    sdk::Result<Visibility> VisibleTo(const std::string& user);
    // OK when user may access object. Otherwise kNotFound, "<what> not found", when user may not
    // even use it (so ids of others' objects reveal nothing); kPermissionDenied (HTTP 403) naming
    // the owner and the rule when user may use but not edit it.
    sdk::Status Check(const std::string& user, const OwnedObject& object, Access access, const std::string& what);
    // Whether user may put an object into project: "" always; otherwise the project must exist and
    // user be a member or an admin. kInvalidArgument naming field.
    sdk::Status CheckProject(const std::string& user, const std::string& project, const std::string& field = "project");
    // OK unless user is a stored user who is disabled (kPermissionDenied): for work done on a
    // user's behalf without a login, such as a schedule's runs.
    sdk::Status CheckEnabled(const std::string& user);
    // True for an enabled admin.
    sdk::Result<bool> IsAdmin(const std::string& user);

    // The same decisions read through a session the caller already holds, e.g. inside the
    // transaction in which the scheduler fires a tick as the schedule's owner (borrowing a second
    // session there would wait forever for SQLite's only one).
    static sdk::Result<Visibility> VisibleTo(StoreSession& session, const std::string& user);
    static sdk::Status Check(StoreSession& session, const std::string& user, const OwnedObject& object, Access access,
                             const std::string& what);
    static sdk::Status CheckEnabled(StoreSession& session, const std::string& user);
    static sdk::Result<bool> IsAdmin(StoreSession& session, const std::string& user);

private:
    MetadataStore& store_;
    ProjectRepository projects_;
};

}  // namespace dbbridge::core::auth
