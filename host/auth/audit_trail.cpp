#include "host/auth/audit_trail.h"

#include <Poco/JSON/Parser.h>

#include <iostream>
#include <vector>

namespace dbbridge::host {

namespace {

// The first of keys found in obj, as text.
std::string FirstOf(const Poco::JSON::Object::Ptr& obj, const std::vector<std::string>& keys) {
    if (!obj) {
        return "";
    }
    for (const auto& k : keys) {
        if (obj->has(k) && !obj->isNull(k)) {
            try {
                return obj->get(k).convert<std::string>();
            } catch (const Poco::Exception&) {
                return "";
            }
        }
    }
    return "";
}

Poco::JSON::Object::Ptr ParseObject(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        auto v = parser.parse(text);
        if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
            return v.extract<Poco::JSON::Object::Ptr>();
        }
    } catch (const std::exception&) {
    }
    return nullptr;
}

// What names the object a request acts on, in this order.
const std::vector<std::string> kIdKeys = {"id", "name", "project", "traceId"};

std::string ObjectId(const Request& req, const ApiReply& reply) {
    for (const auto& k : kIdKeys) {
        auto it = req.query.find(k);
        if (it != req.query.end()) {
            return it->second;
        }
    }
    if (auto id = FirstOf(ParseObject(req.body), kIdKeys); !id.empty()) {
        return id;
    }
    return FirstOf(ParseObject(reply.data_json), kIdKeys);
}

std::string Outcome(const ApiReply& reply) {
    if (reply.code == 0) {
        return "ok";
    }
    if (reply.code == 403 || reply.code == 404 || reply.code == 401) {
        return "denied";
    }
    return "failed";
}

// "datasource.update" -> "datasource"
std::string ObjectType(const std::string& action) { return action.substr(0, action.find('.')); }

}  // namespace

void AuditTrail::OnRoute(const Request& req, const std::string& action, const ApiReply& reply) const {
    std::string detail = reply.code == 0 ? "" : std::to_string(reply.code) + " " + reply.message;
    Record(req, req.uid, action, ObjectType(action), ObjectId(req, reply), Outcome(reply), detail);
}

void AuditTrail::Record(const Request& req, const std::string& actor, const std::string& action,
                        const std::string& object_type, const std::string& object_id, const std::string& outcome,
                        const std::string& detail) const {
    core::AuditRow row;
    row.actor = actor;
    row.action = action;
    row.object_type = object_type;
    row.object_id = object_id;
    row.outcome = outcome;
    row.peer = req.peer;
    row.detail = detail;
    auto st = audit_.Append(row);
    if (!st.ok()) {
        std::cerr << "dbbridge: audit record '" << action << "' by '" << actor << "' not written: " << st.message()
                  << std::endl;
    }
}

}  // namespace dbbridge::host
