#include "core/cluster/host_registry.h"

#include <Poco/RandomStream.h>
#include <signal.h>

#include <cerrno>

#include <iomanip>
#include <sstream>

#include "core/cluster/run_queue.h"
#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kColumns =
    "name, instance, role, address, pid, version, max_jobs, running, started_at, heartbeat_at, stopped";

HostInfo ToHost(const StoreRow& r) {
    HostInfo h;
    h.name = r.Text(0);
    h.instance = r.Text(1);
    h.role = r.Text(2);
    h.address = r.Text(3);
    h.pid = r.Int(4);
    h.version = r.Text(5);
    h.max_jobs = static_cast<int>(r.Int(6));
    h.running = static_cast<int>(r.Int(7));
    h.started_at = r.Text(8);
    h.heartbeat_at = r.Int(9);
    h.stopped = r.Int(10) != 0;
    return h;
}

std::string Describe(const HostInfo& h, std::int64_t now) {
    std::ostringstream out;
    out << "'" << h.name << "' (pid " << h.pid;
    if (!h.address.empty()) {
        out << ", " << h.address;
    }
    out << ", last heartbeat " << std::fixed << std::setprecision(1) << (now - h.heartbeat_at) / 1000.0 << " s ago)";
    return out.str();
}

// A host that crashed a moment ago still looks alive by its heartbeat. When its pid is not a
// process on this machine, it is gone (names default to include the machine's hostname, and a
// SQLite file is local).
bool ProcessGone(std::int64_t pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

HostRegistry::HostRegistry(MetadataStore& store, HostInfo self, std::int64_t dead_after_ms)
    : store_(store), self_(std::move(self)), dead_after_ms_(dead_after_ms) {}

HostRegistry::~HostRegistry() { StopHeartbeat(); }

void HostRegistry::StartHeartbeat(int interval_ms, std::function<int()> running) {
    heartbeat_ = std::thread([this, interval_ms, running = std::move(running)] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stopping_; })) {
            lock.unlock();
            (void)Heartbeat(running ? running() : 0);  // a missed beat is retried at the next interval
            lock.lock();
        }
    });
}

void HostRegistry::StopHeartbeat() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_ || !heartbeat_.joinable()) {
            return;
        }
        stopping_ = true;
        cv_.notify_all();
    }
    heartbeat_.join();
    (void)Unregister();  // best effort at shutdown: others see the host as gone once its beats stop
}

std::string HostRegistry::NewInstance() {
    Poco::RandomInputStream random;
    std::ostringstream hex;
    for (int i = 0; i < 12; ++i) {
        hex << std::hex << std::setw(2) << std::setfill('0') << (random.get() & 0xFF);
    }
    return hex.str();
}

sdk::Status HostRegistry::RefuseIfTaken() {
    auto hosts = List();
    if (!hosts.ok()) {
        return hosts.status();
    }
    const std::int64_t now = NowEpochMs();
    for (const auto& h : hosts.value()) {
        if (!h.alive || h.instance == self_.instance || ProcessGone(h.pid)) {
            continue;
        }
        if (store_.backend() == StoreBackend::kSqlite) {
            return sdk::Status::Unavailable(
                "the metadata store " + store_.display_url() + " is SQLite, which serves one host only, and host " +
                Describe(h, now) +
                " is using it. Stop that host, or share a PostgreSQL store between hosts (store.url: "
                "postgresql://user:password@host:5432/dbbridge)");
        }
        if (h.name == self_.name) {
            return sdk::Status::AlreadyExists("another host named " + Describe(h, now) +
                                              " is running on this store; give each host its own cluster.host_name");
        }
    }
    return sdk::Status::Ok();
}

sdk::Status HostRegistry::Register() {
    DBB_RETURN_IF_ERROR(RefuseIfTaken());
    const std::int64_t now = NowEpochMs();
    self_.started_at = NowUtcIsoMillis();
    self_.heartbeat_at = now;
    return store_.Transact([&](StoreSession& s) -> sdk::Status {
        std::vector<StoreValue> values = {self_.instance,       self_.role, self_.address, self_.pid, self_.version,
                                          std::int64_t{self_.max_jobs}, self_.started_at, now,         self_.name};
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            "UPDATE cluster_host SET instance = ?, role = ?, address = ?, pid = ?, version = ?, max_jobs = ?, "
            "running = 0, started_at = ?, heartbeat_at = ?, stopped = 0 WHERE name = ?",
            values));
        if (updated > 0) {
            return sdk::Status::Ok();
        }
        return s.Execute("INSERT INTO cluster_host (instance, role, address, pid, version, max_jobs, running, "
                         "started_at, heartbeat_at, stopped, name) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?)",
                         values)
            .status();
    });
}

sdk::Status HostRegistry::Heartbeat(int running) {
    return store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            "UPDATE cluster_host SET heartbeat_at = ?, running = ? WHERE name = ? AND instance = ?",
            {NowEpochMs(), std::int64_t{running}, self_.name, self_.instance}));
        if (updated == 0) {
            return sdk::Status::AlreadyExists("host '" + self_.name +
                                              "' was taken over by another process under the same name");
        }
        return sdk::Status::Ok();
    });
}

sdk::Status HostRegistry::SetAddress(const std::string& address) {
    self_.address = address;
    return store_.Run([&](StoreSession& s) {
        return s
            .Execute("UPDATE cluster_host SET address = ? WHERE name = ? AND instance = ?",
                     {address, self_.name, self_.instance})
            .status();
    });
}

sdk::Status HostRegistry::Unregister() {
    return store_.Run([&](StoreSession& s) {
        return s
            .Execute("UPDATE cluster_host SET stopped = 1, running = 0 WHERE name = ? AND instance = ?",
                     {self_.name, self_.instance})
            .status();
    });
}

sdk::Result<std::vector<HostInfo>> HostRegistry::List() {
    auto hosts = SelectRows(store_, std::string("SELECT ") + kColumns + " FROM cluster_host ORDER BY name", {}, ToHost);
    if (!hosts.ok()) {
        return hosts;
    }
    const std::int64_t now = NowEpochMs();
    for (auto& h : hosts.value()) {
        h.alive = !h.stopped && now - h.heartbeat_at < dead_after_ms_;
    }
    return hosts;
}

}  // namespace dbbridge::core
