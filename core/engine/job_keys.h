#pragma once
// Finds keys of a job file that no DataX component reads: misspellings ("fileFormt") and keys in
// the wrong place ("setting" beside "job"). DataX ignores them silently; dbbridge reports each
// with its JSON path and the nearest known key, as a warning or (strict) an error.
//
// The known keys are DataX's (its Key.java / Constant.java files per plugin, core.json, the plugin
// docs) plus dbbridge's own (datasourceId, datasourceName). Parameters of a plugin this table does
// not know are not checked. Thread-safe (the tables are immutable).

#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace dbbridge::core::engine {

struct UnknownKey {
    std::string path;        // "job.content[0].writer.parameter.fileFormt"
    std::string suggestion;  // "fileFormat", "job.setting" or "" when nothing is close
    std::string Describe() const;
};

std::vector<UnknownKey> FindUnknownKeys(const Poco::JSON::Object::Ptr& root);

// Every leaf key the table knows, dotted ("csvReaderConfig.safetySwitch"): of a plugin's parameter
// block, or of the job file itself when plugin is "" ("job.setting.speed.channel"). Open blocks
// (core, csvWriterConfig) appear once, as leaves. Used by docs/datax-compatibility.md's test.
std::vector<std::string> KnownKeyPaths(const std::string& plugin);
// The plugin names the table knows.
std::vector<std::string> KnownKeyPlugins();

}  // namespace dbbridge::core::engine
