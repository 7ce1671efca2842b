#pragma once
// What the multiplex service is configured with (multiplex.* in the configuration) and how it
// finds a dialect's plugin; shared by the facade and the parts it delegates to.

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "core/multiplex/multiplex_request.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core::multiplex {

struct MultiplexServiceOptions {
    int batch_wait_ms = 10000;                     // multiplex.batch_wait_seconds * 1000
    int statement_timeout_ms = 30000;              // multiplex.statement_timeout_ms
    std::map<std::string, std::string> targets;    // dialect (upper case) -> datasource source_name
    CompareRules default_rules;                    // used when a request carries no compareRules
    std::size_t worker_threads = 16;               // parallel target executions over all requests
    std::size_t batch_capture_max_rows = 100000;   // bulkMode 2: rows kept per statement
    std::size_t max_pending_batches_per_user = 8;  // open bulkMode 2 batches of one user
    std::size_t max_pending_batches = 64;          // ... of all users
    int report_ttl_days = 30;                      // reports older than this are deleted; 0: kept
    // Whether uid reads every user's reports (an admin, asked of the access policy at each read);
    // unset: everyone reads only their own.
    std::function<bool(const std::string& uid)> reads_every_report;
};

// Finds the Dialect serving an API name ("POSTGRESQL"); nullptr when no plugin serves it.
using DialectLookup = std::function<const sdk::Dialect*(const std::string&)>;

}  // namespace dbbridge::core::multiplex
