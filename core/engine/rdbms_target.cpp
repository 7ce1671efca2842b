#include "core/engine/rdbms_target.h"

#include <cctype>
#include <charconv>
#include <cstdint>

#include "core/datasource/connection_resolver.h"
#include "core/plugin/plugin_registry.h"
#include "dbbridge/sdk/util/jdbc_url.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

constexpr std::int64_t kMaxTableRange = 100000;

bool IsRdbmsGeneric(const std::string& name) {
    return name == "rdbmsreader" || name == "rdbmswriter";
}

// Looks a key up in the connection entry first, then in the parameter block.
Poco::Dynamic::Var Lookup(const JsonParams& entry, const JsonParams& parameter, const std::string& key,
                          std::string& path) {
    if (entry.Has(key)) {
        path = entry.PathOf(key);
        return entry.Get(key);
    }
    path = parameter.PathOf(key);
    return parameter.Get(key);
}

// A plugin may quote the URL it was given; messages must show it without credentials.
Status RedactedStatus(const Status& st, const std::string& url, const std::string& redacted) {
    if (url.empty() || url == redacted) {
        return st;
    }
    std::string message = st.message();
    for (std::size_t at = message.find(url); at != std::string::npos; at = message.find(url, at + redacted.size())) {
        message.replace(at, url.size(), redacted);
    }
    return Status(st.code(), message);
}

}  // namespace

Result<DbTarget> DbTarget::Resolve(const std::string& plugin_name, const JsonParams& parameter,
                                   const JsonParams& entry, bool allow_url_list, const EngineEnv& env) {
    DbTarget t;
    t.path_ = entry.path();
    std::string id_path;
    std::string name_path;
    Poco::Dynamic::Var id = Lookup(entry, parameter, "datasourceId", id_path);
    Poco::Dynamic::Var ds_name = Lookup(entry, parameter, "datasourceName", name_path);
    if (!id.isEmpty() || !ds_name.isEmpty()) {
        if (!env.resolver) {
            return Status::Unavailable((id.isEmpty() ? name_path : id_path) +
                                       ": the job names a saved datasource, but no datasource service is available "
                                       "here; give jdbcUrl, username and password instead");
        }
        Result<sdk::ConnectionSpec> spec = Status::Internal("unset");
        std::string label;
        if (!id.isEmpty()) {
            DBB_ASSIGN_OR_RETURN(auto n, JsonParams::AsInt(id, id_path));
            spec = env.resolver->ResolveById(n);
            label = "datasource " + std::to_string(n);
            if (!spec.ok()) {
                return spec.status().WithContext(id_path);
            }
        } else {
            DBB_ASSIGN_OR_RETURN(auto s, JsonParams::AsString(ds_name, name_path));
            spec = env.resolver->ResolveByName(s);
            label = "datasource \"" + s + "\"";
            if (!spec.ok()) {
                return spec.status().WithContext(name_path);
            }
        }
        t.dialect_ = env.registry ? env.registry->Find(spec.value().dialect) : nullptr;
        if (!t.dialect_) {
            return Status::NotFound((id.isEmpty() ? name_path : id_path) + ": " + label + " has dialect " +
                                    spec.value().dialect + ", for which no plugin is loaded");
        }
        t.candidates_.push_back(spec.value());
        t.urls_.push_back("");
        t.labels_.push_back(label);
        return t;
    }

    std::string url_path;
    Poco::Dynamic::Var url_var = Lookup(entry, parameter, "jdbcUrl", url_path);
    if (url_var.isEmpty()) {
        return Status::InvalidArgument(entry.PathOf("jdbcUrl") + ": is required (or name a saved datasource with "
                                                                 "datasourceId / datasourceName)");
    }
    std::vector<std::string> urls;
    if (url_var.isString()) {
        urls.push_back(url_var.convert<std::string>());
    } else if (IsJsonArray(url_var)) {
        DBB_ASSIGN_OR_RETURN(auto list, JsonParams::AsStringList(url_var, url_path));
        urls = list;
        if (!allow_url_list && urls.size() > 1) {
            return Status::InvalidArgument(url_path + ": a writer takes one jdbcUrl (a string), got " +
                                           std::to_string(urls.size()));
        }
    } else {
        return Status::InvalidArgument(url_path + ": expected a string or an array of strings, got " +
                                       DescribeJson(url_var));
    }
    if (urls.empty()) {
        return Status::InvalidArgument(url_path + ": is empty");
    }
    std::string user_path;
    std::string password_path;
    Poco::Dynamic::Var user = Lookup(entry, parameter, "username", user_path);
    Poco::Dynamic::Var password = Lookup(entry, parameter, "password", password_path);
    std::string user_text;
    std::string password_text;
    if (!user.isEmpty()) {
        DBB_ASSIGN_OR_RETURN(auto u, JsonParams::AsString(user, user_path));
        user_text = u;
    } else {
        return Status::InvalidArgument(parameter.PathOf("username") + ": is required with jdbcUrl");
    }
    if (!password.isEmpty()) {
        DBB_ASSIGN_OR_RETURN(auto pw, JsonParams::AsString(password, password_path));
        password_text = pw;
    }
    for (std::size_t i = 0; i < urls.size(); ++i) {
        std::string item_path = url_var.isString() ? url_path : url_path + "[" + std::to_string(i) + "]";
        const sdk::Dialect* dialect = nullptr;
        if (env.registry) {
            dialect = IsRdbmsGeneric(plugin_name) ? env.registry->FindByJdbcUrl(urls[i])
                                                  : env.registry->FindByDataxName(plugin_name);
        }
        std::string redacted = sdk::util::RedactUrl(urls[i]);
        if (!dialect) {
            return Status::NotFound(item_path + ": no loaded plugin understands \"" + redacted + "\"");
        }
        auto spec = dialect->ParseJdbcUrl(urls[i]);
        if (!spec.ok()) {
            return RedactedStatus(spec.status(), urls[i], redacted).WithContext(item_path);
        }
        if (t.dialect_ && t.dialect_ != dialect) {
            return Status::InvalidArgument(item_path + ": all URLs of one connection must be of the same database");
        }
        t.dialect_ = dialect;
        spec.value().user = user_text;
        spec.value().password = password_text;
        t.candidates_.push_back(spec.value());
        t.urls_.push_back(urls[i]);
        t.labels_.push_back(redacted);
    }
    return t;
}

Result<std::unique_ptr<sdk::Connection>> DbTarget::ConnectFirst() {
    Status last;
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
        auto conn = ConnectTo(i);
        if (conn.ok()) {
            chosen_ = i;
            return conn;
        }
        last = conn.status();
    }
    return last;
}

Result<std::unique_ptr<sdk::Connection>> DbTarget::Connect() const {
    return ConnectTo(chosen_);
}

Result<std::unique_ptr<sdk::Connection>> DbTarget::ConnectTo(std::size_t i) const {
    auto conn = dialect_->Connect(candidates_[i]);
    if (!conn.ok()) {
        return RedactedStatus(conn.status(), urls_[i], labels_[i]).WithContext(path_ + " (" + labels_[i] + ")");
    }
    return conn;
}

std::string DbTarget::Label() const {
    if (candidates_.empty()) {
        return "?";
    }
    const auto& s = candidates_[chosen_];
    return s.dialect + " " + s.host + ":" + std::to_string(s.port) + "/" + s.database;
}

Status ExecuteStatement(sdk::Connection& conn, const std::string& sql, const std::string& what) {
    sdk::ExecuteOptions options;
    auto r = conn.Execute(sql, {}, nullptr, options);
    if (!r.ok()) {
        return r.status().WithContext(what + " \"" + sql + "\"");
    }
    if (r.value().failed) {
        std::string code = r.value().error_code.empty() ? r.value().sql_state : r.value().error_code;
        return Status::InvalidArgument(what + " \"" + sql + "\" failed: [" + code + "] " +
                                       r.value().error_message);
    }
    return Status::Ok();
}

Result<std::vector<std::string>> ExpandTableNames(const std::vector<std::string>& tables, const std::string& path) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        std::string list = tables[i];
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t comma = list.find(',', start);
            std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            start = comma == std::string::npos ? list.size() + 1 : comma + 1;
            while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
                name.erase(0, 1);
            }
            while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
                name.pop_back();
            }
            if (name.empty()) {
                return Status::InvalidArgument(item_path + ": empty table name in \"" + list + "\"");
            }
            auto open = name.find('[');
            auto close = name.find(']');
            auto dash = name.find('-', open == std::string::npos ? 0 : open);
            if (open == std::string::npos || close == std::string::npos || dash == std::string::npos ||
                dash > close || close < open) {
                out.push_back(name);
                continue;
            }
            std::string lo = name.substr(open + 1, dash - open - 1);
            std::string hi = name.substr(dash + 1, close - dash - 1);
            bool digits = !lo.empty() && !hi.empty();
            for (char c : lo + hi) {
                digits = digits && std::isdigit(static_cast<unsigned char>(c));
            }
            if (!digits) {
                out.push_back(name);
                continue;
            }
            std::int64_t a = 0;
            std::int64_t b = 0;
            bool in_range = std::from_chars(lo.data(), lo.data() + lo.size(), a).ec == std::errc() &&
                            std::from_chars(hi.data(), hi.data() + hi.size(), b).ec == std::errc();
            if (!in_range) {
                return Status::InvalidArgument(item_path + ": table range \"" + name +
                                               "\" has a bound beyond 9223372036854775807");
            }
            if (a > b || b - a > kMaxTableRange) {
                return Status::InvalidArgument(item_path + ": bad table range \"" + name + "\" (low must not exceed "
                                               "high, at most " + std::to_string(kMaxTableRange + 1) + " tables)");
            }
            bool pad = lo.size() > 1 && lo[0] == '0';
            for (std::int64_t k = a; k <= b; ++k) {
                std::string num = std::to_string(k);
                if (pad && num.size() < lo.size()) {
                    num = std::string(lo.size() - num.size(), '0') + num;
                }
                out.push_back(name.substr(0, open) + num + name.substr(close + 1));
            }
        }
    }
    return out;
}

std::string ReplaceTableMarker(const std::string& sql, const std::string& table) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t at = sql.find("@table", pos);
        if (at == std::string::npos) {
            out += sql.substr(pos);
            return out;
        }
        out += sql.substr(pos, at - pos);
        out += table;
        pos = at + 6;
    }
}

}  // namespace dbbridge::core::engine
