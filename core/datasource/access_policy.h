#pragma once
// Who may use or edit an object: the one place the decision is made for datasources and job
// configs (loading, pinging, browsing, running, resolving a job's datasource references at save
// and at run time; editing, deleting, exporting). Today an object is its owner's alone; the
// project / role policy replaces this one function.

#include <cstdint>
#include <string>

namespace dbbridge::core {

enum class Access : std::uint8_t {
    kUse,   // read, ping, browse, run, reference from a job
    kEdit,  // update, delete, export with clear passwords
};

// True when the user uid may have `need` on an object owned by owner_uid.
inline bool MayAccess(const std::string& owner_uid, const std::string& uid, Access need) {
    (void)need;  // owners may do both; members (projects) will only use
    return owner_uid == uid;
}

}  // namespace dbbridge::core
