// JDBC URLs from DataX jobs and datasource forms: host/port parsing and the redaction that keeps
// passwords out of logs and errors.
#include "dbbridge/sdk/util/jdbc_url.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string url = fuzz::Text(data, size);
    for (const char* prefix : {"jdbc:mysql://", "jdbc:postgresql://", "jdbc:oceanbase://", "jdbc:dm://"}) {
        (void)sdk::util::ParseHostPortUrl(url, prefix);
    }
    for (const auto& span : sdk::util::UrlPasswordSpans(url)) {
        fuzz::Require(span.begin <= span.end && span.end <= url.size(), "a password span lies inside the URL");
    }
    (void)sdk::util::RedactUrl(url);
    return 0;
}
