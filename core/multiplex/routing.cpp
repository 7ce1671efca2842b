#include "core/multiplex/routing.h"

#include "core/transpile/datasource_catalog.h"
#include "core/transpile/transpile_service.h"

namespace dbbridge::core::multiplex {

namespace {

// A transpiler may quote the statement: keep messages readable for huge ones.
std::string Clip(const std::string& text, std::size_t max_bytes = 1000) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    return text.substr(0, cut) + "...(" + std::to_string(text.size()) + " bytes)";
}

// Marks p as not runnable: "[DIALECT] why".
void Fail(Participant& p, const std::string& why) {
    p.run.failed = true;
    p.run.failure = "[" + p.target.entry.dialect + "] " + why;
}

}  // namespace

sdk::SqlLexicon TargetRouter::LexiconOf(const std::string& dialect) const {
    const sdk::Dialect* d = Find(dialect);
    return d != nullptr ? d->Lexicon() : sdk::SqlLexicon{};
}

std::string TargetRouter::RouteName(const TargetEntry& entry) const {
    if (!entry.datasource_name.empty()) return entry.datasource_name;
    auto it = options_.targets.find(entry.dialect);
    return it != options_.targets.end() ? it->second : std::string();
}

Participant TargetRouter::Prepare(const MultiplexRequest& req, const TargetEntry& entry) const {
    Participant p;
    p.target.entry = entry;
    p.run.dialect = entry.dialect;
    std::string name = RouteName(entry);
    p.run.datasource = name;
    if (name.empty()) {
        Fail(p, "没有路由: 配置multiplex.targets." + entry.dialect + "或在请求中为该库指定datasourceName");
        return p;
    }
    p.target.datasource_name = name;
    auto spec = resolver_.ResolveByNameForUser(name, req.uid);
    if (!spec.ok()) {
        Fail(p, "数据源[" + name + "]无法解析: " + spec.status().message());
        return p;
    }
    p.target.spec = spec.value();
    if (!entry.schema_name.empty()) p.target.spec.schema = entry.schema_name;
    if (options_.statement_timeout_ms > 0 && p.target.spec.connect_timeout_ms > options_.statement_timeout_ms) {
        p.target.spec.connect_timeout_ms = options_.statement_timeout_ms;
    }
    std::string conn_dialect = p.target.spec.dialect.empty() ? entry.dialect : p.target.spec.dialect;
    p.target.dialect = Find(conn_dialect);
    if (!p.target.dialect) {
        Fail(p, "数据源[" + name + "]的数据库类型[" + conn_dialect + "]没有已加载的插件");
        return p;
    }
    p.run.connection_dialect = p.target.dialect->Name();
    const TargetEntry* source = req.SourceEntry();
    if (req.need_transform && !entry.is_source && source) {
        if (!Translate(req, *source, p)) return p;
    } else {
        p.target.sql = entry.sql;
        p.target.binds = entry.binds;
    }
    p.prepared = true;
    return p;
}

bool TargetRouter::Translate(const MultiplexRequest& req, const TargetEntry& source, Participant& p) const {
    // True multiplex: the target's SQL comes from its dialect's transpiler (the SQL dialect the
    // entry names, else the datasource's).
    const std::string& target = p.target.entry.dialect;
    const sdk::Dialect* sql_dialect = Find(target);
    if (!sql_dialect) sql_dialect = p.target.dialect;
    // Catalog-aware: the tables' keys and column types come from the target's datasource; when it
    // cannot be read, the statement is translated without them and its own run reports the error.
    DatasourceCatalog catalog(*p.target.dialect, p.target.spec, p.run.datasource, DatasourceCatalog::OnError::kTranslate);
    auto tr = TranspileFor(*sql_dialect, req.source_dialect, source.sql, &catalog);
    if (!tr.ok()) {
        Fail(p, "SQL转换失败(" + req.source_dialect + " -> " + target + "): " + Clip(tr.status().message()));
        return false;
    }
    p.target.sql = tr.value().sql;
    p.target.transpile_notes = tr.value().notes;
    p.target.binds = source.binds;
    // Snapshot SELECTs the target does not bring itself are the source's, translated too.
    auto inherit = [&](const std::vector<std::string>& from, std::vector<std::string>& to, const char* what) {
        if (!to.empty()) return true;
        for (const auto& snap : from) {
            auto t = TranspileFor(*sql_dialect, req.source_dialect, snap, &catalog);
            if (!t.ok()) {
                Fail(p, std::string(what) + "转换失败(" + req.source_dialect + " -> " + target +
                            "): " + Clip(t.status().message()));
                return false;
            }
            to.push_back(t.value().sql);
        }
        return true;
    };
    return inherit(source.before_sqls, p.target.entry.before_sqls, "beforeSqls") &&
           inherit(source.after_sqls, p.target.entry.after_sqls, "afterSqls");
}

std::vector<std::unique_ptr<Participant>> TargetRouter::PrepareAll(
    const MultiplexRequest& req, const std::vector<const TargetEntry*>& entries) const {
    std::vector<std::unique_ptr<Participant>> parts;
    for (const auto* e : entries) {
        auto p = std::make_unique<Participant>();
        p->target.entry = *e;
        p->run.dialect = e->dialect;
        p->run.datasource = RouteName(*e);
        RunTargetGuarded(p->run, [&] { *p = Prepare(req, *e); });
        parts.push_back(std::move(p));
    }
    return parts;
}

std::vector<const TargetEntry*> TargetRouter::Ordered(const MultiplexRequest& req) {
    std::vector<const TargetEntry*> out;
    for (const auto& e : req.entries) {
        if (e.is_source) out.push_back(&e);
    }
    for (const auto& e : req.entries) {
        if (!e.is_source) out.push_back(&e);
    }
    return out;
}

}  // namespace dbbridge::core::multiplex
