#pragma once
// Which owned rows (datasource, json_config, ...) a user may see, as the access policy
// (core/auth/access_policy.h) computes it, and the WHERE condition that selects them.

#include <string>
#include <vector>

#include "core/store/store_session.h"

namespace dbbridge::core {

struct Visibility {
    bool all = false;                   // an admin
    std::string uid;                    // rows this user owns
    std::vector<std::string> projects;  // and rows in these projects

    Visibility() = default;
    // A user's own rows only (implicit: a uid alone selects what it owns, as before projects).
    Visibility(std::string owner) : uid(std::move(owner)) {}  // NOLINT(google-explicit-constructor)
    Visibility(const char* owner) : uid(owner) {}            // NOLINT(google-explicit-constructor)
    static Visibility OwnerOnly(std::string owner) { return Visibility(std::move(owner)); }
};

// "(uid = ? OR project IN (?, ...))", or "1 = 1" for an admin; appends the bound values to params.
inline std::string VisibilityCondition(const Visibility& v, std::vector<StoreValue>& params) {
    if (v.all) {
        return "1 = 1";
    }
    std::string sql = "(uid = ?";
    params.emplace_back(v.uid);
    if (!v.projects.empty()) {
        sql += " OR project IN (";
        for (std::size_t i = 0; i < v.projects.size(); ++i) {
            sql += i == 0 ? "?" : ", ?";
            params.emplace_back(v.projects[i]);
        }
        sql += ")";
    }
    return sql + ")";
}

}  // namespace dbbridge::core
