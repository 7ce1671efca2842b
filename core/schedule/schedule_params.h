#pragma once
// The parameters a scheduled run gets (DataX-Web's): ${bizdate} (the day before the fire time,
// yyyyMMdd), ${now} (the fire time, yyyy-MM-dd HH:mm:ss) and ${last_success_time} (when the
// schedule's last successful run ended, yyyy-MM-dd HH:mm:ss; 1970-01-01 00:00:00 before the first),
// all on the schedule's time zone. Each also takes a format: ${bizdate:yyyy-MM-dd},
// ${now:yyyyMMddHHmmss} (Java-style letters, see FormatInZone). User parameters are added as
// given; their values may use the built-ins. The values are fixed when the tick fires (a retry
// runs with the same ones) and substituted into the job text as `dbbridge run -p` does. A run
// started by hand gets the same, with its start as the fire time (ManualRunParams).

#include <cstdint>
#include <string>

#include "core/jobs/run_params.h"
#include "core/store/store_session.h"
#include "dbbridge/sdk/status.h"

namespace date {
class time_zone;
}

namespace dbbridge::core {

struct ParamClock {
    std::int64_t fire_ms = 0;
    std::int64_t last_success_ms = 0;  // 0: never
    const date::time_zone* zone = nullptr;
};

// Built-ins (plain and every formatted form used in job_text or in user values) plus the user's.
// A user parameter may not redefine a built-in (kInvalidArgument naming it).
sdk::Result<RunParams> ScheduledRunParams(const std::string& job_text, const RunParams& user, const ParamClock& clock);

// Replaces the formatted forms ("${now:yyyyMMdd}", keys holding ':') in text with their values.
std::string ReplaceFormattedParams(const std::string& text, const RunParams& params);

// Whose last successful run ${last_success_time} is: a schedule's own runs (a tick), or any run
// of the job config (a run started by hand).
enum class RunsOf : std::uint8_t { kSchedule, kConfig };
// When that run ended (epoch ms; 0: never). Read only when job_text or user use the parameter.
sdk::Result<std::int64_t> LastSuccessMs(StoreSession& session, RunsOf of, std::int64_t id,
                                        const std::string& job_text, const RunParams& user);

// The parameters of a run started by hand (POST /api/config/exec, dbbridge run --config-id):
// those of a tick firing in time_zone (field "time_zone" in errors) now, or at fire_time when it is
// not "" (a backfill: "2026-11-02", "2026-11-02 08:00:00" or "2026-11-02T08:00:00", wall-clock time
// in time_zone; field "fire_time"), ${last_success_time} from the job config's runs. Read through
// session, the transaction that queues the run.
sdk::Result<RunParams> ManualRunParams(StoreSession& session, std::int64_t config_id, const std::string& job_text,
                                       const RunParams& user, const std::string& time_zone,
                                       const std::string& fire_time = "");

}  // namespace dbbridge::core
