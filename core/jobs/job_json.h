#pragma once
// Small helpers over DataX job JSON shared by the job builder, the secret sealing and the file
// path guard: parsing with key order kept, pretty printing, and a walk over the reader / writer
// blocks of job.content[].

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

// Parses text as a JSON object keeping key order, in the one job model every check and the engine
// see: {"content", "setting"} wrapped in {"job": ...}, a job.content object made a one-element
// array. Errors are kInvalidArgument prefixed with what.
sdk::Result<Poco::JSON::Object::Ptr> ParseJobJson(const std::string& text, const std::string& what);
// Indented text with a trailing newline (the form job files and the store keep).
std::string PrettyJobJson(const Poco::JSON::Object::Ptr& obj);

// obj[key] when it is an object / array, else null.
Poco::JSON::Object::Ptr JsonObjectAt(const Poco::JSON::Object::Ptr& obj, const std::string& key);
Poco::JSON::Array::Ptr JsonArrayAt(const Poco::JSON::Object::Ptr& obj, const std::string& key);

// Calls fn for each job.content[i].reader / .writer object that has a "parameter" object.
// path is "job.content[i].reader"; name is the plugin name ("" when absent or not a string).
using JobSideFn = std::function<sdk::Status(const std::string& name, Poco::JSON::Object::Ptr parameter, bool is_reader,
                                            const std::string& path)>;
sdk::Status ForEachJobSide(const Poco::JSON::Object::Ptr& root, const JobSideFn& fn);

}  // namespace dbbridge::core
