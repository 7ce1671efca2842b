#pragma once
// The multiplex compare service (seed 004, SPEC §5): what the host's /multiplex/* handlers and
// `dbbridge multiplex request.json` call. Takes raw request text, returns {code, message, data}.
//
//   Handle(body, uid)        POST /multiplex/multiplex: validate, route every dialect to uid's
//                            saved datasource, run all entries in parallel, compare, store the
//                            report. bulkMode 2 calls accumulate per traceId until every dialect
//                            of targetDialects has reported or batch_wait_seconds passed.
//   GetReport(traceId, uid)  GET /multiplex/report: 40004 empty, 40002 unknown (or another
//                            user's), data.status "pending" while a batch waits, 40007 when a
//                            batch never completed.
//   ListReports(filter, uid) uid's reports (an admin's: everyone's) that pass filter, paged
//                            {total, page, pageSize, items}; filter.owner is set here.
//   ReportHtml(traceId, uid) the same report as an HTML page (every value escaped).
//
// uid is the acting user (X-Uid; "" for the CLI and the default user). Datasource names, those
// of multiplex.targets included, are resolved among uid's datasources only, and a report belongs
// to the user whose call created it. Routing failures (no multiplex.targets entry and no
// datasourceName, unknown datasource, no plugin for its db_type) are code 30000 naming the
// dialect, before anything runs anywhere.
// Thread-safe; one instance serves every request.
//
// A facade: routing and translation live in routing.h, execution and comparison in
// comparison.h (verdict.h judges, report_json.h writes the report), bulkMode 2 batches in
// batch_coordinator.h, report saving in report_saver.h.

#include <memory>
#include <ostream>
#include <string>

#include "core/config/app_config.h"
#include "core/datasource/connection_resolver.h"
#include "core/multiplex/multiplex_options.h"
#include "core/multiplex/multiplex_response.h"
#include "core/multiplex/report_store.h"

namespace dbbridge::core {
class PluginRegistry;
}

namespace dbbridge::core::multiplex {

class MultiplexService {
public:
    MultiplexService(MultiplexServiceOptions options, DialectLookup dialects, ConnectionResolver& resolver,
                     ReportStore& store);
    ~MultiplexService();
    MultiplexService(const MultiplexService&) = delete;
    MultiplexService& operator=(const MultiplexService&) = delete;

    static MultiplexServiceOptions OptionsFromConfig(const AppConfig::Multiplex& config);
    static DialectLookup LookupFromRegistry(const PluginRegistry& registry);

    MultiplexResponse Handle(const std::string& body, const std::string& uid);
    MultiplexResponse GetReport(const std::string& trace_id, const std::string& uid);
    MultiplexResponse ListReports(ReportFilter filter, const std::string& uid);
    // How many reports uid may read pass filter (its paging ignored): the dashboard's figures.
    sdk::Result<std::int64_t> CountReports(ReportFilter filter, const std::string& uid);
    std::string ReportHtml(const std::string& trace_id, const std::string& uid);

    // Batches waiting for more calls (for tests and monitoring).
    std::size_t PendingBatches();
    // Idle target connections kept in the pool (monitoring).
    std::size_t IdleConnections();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// `dbbridge multiplex request.json`: runs the request in the file through service as the
// default user ("") and prints the response JSON (and, with print_report, the stored report on
// the next line). Returns 0 when the response code is 0, 1 otherwise.
int RunMultiplexFile(const std::string& path, MultiplexService& service, std::ostream& out, bool print_report = false);

}  // namespace dbbridge::core::multiplex
