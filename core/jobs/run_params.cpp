#include "core/jobs/run_params.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cctype>

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core {

namespace {

sdk::Result<Poco::JSON::Object::Ptr> ParseObject(const std::string& text, const std::string& what) {
    try {
        Poco::JSON::Parser parser;
        auto v = parser.parse(text);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            return sdk::Status::InvalidArgument(what + " must be a JSON object");
        }
        return v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return sdk::Status::InvalidArgument(what + " is not valid JSON: " + e.message());
    }
}

}  // namespace

sdk::Status ValidateRunParams(const RunParams& params, const std::string& field) {
    if (static_cast<int>(params.size()) > kMaxRunParams) {
        return sdk::Status::InvalidArgument(field + ": at most " + std::to_string(kMaxRunParams) + " parameters");
    }
    for (const auto& [name, value] : params) {
        if (name.empty() || name.size() > 64) {
            return sdk::Status::InvalidArgument(field + ": a parameter name must have 1 to 64 characters");
        }
        for (char c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
                return sdk::Status::InvalidArgument(field + "." + name + ": a name may hold only letters, digits and _");
            }
        }
        if (value.size() > 4096) {
            return sdk::Status::InvalidArgument(field + "." + name + ": the value is longer than 4096 bytes");
        }
    }
    return sdk::Status::Ok();
}

std::string EncodeRunParams(const RunParams& params) {
    if (params.empty()) {
        return "";
    }
    sdk::util::JsonWriter w;
    w.BeginObject();
    for (const auto& [k, v] : params) {
        w.Key(k).String(v);
    }
    w.EndObject();
    return w.str();
}

sdk::Result<RunParams> DecodeRunParams(const std::string& text) {
    RunParams out;
    if (text.empty()) {
        return out;
    }
    DBB_ASSIGN_OR_RETURN(auto obj, ParseObject(text, "params"));
    for (const auto& [k, v] : *obj) {
        out[k] = v.isString() ? v.extract<std::string>() : v.toString();
    }
    return out;
}

sdk::Result<std::optional<JobWatermark>> JobWatermarkOf(const std::string& job_text) {
    DBB_ASSIGN_OR_RETURN(auto root, ParseObject(job_text, "the job"));
    auto job = root->getObject("job");
    if (!job || !job->has("watermark") || job->isNull("watermark")) {
        return std::optional<JobWatermark>();
    }
    auto wm = job->getObject("watermark");
    if (!wm) {
        return sdk::Status::InvalidArgument("job.watermark must be an object {\"column\": ..., \"initial\": ...}");
    }
    JobWatermark out;
    if (!wm->has("column") || !wm->get("column").isString() || wm->getValue<std::string>("column").empty()) {
        return sdk::Status::InvalidArgument("job.watermark.column must name a column the reader reads");
    }
    out.column = wm->getValue<std::string>("column");
    if (wm->has("initial") && !wm->isNull("initial")) {
        out.initial = wm->get("initial").toString();
    }
    return std::optional<JobWatermark>(out);
}

}  // namespace dbbridge::core
