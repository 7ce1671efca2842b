#include "core/schedule/schedule_service.h"

#include <cctype>

#include "core/cluster/run_queue.h"
#include "core/schedule/cron.h"
#include "core/store/store_query.h"
#include "core/store/store_time.h"
#include "core/store/visibility.h"

namespace dbbridge::core {

namespace {

using sdk::Status;

constexpr const char* kColumns =
    "id, name, uid, config_id, cron, time_zone, enabled, misfire, overlap, max_retries, retry_backoff_s, timeout_s, "
    "params, alert_webhook, next_fire, last_fire, insert_time, update_time";

Schedule ToSchedule(const StoreRow& r) {
    Schedule s;
    s.id = r.Int(0);
    s.name = r.Text(1);
    s.uid = r.Text(2);
    s.config_id = r.Int(3);
    s.cron = r.Text(4);
    s.time_zone = r.Text(5);
    s.enabled = r.Int(6) != 0;
    s.misfire = r.Text(7);
    s.overlap = r.Text(8);
    s.max_retries = static_cast<int>(r.Int(9));
    s.retry_backoff_s = static_cast<int>(r.Int(10));
    s.timeout_s = static_cast<int>(r.Int(11));
    auto params = DecodeRunParams(r.Text(12));
    if (params.ok()) {
        s.params = std::move(params.value());
    }
    s.alert_webhook = r.Text(13);
    s.next_fire = r.Int(14);
    s.last_fire = r.Int(15);
    s.insert_time = r.Text(16);
    s.update_time = r.Text(17);
    return s;
}

// VisibilityCondition for schedules: their project is their job config's.
std::string ScheduleVisibility(const Visibility& v, std::vector<StoreValue>& params) {
    if (v.all) {
        return "1 = 1";
    }
    params.emplace_back(v.uid);
    if (v.projects.empty()) {
        return "uid = ?";
    }
    std::string in;
    for (const auto& project : v.projects) {
        in += in.empty() ? "?" : ", ?";
        params.emplace_back(project);
    }
    return "(uid = ? OR config_id IN (SELECT id FROM json_config WHERE project IN (" + in + ")))";
}

// OK when user may use config; otherwise why, naming config_id.
Status UseConfig(StoreSession& session, const std::string& user, const sdk::Result<JsonConfigRow>& config) {
    if (!config.ok()) {
        return config.status().WithContext("config_id");
    }
    const std::string what = "job config id " + std::to_string(config->id);
    return auth::AccessPolicy::Check(session, user, {config->uid, config->project}, Access::kUse, what)
        .WithContext("config_id");
}

Status NotFound(std::int64_t id) { return Status::NotFound("schedule id " + std::to_string(id) + " not found"); }

Status InRange(const char* field, int v, int lo, int hi) {
    if (v < lo || v > hi) {
        return Status::InvalidArgument(std::string(field) + " must be between " + std::to_string(lo) + " and " +
                                       std::to_string(hi) + " (got " + std::to_string(v) + ")");
    }
    return Status::Ok();
}

Status ValidateWebhook(const std::string& url) {
    if (url.empty()) {
        return Status::Ok();
    }
    if (url.size() > 1024) {
        return Status::InvalidArgument("alert_webhook is longer than 1024 characters");
    }
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return Status::InvalidArgument("alert_webhook must be an http:// or https:// URL");
    }
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7F) {
            return Status::InvalidArgument("alert_webhook must not contain blanks or control characters");
        }
    }
    return Status::Ok();
}

void Apply(const ScheduleRequest& r, Schedule& s) {
    auto take = [](auto& out, const auto& in) {
        if (in) {
            out = *in;
        }
    };
    take(s.name, r.name);
    take(s.config_id, r.config_id);
    take(s.cron, r.cron);
    take(s.time_zone, r.time_zone);
    take(s.enabled, r.enabled);
    take(s.misfire, r.misfire);
    take(s.overlap, r.overlap);
    take(s.max_retries, r.max_retries);
    take(s.retry_backoff_s, r.retry_backoff_s);
    take(s.timeout_s, r.timeout_s);
    take(s.params, r.params);
    take(s.alert_webhook, r.alert_webhook);
}

}  // namespace

const char* ScheduleService::SelectColumns() { return kColumns; }

Status ScheduleService::ValidateWebhookUrl(const std::string& url) { return ValidateWebhook(url); }

Schedule ScheduleService::FromStoreRow(const StoreRow& row) { return ToSchedule(row); }

ScheduleService::ScheduleService(MetadataStore& store) : store_(store), access_(store), configs_(store) {}

Status ScheduleService::CheckConfig(std::int64_t config_id, const std::string& user) {
    return store_.Run([&](StoreSession& session) {
        return UseConfig(session, user, JsonConfigRepository::Get(session, config_id));
    });
}

sdk::Result<std::vector<std::int64_t>> ScheduleService::Preview(const std::string& cron, const std::string& time_zone,
                                                                int n, std::int64_t from_ms) {
    DBB_RETURN_IF_ERROR(InRange("count", n, 1, kMaxPreview));
    auto expr = CronExpression::Parse(cron);
    if (!expr.ok()) {
        return expr.status();
    }
    DBB_ASSIGN_OR_RETURN(auto zone, FindTimeZone(time_zone, "time_zone"));
    return expr->NextN(from_ms, zone, n);
}

Status ScheduleService::Validate(Schedule& s) const {
    if (s.name.empty() || s.name.size() > 128) {
        return Status::InvalidArgument("name must have 1 to 128 characters");
    }
    for (unsigned char c : s.name) {
        if (c < 0x20 || c == 0x7F) {
            return Status::InvalidArgument("name must not contain control characters");
        }
    }
    if (s.config_id <= 0) {
        return Status::InvalidArgument("config_id is required (the job config to run)");
    }
    if (s.cron.size() > 255) {
        return Status::InvalidArgument("cron is longer than 255 characters");
    }
    auto expr = CronExpression::Parse(s.cron);
    if (!expr.ok()) {
        return expr.status();
    }
    DBB_ASSIGN_OR_RETURN(auto zone, FindTimeZone(s.time_zone, "time_zone"));
    if (s.misfire != "fire_once" && s.misfire != "skip") {
        return Status::InvalidArgument("misfire must be fire_once or skip (got '" + s.misfire + "')");
    }
    if (s.overlap != "skip" && s.overlap != "queue" && s.overlap != "parallel") {
        return Status::InvalidArgument("overlap must be skip, queue or parallel (got '" + s.overlap + "')");
    }
    DBB_RETURN_IF_ERROR(InRange("max_retries", s.max_retries, 0, 100));
    DBB_RETURN_IF_ERROR(InRange("retry_backoff_s", s.retry_backoff_s, 0, 86400));
    DBB_RETURN_IF_ERROR(InRange("timeout_s", s.timeout_s, 0, 7 * 86400));
    DBB_RETURN_IF_ERROR(ValidateRunParams(s.params, "params"));
    DBB_RETURN_IF_ERROR(ValidateWebhook(s.alert_webhook));
    // From now on: ticks before a save or a re-enable are not misfires.
    if (s.enabled) {
        auto next = expr->Next(NowEpochMs(), zone);
        if (!next.ok()) {
            return Status::InvalidArgument(next.status().message());
        }
        s.next_fire = next.value();
    } else {
        s.next_fire = 0;
    }
    return Status::Ok();
}

sdk::Result<Schedule> ScheduleService::Persist(Schedule s, bool insert) {
    s.update_time = NowUtcIso();
    auto id = TransactFor(store_, [&](StoreSession& session) -> sdk::Result<std::int64_t> {
        std::vector<StoreValue> values = {s.name,
                                          s.config_id,
                                          s.cron,
                                          s.time_zone,
                                          std::int64_t{s.enabled ? 1 : 0},
                                          s.misfire,
                                          s.overlap,
                                          std::int64_t{s.max_retries},
                                          std::int64_t{s.retry_backoff_s},
                                          std::int64_t{s.timeout_s},
                                          EncodeRunParams(s.params),
                                          s.alert_webhook,
                                          s.next_fire,
                                          s.update_time};
        if (!insert) {
            values.push_back(s.id);
            auto updated = session.Execute(
                "UPDATE schedule SET name = ?, config_id = ?, cron = ?, time_zone = ?, enabled = ?, misfire = ?, "
                "overlap = ?, max_retries = ?, retry_backoff_s = ?, timeout_s = ?, params = ?, alert_webhook = ?, "
                "next_fire = ?, update_time = ? WHERE id = ?",
                values);
            if (!updated.ok()) {
                return updated.status();
            }
            return s.id;
        }
        DBB_ASSIGN_OR_RETURN(auto count, session.QueryInt("SELECT COUNT(*) FROM schedule WHERE uid = ?", {s.uid}));
        if (count >= kMaxSchedulesPerUser) {
            return Status::InvalidArgument("a user may have at most " + std::to_string(kMaxSchedulesPerUser) +
                                           " schedules");
        }
        values.push_back(s.uid);
        values.push_back(s.update_time);
        return session.Insert(
            "INSERT INTO schedule (name, config_id, cron, time_zone, enabled, misfire, overlap, max_retries, "
            "retry_backoff_s, timeout_s, params, alert_webhook, next_fire, update_time, uid, insert_time, last_fire) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            values);
    });
    if (!id.ok()) {
        if (id.status().code() == sdk::StatusCode::kAlreadyExists) {
            return Status::AlreadyExists("name: a schedule named '" + s.name + "' already exists");
        }
        return id.status();
    }
    return Load(id.value());
}

sdk::Result<Schedule> ScheduleService::Save(const ScheduleRequest& request, const std::string& uid) {
    if (!request.name) {
        return Status::InvalidArgument("name is required");
    }
    if (!request.cron) {
        return Status::InvalidArgument("cron is required");
    }
    Schedule s;
    s.uid = uid;
    Apply(request, s);
    DBB_RETURN_IF_ERROR(Validate(s));
    DBB_RETURN_IF_ERROR(CheckConfig(s.config_id, uid));
    return Persist(std::move(s), true);
}

sdk::Result<Schedule> ScheduleService::Update(const ScheduleRequest& request, const std::string& uid) {
    auto existing = Owned(request.id, uid, Access::kEdit);
    if (!existing.ok()) {
        return existing.status();
    }
    Schedule s = existing.value();
    Apply(request, s);
    const std::int64_t kept_next = s.next_fire;
    DBB_RETURN_IF_ERROR(Validate(s));
    // Unchanged timing keeps its pending tick (an edit of params must not skip a due run).
    if (existing->enabled && s.enabled && s.cron == existing->cron && s.time_zone == existing->time_zone) {
        s.next_fire = kept_next;
    }
    DBB_RETURN_IF_ERROR(CheckConfig(s.config_id, uid));
    if (s.uid != uid) {  // an admin's edit: the runs still act as the owner
        DBB_RETURN_IF_ERROR(CheckConfig(s.config_id, s.uid).WithContext("the schedule's owner '" + s.uid + "'"));
    }
    return Persist(std::move(s), false);
}

sdk::Status ScheduleService::Delete(std::int64_t id, const std::string& uid) {
    DBB_RETURN_IF_ERROR(Owned(id, uid, Access::kEdit).status());
    return store_.Transact([&](StoreSession& s) -> Status {
        DBB_RETURN_IF_ERROR(s.Execute("DELETE FROM schedule_fire WHERE schedule_id = ?", {id}).status());
        return s.Execute("DELETE FROM schedule WHERE id = ?", {id}).status();
    });
}

sdk::Status ScheduleService::OwnerMayRun(StoreSession& session, const std::string& owner,
                                         const sdk::Result<JsonConfigRow>& config) {
    DBB_RETURN_IF_ERROR(auth::AccessPolicy::CheckEnabled(session, owner));
    return UseConfig(session, owner, config);
}

bool ScheduleService::IsStoreFailure(const sdk::Status& status) {
    return status.code() == sdk::StatusCode::kUnavailable || status.code() == sdk::StatusCode::kInternal;
}

std::string ScheduleService::Refusal(const Schedule& s, const sdk::Status& why) {
    return "schedule id " + std::to_string(s.id) + " runs as its owner '" + s.uid + "', who may not run it now (" +
           why.message() + ")";
}

sdk::Status ScheduleService::SwitchOff(StoreSession& session, std::int64_t id) {
    return session.Execute("UPDATE schedule SET enabled = 0, next_fire = 0 WHERE id = ?", {id}).status();
}

sdk::Status ScheduleService::AuthorizeRun(std::int64_t id) {
    auto s = Load(id);
    if (!s.ok()) {
        return s.status().code() == sdk::StatusCode::kNotFound
                   ? Status::NotFound("schedule id " + std::to_string(id) + " was deleted before the run started")
                   : s.status();
    }
    Status allowed = store_.Run([&](StoreSession& session) {
        return OwnerMayRun(session, s->uid, JsonConfigRepository::Get(session, s->config_id));
    });
    if (allowed.ok() || IsStoreFailure(allowed)) {
        return allowed;  // a store failure says nothing about the owner's rights
    }
    Status off = store_.Run([&](StoreSession& session) { return SwitchOff(session, id); });
    return Status::PermissionDenied(Refusal(s.value(), allowed) + "; the schedule was " +
                                    (off.ok() ? "switched off" : "not switched off: " + off.message()));
}

sdk::Result<Schedule> ScheduleService::Load(std::int64_t id) {
    return SelectOne(store_, std::string("SELECT ") + kColumns + " FROM schedule WHERE id = ?", {id}, ToSchedule,
                     NotFound(id));
}

sdk::Result<Schedule> ScheduleService::Get(std::int64_t id, const std::string& uid) {
    return Owned(id, uid, Access::kUse);
}

sdk::Result<Schedule> ScheduleService::Owned(std::int64_t id, const std::string& uid, Access need) {
    auto s = Load(id);
    if (!s.ok() || s->uid == uid) {
        return s;
    }
    auto config = configs_.Get(s->config_id);
    const std::string project = config.ok() ? config->project : "";  // a deleted config's schedule: owner only
    DBB_RETURN_IF_ERROR(access_.Check(uid, {s->uid, project}, need, "schedule id " + std::to_string(id)));
    return s;
}

sdk::Result<Page<Schedule>> ScheduleService::Query(const std::string& name_filter, int page, int page_size,
                                                   const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    std::vector<StoreValue> params;
    std::string where = " FROM schedule WHERE " + ScheduleVisibility(visible.value(), params);
    if (!name_filter.empty()) {
        where += " AND LOWER(name) LIKE LOWER(?) ESCAPE '!'";
        params.emplace_back(LikeContainsPattern(name_filter));
    }
    return QueryPage(store_, "SELECT COUNT(*)" + where, std::string("SELECT ") + kColumns + where + " ORDER BY id",
                     params, page, page_size, ToSchedule);
}

}  // namespace dbbridge::core
