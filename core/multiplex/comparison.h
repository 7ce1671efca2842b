#pragma once
// Execution and comparison of prepared participants: runs them in parallel on the worker pool
// (bulkMode 1: rows stream straight into the comparators) or replays rows captured earlier
// (bulkMode 2), judges the differences, builds the report and saves it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/multiplex/connection_pool.h"
#include "core/multiplex/deadline_timer.h"
#include "core/multiplex/multiplex_options.h"
#include "core/multiplex/multiplex_response.h"
#include "core/multiplex/participant.h"
#include "core/multiplex/report_saver.h"
#include "core/multiplex/routing.h"
#include "core/multiplex/worker_pool.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core::multiplex {

using Participants = std::vector<std::unique_ptr<Participant>>;

class ComparisonRunner {
public:
    ComparisonRunner(const MultiplexServiceOptions& options, const TargetRouter& router, ReportSaver& saver,
                     ConnectionPool& pool, WorkerPool& workers, DeadlineTimer& timer)
        : options_(options), router_(router), saver_(saver), pool_(pool), workers_(workers), timer_(timer) {}

    // Runs the prepared participants in parallel (the first in the calling thread); sinks_for(i)
    // gives participant i's sinks, on_done(i) is called when it finished. A throw becomes that
    // participant's failure.
    void RunAll(const MultiplexRequest& req, Participants& parts,
                const std::function<TargetSinks(std::size_t)>& sinks_for,
                const std::function<void(std::size_t)>& on_done);

    // Compares parts (the source first) whose rows stream into the comparators now (run: bulkMode
    // 1) or were captured earlier (bulkMode 2), saves the report and answers with the verdict's
    // code; -1 when the report could not be saved. batch_info writes the report's "batch" member.
    MultiplexResponse CompareAndStore(const MultiplexRequest& req, Participants& parts, bool run,
                                      std::int64_t created_ms, const std::string& request_json,
                                      const std::function<void(sdk::util::JsonWriter&)>& batch_info);

private:
    const MultiplexServiceOptions& options_;
    const TargetRouter& router_;
    ReportSaver& saver_;
    ConnectionPool& pool_;
    WorkerPool& workers_;
    DeadlineTimer& timer_;
};

}  // namespace dbbridge::core::multiplex
