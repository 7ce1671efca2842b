#include "core/jobs/job_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/engine/job_config.h"
#include "core/engine/job_log.h"
#include "core/engine/job_runner.h"
#include "core/engine/run_command.h"
#include "core/compare/verify_plan.h"
#include "core/engine/job_params.h"
#include "core/jobs/active_run.h"
#include "core/jobs/job_json.h"
#include "core/jobs/run_log_stream.h"
#include "core/jobs/run_params.h"
#include "core/schedule/schedule_params.h"
#include "core/store/store_query.h"

namespace dbbridge::core {

namespace fs = std::filesystem;
using sdk::Result;
using sdk::Status;

namespace {

constexpr std::size_t kMaxDescriptionChars = 1024;
constexpr const char* kLogger = "dbbridge";

std::size_t Utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

std::string Trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return "";
    }
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

Status ValidateDescription(const std::string& description) {
    if (Utf8Length(description) > kMaxDescriptionChars) {
        return Status::InvalidArgument("description is longer than " + std::to_string(kMaxDescriptionChars) +
                                       " characters");
    }
    if (description.find('\0') != std::string::npos) {
        return Status::InvalidArgument("description must not contain NUL characters");
    }
    return Status::Ok();
}

// Rows as callers see them: inline passwords masked.
JsonConfigRow Masked(JsonConfigRow row) {
    row.content = JobSecrets::Mask(row.content);
    return row;
}

Result<JsonConfigRow> Masked(Result<JsonConfigRow> row) {
    if (!row.ok()) {
        return row;
    }
    return Masked(std::move(row.value()));
}

// Writes text to a new file next to path, readable by the owner only (it may hold sealed
// passwords and the connection details of the job). Returns the temporary file's name.
Result<std::string> WriteTempFile(const std::string& path, const std::string& text) {
    static std::atomic<std::uint64_t> counter{0};
    const std::string tmp = path + "." + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Status::Internal("cannot write job file " + tmp + ": " + std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return Status::Internal("cannot write job file " + tmp + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return Status::Internal("cannot write job file " + tmp);
    }
    return tmp;
}

Status ValidateName(const std::string& name) {
    if (name.empty()) {
        return Status::InvalidArgument("config_name must not be empty");
    }
    if (Utf8Length(name) > JobService::kMaxConfigNameChars) {
        return Status::InvalidArgument("config_name is longer than " + std::to_string(JobService::kMaxConfigNameChars) +
                                       " characters");
    }
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F) {
            return Status::InvalidArgument("config_name must not contain control characters");
        }
    }
    return Status::Ok();
}

// The config name as a file name part: letters, digits, '-', '_', '.' and non-ASCII (UTF-8) kept,
// everything else (slashes, blanks, quotes) becomes '_'.
std::string SafeFileName(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        bool keep = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c >= 0x80;
        out += keep ? static_cast<char>(c) : '_';
    }
    return out;
}


// Drops a trailing incomplete UTF-8 sequence so the text is valid on its own.
std::size_t Utf8Cut(const std::string& s) {
    std::size_t end = s.size();
    std::size_t i = end;
    int back = 0;
    while (i > 0 && back < 4) {
        unsigned char c = static_cast<unsigned char>(s[i - 1]);
        if ((c & 0xC0) != 0x80) {
            std::size_t need = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
            std::size_t have = end - (i - 1);
            return have >= need ? end : i - 1;
        }
        --i;
        ++back;
    }
    return end;
}

std::string RunSummary(const ExecOutcome& o) {
    return "records read " + std::to_string(o.records_read) + ", written " + std::to_string(o.records_written) +
           ", failed " + std::to_string(o.records_failed) + ", bytes " + std::to_string(o.bytes);
}

// What the engine may resolve for a saved job: only datasources the job's owner may use, checked
// when the run starts (access may have been lost since the job was saved).
class OwnerScopedResolver : public ConnectionResolver {
public:
    OwnerScopedResolver(DatasourceService& datasources, std::string owner)
        : datasources_(datasources), owner_(std::move(owner)) {}
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) override {
        return datasources_.ResolveByIdForUser(id, owner_);
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override {
        return datasources_.ResolveByNameForUser(name, owner_);
    }

private:
    DatasourceService& datasources_;
    std::string owner_;
};

}  // namespace

// One DataX-style log line ("2026-11-22 10:00:00.000 [job-0] WARN  dbbridge - ...").
std::string RunLogLine(const char* level, const std::string& message) {
    std::ostringstream out;
    engine::JobLog log(out, nullptr);
    if (std::string(level) == "WARN") {
        log.Warn(kLogger, message);
    } else if (std::string(level) == "ERROR") {
        log.Error(kLogger, message);
    } else {
        log.Info(kLogger, message);
    }
    return out.str();
}

JobService::JobService(MetadataStore& store, const PluginRegistry& plugins, DatasourceService& datasources,
                       const SecretBox& secrets, FilePathGuard files, JobServiceOptions options)
    : store_(store),
      plugins_(plugins),
      datasources_(datasources),
      secrets_(secrets),
      files_(std::move(files)),
      options_(std::move(options)),
      configs_(store),
      runs_(store),
      schedules_(store),
      queue_(store),
      builder_(datasources, plugins, catalog_),
      access_(store),
      pool_(options_.max_concurrent_jobs) {}

Result<std::unique_ptr<JobService>> JobService::Create(MetadataStore& store, const PluginRegistry& plugins,
                                                       DatasourceService& datasources, const SecretBox& secrets,
                                                       JobServiceOptions options) {
    if (options.max_concurrent_jobs < 1) {
        return Status::InvalidArgument("engine.max_concurrent_jobs must be 1 or more (got " +
                                       std::to_string(options.max_concurrent_jobs) + ")");
    }
    for (std::string* dir : {&options.jobs_dir, &options.logs_dir}) {
        std::error_code ec;
        fs::create_directories(*dir, ec);
        if (ec || !fs::is_directory(*dir)) {
            return Status::Internal("cannot create directory " + *dir + ": " + ec.message());
        }
        *dir = fs::absolute(*dir).lexically_normal().string();
    }
    auto files = FilePathGuard::Create(options.files_dir);
    if (!files.ok()) {
        return files.status();
    }
    options.files_dir = files->root();
    std::unique_ptr<JobService> service(
        new JobService(store, plugins, datasources, secrets, std::move(files.value()), std::move(options)));
    if (service->options_.recover_interrupted_runs) {
        DBB_RETURN_IF_ERROR(service->RecoverInterrupted());
    }
    JobService* self = service.get();
    service->dispatcher_ = std::thread([self] { self->Dispatch(); });
    return service;
}

JobService::~JobService() {
    {
        std::lock_guard<std::mutex> lock(dispatch_mu_);
        stopping_ = true;
        dispatch_cv_.notify_all();
    }
    if (dispatcher_.joinable()) {
        dispatcher_.join();
    }
    {
        std::lock_guard<std::mutex> lock(active_mu_);
        for (auto& [id, run] : active_) {
            run->Stop(StopReason::kShutdown);
        }
    }
    // Claimed but not started: interrupted (and retried per their policy, by another host or
    // this one after a restart).
    for (std::int64_t exec_id : pool_.Stop()) {
        ExecOutcome outcome;
        outcome.status = ExecStatus::kInterrupted;
        outcome.exit_reason = "the host shut down before the run started";
        outcome.exec_result = "interrupted";
        auto row = runs_.Get(exec_id);
        RunEnd end;
        end.outcome = outcome;
        if (row.ok()) {
            AppendRunLine(row.value(), RunLogLine("WARN", "run " + std::to_string(exec_id) + " interrupted: " +
                                                           outcome.exit_reason));
            (void)FinishRun(row.value(), end);  // a failure is in the run's log; restart recovery finishes it
        } else {
            (void)queue_.Finish(exec_id, end);  // the store did not answer Get: restart recovery finishes it
        }
        Forget(exec_id);
    }
}

Status JobService::RecoverInterrupted() {
    const std::string reason = "host '" + options_.host_name + "' restarted before the run finished";
    auto rows = queue_.InterruptHost(options_.host_name, reason);
    if (!rows.ok()) {
        return rows.status().WithContext("marking this host's runs left by its previous process as interrupted");
    }
    for (const auto& row : rows.value()) {
        // The log is kept as it was; this line only says why it ends here.
        AppendRunLine(row, RunLogLine("WARN", "run " + std::to_string(row.id) + " interrupted (it was " +
                                               ExecStatusName(row.status) + "): " + reason));
    }
    Reap();
    return Status::Ok();
}

Result<std::string> JobService::Build(const JobConfigRequest& request, const std::string& uid) {
    if (request.content) {
        return Status::InvalidArgument("content: build generates the job from reader, writer and setting; "
                                       "save your own DataX job with /api/config/save");
    }
    return JobText(request, uid);
}

Result<std::string> JobService::BuildJob(const JobConfigRequest& request, const std::string& uid,
                                         const std::string& previous) {
    auto text = JobText(request, uid);
    DBB_RETURN_IF_ERROR(text.status());
    return secrets_.Seal(text.value(), previous);
}

Result<std::string> JobService::JobText(const JobConfigRequest& request, const std::string& uid) {
    const bool generated = request.reader || request.writer || request.setting;
    if (request.content && generated) {
        return Status::InvalidArgument("give either content (your own DataX job) or reader/writer/setting, not both");
    }
    Result<std::string> text = Status::Internal("no job built");
    if (request.content) {
        text = builder_.FromContent(*request.content, uid);
    } else if (!request.reader) {
        return Status::InvalidArgument("reader is required (or content with your own DataX job)");
    } else if (!request.writer) {
        return Status::InvalidArgument("writer is required (or content with your own DataX job)");
    } else {
        text = builder_.Generate(*request.reader, *request.writer, request.setting.value_or(JobSettingRequest{}), uid);
    }
    if (!text.ok()) {
        return text;
    }
    DBB_RETURN_IF_ERROR(files_.CheckJob(text.value()).WithContext("content"));
    return text;
}

std::string JobService::JobFilePath(std::int64_t id, const std::string& name) const {
    return (fs::path(options_.jobs_dir) / (std::to_string(id) + "-" + SafeFileName(name) + ".json")).string();
}

Result<JsonConfigRow> JobService::PersistConfig(JsonConfigRow row, const std::string& old_path) {
    std::string tmp;
    auto st = store_.Transact([&](StoreSession& s) -> Status {
        if (row.id == 0) {
            auto id = JsonConfigRepository::Insert(s, row);
            if (!id.ok()) {
                return id.status();
            }
            row.id = id.value();
        }
        row.config_path = JobFilePath(row.id, row.config_name);
        auto written = WriteTempFile(row.config_path, row.content);
        if (!written.ok()) {
            return written.status();
        }
        tmp = written.value();
        return JsonConfigRepository::Update(s, row);
    });
    std::error_code ec;
    if (!st.ok()) {
        if (!tmp.empty()) {
            fs::remove(tmp, ec);
        }
        return st;
    }
    fs::rename(tmp, row.config_path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return Status::Internal("job config " + std::to_string(row.id) + " saved, but its job file " + row.config_path +
                                " could not be written: " + ec.message());
    }
    if (!old_path.empty() && old_path != row.config_path) {
        fs::remove(old_path, ec);
    }
    return Masked(configs_.Get(row.id));
}

// A config verified after each run must copy one saved datasource's table to another's.
Status JobService::CheckVerifiable(const JsonConfigRow& row) {
    if (!row.verify_after_run) {
        return Status::Ok();
    }
    return compare::VerifySidesOfJob(row.content).status();
}

Result<JsonConfigRow> JobService::Save(const JobConfigRequest& request, const std::string& uid) {
    if (!request.config_name) {
        return Status::InvalidArgument("config_name is required");
    }
    JsonConfigRow row;
    row.config_name = Trim(*request.config_name);
    row.description = request.description.value_or("");
    row.uid = uid;
    row.project = request.project.value_or("");
    DBB_RETURN_IF_ERROR(ValidateName(row.config_name));
    DBB_RETURN_IF_ERROR(ValidateDescription(row.description));
    DBB_RETURN_IF_ERROR(access_.CheckProject(uid, row.project));
    // Cheap check before connecting to the datasources; Insert still catches a race.
    if (configs_.GetByName(uid, row.config_name).ok()) {
        return Status::AlreadyExists("config_name: a job config named '" + row.config_name + "' already exists");
    }
    auto text = BuildJob(request, uid, "");
    if (!text.ok()) {
        return text.status();
    }
    row.content = text.value();
    row.verify_after_run = request.verify_after_run.value_or(false);
    DBB_RETURN_IF_ERROR(CheckVerifiable(row));
    return PersistConfig(std::move(row), "");
}

Result<JsonConfigRow> JobService::Update(const JobConfigRequest& request, const std::string& uid) {
    auto existing = Owned(request.id, uid, Access::kEdit);
    if (!existing.ok()) {
        return existing.status();
    }
    JsonConfigRow row = existing.value();
    if (request.project && *request.project != row.project) {
        DBB_RETURN_IF_ERROR(access_.CheckProject(uid, *request.project));
        row.project = *request.project;
    }
    if (request.config_name) {
        row.config_name = Trim(*request.config_name);
        DBB_RETURN_IF_ERROR(ValidateName(row.config_name));
    }
    if (request.description) {
        row.description = *request.description;
        DBB_RETURN_IF_ERROR(ValidateDescription(row.description));
    }
    if (row.config_name != existing->config_name) {
        auto taken = configs_.GetByName(row.uid, row.config_name);  // names are unique per owner
        if (taken.ok()) {
            return Status::AlreadyExists("config_name: a job config named '" + row.config_name + "' already exists");
        }
    }
    if (request.content || request.reader || request.writer || request.setting) {
        DBB_ASSIGN_OR_RETURN(auto text, BuildJob(request, uid, existing->content));
        row.content = text;
    }
    if (request.verify_after_run) {
        row.verify_after_run = *request.verify_after_run;
    }
    DBB_RETURN_IF_ERROR(CheckVerifiable(row));
    return PersistConfig(std::move(row), existing->config_path);
}

namespace {

// A job config that schedules run stays (they would fail at every tick): kAlreadyExists (409)
// naming them, whoever owns them, so the owner knows what depends on it.
Status RefuseWhileScheduled(StoreSession& session, std::int64_t config_id) {
    auto rows = session.Query("SELECT id, name, uid FROM schedule WHERE config_id = ? ORDER BY id LIMIT 11", {config_id});
    if (!rows.ok() || rows->empty()) {
        return rows.status();
    }
    std::string names;
    for (std::size_t i = 0; i < rows->size() && i < 10; ++i) {
        const auto& r = rows->at(i);
        names += (names.empty() ? "" : ", ") + std::to_string(r.Int(0)) + " '" + r.Text(1) + "' of " + r.Text(2);
    }
    if (rows->size() > 10) {
        names += ", ...";
    }
    return Status::AlreadyExists("job config " + std::to_string(config_id) + " is run by schedule(s) " + names +
                                 "; delete them or point them at another job config first");
}

}  // namespace

Status JobService::Delete(std::int64_t id, const std::string& uid) {
    std::lock_guard<std::mutex> lock(config_mu_);
    auto config = Owned(id, uid, Access::kEdit);
    if (!config.ok()) {
        return config.status();
    }
    auto live = runs_.ListUnfinished(id);
    if (!live.ok()) {
        return live.status();
    }
    if (!live->empty()) {
        std::string ids;
        for (const auto& r : live.value()) {
            ids += (ids.empty() ? "" : ", ") + std::to_string(r.id) + " (" + ExecStatusName(r.status) + ")";
        }
        return Status::AlreadyExists("job config " + std::to_string(id) + " has runs in progress: " + ids +
                                     "; kill them first (POST /api/config/kill?id=...)");
    }
    DBB_ASSIGN_OR_RETURN(auto runs, runs_.ListByConfig(id));
    DBB_RETURN_IF_ERROR(store_.Transact([&](StoreSession& s) -> Status {
        DBB_RETURN_IF_ERROR(RefuseWhileScheduled(s, id));
        auto deleted = ExecLogRepository::DeleteByConfig(s, id);
        if (!deleted.ok()) {
            return deleted.status();
        }
        return JsonConfigRepository::Delete(s, id);
    }));
    std::error_code ec;
    for (const auto& r : runs) {
        if (!r.log_path.empty()) {
            fs::remove(r.log_path, ec);
        }
    }
    if (!config->config_path.empty()) {
        fs::remove(config->config_path, ec);
    }
    return Status::Ok();
}

Result<JsonConfigRow> JobService::Get(std::int64_t id, const std::string& uid) {
    return Masked(Owned(id, uid, Access::kUse));
}

Result<JsonConfigRow> JobService::Owned(std::int64_t id, const std::string& uid, Access need) {
    auto row = configs_.Get(id);
    if (!row.ok()) {
        return row.status();
    }
    DBB_RETURN_IF_ERROR(access_.Check(uid, {row->uid, row->project}, need, "job config id " + std::to_string(id)));
    return row;
}

Result<Page<JsonConfigRow>> JobService::Query(const std::string& name_filter, int page, int page_size,
                                              const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    auto rows = configs_.Query(*visible, Trim(name_filter), page, page_size);
    if (rows.ok()) {
        for (auto& row : rows->items) {
            row = Masked(std::move(row));
        }
    }
    return rows;
}

Result<std::vector<JsonConfigRow>> JobService::List(const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    auto rows = configs_.List(*visible);
    if (rows.ok()) {
        for (auto& row : rows.value()) {
            row = Masked(std::move(row));
        }
    }
    return rows;
}

Result<std::string> JobService::Export(std::int64_t id, const std::string& uid) {
    auto config = Owned(id, uid, Access::kEdit);
    if (!config.ok()) {
        return config.status();
    }
    auto opened = secrets_.Open(config->content);
    if (!opened.ok()) {
        return opened.status().WithContext("job config " + std::to_string(id));
    }
    return builder_.InlineCredentials(opened.value(), config->uid);  // the owner's datasources
}

std::string JobService::LogPathFor(std::int64_t config_id, std::int64_t exec_id) const {
    return (fs::path(options_.logs_dir) /
            ("config-" + std::to_string(config_id) + "-run-" + std::to_string(exec_id) + ".log"))
        .string();
}

Result<std::shared_ptr<JobService::ActiveRun>> JobService::Track(const ClaimedRun& claimed) {
    auto run = std::make_shared<ActiveRun>();
    run->exec_id = claimed.row.id;
    run->config_id = claimed.row.config_id;
    run->config_name = claimed.config_name;
    run->config_uid = claimed.config_uid;
    run->job_text = claimed.job_text;
    run->log_path = claimed.row.log_path;
    run->row = claimed.row;
    std::lock_guard<std::mutex> lock(active_mu_);
    active_[run->exec_id] = run;
    return run;
}

Result<std::int64_t> JobService::QueueManualRun(const JsonConfigRow& config, const ManualRun& run, bool claim_here) {
    DBB_RETURN_IF_ERROR(ValidateRunParams(run.params, "params"));
    return TransactFor(store_, [&](StoreSession& s) -> Result<std::int64_t> {
        DBB_ASSIGN_OR_RETURN(auto params, ManualRunParams(s, config.id, config.content, run.params, run.time_zone, run.fire_time));
        QueuedRunSpec spec;
        spec.params = EncodeRunParams(params);
        DBB_ASSIGN_OR_RETURN(std::int64_t id,
                             ExecLogRepository::InsertQueued(s, config.id,
                                                             "job config " + std::to_string(config.id) + " (" +
                                                                 config.config_name + ")",
                                                             spec));
        if (claim_here) {
            DBB_ASSIGN_OR_RETURN(bool mine, RunQueue::ClaimOne(s, id, options_.host_name, options_.lease_ms, ::getpid(),
                                                               LogPathFor(config.id, id)));
            if (!mine) {
                return Status::Internal("run " + std::to_string(id) + " was taken by another host");
            }
        }
        return id;
    });
}

Result<std::int64_t> JobService::Exec(std::int64_t config_id, const std::string& uid, const ManualRun& run) {
    if (stopping_) {
        return Status::Unavailable("the host is shutting down");
    }
    Result<std::int64_t> id = Status::Internal("not queued");
    {
        std::lock_guard<std::mutex> lock(config_mu_);
        DBB_ASSIGN_OR_RETURN(auto config, Owned(config_id, uid, Access::kUse));
        id = QueueManualRun(config, run, false);
    }
    if (id.ok()) {
        Wake();
    }
    return id;
}

Result<std::string> JobService::SubstituteRunParams(const ActiveRun& run) {
    auto params = DecodeRunParams(run.row.params);
    if (!params.ok()) {
        return params.status().WithContext("run parameters");
    }
    auto watermark = JobWatermarkOf(run.job_text);
    if (!watermark.ok()) {
        return watermark.status();
    }
    if (watermark->has_value()) {
        auto current = queue_.Watermark(run.config_id);
        if (!current.ok()) {
            return current.status();
        }
        (*params)["watermark"] = current->value_or(watermark->value().initial);
    }
    if (params->empty()) {
        return run.job_text;
    }
    RunParams plain;
    for (const auto& [k, v] : params.value()) {
        if (k.find(':') == std::string::npos) {
            plain[k] = v;
        }
    }
    return engine::SubstituteJobParams(ReplaceFormattedParams(run.job_text, params.value()), plain);
}

Result<std::string> JobService::PrepareRunText(const ActiveRun& run) {
    if (run.job_text.empty()) {
        return Status::NotFound("job config " + std::to_string(run.config_id) + " was deleted before the run started");
    }
    if (run.row.schedule_id != 0) {  // checked as the run starts: the owner may have lost access since the tick
        DBB_RETURN_IF_ERROR(schedules_.AuthorizeRun(run.row.schedule_id));
    }
    // Parameters first (a value may hold a path or any JSON): every check below sees the text the
    // engine runs, and the engine runs exactly the text checked here, in the one job model.
    auto substituted = SubstituteRunParams(run);
    if (!substituted.ok()) {
        return substituted;
    }
    DBB_ASSIGN_OR_RETURN(auto parsed, ParseJobJson(substituted.value(), "saved job"));
    auto text = secrets_.Open(PrettyJobJson(parsed));
    if (!text.ok()) {
        return text;
    }
    // Again at run time: files may have been replaced by symlinks, or paths.files changed.
    DBB_RETURN_IF_ERROR(files_.CheckJob(text.value()));
    return text;
}

namespace {

// The final status and reason of a run stopped before its end.
void Stopped(StopReason why, ExecOutcome& outcome) {
    switch (why) {
        case StopReason::kUser:
            outcome.status = ExecStatus::kKilled;
            outcome.exit_reason = "killed by user";
            return;
        case StopReason::kTimeout:
            outcome.status = ExecStatus::kFailed;
            outcome.exit_reason = "timed out: the run took longer than its timeout";
            return;
        case StopReason::kShutdown:
            outcome.status = ExecStatus::kInterrupted;
            outcome.exit_reason = "the host shut down during the run";
            return;
        case StopReason::kShutdownBefore:
            outcome.status = ExecStatus::kInterrupted;
            outcome.exit_reason = "the host shut down before the run started";
            return;
        case StopReason::kLeaseLost:
            outcome.status = ExecStatus::kInterrupted;
            outcome.exit_reason = "this host lost the run's lease; another host took over";
            return;
    }
}

}  // namespace

int JobService::RunEngine(ActiveRun& run, const std::string& job_text, std::ostream& log_stream, RunEnd& end) {
    engine::RunOptions run_options;
    run_options.progress_interval_ms = options_.progress_interval_ms;
    run_options.stall_timeout_seconds = options_.stall_timeout_seconds;
    run_options.strict_keys = options_.strict_job_keys;
    run_options.deferred_window_bytes = options_.deferred_window_bytes;
    std::chrono::steady_clock::time_point last_stored{};
    run_options.on_progress = [this, &run, &last_stored](const engine::ProgressFigures& p) {
        const RunProgress figures{p.records, p.bytes, p.record_speed, p.byte_speed, p.error_records, p.percentage};
        {
            std::lock_guard<std::mutex> lock(run.progress_mu);
            run.progress = figures;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_stored >= std::chrono::milliseconds(options_.progress_store_ms)) {
            last_stored = now;
            // Best effort: a store hiccup costs other hosts one update, never the run.
            (void)runs_.SaveProgress(run.exec_id, figures, NowEpochMs());
        }
    };
    auto watermark = JobWatermarkOf(job_text);
    if (watermark.ok() && watermark->has_value()) {
        run_options.watermark_column = watermark->value().column;
        end.watermark_column = watermark->value().column;
    }
    OwnerScopedResolver resolver(datasources_, run.config_uid);
    engine::JobResult result = engine::RunJobTextWithCatalog(job_text, run_options, catalog_, &plugins_, &resolver,
                                                             log_stream, &run.cancel);
    ExecOutcome& outcome = end.outcome;
    outcome.records_read = result.records_read;
    outcome.records_written = result.records_written;
    outcome.records_failed = result.records_failed;
    outcome.bytes = result.bytes;
    end.watermark_value = result.watermark_value;
    if (result.exit_code == engine::kExitOk) {
        outcome.status = ExecStatus::kSucceeded;
    } else if (!run.cancel) {
        outcome.status = ExecStatus::kFailed;
        outcome.exit_reason = result.error.empty()
                                  ? "the job failed (exit code " + std::to_string(result.exit_code) + ")"
                                  : result.error;
    }
    return result.exit_code;
}

int JobService::Execute(const std::shared_ptr<ActiveRun>& run, std::ostream* mirror) {
    const std::string run_label = "run " + std::to_string(run->exec_id);
    RunEnd end;
    ExecOutcome& outcome = end.outcome;
    int exit_code = engine::kExitFailed;
    {
        auto stream = RunLogStream::Open(run->log_path, mirror);
        if (!stream.ok()) {
            outcome.status = ExecStatus::kFailed;
            outcome.exit_reason = stream.status().message();
            outcome.exec_result = "failed";
            (void)FinishRun(run->row, end);  // a failure is in the run's log; lease expiry or restart finishes it
            Finished(run->exec_id);
            return exit_code;
        }
        engine::JobLog log(*stream.value(), nullptr);
        const ExecLogRow& row = run->row;
        log.Info(kLogger, run_label + " of job config " + std::to_string(run->config_id) + " (" + run->config_name +
                              ") started on host " + options_.host_name + " (pid " + std::to_string(::getpid()) +
                              "), attempt " + std::to_string(row.attempt) + " of " +
                              std::to_string(row.max_retries + 1));
        auto job_text = run->cancel ? Result<std::string>(Status::Cancelled("")) : PrepareRunText(*run);
        if (!run->cancel && !job_text.ok()) {
            outcome.status = ExecStatus::kFailed;
            outcome.exit_reason = job_text.status().message();
        } else if (!run->cancel) {
            exit_code = RunEngine(*run, job_text.value(), *stream.value(), end);
        }
        // Stopped before or during the run (a run that completed anyway keeps its success).
        if (run->cancel && exit_code != engine::kExitOk) {
            Stopped(run->stop_reason, outcome);
            exit_code = engine::kExitKilled;
        }
        outcome.exec_result = std::string(ExecStatusName(outcome.status)) + ": " + RunSummary(outcome);
        const std::string line = run_label + " " + ExecStatusName(outcome.status) +
                                 (outcome.exit_reason.empty() ? "" : ": " + outcome.exit_reason) + " (" +
                                 RunSummary(outcome) + ")";
        if (outcome.status == ExecStatus::kSucceeded) {
            log.Info(kLogger, line);
        } else {
            log.Error(kLogger, line);
        }
        // A full disk costs the log's tail, never the run's outcome: the row says what is missing.
        const std::string log_error = stream.value()->WriteError();
        if (!log_error.empty()) {
            outcome.exec_result += "; run log incomplete: " + log_error;
        }
    }  // the log file is complete before the row says the run finished
    ShipLog(*run);
    auto finished = FinishRun(run->row, end);
    if (finished.ok() && finished->retry_id != 0) {
        Wake();
    }
    Finished(run->exec_id);
    return exit_code;
}

void JobService::Finished(std::int64_t exec_id) {
    Forget(exec_id);
    if (options_.on_run_finished) {
        auto row = runs_.Get(exec_id);
        if (row.ok()) {
            options_.on_run_finished(row.value());
        }
    }
    Wake();  // a slot is free
}

void JobService::Forget(std::int64_t exec_id) {
    std::lock_guard<std::mutex> lock(active_mu_);
    active_.erase(exec_id);
    active_cv_.notify_all();
}

int JobService::ActiveCount() {
    std::lock_guard<std::mutex> lock(active_mu_);
    return static_cast<int>(active_.size());
}

Result<ExecLogRow> JobService::OwnedRun(std::int64_t exec_id, const std::string& uid) {
    auto row = runs_.Get(exec_id);
    if (!row.ok()) {
        return row.status();
    }
    auto config = configs_.Get(row->config_id);
    if (!config.ok() ||
        !access_.Check(uid, {config->uid, config->project}, Access::kUse, "run id " + std::to_string(exec_id)).ok()) {
        return Status::NotFound("run id " + std::to_string(exec_id) + " not found");
    }
    return row;
}

Result<Page<ExecLogRow>> JobService::Logs(std::int64_t config_id, int page, int page_size, const std::string& uid) {
    auto config = Owned(config_id, uid, Access::kUse);
    if (!config.ok()) {
        return config.status();
    }
    auto page_of_runs = runs_.QueryByConfig(config_id, page, page_size);
    if (page_of_runs.ok()) {
        for (auto& row : page_of_runs->items) {
            AttachProgress(row);
        }
    }
    return page_of_runs;
}

Result<Page<ExecLogRow>> JobService::Runs(const RunFilter& filter, int page, int page_size, const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    auto page_of_runs = runs_.QueryVisible(*visible, filter, page, page_size);
    if (page_of_runs.ok()) {
        for (auto& row : page_of_runs->items) {
            AttachProgress(row);
        }
    }
    return page_of_runs;
}

Result<std::vector<RunDayTotals>> JobService::RunTotalsByDay(const std::string& from_day, const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    return runs_.TotalsByDay(*visible, from_day);
}

Result<ExecLogRow> JobService::Run(std::int64_t exec_id, const std::string& uid) {
    auto row = OwnedRun(exec_id, uid);
    if (row.ok()) {
        AttachProgress(*row);
    }
    return row;
}

void JobService::AttachProgress(ExecLogRow& row) {
    if (row.status != ExecStatus::kRunning) {
        return;
    }
    std::shared_ptr<ActiveRun> run;
    {
        std::lock_guard<std::mutex> lock(active_mu_);
        auto it = active_.find(row.id);
        if (it == active_.end()) {
            return;
        }
        run = it->second;
    }
    std::lock_guard<std::mutex> lock(run->progress_mu);
    if (run->progress) {
        row.progress = run->progress;  // fresher than the stored figures (written at most once a second)
    }
}

Result<LogChunk> JobService::Log(std::int64_t exec_id, std::int64_t offset, std::int64_t limit,
                                 const std::string& uid) {
    if (offset < 0) {
        return Status::InvalidArgument("offset must be 0 or more");
    }
    if (limit == 0) {
        limit = kDefaultLogLimit;
    }
    if (limit < 0 || limit > kMaxLogLimit) {
        return Status::InvalidArgument("limit must be between 1 and " + std::to_string(kMaxLogLimit));
    }
    // Status first: when it says finished, the text read below is already complete.
    auto row = OwnedRun(exec_id, uid);
    if (!row.ok()) {
        return row.status();
    }
    // The file where this host wrote it (or on a single-host store); else the store's copy.
    std::error_code ec;
    const bool local_file = !row->log_path.empty() && (!options_.ship_logs || row->host_name == options_.host_name) &&
                            fs::exists(row->log_path, ec);
    if (local_file) {
        return LogFromFile(row.value(), offset, limit);
    }
    auto stored = queue_.ReadLog(exec_id, offset, limit);
    if (!stored.ok()) {
        return stored.status();
    }
    if (offset > stored->size) {
        return Status::InvalidArgument("offset " + std::to_string(offset) + " is past the end of the log (" +
                                       std::to_string(stored->size) + " bytes)");
    }
    LogChunk chunk;
    chunk.exec_id = exec_id;
    chunk.offset = offset;
    chunk.status = row->status;
    chunk.size = stored->size;
    chunk.text = std::move(stored->text);
    chunk.next_offset = offset + static_cast<std::int64_t>(chunk.text.size());
    chunk.finished = IsFinished(row->status) && chunk.next_offset >= chunk.size;
    return chunk;
}

Result<LogChunk> JobService::LogFromFile(const ExecLogRow& row, std::int64_t offset, std::int64_t limit) {
    LogChunk chunk;
    chunk.exec_id = row.id;
    chunk.offset = offset;
    chunk.status = row.status;
    std::ifstream in(row.log_path, std::ios::binary);
    if (!in) {
        return Status::NotFound("the log file of run " + std::to_string(row.id) + " is missing: " + row.log_path);
    }
    in.seekg(0, std::ios::end);
    chunk.size = static_cast<std::int64_t>(in.tellg());
    if (offset > chunk.size) {
        return Status::InvalidArgument("offset " + std::to_string(offset) + " is past the end of the log (" +
                                       std::to_string(chunk.size) + " bytes)");
    }
    const std::int64_t n = std::min(limit, chunk.size - offset);
    chunk.text.resize(static_cast<std::size_t>(n));
    in.seekg(offset);
    in.read(chunk.text.data(), n);
    chunk.text.resize(static_cast<std::size_t>(in.gcount()));
    std::size_t cut = Utf8Cut(chunk.text);
    if (cut > 0) {
        chunk.text.resize(cut);
    }
    chunk.next_offset = offset + static_cast<std::int64_t>(chunk.text.size());
    chunk.finished = IsFinished(row.status) && chunk.next_offset >= chunk.size;
    return chunk;
}

Result<ExecLogRow> JobService::Kill(std::int64_t exec_id, const std::string& uid) {
    auto row = OwnedRun(exec_id, uid);
    if (!row.ok()) {
        return row.status();
    }
    if (IsFinished(row->status)) {
        return Status::InvalidArgument("run " + std::to_string(exec_id) + " has already finished (" +
                                       ExecStatusName(row->status) + ")");
    }
    std::shared_ptr<ActiveRun> run;
    {
        std::lock_guard<std::mutex> lock(active_mu_);
        auto it = active_.find(exec_id);
        if (it != active_.end()) {
            run = it->second;
        }
    }
    if (run) {
        run->cancel = true;
        std::unique_lock<std::mutex> lock(active_mu_);
        active_cv_.wait_for(lock, std::chrono::milliseconds(options_.kill_wait_ms),
                            [&] { return active_.count(exec_id) == 0; });
        lock.unlock();
        return runs_.Get(exec_id);
    }
    const std::string reason = "killed by user before it started";
    DBB_ASSIGN_OR_RETURN(auto killed, queue_.KillQueued(exec_id, reason));
    if (killed) {
        AppendRunLine(row.value(), RunLogLine("WARN", "run " + std::to_string(exec_id) + " " + reason));
        return runs_.Get(exec_id);
    }
    return KillElsewhere(row.value());  // claimed meanwhile, or running on another host
}

// The host running it sees kill_requested within its poll interval and stops the run; wait for
// that (kill_wait_ms at most) and answer with the row as it is then.
Result<ExecLogRow> JobService::KillElsewhere(const ExecLogRow& row) {
    auto requested = queue_.RequestKill(row.id);
    if (!requested.ok()) {
        return requested.status();
    }
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(options_.kill_wait_ms + 2 * options_.poll_ms);
    for (;;) {
        auto now = runs_.Get(row.id);
        if (!now.ok() || IsFinished(now->status) || std::chrono::steady_clock::now() >= deadline) {
            return now;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

int JobService::RunSavedConfig(std::int64_t config_id, const std::string& uid, std::ostream& out,
                               const std::atomic<bool>* cancel, const ManualRun& manual) {
    auto config = Owned(config_id, uid, Access::kUse);
    if (!config.ok()) {
        out << "dbbridge: " << config.status().message() << "\n";
        return engine::kExitFailed;
    }
    ClaimedRun claimed;
    auto id = QueueManualRun(config.value(), manual, true);
    auto row = id.ok() ? runs_.Get(id.value()) : Result<ExecLogRow>(id.status());
    if (!row.ok()) {
        out << "dbbridge: " << row.status().message() << "\n";
        return engine::kExitFailed;
    }
    claimed.row = row.value();
    claimed.job_text = config->content;
    claimed.config_name = config->config_name;
    claimed.config_uid = config->uid;
    auto run = Track(claimed);
    out << "dbbridge: run " << run.value()->exec_id << " of job config " << config_id << ", log "
        << run.value()->log_path << "\n";
    // The engine takes one cancel flag: forward the caller's (SIGINT/SIGTERM) into the run's.
    std::atomic<bool> done{false};
    std::thread forward;
    if (cancel != nullptr) {
        forward = std::thread([&] {
            while (!done) {
                if (*cancel) {
                    run.value()->cancel = true;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        });
    }
    int code = Execute(run.value(), &out);
    done = true;
    if (forward.joinable()) {
        forward.join();
    }
    return code;
}

}  // namespace dbbridge::core
