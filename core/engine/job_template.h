#pragma once
// `dbbridge run -r READER -w WRITER`: the job template datax.py prints
// (core/src/main/bin/datax.py#generateJobConfigTemplate): the two plugins' doc links, a how-to line
// and {"job": {"content": [{"reader": .., "writer": ..}], "setting": {"speed": {"channel": ""}}}}
// with each plugin's plugin_job_template.json, printed as Python's json.dumps(indent=4,
// sort_keys=True) does. Plugins DataX ships without a template (oceanbasev10reader/writer, where
// datax.py fails) get one made from their doc's parameter list.

#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

// The names -r / -w accept, sorted.
std::vector<std::string> TemplateReaderNames();
std::vector<std::string> TemplateWriterNames();

// The whole text to print. other_readers / other_writers: names served by loaded database plugins
// that have no template of their own; they get rdbmsreader's / rdbmswriter's. Error (naming the
// known plugins) for an unknown reader or writer.
sdk::Result<std::string> JobTemplateText(const std::string& reader, const std::string& writer,
                                         const std::vector<std::string>& other_readers = {},
                                         const std::vector<std::string>& other_writers = {});

}  // namespace dbbridge::core::engine
