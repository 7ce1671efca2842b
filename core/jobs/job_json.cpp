#include "core/jobs/job_json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace dbbridge::core {

using sdk::Result;
using sdk::Status;

namespace {

constexpr int kJsonIndent = 4;

// The one job model every check and the engine see: a bare {"content": ..., "setting": ...} is
// wrapped in {"job": ...}, and a single content object (which the engine also accepts) becomes a
// one-element array, so no check can miss a side the engine would run.
Poco::JSON::Object::Ptr Normalize(Poco::JSON::Object::Ptr root) {
    if (!root->has("job") && (root->has("content") || root->has("setting"))) {
        Poco::JSON::Object::Ptr wrapped = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        wrapped->set("job", root);
        root = wrapped;
    }
    auto job = JsonObjectAt(root, "job");
    if (job && job->has("content") && job->get("content").type() == typeid(Poco::JSON::Object::Ptr)) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
        list->add(job->get("content"));
        job->set("content", list);
    }
    return root;
}

}  // namespace

Result<Poco::JSON::Object::Ptr> ParseJobJson(const std::string& text, const std::string& what) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        Poco::Dynamic::Var v = parser.parse(text);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            return Status::InvalidArgument(what + ": must be a JSON object");
        }
        return Normalize(v.extract<Poco::JSON::Object::Ptr>());
    } catch (const Poco::Exception& e) {
        return Status::InvalidArgument(what + ": not valid JSON: " + e.message());
    } catch (const std::exception& e) {
        return Status::InvalidArgument(what + ": not valid JSON: " + e.what());
    }
}

std::string PrettyJobJson(const Poco::JSON::Object::Ptr& obj) {
    std::ostringstream out;
    obj->stringify(out, kJsonIndent);
    out << "\n";
    return out.str();
}

Poco::JSON::Object::Ptr JsonObjectAt(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->get(key).type() != typeid(Poco::JSON::Object::Ptr)) {
        return nullptr;
    }
    return obj->getObject(key);
}

Poco::JSON::Array::Ptr JsonArrayAt(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->get(key).type() != typeid(Poco::JSON::Array::Ptr)) {
        return nullptr;
    }
    return obj->getArray(key);
}

Status ForEachJobSide(const Poco::JSON::Object::Ptr& root, const JobSideFn& fn) {
    auto content = JsonArrayAt(JsonObjectAt(root, "job"), "content");
    if (!content) {
        return Status::Ok();  // the engine's parser reports the shape
    }
    for (std::size_t i = 0; i < content->size(); ++i) {
        if (content->get(i).type() != typeid(Poco::JSON::Object::Ptr)) {
            continue;
        }
        auto entry = content->getObject(static_cast<unsigned>(i));
        for (const char* side : {"reader", "writer"}) {
            auto block = JsonObjectAt(entry, side);
            auto parameter = JsonObjectAt(block, "parameter");
            if (!parameter) {
                continue;
            }
            std::string name;
            if (block->has("name") && block->get("name").isString()) {
                name = block->get("name").extract<std::string>();
            }
            const std::string path = "job.content[" + std::to_string(i) + "]." + side;
            DBB_RETURN_IF_ERROR(fn(name, parameter, std::string(side) == "reader", path));
        }
    }
    return Status::Ok();
}

}  // namespace dbbridge::core
