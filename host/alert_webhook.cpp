#include "host/alert_webhook.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <memory>

#include "core/cluster/run_queue.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/tls_client.h"
#include "host/webhook_target.h"

namespace dbbridge::host {

namespace {

constexpr int kTimeoutSeconds = 5;
constexpr std::streamsize kMaxResponseBytes = 1 << 20;

// A session connected to the checked address, never to the name again.
std::unique_ptr<Poco::Net::HTTPClientSession> SessionTo(const WebhookTarget& target, Poco::Net::Context::Ptr tls) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (target.https) {
        Poco::Net::SecureStreamSocket socket(tls);
        socket.setPeerHostName(target.host);  // SNI and the name the certificate must carry
        session = std::make_unique<Poco::Net::HTTPSClientSession>(socket);
        session->setHost(target.address.host().toString());
        session->setPort(target.address.port());
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(target.address);
    }
    session->setTimeout(Poco::Timespan(kTimeoutSeconds, 0));
    return session;
}

}  // namespace

sdk::Result<std::unique_ptr<AlertWebhook>> AlertWebhook::Create(core::ScheduleService& schedules, std::ostream& log,
                                                                 AlertWebhookOptions options) {
    DBB_ASSIGN_OR_RETURN(auto tls, ClientTlsContext(options.ca_file, "schedule.webhook_ca_file"));
    return std::unique_ptr<AlertWebhook>(
        new AlertWebhook(schedules, log, std::move(options.allowed_hosts), std::move(tls)));
}

AlertWebhook::AlertWebhook(core::ScheduleService& schedules, std::ostream& log, std::vector<std::string> allowed_hosts,
                           Poco::Net::Context::Ptr tls)
    : schedules_(schedules),
      log_(log),
      allowed_hosts_(std::move(allowed_hosts)),
      tls_(std::move(tls)),
      thread_([this] { Loop(); }) {}

AlertWebhook::~AlertWebhook() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        cv_.notify_all();
    }
    thread_.join();
}

void AlertWebhook::OnRunFinished(const core::ExecLogRow& run) {
    const bool failed = run.status == core::ExecStatus::kFailed || run.status == core::ExecStatus::kInterrupted;
    if (run.schedule_id == 0 || !failed || run.attempt <= run.max_retries) {
        return;  // not scheduled, not a failure, or a retry follows
    }
    auto schedule = schedules_.Load(run.schedule_id);
    if (!schedule.ok() || schedule->alert_webhook.empty()) {
        return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_.size() >= kMaxPending) {
        log_ << "dbbridge: alert for run " << run.id << " dropped: " << kMaxPending << " alerts are waiting\n";
        return;
    }
    pending_.push_back({schedule->alert_webhook, Body(schedule.value(), run)});
    cv_.notify_all();
}

std::string AlertWebhook::Body(const core::Schedule& schedule, const core::ExecLogRow& run) {
    sdk::util::JsonWriter w;
    w.BeginObject().Key("event").String("run_failed");
    w.Key("schedule").BeginObject().Key("id").Int(schedule.id).Key("name").String(schedule.name);
    w.Key("cron").String(schedule.cron).Key("time_zone").String(schedule.time_zone).EndObject();
    w.Key("run").BeginObject().Key("id").Int(run.id).Key("config_id").Int(run.config_id);
    w.Key("status").String(core::ExecStatusName(run.status)).Key("exit_reason").String(run.exit_reason);
    w.Key("attempt").Int(run.attempt).Key("max_retries").Int(run.max_retries);
    w.Key("fire_time").String(run.fire_time > 0 ? core::IsoMillis(run.fire_time) : "");
    w.Key("start_time").String(run.start_time).Key("end_time").String(run.end_time);
    w.Key("host").String(run.host_name).EndObject();
    w.EndObject();
    return w.str();
}

AlertWebhook::Delivery AlertWebhook::Post(const Alert& alert, std::string& why) const {
    auto target = ResolveWebhook(alert.url, allowed_hosts_);
    if (!target.ok()) {
        why = target.status().message();
        return target.status().code() == sdk::StatusCode::kUnavailable ? Delivery::kFailed : Delivery::kRefused;
    }
    try {
        auto session = SessionTo(target.value(), tls_);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, target->path_and_query,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setHost(target->host, target->address.port());
        request.setContentType("application/json; charset=utf-8");
        request.setContentLength(static_cast<std::streamsize>(alert.body.size()));
        session->sendRequest(request) << alert.body;
        Poco::Net::HTTPResponse response;
        session->receiveResponse(response).ignore(kMaxResponseBytes);
        if (response.getStatus() / 100 == 2) {
            return Delivery::kSent;
        }
        why = "HTTP " + std::to_string(static_cast<int>(response.getStatus()));
    } catch (const Poco::Net::CertificateValidationException& e) {
        why = e.displayText();
        return Delivery::kRefused;  // the same certificate would fail again
    } catch (const Poco::Net::SSLException& e) {
        why = e.displayText();
        // OpenSSL's own chain check fails the handshake; other TLS failures may pass.
        return why.find("certificate verify failed") != std::string::npos ? Delivery::kRefused : Delivery::kFailed;
    } catch (const Poco::Exception& e) {
        why = e.displayText();
    } catch (const std::exception& e) {
        why = e.what();
    }
    return Delivery::kFailed;
}

void AlertWebhook::Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
        if (pending_.empty()) {
            cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
            continue;
        }
        Alert alert = std::move(pending_.front());
        pending_.pop_front();
        std::string why;
        for (int attempt = 1; attempt <= kAttempts && !stopping_; ++attempt) {
            lock.unlock();
            const Delivery delivery = Post(alert, why);
            lock.lock();
            if (delivery == Delivery::kSent) {
                break;
            }
            if (delivery == Delivery::kRefused) {
                log_ << "dbbridge: alert to " << alert.url << " refused: " << why << "\n";
                break;
            }
            if (attempt == kAttempts) {
                log_ << "dbbridge: alert to " << alert.url << " failed after " << kAttempts << " attempts: " << why
                     << "\n";
                break;
            }
            cv_.wait_for(lock, std::chrono::seconds(1 << (attempt - 1)), [this] { return stopping_; });
        }
    }
}

}  // namespace dbbridge::host
