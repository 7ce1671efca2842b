#pragma once
// The hosts that share one metadata store (table cluster_host): each registers at start-up under
// its name, heartbeats while it lives and says when it stops. GET /api/cluster/hosts lists them.
//
// A name is a host's identity across restarts (its runs are the exec_log rows with that
// host_name). Registering refuses to start a second live process under the same name, and on
// SQLite (a file, one host) any second live host: several hosts need a PostgreSQL store.
// Thread-safe (each call borrows a store session).

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct HostInfo {
    std::string name;
    std::string instance;  // random per process start
    std::string role;      // all | api | worker
    std::string address;   // http://host:port/ ("" for a worker)
    std::int64_t pid = 0;
    std::string version;
    int max_jobs = 0;
    int running = 0;  // runs it holds (from its last heartbeat)
    std::string started_at;
    std::int64_t heartbeat_at = 0;  // epoch ms
    bool stopped = false;           // said goodbye
    bool alive = false;             // not stopped and heartbeat younger than the lease
};

class HostRegistry {
public:
    // self.name and self.instance identify this process; dead_after_ms: a host whose heartbeat
    // is older is taken as gone.
    HostRegistry(MetadataStore& store, HostInfo self, std::int64_t dead_after_ms);
    ~HostRegistry();  // StopHeartbeat()

    sdk::Status Register();
    sdk::Status Heartbeat(int running);
    // The HTTP address, known once the server listens.
    sdk::Status SetAddress(const std::string& address);
    sdk::Status Unregister();  // marks this host stopped
    sdk::Result<std::vector<HostInfo>> List();

    // Heartbeats every interval_ms on a thread, reporting running() as the load; on a store
    // error it keeps trying (runs keep their leases through the job service, not through this).
    void StartHeartbeat(int interval_ms, std::function<int()> running);
    // Stops the thread and unregisters.
    void StopHeartbeat();

    const HostInfo& self() const { return self_; }

    // A fresh instance token (hex).
    static std::string NewInstance();

private:
    sdk::Status RefuseIfTaken();

    MetadataStore& store_;
    HostInfo self_;
    std::int64_t dead_after_ms_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread heartbeat_;
};

}  // namespace dbbridge::core
