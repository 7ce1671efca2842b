#pragma once
// Turns a job config request into DataX job JSON text, and saved job text back into a job for
// stock DataX.
//
// Generate(): each side's datasource (owned by uid) gives the dialect, whose plugin writes the
// reader / writer block with "datasourceId" instead of credentials; the column lists are checked
// against the real tables first (a missing column or table is named) and must pair up one to one.
// FromContent(): the user's own job, checked by the engine's parser and plugin factories.
// Both return the job pretty-printed with key order kept. Errors are kInvalidArgument naming the
// request field ("reader.columns", "content: job.content[0].reader.parameter.column") unless a
// datasource is missing (kNotFound) or unreachable (kUnavailable).
// Thread-safe when the services given are (they are).

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

#include "core/datasource/datasource_service.h"
#include "core/engine/plugin_catalog.h"
#include "core/jobs/job_request.h"
#include "core/plugin/plugin_registry.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class DataxJobBuilder {
public:
    DataxJobBuilder(DatasourceService& datasources, const PluginRegistry& plugins, const engine::PluginCatalog& catalog)
        : datasources_(datasources), plugins_(plugins), catalog_(catalog) {}

    sdk::Result<std::string> Generate(const JobSideRequest& reader, const JobSideRequest& writer,
                                      const JobSettingRequest& setting, const std::string& uid) const;
    // content: JSON text of {"job": {...}} (a bare {"content": [...], "setting": {...}} is wrapped,
    // a single content object made an array: ParseJobJson). Saved datasources it names
    // (datasourceId / datasourceName) must be ones uid may use; each datasourceName is replaced by
    // the datasourceId it names.
    sdk::Result<std::string> FromContent(const std::string& content, const std::string& uid) const;
    // Parses job text with the engine's parser and creates every reader / writer plugin (which
    // validates their parameters; nothing connects). Errors name the JSON path. A field holding a
    // ${...} placeholder is checked when a run has its value (DataX allows one in any field).
    sdk::Status Validate(const std::string& job_text) const;
    // The job with every datasourceId / datasourceName replaced by the datasource's username and
    // password, for stock DataX. The datasources must belong to uid.
    sdk::Result<std::string> InlineCredentials(const std::string& job_text, const std::string& uid) const;

    // What a plugin gets to write a block: a side naming a saved datasource loses its password,
    // which the plugin does not need (the block carries datasourceId) and must not see.
    static sdk::DataxSide ForPlugin(sdk::DataxSide side);

private:
    // The plugins' parameter checks of job_text (placeholders already stood in for).
    sdk::Status CheckPlugins(const std::string& job_text) const;
    struct Side;
    // The id of the saved datasource a parameter block or connection entry names (0: none), among
    // those uid may use. Errors name path.
    sdk::Result<std::int64_t> ReferencedDatasource(const Poco::JSON::Object::Ptr& holder, const std::string& path,
                                                   const std::string& uid) const;
    sdk::Result<Side> PrepareSide(const JobSideRequest& request, const std::string& field, bool is_reader,
                                  const std::string& uid) const;

    DatasourceService& datasources_;
    const PluginRegistry& plugins_;
    const engine::PluginCatalog& catalog_;
};

}  // namespace dbbridge::core
