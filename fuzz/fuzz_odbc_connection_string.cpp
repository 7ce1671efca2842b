// ODBC connection strings from datasource options: the parser that follows unixODBC's rules, the
// keyword checks that keep a string from loading a library or writing a file, and the password
// split that keeps the password out of what is stored in clear.
#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/sdk/util/odbc_connection_string.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::Text(data, size);
    (void)sdk::util::ParseOdbcConnectionString(text);
    (void)odbc::CheckDriverKeywords(text, "connection_string");
    (void)odbc::RedactConnectionString(text);
    const auto split = sdk::util::SplitOdbcPassword(text);
    for (const auto& attr : sdk::util::ParseOdbcConnectionString(split.rest)) {
        fuzz::Require(!sdk::util::IsOdbcPasswordKeyword(attr.keyword), "no password is left after the split");
    }
    const std::string braced = sdk::util::BraceOdbcValue(text);
    auto parsed = sdk::util::ParseOdbcConnectionString("UID=" + braced + ";PWD=x");
    fuzz::Require(!parsed.empty() && parsed.front().value == text, "a braced value reads back as itself");
    return 0;
}
