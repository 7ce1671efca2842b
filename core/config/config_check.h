#pragma once
// `dbbridge config check` and serve's start-up check: what in a configuration would make the
// server fail or behave other than the operator meant, before anything is opened.

#include <string>
#include <vector>

#include "core/config/app_config.h"

namespace dbbridge::core {

struct ConfigFinding {
    enum class Severity { kWarning, kError };
    Severity severity = Severity::kError;
    std::string key;      // "paths.logs"; empty for the file as a whole
    std::string message;  // says what is wrong and with which path
};

// Checks the folders and files the configuration names: the ones the server writes must be
// writable (or creatable: the nearest existing parent is writable), the ones it reads readable.
// Unknown keys (config.warnings) are reported as warnings. A store other than SQLite is not
// contacted here: /api/health/ready reports whether it answers.
std::vector<ConfigFinding> CheckConfig(const AppConfig& config);

bool HasErrors(const std::vector<ConfigFinding>& findings);

}  // namespace dbbridge::core
