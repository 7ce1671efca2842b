// DataX job JSON as a client saves it and the engine reads it: the one job model (ParseJobJson),
// the unknown-key check and the engine's own job configuration.
#include "core/engine/job_config.h"
#include "core/engine/job_keys.h"
#include "core/jobs/job_json.h"
#include "fuzz/fuzz_util.h"

using namespace dbbridge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::Text(data, size);
    auto job = core::ParseJobJson(text, "job");
    if (job.ok()) {
        // The normalised form is what is stored and run: it must parse again to the same text.
        const std::string pretty = core::PrettyJobJson(*job);
        auto again = core::ParseJobJson(pretty, "job");
        fuzz::Require(again.ok(), "a normalised job parses again");
        fuzz::Require(core::PrettyJobJson(*again) == pretty, "normalising is idempotent");
        (void)core::engine::FindUnknownKeys(*job);
        (void)core::ForEachJobSide(*job, [](const std::string&, Poco::JSON::Object::Ptr, bool, const std::string&) {
            return sdk::Status::Ok();
        });
    }
    (void)core::engine::ParseJobConfig(text);
    return 0;
}
