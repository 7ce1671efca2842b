#include "core/engine/plugin_catalog.h"

#include <set>

#include "core/engine/rdbms_reader.h"
#include "core/engine/rdbms_writer.h"
#include "core/engine/stream_reader.h"
#include "core/engine/stream_writer.h"
#include "core/engine/txtfile_reader.h"
#include "core/engine/txtfile_writer.h"
#include "core/plugin/plugin_registry.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

std::set<std::string> RegistryNames(const EngineEnv& env, bool readers) {
    std::set<std::string> out;
    if (!env.registry) {
        return out;
    }
    for (const auto& report : env.registry->Reports()) {
        if (!report.loaded) {
            continue;
        }
        for (const auto& n : readers ? report.datax_readers : report.datax_writers) {
            out.insert(n);
        }
    }
    if (!env.registry->DialectNames().empty()) {
        out.insert(readers ? "rdbmsreader" : "rdbmswriter");
    }
    return out;
}

std::string JoinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += out.empty() ? n : ", " + n;
    }
    return out;
}

bool ServedByRegistry(const std::string& name, const EngineEnv& env, bool readers) {
    return RegistryNames(env, readers).count(name) > 0;
}

}  // namespace

PluginCatalog::PluginCatalog() {
    readers_["streamreader"] = &StreamReaderPlugin::Create;
    readers_["txtfilereader"] = &TxtFileReaderPlugin::Create;
    writers_["streamwriter"] = &StreamWriterPlugin::Create;
    writers_["txtfilewriter"] = &TxtFileWriterPlugin::Create;
}

void PluginCatalog::AddReader(const std::string& name, ReaderFactory factory) {
    readers_[name] = std::move(factory);
}

void PluginCatalog::AddWriter(const std::string& name, WriterFactory factory) {
    writers_[name] = std::move(factory);
}

std::vector<std::string> PluginCatalog::ReaderNames(const EngineEnv& env) const {
    std::set<std::string> names = RegistryNames(env, true);
    for (const auto& [n, f] : readers_) {
        names.insert(n);
    }
    return {names.begin(), names.end()};
}

std::vector<std::string> PluginCatalog::WriterNames(const EngineEnv& env) const {
    std::set<std::string> names = RegistryNames(env, false);
    for (const auto& [n, f] : writers_) {
        names.insert(n);
    }
    return {names.begin(), names.end()};
}

Result<std::unique_ptr<ReaderPlugin>> PluginCatalog::CreateReader(const PluginConfig& config,
                                                                  const EngineEnv& env) const {
    auto it = readers_.find(config.name);
    if (it != readers_.end()) {
        return it->second(config.parameter, env);
    }
    if (ServedByRegistry(config.name, env, true)) {
        return RdbmsReaderPlugin::Create(config.name, config.parameter, env);
    }
    return Status::InvalidArgument(config.path + ".name: unknown reader \"" + config.name +
                                   "\"; available: " + JoinNames(ReaderNames(env)));
}

Result<std::unique_ptr<WriterPlugin>> PluginCatalog::CreateWriter(const PluginConfig& config,
                                                                  const EngineEnv& env) const {
    auto it = writers_.find(config.name);
    if (it != writers_.end()) {
        return it->second(config.parameter, env);
    }
    if (ServedByRegistry(config.name, env, false)) {
        return RdbmsWriterPlugin::Create(config.name, config.parameter, env);
    }
    return Status::InvalidArgument(config.path + ".name: unknown writer \"" + config.name +
                                   "\"; available: " + JoinNames(WriterNames(env)));
}

}  // namespace dbbridge::core::engine
