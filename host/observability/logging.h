#pragma once
// Server and access logs through Poco's Logger. Poco rather than spdlog: Poco is already linked
// (no new library), its Logger gives levels, per-logger channels and a LogStream that turns the
// ostream-based reporting already in App into log lines. The file channel is ours (a dozen
// lines): it reopens its file on SIGHUP for logrotate and never throws when the disk is full.

#include <Poco/Logger.h>

#include <string>

#include "core/config/app_config.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

// Sets up the "dbbridge" (server) and "dbbridge.access" loggers from the log section. Before
// this, both write to standard error at level info.
sdk::Status ConfigureLogging(const core::AppConfig::Log& log);

// Closes and reopens the log files (after logrotate moved them); safe from any thread.
void ReopenLogFiles();

Poco::Logger& ServerLog();
Poco::Logger& AccessLog();

}  // namespace dbbridge::host
