// POST /multiplex/multiplex bodies (seed 004): parsing, validation, bind conversion. Never throws.
#include "core/multiplex/multiplex_request.h"
#include "dbbridge/sdk/sql_lexicon.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto check = core::multiplex::ParseMultiplexRequest(
        fuzz::Text(data, size), [](const std::string& dialect) {
            return dialect.find("MYSQL") != std::string::npos ? sdk::SqlLexicon::MySql() : sdk::SqlLexicon::Oracle();
        });
    fuzz::Require(check.code == 0 || !check.message.empty(), "a refused request says why");
    return 0;
}
