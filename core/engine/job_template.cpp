#include "core/engine/job_template.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/engine/json_params.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

// Each plugin's plugin_job_template.json "parameter" block (alibaba/DataX <plugin>/src/main/
// resources/); the oceanbasev10 ones follow oceanbasev10reader.md / oceanbasev10writer.md.
const std::map<std::string, const char*>& ReaderTemplates() {
    static const std::map<std::string, const char*> t = {
        {"streamreader", R"({"sliceRecordCount": "", "column": []})"},
        {"txtfilereader", R"({"path": [], "encoding": "", "column": [], "fieldDelimiter": ""})"},
        {"mysqlreader", R"({"username": "", "password": "", "column": [],
                            "connection": [{"jdbcUrl": [], "table": []}], "where": ""})"},
        {"postgresqlreader", R"({"username": "", "password": "", "connection": [{"table": [], "jdbcUrl": []}]})"},
        {"oraclereader", R"({"username": "", "password": "", "column": [],
                             "connection": [{"table": [], "jdbcUrl": []}]})"},
        {"rdbmsreader", R"({"username": "", "password": "", "column": [],
                            "connection": [{"jdbcUrl": [], "table": []}], "where": ""})"},
        {"oceanbasev10reader", R"({"username": "", "password": "", "column": [], "where": "", "splitPk": "",
                                   "readBatchSize": 10000, "connection": [{"jdbcUrl": [], "table": []}]})"},
    };
    return t;
}

const std::map<std::string, const char*>& WriterTemplates() {
    static const std::map<std::string, const char*> t = {
        {"streamwriter", R"({"encoding": "", "print": true})"},
        {"txtfilewriter", R"({"path": "", "fileName": "", "writeMode": "", "fieldDelimiter": "", "dateFormat": ""})"},
        {"mysqlwriter", R"({"username": "", "password": "", "writeMode": "", "column": [], "session": [],
                            "preSql": [], "connection": [{"jdbcUrl": "", "table": []}]})"},
        {"postgresqlwriter", R"({"username": "", "password": "", "column": [], "preSql": [],
                                 "connection": [{"jdbcUrl": "", "table": []}], "postSql": []})"},
        {"oraclewriter", R"({"username": "", "password": "", "column": [], "preSql": [],
                             "connection": [{"jdbcUrl": "", "table": []}]})"},
        {"rdbmswriter", R"({"username": "", "password": "", "writeMode": "", "column": [], "session": [],
                            "preSql": [], "connection": [{"jdbcUrl": "", "table": []}]})"},
        {"oceanbasev10writer", R"({"username": "", "password": "", "obWriteMode": "update", "column": [],
                                   "preSql": [], "batchSize": 512, "memstoreThreshold": "90",
                                   "connection": [{"jdbcUrl": "", "table": []}]})"},
    };
    return t;
}

std::vector<std::string> Keys(const std::map<std::string, const char*>& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) {
        out.push_back(k);
    }
    return out;
}

std::string Join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

// json.dumps string: ASCII with \uXXXX escapes for the rest (ensure_ascii).
std::string PyString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

// Python's json.dumps(value, indent=4, sort_keys=True) (Python 3 separators).
void PyDump(const Poco::Dynamic::Var& v, int depth, std::string& out) {
    const std::string pad((depth + 1) * 4, ' ');
    const std::string close(depth * 4, ' ');
    if (IsJsonObject(v)) {
        auto obj = v.extract<Poco::JSON::Object::Ptr>();
        std::vector<std::string> names;
        obj->getNames(names);  // sorted
        if (names.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        for (std::size_t i = 0; i < names.size(); ++i) {
            out += pad + PyString(names[i]) + ": ";
            PyDump(obj->get(names[i]), depth + 1, out);
            out += i + 1 < names.size() ? ",\n" : "\n";
        }
        out += close + "}";
    } else if (IsJsonArray(v)) {
        auto arr = v.extract<Poco::JSON::Array::Ptr>();
        if (arr->size() == 0) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < arr->size(); ++i) {
            out += pad;
            PyDump(arr->get(static_cast<unsigned>(i)), depth + 1, out);
            out += i + 1 < arr->size() ? ",\n" : "\n";
        }
        out += close + "]";
    } else if (v.isString()) {
        out += PyString(v.convert<std::string>());
    } else if (v.isBoolean()) {
        out += v.convert<bool>() ? "true" : "false";
    } else if (v.isEmpty()) {
        out += "null";
    } else {
        out += v.convert<std::string>();
    }
}

std::string DocLink(const std::string& plugin) {
    return "https://github.com/alibaba/DataX/blob/master/" + plugin + "/doc/" + plugin + ".md";
}

}  // namespace

std::vector<std::string> TemplateReaderNames() {
    return Keys(ReaderTemplates());
}

std::vector<std::string> TemplateWriterNames() {
    return Keys(WriterTemplates());
}

namespace {
Result<const char*> FindTemplate(const std::map<std::string, const char*>& templates, const std::string& name,
                                 const std::vector<std::string>& others, const char* generic, const char* what) {
    auto it = templates.find(name);
    if (it != templates.end()) {
        return it->second;
    }
    if (std::find(others.begin(), others.end(), name) != others.end()) {
        return templates.at(generic);
    }
    std::vector<std::string> all = Keys(templates);
    all.insert(all.end(), others.begin(), others.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return Status::InvalidArgument(std::string(what) + ": unknown plugin \"" + name + "\"; available: " + Join(all));
}
}  // namespace

Result<std::string> JobTemplateText(const std::string& reader, const std::string& writer,
                                    const std::vector<std::string>& other_readers,
                                    const std::vector<std::string>& other_writers) {
    auto r = FindTemplate(ReaderTemplates(), reader, other_readers, "rdbmsreader", "-r");
    if (!r.ok()) {
        return r.status();
    }
    auto w = FindTemplate(WriterTemplates(), writer, other_writers, "rdbmswriter", "-w");
    if (!w.ok()) {
        return w.status();
    }
    std::string json = R"({"job": {"setting": {"speed": {"channel": ""}}, "content": [{"reader": {"name": ")" +
                       reader + R"(", "parameter": )" + r.value() + R"(}, "writer": {"name": ")" + writer +
                       R"(", "parameter": )" + w.value() + "}}]}}";
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(json);
    std::string out;
    // The lines datax.py prints before the JSON, with dbbridge's command in the how-to line.
    out += "Please refer to the " + reader + " document:\n     " + DocLink(reader) + " \n\n";
    out += "Please refer to the " + writer + " document:\n     " + DocLink(writer) + " \n \n";
    out += "Please save the following configuration as a json file and  use\n"
           "     dbbridge run {JSON_FILE_NAME}.json \nto run the job.\n\n";
    PyDump(parsed, 0, out);
    out += "\n";
    return out;
}

}  // namespace dbbridge::core::engine
