#include "core/engine/job_keys.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/engine/json_params.h"
#include "dbbridge/sdk/util/edit_distance.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::engine {

namespace {

// A schema written as "a,b{c,d},e*": b's object value holds c and d; e is open (anything goes);
// a plain name's value is not looked into. Arrays are checked element by element.
struct KeyNode {
    std::map<std::string, KeyNode> children;
    bool open = true;  // no children listed: the value is not checked
};

void ParseInto(const std::string& spec, std::size_t& i, KeyNode& node) {
    node.open = false;
    while (i < spec.size() && spec[i] != '}') {
        std::size_t start = i;
        while (i < spec.size() && spec[i] != ',' && spec[i] != '{' && spec[i] != '}' && spec[i] != '*') {
            ++i;
        }
        KeyNode& child = node.children[spec.substr(start, i - start)];
        if (i < spec.size() && spec[i] == '*') {
            ++i;
        } else if (i < spec.size() && spec[i] == '{') {
            ++i;
            ParseInto(spec, i, child);
            ++i;  // '}'
        }
        if (i < spec.size() && spec[i] == ',') {
            ++i;
        }
    }
}

KeyNode Parse(const std::string& spec) {
    KeyNode n;
    std::size_t i = 0;
    ParseInto(spec, i, n);
    return n;
}

// DataX's core.json sections are accepted as a whole: a job may override any of them.
// job.watermark is dbbridge's incremental-sync setting (core/jobs/run_params.cpp).
const char* const kTopLevel = "job{setting{speed{channel,byte,record},errorLimit{record,percentage},dryRun,keyVersion},"
                              "content{reader{name,parameter},writer{name,parameter},"
                              "transformer{name,parameter{columnIndex,paras,code,extraPackage,context*}}},"
                              "preHandler*,postHandler*,watermark{column,initial}},core*,common*,entry*";

// Keys the rdbms family shares (plugin-rdbms-util Key.java) and dbbridge's saved-datasource keys.
const char* const kRdbmsReader =
    "username,password,jdbcUrl,datasourceId,datasourceName,column,splitPk,where,fetchSize,session,splitFactor,"
    "hint,samplePercentage,mandatoryEncoding,querySql,table,"
    "connection{jdbcUrl,table,querySql,datasourceId,datasourceName,username,password}";
const char* const kRdbmsWriter =
    "username,password,jdbcUrl,datasourceId,datasourceName,column,writeMode,preSql,postSql,session,batchSize,"
    "batchByteSize,emptyAsNull,table,connection{jdbcUrl,table,datasourceId,datasourceName,username,password}";

const std::map<std::string, KeyNode>& PluginSchemas() {
    static const std::map<std::string, KeyNode> schemas = [] {
        std::map<std::string, std::string> specs = {
            {"streamreader", "column{type,value,random,dateFormat},sliceRecordCount"},
            {"streamwriter", "print,fieldDelimiter,encoding,path,fileName,recordNumBeforeSleep,sleepTime"},
            {"txtfilereader",
             "path,column{index,type,value,format},fieldDelimiter,compress,encoding,skipHeader,nullFormat,"
             "bufferSize,csvReaderConfig{safetySwitch,skipEmptyRecords,useTextQualifier,textQualifier,trimWhitespace,"
             "delimiter,recordDelimiter,comment,useComments,escapeMode,captureRawRecord,caseSensitive}"},
            {"txtfilewriter",
             "path,fileName,writeMode,fieldDelimiter,compress,encoding,nullFormat,dateFormat,format,fileFormat,header,"
             "suffix,lineDelimiter,byteEncoding,table,quoteChar,commitSize,csvWriterConfig*"},
            {"mysqlreader", kRdbmsReader},
            {"postgresqlreader", kRdbmsReader},
            {"oraclereader", kRdbmsReader},
            {"rdbmsreader", kRdbmsReader},
            {"oceanbasev10reader", std::string(kRdbmsReader) +
                                       ",timeout,readBatchSize,readByPartition,partitionName,partitionType,"
                                       "obCompatibilityMode,retryLimit,weakRead"},
            {"mysqlwriter", kRdbmsWriter},
            {"postgresqlwriter", kRdbmsWriter},
            {"oraclewriter", kRdbmsWriter},
            {"rdbmswriter", kRdbmsWriter},
            {"oceanbasev10writer",
             std::string(kRdbmsWriter) +
                 ",obWriteMode,obUpdateColumns,obCompatibilityMode,memstoreThreshold,memstoreCheckIntervalSecond,"
                 "failTryCount,writerThreadCount,concurrentWrite,obVersion,timeout,printCost,costBound,"
                 "maxActiveConnection,writerSubTaskCount,usePartCalculator,blocksCount,directPath,rpcPort,"
                 "maxErrors,parallel,bufferSize,heartBeatInterval,heartBeatTimeout"},
        };
        std::map<std::string, KeyNode> out;
        for (const auto& [name, spec] : specs) {
            out[name] = Parse(spec);
        }
        return out;
    }();
    return schemas;
}

// The closest sibling key, else a key of that name one level down ("job.setting" for "setting").
std::string Suggest(const std::string& key, const KeyNode& node, const std::string& parent_path) {
    std::string best;
    // Up to two edits for short keys (a swapped pair: "prnit"), three for long ones.
    std::size_t best_distance = std::max<std::size_t>(2, std::min<std::size_t>(3, key.size() / 3)) + 1;
    for (const auto& [name, child] : node.children) {
        std::size_t d = sdk::util::EditDistance(sdk::util::ToLower(key), sdk::util::ToLower(name));
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    if (!best.empty()) {
        return best;
    }
    for (const auto& [name, child] : node.children) {
        if (child.children.count(key)) {
            return (parent_path.empty() ? "" : parent_path + ".") + name + "." + key;
        }
    }
    return "";
}

void Check(const Poco::Dynamic::Var& value, const KeyNode& node, const std::string& path,
           std::vector<UnknownKey>& out);

void CheckPluginParameters(const Poco::JSON::Object::Ptr& side, const std::string& path, std::vector<UnknownKey>& out) {
    if (!side->has("name") || !side->get("name").isString()) {
        return;
    }
    auto it = PluginSchemas().find(side->get("name").convert<std::string>());
    if (it != PluginSchemas().end() && side->has("parameter")) {
        Check(side->get("parameter"), it->second, path + ".parameter", out);
    }
}

void Check(const Poco::Dynamic::Var& value, const KeyNode& node, const std::string& path,
           std::vector<UnknownKey>& out) {
    if (node.open) {
        return;
    }
    if (IsJsonArray(value)) {
        auto arr = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i) {
            Check(arr->get(static_cast<unsigned>(i)), node, path + "[" + std::to_string(i) + "]", out);
        }
        return;
    }
    if (!IsJsonObject(value)) {
        return;
    }
    auto obj = value.extract<Poco::JSON::Object::Ptr>();
    std::vector<std::string> names;
    obj->getNames(names);
    for (const auto& key : names) {
        std::string child_path = path.empty() ? key : path + "." + key;
        auto it = node.children.find(key);
        if (it == node.children.end()) {
            out.push_back({child_path, Suggest(key, node, path)});
            continue;
        }
        Check(obj->get(key), it->second, child_path, out);
        // reader / writer parameters depend on the plugin's name beside them.
        if ((key == "reader" || key == "writer") && IsJsonObject(obj->get(key))) {
            CheckPluginParameters(obj->get(key).extract<Poco::JSON::Object::Ptr>(), child_path, out);
        }
    }
}

}  // namespace

std::string UnknownKey::Describe() const {
    std::string text = path + ": unknown key";
    if (!suggestion.empty()) {
        text += " (did you mean \"" + suggestion + "\"?)";
    }
    return text;
}

namespace {
const KeyNode& TopLevel() {
    static const KeyNode top = Parse(kTopLevel);
    return top;
}

void Flatten(const KeyNode& node, const std::string& prefix, std::vector<std::string>& out) {
    for (const auto& [name, child] : node.children) {
        std::string path = prefix.empty() ? name : prefix + "." + name;
        if (child.children.empty()) {
            out.push_back(path);
        }
        Flatten(child, path, out);
    }
}
}  // namespace

std::vector<std::string> KnownKeyPaths(const std::string& plugin) {
    std::vector<std::string> out;
    if (plugin.empty()) {
        Flatten(TopLevel(), "", out);
        return out;
    }
    auto it = PluginSchemas().find(plugin);
    if (it != PluginSchemas().end()) {
        Flatten(it->second, "", out);
    }
    return out;
}

std::vector<std::string> KnownKeyPlugins() {
    std::vector<std::string> out;
    for (const auto& [name, node] : PluginSchemas()) {
        out.push_back(name);
    }
    return out;
}

std::vector<UnknownKey> FindUnknownKeys(const Poco::JSON::Object::Ptr& root) {
    const KeyNode& top = TopLevel();
    std::vector<UnknownKey> out;
    if (root) {
        Check(Poco::Dynamic::Var(root), top, "", out);
    }
    return out;
}

}  // namespace dbbridge::core::engine
