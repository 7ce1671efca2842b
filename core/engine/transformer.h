#pragma once
// DataX's built-in transformers (transformer/doc/transformer.md; core/.../transport/transformer/*):
// dx_substr, dx_pad, dx_replace, dx_filter, dx_digest, configured per content entry as
//   "transformer": [{"name": "dx_substr", "parameter": {"columnIndex": 1, "paras": ["2", "5"]}}]
// They run on the reader side before a record enters the channel
// (BufferedRecordTransformerExchanger#sendToWriter), in order; a failing one makes the record
// dirty (reader side) and stops the later ones; dx_filter drops matching records.
//
// Deliberate difference: DataX checks the paras only when the first record arrives and then makes
// every record dirty; here the same rules (and DataX's messages) refuse the job before it starts.
// dx_groovy needs a JVM and is refused. Strings are handled by character (DataX: UTF-16 unit;
// they differ only for characters beyond U+FFFF).
//
// Thread-safety: a TransformerChain is immutable after Parse and may be shared by reader threads.

#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/engine/json_params.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

class TransformerChain {
public:
    enum class Outcome { kKeep, kFiltered, kFailed };

    // transformer: the value of job.content[i].transformer (null: no transformers). Errors name
    // the JSON path and carry DataX's TransformerErrorCode text.
    static sdk::Result<TransformerChain> Parse(const Poco::Dynamic::Var& transformer, const std::string& path);

    bool empty() const { return steps_.empty(); }
    // DataX fails the job (TransformerErrorCode-05) when a columnIndex is beyond the first record.
    sdk::Status CheckColumnCount(std::size_t columns) const;
    // Applies every step to record in place. kFailed sets reason to DataX's
    // "transformer(dx_x) has Exception(...)".
    Outcome Apply(sdk::Record& record, std::string& reason) const;

    struct Step {
        std::string name;
        std::size_t column = 0;
        std::vector<std::string> paras;
        std::int64_t n1 = 0;  // parsed numeric paras (start / length)
        std::int64_t n2 = 0;
        std::shared_ptr<std::regex> pattern;  // dx_filter like / not like
    };

private:
    std::vector<Step> steps_;
};

}  // namespace dbbridge::core::engine
