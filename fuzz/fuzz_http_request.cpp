// The parts of HTTP request handling that are dbbridge's own (Poco parses the rest): what the
// connection front reads from the peeked head, and the JSON body with its typed field access.
#include "fuzz/fuzz_util.h"
#include "host/http/request.h"
#include "host/http/request_head.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::Text(data, size);
    const auto state = host::InspectPeekedRequest(text, 1024, 256);
    fuzz::Require(state != host::PeekedState::kSmallBody || text.find("\r\n\r\n") != std::string::npos,
                  "a request is handed over only with its whole head");
    host::Request request;
    request.body = text;
    auto body = request.JsonObject();
    if (!body.ok()) {
        return 0;
    }
    host::JsonFields fields(*body, "job");
    (void)fields.OnlyKeys({"id", "name", "port", "enabled", "columns", "params", "reader"});
    (void)fields.String("name", false);
    (void)fields.Int("port", false, 0, 65535);
    (void)fields.Int("id", false, 1, INT64_MAX);
    (void)fields.Bool("enabled", false);
    (void)fields.StringList("columns", false);
    (void)fields.StringMap("params");
    (void)fields.Object("reader", false);
    return 0;
}
