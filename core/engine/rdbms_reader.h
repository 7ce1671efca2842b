#pragma once
// The DataX rdbms reader family (mysqlreader, postgresqlreader, oraclereader, rdbmsreader,
// oceanbasev10reader, ...) over the plugins' sdk::Connection.
// Parameters: username, password, column (names, "*", constants, expressions: passed verbatim),
// connection[] {jdbcUrl: [..] | datasourceId | datasourceName, table: [..] | querySql: [..]},
// where, splitPk, splitFactor (5), fetchSize, session (statements run on every connection).
// Split: one task per querySql; one per table without splitPk; with splitPk the integer key range
// [min, max] is cut into ceil(channels / tables) (x splitFactor for a single table) ranges plus one
// "splitPk IS NULL" task, as DataX does.

#include <memory>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "core/engine/rdbms_target.h"

namespace dbbridge::core::engine {

class RdbmsReaderPlugin : public ReaderPlugin {
public:
    static sdk::Result<std::unique_ptr<ReaderPlugin>> Create(const std::string& name, const JsonParams& parameter,
                                                             const EngineEnv& env);

    // Connects to each source and runs every table's SELECT (columns, where) and querySql with a
    // false condition, and reads the splitPk range: what DataX's PreCheckTask checks.
    sdk::Status PreCheck() override;
    sdk::Result<std::vector<std::unique_ptr<ReaderTask>>> Split(int advice_channels) override;

    struct Source {
        DbTarget target;
        std::vector<std::string> tables;
        std::vector<std::string> queries;
    };

    // Cuts [lo, hi] into at most n ranges: [a, b) ..., the last one inclusive. Exposed for tests.
    static std::vector<std::pair<std::int64_t, std::int64_t>> SplitIntegerRange(std::int64_t lo, std::int64_t hi,
                                                                               int n);

private:
    sdk::Result<std::unique_ptr<sdk::Connection>> ConnectWithSession(Source& source);

    std::string name_;
    EngineEnv env_;
    std::vector<Source> sources_;
    std::vector<std::string> columns_;
    std::string where_;
    std::string split_pk_;
    int split_factor_ = 5;
    int fetch_size_ = 10000;
    std::vector<std::string> session_;
};

}  // namespace dbbridge::core::engine
