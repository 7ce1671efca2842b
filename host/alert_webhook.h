#pragma once
// Failure alerts of scheduled runs: an HTTP(S) POST of a JSON body to the schedule's alert_webhook
// when a run ends failed or interrupted with no retry left. Sent from one background thread with
// up to 4 attempts (1 s, 2 s, 4 s apart) and a 5 s timeout each for connecting, sending and
// receiving; at most kMaxPending alerts wait (more are dropped with a line on the error stream).
// The target address is checked first (webhook_target.h: no loopback, private or link-local
// address unless allowed); a refused target is logged and not retried. https verifies the
// server's certificate against the system's CAs (plus schedule.webhook_ca_file) and the URL's host
// name; a certificate that fails is logged and not retried either. The host is the only place
// with outgoing HTTP (core has none): JobService reports finished runs through on_run_finished.

#include <Poco/Net/Context.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "core/schedule/schedule_service.h"
#include "core/store/exec_log_repository.h"

namespace dbbridge::host {

struct Alert {
    std::string url;
    std::string body;  // JSON
};

struct AlertWebhookOptions {
    std::vector<std::string> allowed_hosts;  // schedule.webhook_allowed_hosts
    std::string ca_file;                     // schedule.webhook_ca_file ("" : the system's CAs only)
};

class AlertWebhook {
public:
    static constexpr std::size_t kMaxPending = 1000;
    static constexpr int kAttempts = 4;

    // Fails naming schedule.webhook_ca_file when that file holds no usable certificate.
    static sdk::Result<std::unique_ptr<AlertWebhook>> Create(core::ScheduleService& schedules, std::ostream& log,
                                                             AlertWebhookOptions options);
    ~AlertWebhook();  // sends nothing more; waits for the attempt in progress

    // Called for every finished run; queues an alert when it is one (see above).
    void OnRunFinished(const core::ExecLogRow& run);
    // The JSON body for run of schedule.
    static std::string Body(const core::Schedule& schedule, const core::ExecLogRow& run);
    enum class Delivery { kSent, kFailed, kRefused };  // kFailed is retried, kRefused is not
    // One POST (kSent on a 2xx answer). Errors go to why.
    Delivery Post(const Alert& alert, std::string& why) const;

private:
    AlertWebhook(core::ScheduleService& schedules, std::ostream& log, std::vector<std::string> allowed_hosts,
                 Poco::Net::Context::Ptr tls);
    void Loop();

    core::ScheduleService& schedules_;
    std::ostream& log_;
    const std::vector<std::string> allowed_hosts_;
    const Poco::Net::Context::Ptr tls_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Alert> pending_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace dbbridge::host
