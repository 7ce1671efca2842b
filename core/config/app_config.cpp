#include "core/config/app_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "dbbridge/sdk/util/edit_distance.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

using sdk::Result;
using sdk::Status;

namespace {

std::string Where(const std::string& key, const YAML::Node& node) {
    return key + " (line " + std::to_string(node.Mark().line + 1) + ")";
}

// Reads a scalar of type T into out; errors name the key and line.
template <typename T>
Status ReadScalar(const YAML::Node& node, const std::string& key, const char* expected, T& out) {
    if (!node.IsScalar()) {
        return Status::InvalidArgument(Where(key, node) + ": expected " + expected);
    }
    try {
        out = node.as<T>();
    } catch (const YAML::Exception&) {
        return Status::InvalidArgument(Where(key, node) + ": expected " + expected + ", got '" + node.Scalar() + "'");
    }
    return Status::Ok();
}

Status ReadInt(const YAML::Node& node, const std::string& key, int min, int max, int& out) {
    DBB_RETURN_IF_ERROR(ReadScalar(node, key, "an integer", out));
    if (out < min || out > max) {
        return Status::InvalidArgument(Where(key, node) + ": must be between " + std::to_string(min) + " and " +
                                       std::to_string(max));
    }
    return Status::Ok();
}

using Handler = std::function<Status(const YAML::Node&, const std::string&)>;

std::string UnknownKeyWarning(const std::string& key, const std::string& full, const YAML::Node& node,
                              const std::map<std::string, Handler>& handlers) {
    std::string nearest;
    std::size_t best = std::max<std::size_t>(2, key.size() / 3) + 1;  // a typo, not another word
    for (const auto& [known, handler] : handlers) {
        std::size_t d = sdk::util::EditDistance(sdk::util::ToLower(key), known);
        if (d < best) {
            best = d;
            nearest = known;
        }
    }
    std::string warning = "unknown configuration key " + Where(full, node) + " ignored";
    if (!nearest.empty()) {
        warning += "; did you mean '" + full.substr(0, full.size() - key.size()) + nearest + "'?";
    }
    return warning;
}

// Walks a mapping, dispatching known keys and warning about unknown ones.
// A mapping key as text; a key that is itself a list or mapping is an error naming where it is.
Status KeyText(const YAML::Node& key, const std::string& prefix, std::string& out) {
    if (!key.IsScalar()) {
        return Status::InvalidArgument(Where(prefix.empty() ? "document" : prefix, key) +
                                       ": a key must be a plain name, not a list or mapping");
    }
    out = key.Scalar();
    return Status::Ok();
}

Status WalkMap(const YAML::Node& node, const std::string& prefix, const std::map<std::string, Handler>& handlers,
               std::vector<std::string>& warnings) {
    if (!node.IsMap()) {
        return Status::InvalidArgument(Where(prefix.empty() ? "document" : prefix, node) + ": expected a mapping");
    }
    for (const auto& kv : node) {
        std::string key;
        DBB_RETURN_IF_ERROR(KeyText(kv.first, prefix, key));
        std::string full = prefix.empty() ? key : prefix + "." + key;
        auto it = handlers.find(key);
        if (it == handlers.end()) {
            warnings.push_back(UnknownKeyWarning(key, full, kv.first, handlers));
            continue;
        }
        if (kv.second.IsNull()) {
            continue;  // "key:" with no value keeps the default
        }
        DBB_RETURN_IF_ERROR(it->second(kv.second, full));
    }
    return Status::Ok();
}

Handler Str(std::string& out) {
    return [&out](const YAML::Node& n, const std::string& k) { return ReadScalar(n, k, "a string", out); };
}
Handler OneOf(std::string& out, const std::vector<std::string>& values) {
    return [&out, &values](const YAML::Node& n, const std::string& k) {
        DBB_RETURN_IF_ERROR(ReadScalar(n, k, "a string", out));
        out = sdk::util::ToLower(out);
        if (std::find(values.begin(), values.end(), out) != values.end()) {
            return Status::Ok();
        }
        std::string list;
        for (const auto& v : values) {
            list += (list.empty() ? "" : ", ") + v;
        }
        return Status::InvalidArgument(Where(k, n) + ": '" + n.Scalar() + "' is not one of " + list);
    };
}
Handler Int(int& out, int min, int max) {
    return [&out, min, max](const YAML::Node& n, const std::string& k) { return ReadInt(n, k, min, max, out); };
}
Handler Bool(bool& out) {
    return [&out](const YAML::Node& n, const std::string& k) { return ReadScalar(n, k, "true or false", out); };
}

// A sequence of strings (or one string, as a list of one).
Handler StrList(std::vector<std::string>& out) {
    return [&out](const YAML::Node& n, const std::string& k) -> Status {
        out.clear();
        if (n.IsScalar()) {
            out.push_back(n.Scalar());
            return Status::Ok();
        }
        if (!n.IsSequence()) {
            return Status::InvalidArgument(Where(k, n) + ": expected a list of strings");
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            std::string item;
            DBB_RETURN_IF_ERROR(ReadScalar(n[i], k + "[" + std::to_string(i) + "]", "a string", item));
            out.push_back(item);
        }
        return Status::Ok();
    };
}

}  // namespace

Result<AppConfig> ParseConfig(const std::string& yaml_text) {
    AppConfig cfg;
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        return Status::InvalidArgument("configuration is not valid YAML (line " + std::to_string(e.mark.line + 1) +
                                       "): " + e.msg);
    }
    if (!root || root.IsNull()) {
        return cfg;
    }
    auto& w = cfg.warnings;
    int max_body_kib = static_cast<int>(cfg.server.max_body_bytes / 1024);
    auto section = [&w](std::map<std::string, Handler> handlers) -> Handler {
        return [&w, handlers](const YAML::Node& n, const std::string& k) { return WalkMap(n, k, handlers, w); };
    };
    std::map<std::string, Handler> top = {
        {"server", section({{"host", Str(cfg.server.host)},
                            {"port", Int(cfg.server.port, 0, 65535)},
                            {"threads", Int(cfg.server.threads, 1, 1024)},
                            {"max_body_kib", Int(max_body_kib, 1, 1024 * 1024)},
                            {"web_dir", Str(cfg.server.web_dir)},
                            {"request_read_timeout_ms", Int(cfg.server.request_read_timeout_ms, 100, 600000)},
                            {"keep_alive_timeout_ms", Int(cfg.server.keep_alive_timeout_ms, 100, 3600000)},
                            {"max_connections", Int(cfg.server.max_connections, 1, 100000)},
                            {"max_connections_per_peer", Int(cfg.server.max_connections_per_peer, 1, 100000)},
                            {"role", Str(cfg.server.role)}})},
        {"cluster", section({{"host_name", Str(cfg.cluster.host_name)},
                             {"lease_seconds", Int(cfg.cluster.lease_seconds, 2, 3600)},
                             {"heartbeat_seconds", Int(cfg.cluster.heartbeat_seconds, 1, 600)},
                             {"poll_ms", Int(cfg.cluster.poll_ms, 10, 60000)},
                             {"log_chunk_retention_days", Int(cfg.cluster.log_chunk_retention_days, 0, 36500)}})},
        {"schedule", section({{"misfire_threshold_seconds", Int(cfg.schedule.misfire_threshold_seconds, 1, 86400)},
                              {"tick_ms", Int(cfg.schedule.tick_ms, 10, 60000)},
                              {"fire_retention_days", Int(cfg.schedule.fire_retention_days, 0, 36500)},
                              {"webhook_allowed_hosts", StrList(cfg.schedule.webhook_allowed_hosts)},
                              {"webhook_ca_file", Str(cfg.schedule.webhook_ca_file)}})},
        {"store", section({{"url", Str(cfg.store.url)}})},
        {"plugins", section({{"dir", Str(cfg.plugins.dir)}})},
        {"paths",
         section({{"jobs", Str(cfg.paths.jobs)}, {"logs", Str(cfg.paths.logs)}, {"files", Str(cfg.paths.files)}})},
        {"security", section({{"key_file", Str(cfg.security.key_file)},
                              {"session_ttl_minutes", Int(cfg.security.session_ttl_minutes, 1, 525600)},
                              {"trusted_proxies", StrList(cfg.security.trusted_proxies)},
                              {"cookie_secure", Bool(cfg.security.cookie_secure)}})},
        {"engine", section({{"max_concurrent_jobs", Int(cfg.engine.max_concurrent_jobs, 1, 256)},
                            {"stall_timeout_seconds", Int(cfg.engine.stall_timeout_seconds, 1, 86400)},
                            {"strict_job_keys", Bool(cfg.engine.strict_job_keys)},
                            {"deferred_window_kib", Int(cfg.engine.deferred_window_kib, 256, 65536)}})},
        {"multiplex",
         section({{"batch_wait_seconds", Int(cfg.multiplex.batch_wait_seconds, 1, 3600)},
                  {"statement_timeout_ms", Int(cfg.multiplex.statement_timeout_ms, 1, 600000)},
                  {"report_ttl_days", Int(cfg.multiplex.report_ttl_days, 0, 36500)},
                  {"max_pending_batches_per_user", Int(cfg.multiplex.max_pending_batches_per_user, 1, 10000)},
                  {"max_pending_batches", Int(cfg.multiplex.max_pending_batches, 1, 100000)},
                  {"targets", [&cfg](const YAML::Node& n, const std::string& k) -> Status {
                       if (!n.IsMap()) {
                           return Status::InvalidArgument(Where(k, n) + ": expected a mapping of dialect to datasource name");
                       }
                       for (const auto& kv : n) {
                           std::string dialect;
                           DBB_RETURN_IF_ERROR(KeyText(kv.first, k, dialect));
                           std::string name;
                           DBB_RETURN_IF_ERROR(ReadScalar(kv.second, k + "." + dialect, "a datasource name", name));
                           cfg.multiplex.targets[sdk::util::ToUpper(dialect)] = name;
                       }
                       return Status::Ok();
                   }}})},
        {"log", section({{"level", OneOf(cfg.log.level, LogLevels())},
                         {"file", Str(cfg.log.file)},
                         {"access_file", Str(cfg.log.access_file)}})},
    };
    DBB_RETURN_IF_ERROR(WalkMap(root, "", top, w));
    cfg.server.max_body_bytes = static_cast<std::size_t>(max_body_kib) * 1024;
    if (cfg.server.role != "all" && cfg.server.role != "api" && cfg.server.role != "worker") {
        return Status::InvalidArgument("server.role: expected all, api or worker (got '" + cfg.server.role + "')");
    }
    if (cfg.cluster.heartbeat_seconds >= cfg.cluster.lease_seconds) {
        return Status::InvalidArgument("cluster.heartbeat_seconds (" + std::to_string(cfg.cluster.heartbeat_seconds) +
                                       ") must be less than cluster.lease_seconds (" +
                                       std::to_string(cfg.cluster.lease_seconds) + ")");
    }
    return cfg;
}

const std::vector<std::string>& LogLevels() {
    static const std::vector<std::string> levels = {"error", "warning", "info", "debug", "trace"};
    return levels;
}

Result<AppConfig> LoadConfig(const std::string& path) {
    std::string file = path;
    if (file.empty()) {
        if (!std::filesystem::exists("dbbridge.yaml")) {
            return AppConfig{};
        }
        file = "dbbridge.yaml";
    }
    std::ifstream in(file);
    if (!in) {
        return Status::NotFound("cannot read configuration file '" + file + "'");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto cfg = ParseConfig(ss.str());
    if (!cfg.ok()) {
        return cfg.status().WithContext(file);
    }
    return cfg;
}

}  // namespace dbbridge::core
