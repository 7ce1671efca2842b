#pragma once
// Who may use an object: the one place the decision is made for datasources and job configs
// (loading, pinging, browsing, running, resolving a job's datasource references at save and at
// run time). Today an object is usable by its owner only; the project / role policy replaces
// this one function.

#include <string>

namespace dbbridge::core {

// True when the user uid may use an object owned by owner_uid.
inline bool MayUse(const std::string& owner_uid, const std::string& uid) { return owner_uid == uid; }

}  // namespace dbbridge::core
