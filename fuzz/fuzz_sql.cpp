// SQL from multiplex requests and the translation playground: the lexer with each dialect's
// lexicon, then the parser and translator for each source and target pair. The first byte picks
// the pair. Errors are answers; crashes, hangs and sanitizer reports are findings.
#include "core/sql/transpiler.h"
#include "dbbridge/sdk/sql_lexicon.h"
#include "dbbridge/sdk/util/sql_lexer.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

namespace {
struct Pair {
    const char* from;
    const char* to;
};
constexpr Pair kPairs[] = {
    {"ORACLE", "POSTGRESQL"},      {"ORACLE", "LIGHTDB_ORACLE"}, {"ORACLE", "MYSQL"},
    {"MYSQL", "POSTGRESQL"},       {"MYSQL", "OCEAN_BASE_MYSQL"}, {"ORACLE", "DM"},
    {"ORACLE", "OCEAN_BASE_ORACLE"}, {"MYSQL", "GAUSSDB_ORACLE"},
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const Pair& pair = kPairs[data[0] % (sizeof kPairs / sizeof kPairs[0])];
    const std::string sql = fuzz::Text(data + 1, size - 1);
    for (const auto& lexicon : {sdk::SqlLexicon::Oracle(), sdk::SqlLexicon::MySql(), sdk::SqlLexicon::Postgres()}) {
        (void)sdk::util::LexSql(sql, lexicon);
    }
    auto result = sql::TranspileForTarget(pair.from, pair.to, sql);
    fuzz::Require(result.ok() || !result.status().message().empty(), "a refused statement says why");
    return 0;
}
