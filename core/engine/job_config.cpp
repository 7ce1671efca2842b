#include "core/engine/job_config.h"

#include <cctype>
#include <charconv>
#include <string_view>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

// Poco's parser rejects an integer literal beyond 64 bits with a message that names no field
// ("Not a valid unsigned integer"). Such literals are turned into strings, so the typed getters
// report them with their JSON path. Only text outside string literals is touched.
std::string QuoteOverlongIntegers(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[++i];
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            out += c;
            continue;
        }
        if (c != '-' && !std::isdigit(static_cast<unsigned char>(c))) {
            out += c;
            continue;
        }
        std::size_t end = i + 1;
        while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                                     std::string_view("+-.eE").find(text[end]) != std::string_view::npos)) {
            ++end;
        }
        std::string token = text.substr(i, end - i);
        std::int64_t n = 0;
        auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
        if (ec == std::errc::result_out_of_range && ptr == token.data() + token.size()) {
            out += "\"" + token + "\"";
        } else {
            out += token;
        }
        i = end - 1;
    }
    return out;
}

Result<PluginConfig> ParsePlugin(const JsonParams& content, const std::string& key) {
    DBB_ASSIGN_OR_RETURN(auto obj, content.Object(key));
    if (!obj) {
        return Status::InvalidArgument(content.PathOf(key) + ": is required");
    }
    const JsonParams& side = *obj;
    DBB_ASSIGN_OR_RETURN(auto name, side.RequiredString("name"));
    auto parameter = side.Object("parameter");
    if (!parameter.ok()) {
        return parameter.status();
    }
    PluginConfig out;
    out.name = name;
    out.path = side.path();
    if (parameter.value()) {
        out.parameter = *parameter.value();
    } else {
        out.parameter = JsonParams(new Poco::JSON::Object(), side.PathOf("parameter"));
    }
    return out;
}

// Reads a long from "core.transport.channel.speed.<key>" of an optional "core" block.
Result<std::int64_t> CoreChannelLimit(const JsonParams& root, const std::string& key) {
    DBB_ASSIGN_OR_RETURN(auto core, root.Object("core"));
    if (!core) {
        return std::int64_t{-1};
    }
    auto transport = core->Object("transport");
    if (!transport.ok() || !transport.value()) {
        return transport.ok() ? Result<std::int64_t>(std::int64_t{-1}) : Result<std::int64_t>(transport.status());
    }
    auto channel = transport.value()->Object("channel");
    if (!channel.ok() || !channel.value()) {
        return channel.ok() ? Result<std::int64_t>(std::int64_t{-1}) : Result<std::int64_t>(channel.status());
    }
    auto speed = channel.value()->Object("speed");
    if (!speed.ok() || !speed.value()) {
        return speed.ok() ? Result<std::int64_t>(std::int64_t{-1}) : Result<std::int64_t>(speed.status());
    }
    return speed.value()->Int(key, -1);
}

// common.column.datetimeFormat / dateFormat / timeFormat: compiled now, so a pattern dbbridge cannot
// print fails the job before it starts, naming the key.
Result<ColumnDateFormats> ParseColumnFormats(const JsonParams& root) {
    ColumnDateFormats out;
    auto common = root.Object("common");
    if (!common.ok() || !common.value()) {
        return common.ok() ? Result<ColumnDateFormats>(out) : Result<ColumnDateFormats>(common.status());
    }
    auto column = common.value()->Object("column");
    if (!column.ok() || !column.value()) {
        return column.ok() ? Result<ColumnDateFormats>(out) : Result<ColumnDateFormats>(column.status());
    }
    const JsonParams& c = *column.value();
    bool set = false;
    const std::pair<const char*, std::optional<JavaDateFormat>*> keys[] = {
        {"datetimeFormat", &out.datetime}, {"dateFormat", &out.date}, {"timeFormat", &out.time}};
    for (const auto& [key, slot] : keys) {
        if (!c.Has(key)) {
            continue;
        }
        DBB_ASSIGN_OR_RETURN(auto text, c.String(key, ""));
        auto compiled = JavaDateFormat::Compile(text);
        if (!compiled.ok()) {
            return compiled.status().WithContext(c.PathOf(key));
        }
        *slot = compiled.value();
        set = true;
    }
    DBB_ASSIGN_OR_RETURN(auto extra, c.StringList("extraFormats"));
    if (set || !extra.empty()) {
        // StringCast.asDate: datetime, date and time formatters, then extraFormats.
        for (const auto& [key, fallback] : {std::pair<const char*, const char*>{"datetimeFormat", "yyyy-MM-dd HH:mm:ss"},
                                            {"dateFormat", "yyyy-MM-dd"},
                                            {"timeFormat", "HH:mm:ss"}}) {
            out.parse_patterns.push_back(c.String(key, fallback).value());
        }
        out.parse_patterns.insert(out.parse_patterns.end(), extra.begin(), extra.end());
    }
    return out;
}

}  // namespace

Result<JobConfig> ParseJobConfig(const std::string& json_text) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(QuoteOverlongIntegers(json_text));
    } catch (const Poco::Exception& e) {
        return Status::InvalidArgument("job file is not valid JSON: " + e.displayText());
    } catch (const std::exception& e) {
        return Status::InvalidArgument(std::string("job file is not valid JSON: ") + e.what());
    }
    if (!IsJsonObject(parsed)) {
        return Status::InvalidArgument("job file: expected a JSON object at the top level, got " +
                                       DescribeJson(parsed));
    }
    JsonParams root(parsed.extract<Poco::JSON::Object::Ptr>(), "");
    auto job_obj = root.Object("job");
    if (!job_obj.ok()) {
        return Status::InvalidArgument("job: expected an object, got " + DescribeJson(root.Get("job")));
    }
    if (!job_obj.value()) {
        return Status::InvalidArgument("job: is required (the file must look like {\"job\": {\"content\": [...]}})");
    }
    JsonParams job(job_obj.value()->object(), "job");

    JobConfig config;
    config.unknown_keys = FindUnknownKeys(root.object());
    DBB_ASSIGN_OR_RETURN(auto setting, job.Object("setting"));
    if (setting) {
        const JsonParams& s = *setting;
        DBB_ASSIGN_OR_RETURN(auto speed, s.Object("speed"));
        if (speed) {
            auto channel = speed->Int("channel", 0);
            auto byte = speed->Int("byte", 0);
            auto record = speed->Int("record", 0);
            for (auto* r : {&channel, &byte, &record}) {
                if (!r->ok()) {
                    return r->status();
                }
            }
            config.speed.channel = channel.value();
            config.speed.byte = byte.value();
            config.speed.record = record.value();
        }
        DBB_ASSIGN_OR_RETURN(auto dry_run, s.Bool("dryRun", false));
        config.dry_run = dry_run;
        DBB_ASSIGN_OR_RETURN(auto limit, s.Object("errorLimit"));
        if (limit) {
            const JsonParams& l = *limit;
            if (l.Has("record")) {
                DBB_ASSIGN_OR_RETURN(auto r, l.Int("record", 0));
                if (r < 0) {
                    return Status::InvalidArgument(l.PathOf("record") + ": must be 0 or more, got " +
                                                   std::to_string(r));
                }
                config.error_limit.record = r;
            }
            if (l.Has("percentage")) {
                DBB_ASSIGN_OR_RETURN(auto p, l.Double("percentage", 0));
                if (p < 0 || p > 1) {
                    return Status::InvalidArgument(l.PathOf("percentage") + ": must be between 0.0 and 1.0");
                }
                config.error_limit.percentage = p;
            }
        }
    }
    DBB_ASSIGN_OR_RETURN(auto byte_limit, CoreChannelLimit(root, "byte"));
    DBB_ASSIGN_OR_RETURN(auto record_limit, CoreChannelLimit(root, "record"));
    config.speed.channel_byte_limit = byte_limit;
    config.speed.channel_record_limit = record_limit;
    DBB_ASSIGN_OR_RETURN(auto column_formats, ParseColumnFormats(root));
    config.column_formats = column_formats;

    Poco::Dynamic::Var content = job.Get("content");
    if (content.isEmpty()) {
        return Status::InvalidArgument("job.content: is required");
    }
    JsonParams entry;
    if (IsJsonObject(content)) {  // Addax accepts a single object
        entry = JsonParams(content.extract<Poco::JSON::Object::Ptr>(), "job.content");
    } else if (IsJsonArray(content)) {
        auto arr = content.extract<Poco::JSON::Array::Ptr>();
        if (arr->size() == 0) {
            return Status::InvalidArgument("job.content: must hold at least one {reader, writer} entry");
        }
        Poco::Dynamic::Var item = arr->get(0);
        if (!IsJsonObject(item)) {
            return Status::InvalidArgument("job.content[0]: expected an object, got " + DescribeJson(item));
        }
        entry = JsonParams(item.extract<Poco::JSON::Object::Ptr>(), "job.content[0]");
        config.ignored_content_entries = arr->size() - 1;  // never read by DataX either
    } else {
        return Status::InvalidArgument("job.content: expected an array, got " + DescribeJson(content));
    }
    DBB_ASSIGN_OR_RETURN(auto reader, ParsePlugin(entry, "reader"));
    DBB_ASSIGN_OR_RETURN(auto writer, ParsePlugin(entry, "writer"));
    DBB_ASSIGN_OR_RETURN(auto transformer, TransformerChain::Parse(entry.Get("transformer"), entry.PathOf("transformer")));
    config.content.push_back({std::move(reader), std::move(writer), std::move(transformer)});
    return config;
}

}  // namespace dbbridge::core::engine
