#pragma once
// Schedules (issue 12): a job config run on a cron expression in a time zone, with misfire and
// overlap policies, retries with backoff, a timeout, parameters and a failure webhook. Stored in
// the schedule table; Scheduler (scheduler.h) fires them.
//
// Access (core/auth/access_policy.h, checked on every call): a schedule belongs to the user who
// saved it and to the project of the job config it runs. Its owner and admins see and change it;
// members of that project see it (get, query) but may not change or delete it (kPermissionDenied);
// to anyone else it reads as not found. The job config must be usable by the acting user (and by
// the schedule's owner, who the runs act as) when the schedule is saved or updated, and again
// as each tick fires (Scheduler) and as each run starts (JobService), see OwnerMayRun.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/access_policy.h"
#include "core/jobs/run_params.h"
#include "core/store/json_config_repository.h"
#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct Schedule {
    std::int64_t id = 0;
    std::string name;
    std::string uid;
    std::int64_t config_id = 0;
    std::string cron;
    std::string time_zone = "UTC";
    bool enabled = true;
    std::string misfire = "fire_once";  // fire_once | skip
    std::string overlap = "skip";       // skip | queue | parallel
    int max_retries = 0;
    int retry_backoff_s = 60;
    int timeout_s = 0;  // 0: none
    RunParams params;
    std::string alert_webhook;  // http(s):// URL, "" for none
    std::int64_t next_fire = 0;  // epoch ms; 0 while disabled
    std::int64_t last_fire = 0;
    std::string insert_time;
    std::string update_time;
};

// Save and update bodies: what is absent keeps its value (update) or its default (save).
struct ScheduleRequest {
    std::int64_t id = 0;  // update
    std::optional<std::string> name;
    std::optional<std::int64_t> config_id;
    std::optional<std::string> cron;
    std::optional<std::string> time_zone;
    std::optional<bool> enabled;
    std::optional<std::string> misfire;
    std::optional<std::string> overlap;
    std::optional<int> max_retries;
    std::optional<int> retry_backoff_s;
    std::optional<int> timeout_s;
    std::optional<RunParams> params;
    std::optional<std::string> alert_webhook;
};

class ScheduleService {
public:
    static constexpr int kMaxSchedulesPerUser = 10000;
    static constexpr int kMaxPreview = 50;

    explicit ScheduleService(MetadataStore& store);

    sdk::Result<Schedule> Save(const ScheduleRequest& request, const std::string& uid);
    sdk::Result<Schedule> Update(const ScheduleRequest& request, const std::string& uid);
    sdk::Status Delete(std::int64_t id, const std::string& uid);
    sdk::Result<Schedule> Get(std::int64_t id, const std::string& uid);
    sdk::Result<Page<Schedule>> Query(const std::string& name_filter, int page, int page_size, const std::string& uid);

    // The next n fire times (epoch ms) of cron in time_zone after from_ms; errors name the field.
    static sdk::Result<std::vector<std::int64_t>> Preview(const std::string& cron, const std::string& time_zone,
                                                          int n, std::int64_t from_ms);
    // Whether a run of schedule id may start now (JobService asks when it starts one): the owner,
    // who the run acts as, must be enabled and still allowed to use the job config. Otherwise the
    // schedule is switched off (enabled false) and the status says why, for the run's failure.
    // The scheduler asks the same when a tick fires (OwnerMayRun inside its transaction).
    sdk::Status AuthorizeRun(std::int64_t id);
    // The rule of AuthorizeRun read through session: OK when owner is enabled and may use config
    // (the job config the schedule runs, or why it could not be read). A store failure comes back
    // as it is (IsStoreFailure); any other status is the reason the owner may not run it.
    static sdk::Status OwnerMayRun(StoreSession& session, const std::string& owner,
                                   const sdk::Result<JsonConfigRow>& config);
    static bool IsStoreFailure(const sdk::Status& status);
    // "schedule id N runs as its owner 'u', who may not run it now (why)".
    static std::string Refusal(const Schedule& s, const sdk::Status& why);
    // enabled 0, next_fire 0.
    static sdk::Status SwitchOff(StoreSession& session, std::int64_t id);
    // The schedule row as stored, whoever owns it (the scheduler and the alert sender).
    sdk::Result<Schedule> Load(std::int64_t id);
    // alert_webhook's form: "" or an http(s) URL of at most 1024 characters without blanks.
    static sdk::Status ValidateWebhookUrl(const std::string& url);
    static const char* SelectColumns();
    static Schedule FromStoreRow(const StoreRow& row);

private:
    sdk::Status Validate(Schedule& s) const;
    sdk::Result<Schedule> Persist(Schedule s, bool insert);
    // The schedule when uid may have need on it (as an object of its job config's project).
    sdk::Result<Schedule> Owned(std::int64_t id, const std::string& uid, Access need);
    // OK when user may use job config config_id; kNotFound naming config_id otherwise.
    sdk::Status CheckConfig(std::int64_t config_id, const std::string& user);

    MetadataStore& store_;
    auth::AccessPolicy access_;
    JsonConfigRepository configs_;
};

}  // namespace dbbridge::core
