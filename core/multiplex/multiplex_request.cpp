#include "core/multiplex/multiplex_request.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include "core/multiplex/bind_converter.h"
#include "core/multiplex/multiplex_codes.h"
#include "dbbridge/sdk/types.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex {

namespace {

using sdk::util::ToUpper;

constexpr std::size_t kMaxTraceIdLength = 64;

std::string Trim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Collects the first error; later checks are skipped once one is set.
struct Checker {
    RequestCheck& out;
    bool failed() const { return out.code != 0; }
    void Fail(int code, std::string msg) {
        if (!failed()) {
            out.code = code;
            out.message = std::move(msg);
        }
    }
    void BadInput(const std::string& what) { Fail(kCodeBadInput, "入参格式不正确: " + what); }
    void Rule(const std::string& what) { Fail(kCodeBadInput, "入参不符合规则: " + what); }
};

bool ReadString(Checker& c, const JsonValue& obj, const std::string& key, const std::string& path, std::string& out) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->is_null()) return true;
    if (!v->is_string()) {
        c.BadInput("字段[" + path + "]应为字符串, 实际为" + JsonValue::TypeName(v->type()));
        return false;
    }
    out = v->text();
    return true;
}

bool ReadBool(Checker& c, const JsonValue& obj, const std::string& key, bool& out) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->is_null()) return true;
    if (!v->is_bool()) {
        c.BadInput("字段[" + key + "]应为布尔值true/false, 实际为" + v->Serialize());
        return false;
    }
    out = v->bool_value();
    return true;
}

bool ReadInt(Checker& c, const JsonValue& obj, const std::string& key, const std::string& path, int& out) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->is_null()) return true;
    const std::string& t = v->text();
    bool integral = v->is_number() && !t.empty() &&
                    std::all_of(t.begin() + (t[0] == '-' ? 1 : 0), t.end(),
                                [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    std::string shown = v->Serialize();
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    if (!integral) {
        c.BadInput("字段[" + path + "]应为整数, 实际为" + shown);
        return false;
    }
    if (t.size() >= 10) {  // beyond every meaningful value, and keeps std::stoi in range
        c.BadInput("字段[" + path + "]的值" + shown + "超出范围");
        return false;
    }
    out = std::stoi(t);
    return true;
}

// A string or an array of strings.
bool ReadStringList(Checker& c, const JsonValue& obj, const std::string& key, const std::string& path,
                    std::vector<std::string>& out) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->is_null()) return true;
    if (v->is_string()) {
        if (!Trim(v->text()).empty()) out.push_back(v->text());
        return true;
    }
    if (!v->is_array()) {
        c.BadInput("字段[" + path + "]应为字符串数组, 实际为" + JsonValue::TypeName(v->type()));
        return false;
    }
    for (std::size_t i = 0; i < v->items().size(); ++i) {
        const JsonValue& item = v->items()[i];
        if (!item.is_string()) {
            c.BadInput("字段[" + path + "[" + std::to_string(i) + "]]应为字符串, 实际为" + JsonValue::TypeName(item.type()));
            return false;
        }
        out.push_back(item.text());
    }
    return true;
}

std::string EntryLabel(std::size_t i, const std::string& dialect) {
    return "targetDialectInfos[" + std::to_string(i) + "](" + dialect + ")";
}

}  // namespace

const TargetEntry* MultiplexRequest::SourceEntry() const {
    for (const auto& e : entries) {
        if (e.is_source) return &e;
    }
    return nullptr;
}

const std::vector<std::string>& AllowedTargets(const std::string& source_dialect) {
    static const std::vector<std::string> kOracle = {"ORACLE", "LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "DM",
                                                     "OCEAN_BASE_ORACLE"};
    static const std::vector<std::string> kMysql = {"MYSQL", "GAUSSDB500_ORACLE"};
    static const std::vector<std::string> kNone;
    std::string s = ToUpper(Trim(source_dialect));
    if (s == "ORACLE") return kOracle;
    if (s == "MYSQL") return kMysql;
    return kNone;
}

std::string NewTraceId() {
    thread_local std::mt19937_64 rng([] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }());
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (int k = 0; k < 2; ++k) {
        std::uint64_t v = rng();
        for (int i = 0; i < 16; ++i) {
            out += kHex[(v >> (60 - 4 * i)) & 0xF];
        }
    }
    return out;
}

RequestCheck ParseMultiplexRequest(const std::string& body, const LexiconLookup& lexicon_of) {
    RequestCheck result;
    Checker c{result};
    MultiplexRequest& req = result.request;
    req.raw_body = body;

    // 10000: empty or not JSON.
    if (Trim(body).empty()) {
        c.Fail(kCodeBadInput, kMsgEmptyBody);
        return result;
    }
    if (body.size() > kMaxRequestBytes) {
        c.BadInput("请求体过大: " + std::to_string(body.size()) + " bytes (at most " + std::to_string(kMaxRequestBytes) +
                   ")");
        return result;
    }
    auto parsed = ParseJson(body, /*require_utf8=*/true);
    if (!parsed.ok()) {
        c.Fail(kCodeBadInput, "入参格式不正确,请求体不是合法的JSON: " + parsed.status().message());
        return result;
    }
    const JsonValue& root = parsed.value();
    if (!root.is_object()) {
        c.BadInput(std::string("请求体应为JSON对象, 实际为") + JsonValue::TypeName(root.type()));
        return result;
    }

    // Shapes of the top-level fields (still 10000).
    std::string source_raw;
    std::string trace_raw;
    if (!ReadString(c, root, "sourceDialect", "sourceDialect", source_raw) ||
        !ReadBool(c, root, "needTransform", req.need_transform) ||
        !ReadInt(c, root, "bulkMode", "bulkMode", req.bulk_mode) ||
        !ReadString(c, root, "traceId", "traceId", trace_raw) ||
        !ReadStringList(c, root, "targetDialects", "targetDialects", req.target_dialects) ||
        !ReadBool(c, root, "dryRun", req.dry_run)) {
        return result;
    }
    if (const JsonValue* rules = root.Find("compareRules"); rules && !rules->is_null()) {
        if (!rules->is_object()) {
            c.BadInput("字段[compareRules]应为JSON对象");
            return result;
        }
        req.has_rules = true;
        if (!ReadStringList(c, *rules, "ignoreColumns", "compareRules.ignoreColumns", req.rules.ignore_columns) ||
            !ReadInt(c, *rules, "roundDecimals", "compareRules.roundDecimals", req.rules.round_decimals) ||
            !ReadBool(c, *rules, "ignoreCase", req.rules.ignore_case) ||
            !ReadBool(c, *rules, "pairRules", req.rules.pair_rules) ||
            !ReadInt(c, *rules, "maxDiffRows", "compareRules.maxDiffRows", req.rules.max_diff_rows)) {
            return result;
        }
        if (req.rules.round_decimals > 30 || req.rules.max_diff_rows < 0 || req.rules.max_diff_rows > 10000) {
            c.BadInput("compareRules.roundDecimals应在0..30之间, compareRules.maxDiffRows应在0..10000之间");
            return result;
        }
    }
    req.source_dialect = ToUpper(Trim(source_raw));
    req.trace_id = Trim(trace_raw);
    for (auto& d : req.target_dialects) d = ToUpper(Trim(d));

    // 10001.
    const JsonValue* infos = root.Find("targetDialectInfos");
    if (!infos || infos->is_null() || (infos->is_array() && infos->items().empty())) {
        c.Fail(kCodeNoTargetInfos, kMsgNoTargetInfos);
        return result;
    }
    if (!infos->is_array()) {
        c.BadInput(std::string("字段[targetDialectInfos]应为数组, 实际为") + JsonValue::TypeName(infos->type()));
        return result;
    }

    if (infos->items().size() > kMaxEntries) {
        c.BadInput("targetDialectInfos最多" + std::to_string(kMaxEntries) + "项 (got " +
                   std::to_string(infos->items().size()) + ")");
        return result;
    }

    // Entries' shapes and 10002.
    std::vector<std::string> raw_dialects;
    for (std::size_t i = 0; i < infos->items().size(); ++i) {
        const JsonValue& item = infos->items()[i];
        std::string path = "targetDialectInfos[" + std::to_string(i) + "]";
        if (!item.is_object()) {
            c.BadInput("字段[" + path + "]应为JSON对象");
            return result;
        }
        TargetEntry e;
        std::string dialect_raw;
        if (!ReadString(c, item, "targetDialect", path + ".targetDialect", dialect_raw) ||
            !ReadString(c, item, "schemaName", path + ".schemaName", e.schema_name) ||
            !ReadString(c, item, "datasourceName", path + ".datasourceName", e.datasource_name) ||
            !ReadString(c, item, "targetDbVersion", path + ".targetDbVersion", e.db_version) ||
            !ReadString(c, item, "sql", path + ".sql", e.sql) ||
            !ReadStringList(c, item, "beforeSqls", path + ".beforeSqls", e.before_sqls) ||
            !ReadStringList(c, item, "afterSqls", path + ".afterSqls", e.after_sqls)) {
            return result;
        }
        if (e.before_sqls.size() + e.after_sqls.size() > kMaxSnapshotSqls) {
            c.BadInput(path + ".beforeSqls/afterSqls最多共" + std::to_string(kMaxSnapshotSqls) + "条");
            return result;
        }
        if (Trim(dialect_raw).empty()) {
            c.Fail(kCodeEmptyTargetDialect, std::string(kMsgEmptyTargetDialect) + " (" + path + ")");
            return result;
        }
        e.dialect = ToUpper(Trim(dialect_raw));
        e.schema_name = Trim(e.schema_name);
        e.datasource_name = Trim(e.datasource_name);
        raw_dialects.push_back(Trim(dialect_raw));
        req.entries.push_back(std::move(e));
    }

    // 10003 (only meaningful once the source is valid), then 10004.
    const auto& allowed = AllowedTargets(req.source_dialect);
    if (!allowed.empty()) {
        for (std::size_t i = 0; i < req.entries.size(); ++i) {
            if (std::find(allowed.begin(), allowed.end(), req.entries[i].dialect) == allowed.end()) {
                c.Fail(kCodeUnsupportedTarget, MsgUnsupportedTarget(raw_dialects[i]));
                return result;
            }
        }
        for (const auto& d : req.target_dialects) {
            if (std::find(allowed.begin(), allowed.end(), d) == allowed.end()) {
                c.Fail(kCodeUnsupportedTarget, MsgUnsupportedTarget(d) + " (targetDialects)");
                return result;
            }
        }
    } else {
        c.Fail(kCodeBadSourceDialect, MsgBadSourceDialect(Trim(source_raw)));
        return result;
    }
    for (auto& e : req.entries) {
        e.is_source = e.dialect == req.source_dialect;
    }

    // 10005: the source SQL (true multiplex: only the source carries SQL; pseudo: every entry).
    const TargetEntry* source = req.SourceEntry();
    if (req.need_transform || req.bulk_mode != 2) {
        if (!source) {
            c.Fail(kCodeMissingSourceSql, std::string(kMsgMissingSourceSql) + " (targetDialectInfos中没有源端[" +
                                              req.source_dialect + "]的信息)");
            return result;
        }
    }
    for (std::size_t i = 0; i < req.entries.size(); ++i) {
        const TargetEntry& e = req.entries[i];
        bool needs_sql = e.is_source || !req.need_transform;
        if (needs_sql && Trim(e.sql).empty()) {
            std::string why = e.is_source ? "" : ", 伪多发(needTransform=false)时每个库都需提供已适配的SQL";
            c.Fail(kCodeMissingSourceSql, std::string(kMsgMissingSourceSql) + " (" + EntryLabel(i, e.dialect) + ".sql" +
                                              why + ")");
            return result;
        }
    }

    // 10006 / 10007 over every bind, then values and SQL coverage.
    struct RawBind {
        std::string name;
        std::int32_t type;
        const JsonValue* value;
    };
    std::vector<std::vector<RawBind>> raw_binds(req.entries.size());
    for (std::size_t i = 0; i < infos->items().size(); ++i) {
        const JsonValue* params = infos->items()[i].Find("sqlParameters");
        if (!params || params->is_null()) continue;
        std::string path = "targetDialectInfos[" + std::to_string(i) + "].sqlParameters";
        if (!params->is_array()) {
            c.BadInput("字段[" + path + "]应为数组");
            return result;
        }
        if (params->items().size() > kMaxBindsPerStatement) {
            c.BadInput(path + "最多" + std::to_string(kMaxBindsPerStatement) + "个绑定变量 (got " +
                       std::to_string(params->items().size()) + ")");
            return result;
        }
        for (std::size_t k = 0; k < params->items().size(); ++k) {
            const JsonValue& p = params->items()[k];
            std::string ppath = path + "[" + std::to_string(k) + "]";
            if (!p.is_object()) {
                c.BadInput("字段[" + ppath + "]应为JSON对象");
                return result;
            }
            std::string name;
            if (!ReadString(c, p, "name", ppath + ".name", name)) return result;
            name = Trim(name);
            if (!name.empty() && name[0] == '@') name = name.substr(1);
            if (name.empty()) {
                c.Fail(kCodeEmptyBindName, std::string(kMsgEmptyBindName) + " (" + ppath + ")");
                return result;
            }
            const JsonValue* type = p.Find("type");
            if (!type || type->is_null()) type = p.Find("variableType");
            long long code = 0;
            bool numeric = type && type->is_number() && type->text().find_first_of(".eE") == std::string::npos &&
                           type->text().size() < 12;
            if (numeric) code = std::stoll(type->text());
            if (!numeric || !sdk::IsSeedBindType(static_cast<std::int32_t>(code)) || code != static_cast<std::int32_t>(code)) {
                std::string shown = numeric ? std::to_string(code) : (type ? type->Serialize() : std::string("null"));
                c.Fail(kCodeUnsupportedBindType, "绑定变量类型[" + shown + "]不支持! (" + ppath + ", 绑定变量[" + name + "])");
                return result;
            }
            static const JsonValue kNull;
            const JsonValue* value = p.Find("value");
            raw_binds[i].push_back({name, static_cast<std::int32_t>(code), value ? value : &kNull});
        }
    }
    for (std::size_t i = 0; i < req.entries.size(); ++i) {
        TargetEntry& e = req.entries[i];
        std::set<std::string> seen;
        for (const auto& rb : raw_binds[i]) {
            if (!seen.insert(rb.name).second) {
                c.BadInput(EntryLabel(i, e.dialect) + ".sqlParameters中绑定变量[" + rb.name + "]重复");
                return result;
            }
            auto bind = ConvertBind(rb.name, rb.type, *rb.value);
            if (!bind.ok()) {
                c.BadInput(bind.status().message() + " (" + EntryLabel(i, e.dialect) + ")");
                return result;
            }
            e.binds.push_back(std::move(bind).value());
        }
        if (Trim(e.sql).empty()) continue;
        std::vector<std::string> order;
        auto rewritten = sdk::util::RewriteNamedBinds(e.sql, sdk::util::PlaceholderStyle::kQuestion,
                                                      lexicon_of ? lexicon_of(e.dialect) : sdk::SqlLexicon{}, order);
        if (!rewritten.ok()) {
            c.BadInput(EntryLabel(i, e.dialect) + ".sql: " + rewritten.status().message());
            return result;
        }
        for (const auto& name : order) {
            if (!seen.count(name)) {
                c.BadInput("SQL中的绑定变量[@" + name + "]未在sqlParameters中提供 (" + EntryLabel(i, e.dialect) + ")");
                return result;
            }
        }
    }

    // The rules tying needTransform, bulkMode, traceId and targetDialects.
    if (req.bulk_mode != 1 && req.bulk_mode != 2) {
        c.Rule("bulkMode[" + std::to_string(req.bulk_mode) + "]取值不正确, 只能为1(一次性组合调用)或2(分多次调用)");
        return result;
    }
    if (req.need_transform && req.bulk_mode != 1) {
        c.Rule("真多发(needTransform=true)时bulkMode必须为1, 目标库信息需一次性全部传入");
        return result;
    }
    if (!req.need_transform && req.trace_id.empty()) {
        c.Fail(kCodeEmptyTraceId, std::string(kMsgEmptyTraceId) + " (伪多发needTransform=false时traceId必须传入)");
        return result;
    }
    if (req.trace_id.size() > kMaxTraceIdLength ||
        !std::all_of(req.trace_id.begin(), req.trace_id.end(),
                     [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'; })) {
        c.Rule("traceId只能由字母、数字、'-'和'_'组成, 长度不超过" + std::to_string(kMaxTraceIdLength));
        return result;
    }
    if (req.bulk_mode == 2 && req.target_dialects.empty()) {
        c.Rule("分多次调用(bulkMode=2)时targetDialects必须传入, 列出本批次全部数据库类型(包括源库)");
        return result;
    }
    std::set<std::string> seen_dialects;
    for (std::size_t i = 0; i < req.entries.size(); ++i) {
        if (!seen_dialects.insert(req.entries[i].dialect).second) {
            c.Rule("目标数据库类型[" + req.entries[i].dialect + "]在targetDialectInfos中重复出现 (" +
                   EntryLabel(i, req.entries[i].dialect) + ")");
            return result;
        }
    }
    if (!req.target_dialects.empty()) {
        std::set<std::string> expected(req.target_dialects.begin(), req.target_dialects.end());
        for (std::size_t i = 0; i < req.entries.size(); ++i) {
            if (!expected.count(req.entries[i].dialect)) {
                c.Rule("目标数据库类型[" + req.entries[i].dialect + "]不在targetDialects中 (" +
                       EntryLabel(i, req.entries[i].dialect) + ")");
                return result;
            }
        }
        if (req.bulk_mode == 2 && !expected.count(req.source_dialect)) {
            c.Rule("targetDialects必须包含源库类型[" + req.source_dialect + "]");
            return result;
        }
    }
    if (req.bulk_mode == 1 && req.entries.size() < 2) {
        c.Rule("一次性组合调用(bulkMode=1)时targetDialectInfos至少需要源库和一个目标库");
        return result;
    }
    if (req.trace_id.empty()) {
        req.trace_id = NewTraceId();
        req.trace_id_generated = true;
    }
    return result;
}

}  // namespace dbbridge::core::multiplex
