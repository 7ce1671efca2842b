// dbbridge.yaml as an operator writes it: every key typed and range-checked, errors naming the key.
#include "core/config/app_config.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto config = core::ParseConfig(fuzz::Text(data, size));
    fuzz::Require(config.ok() || !config.status().message().empty(), "a refused configuration says why");
    return 0;
}
