#pragma once
// Maps DataX reader/writer names to plugins: the built-ins (streamreader, streamwriter,
// txtfilereader, txtfilewriter), the names served by loaded database plugins (through the
// PluginRegistry, handled by the rdbms adapter) and, for tests, extra factories.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/engine_plugin.h"
#include "core/engine/job_config.h"

namespace dbbridge::core::engine {

class PluginCatalog {
public:
    using ReaderFactory = std::function<sdk::Result<std::unique_ptr<ReaderPlugin>>(const JsonParams&, const EngineEnv&)>;
    using WriterFactory = std::function<sdk::Result<std::unique_ptr<WriterPlugin>>(const JsonParams&, const EngineEnv&)>;

    PluginCatalog();  // with the built-ins

    void AddReader(const std::string& name, ReaderFactory factory);
    void AddWriter(const std::string& name, WriterFactory factory);

    // Unknown name -> InvalidArgument "<path>.name: unknown reader "x"; available: a, b, ...".
    sdk::Result<std::unique_ptr<ReaderPlugin>> CreateReader(const PluginConfig& config, const EngineEnv& env) const;
    sdk::Result<std::unique_ptr<WriterPlugin>> CreateWriter(const PluginConfig& config, const EngineEnv& env) const;

    std::vector<std::string> ReaderNames(const EngineEnv& env) const;  // sorted
    std::vector<std::string> WriterNames(const EngineEnv& env) const;

private:
    std::map<std::string, ReaderFactory> readers_;
    std::map<std::string, WriterFactory> writers_;
};

}  // namespace dbbridge::core::engine
