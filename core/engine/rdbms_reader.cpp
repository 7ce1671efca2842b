#include "core/engine/rdbms_reader.h"

#include "core/engine/job_log.h"
#include "core/engine/task_connection.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

class RdbmsReaderTask : public ReaderTask {
public:
    RdbmsReaderTask(const DbTarget& target, sdk::ReadSpec spec, const std::vector<std::string>& session,
                    std::string description)
        : target_(target), spec_(std::move(spec)), session_(session), description_(std::move(description)) {}

    Status Open() override {
        DBB_RETURN_IF_ERROR(conn_.Open(target_, session_));
        // No description_ context here: the runner adds the task's Describe() to Open errors.
        DBB_ASSIGN_OR_RETURN(auto reader, conn_.get().OpenReader(spec_));
        reader_ = std::move(reader);
        return Status::Ok();
    }

    Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows, std::vector<DirtyRow>&) override {
        auto r = reader_->Next(batch, max_rows);
        if (!r.ok()) {
            return r.status().WithContext(description_);
        }
        return r;
    }

    const std::vector<sdk::ColumnInfo>* Columns() const override {
        return reader_ ? &reader_->Columns() : nullptr;
    }

    void Cancel() override { conn_.Cancel(); }

    void Close() override {
        reader_.reset();
        conn_.Close();
    }

    std::string Describe() const override { return description_; }

private:
    const DbTarget& target_;
    sdk::ReadSpec spec_;
    const std::vector<std::string>& session_;
    std::string description_;
    TaskConnection conn_;
    std::unique_ptr<sdk::RecordReader> reader_;
};

}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> RdbmsReaderPlugin::SplitIntegerRange(std::int64_t lo,
                                                                                       std::int64_t hi, int n) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    __int128 span = static_cast<__int128>(hi) - lo + 1;
    __int128 parts = n < 1 ? 1 : n;
    if (parts > span) {
        parts = span;
    }
    for (__int128 i = 0; i < parts; ++i) {
        auto a = static_cast<std::int64_t>(lo + span * i / parts);
        auto b = i + 1 == parts ? hi : static_cast<std::int64_t>(lo + span * (i + 1) / parts);
        out.emplace_back(a, b);
    }
    return out;
}

Result<std::unique_ptr<ReaderPlugin>> RdbmsReaderPlugin::Create(const std::string& name, const JsonParams& p,
                                                                const EngineEnv& env) {
    auto plugin = std::make_unique<RdbmsReaderPlugin>();
    plugin->name_ = name;
    plugin->env_ = env;
    DBB_ASSIGN_OR_RETURN(auto columns, p.StringList("column"));
    plugin->columns_ = columns;
    auto where = p.String("where", "");
    auto split_pk = p.String("splitPk", "");
    auto fetch = p.Int("fetchSize", 10000);
    auto factor = p.Int("splitFactor", 5);
    auto session = p.StringList("session");
    if (!where.ok()) {
        return where.status();
    }
    if (!split_pk.ok()) {
        return split_pk.status();
    }
    if (!fetch.ok()) {
        return fetch.status();
    }
    if (!factor.ok()) {
        return factor.status();
    }
    if (!session.ok()) {
        return session.status();
    }
    plugin->where_ = where.value();
    // DataX strips a trailing ';' from where.
    while (!plugin->where_.empty() && (plugin->where_.back() == ';' || plugin->where_.back() == ' ')) {
        plugin->where_.pop_back();
    }
    plugin->split_pk_ = split_pk.value();
    if (fetch.value() < 1) {
        return Status::InvalidArgument(p.PathOf("fetchSize") + ": must be 1 or more");
    }
    plugin->fetch_size_ = static_cast<int>(std::min<std::int64_t>(fetch.value(), 1000000));
    if (factor.value() < 1 || factor.value() > 100) {
        return Status::InvalidArgument(p.PathOf("splitFactor") + ": must be between 1 and 100");
    }
    plugin->split_factor_ = static_cast<int>(factor.value());
    plugin->session_ = session.value();

    DBB_ASSIGN_OR_RETURN(auto connections, p.Array("connection"));
    if (!connections || connections->size() == 0) {
        return Status::InvalidArgument(p.PathOf("connection") + ": is required (a list of {jdbcUrl, table})");
    }
    bool any_query = false;
    bool any_table = false;
    for (std::size_t i = 0; i < connections->size(); ++i) {
        std::string path = p.PathOf("connection") + "[" + std::to_string(i) + "]";
        Poco::Dynamic::Var item = connections->get(static_cast<unsigned>(i));
        if (!IsJsonObject(item)) {
            return Status::InvalidArgument(path + ": expected an object, got " + DescribeJson(item));
        }
        JsonParams entry(item.extract<Poco::JSON::Object::Ptr>(), path);
        DBB_ASSIGN_OR_RETURN(auto target, DbTarget::Resolve(name, p, entry, true, env));
        auto tables = entry.StringList("table");
        auto queries = entry.StringList("querySql");
        if (!tables.ok()) {
            return tables.status();
        }
        if (!queries.ok()) {
            return queries.status();
        }
        if (!tables.value().empty() && !queries.value().empty()) {
            return Status::InvalidArgument(path + ": give either table or querySql, not both");
        }
        if (tables.value().empty() && queries.value().empty()) {
            return Status::InvalidArgument(path + ".table: is required (or querySql)");
        }
        Source source{std::move(target), {}, queries.value()};
        if (!tables.value().empty()) {
            DBB_ASSIGN_OR_RETURN(auto expanded, ExpandTableNames(tables.value(), entry.PathOf("table")));
            source.tables = expanded;
            any_table = true;
        } else {
            any_query = true;
        }
        plugin->sources_.push_back(std::move(source));
    }
    if (any_table) {
        if (plugin->columns_.empty()) {
            return Status::InvalidArgument(p.PathOf("column") + ": is required in table mode (use [\"*\"] for all)");
        }
        std::size_t stars = 0;
        for (const auto& c : plugin->columns_) {
            stars += c == "*" ? 1 : 0;
        }
        if (stars > 0 && plugin->columns_.size() > 1) {
            return Status::InvalidArgument(p.PathOf("column") + ": \"*\" must be the only element");
        }
    }
    if (any_query && (!plugin->where_.empty() || !plugin->split_pk_.empty())) {
        env.log->Warn("RdbmsReader", p.path() + ": querySql is used, so column, where and splitPk are ignored");
    }
    return std::unique_ptr<ReaderPlugin>(std::move(plugin));
}

Result<std::unique_ptr<sdk::Connection>> RdbmsReaderPlugin::ConnectWithSession(Source& source) {
    // Probes the URLs (first reachable wins).
    auto conn = source.target.ConnectFirst();
    if (!conn.ok()) {
        return conn.status();
    }
    for (const auto& sql : session_) {
        DBB_RETURN_IF_ERROR(ExecuteStatement(*conn.value(), sql, "session"));
    }
    return conn;
}

Status RdbmsReaderPlugin::PreCheck() {
    for (auto& source : sources_) {
        DBB_ASSIGN_OR_RETURN(auto conn, ConnectWithSession(source));
        std::vector<std::pair<sdk::ReadSpec, std::string>> probes;
        for (std::size_t q = 0; q < source.queries.size(); ++q) {
            sdk::ReadSpec spec;
            spec.query_sql = "SELECT * FROM (" + source.queries[q] + ") dbb_q WHERE 1 = 2";
            probes.emplace_back(spec, "querySql[" + std::to_string(q) + "]");
        }
        for (const auto& table : source.tables) {
            sdk::ReadSpec spec;
            spec.table = table;
            spec.columns = columns_;
            spec.where = where_.empty() ? "1 = 2" : "(" + where_ + ") AND 1 = 2";
            probes.emplace_back(spec, "table " + table);
            if (!split_pk_.empty()) {
                spec.where = where_;
                spec.split_pk = split_pk_;
                auto range = conn->SplitRange(spec);
                if (!range.ok()) {
                    return range.status().WithContext("splitPk " + split_pk_ + " of table " + table);
                }
            }
        }
        for (const auto& [spec, what] : probes) {
            auto reader = conn->OpenReader(spec);
            if (!reader.ok()) {
                return reader.status().WithContext(what);
            }
        }
    }
    return Status::Ok();
}

Result<std::vector<std::unique_ptr<ReaderTask>>> RdbmsReaderPlugin::Split(int advice_channels) {
    std::vector<std::unique_ptr<ReaderTask>> tasks;
    std::size_t table_count = 0;
    for (const auto& s : sources_) {
        table_count += s.tables.size();
    }
    int per_table = 1;
    if (!split_pk_.empty() && table_count > 0) {
        per_table = static_cast<int>((advice_channels + table_count - 1) / table_count);
        if (per_table > 1 && table_count == 1) {
            per_table *= split_factor_;
        }
    }
    for (auto& source : sources_) {
        auto conn = ConnectWithSession(source);  // serves SplitRange
        if (!conn.ok()) {
            return conn.status();
        }
        for (std::size_t q = 0; q < source.queries.size(); ++q) {
            sdk::ReadSpec spec;
            spec.query_sql = source.queries[q];
            spec.fetch_size = fetch_size_;
            tasks.push_back(std::make_unique<RdbmsReaderTask>(source.target, spec, session_,
                                                              "querySql[" + std::to_string(q) + "]"));
        }
        for (const auto& table : source.tables) {
            sdk::ReadSpec base;
            base.table = table;
            base.columns = columns_;
            base.where = where_;
            base.fetch_size = fetch_size_;
            if (per_table <= 1) {
                tasks.push_back(std::make_unique<RdbmsReaderTask>(source.target, base, session_, "table " + table));
                continue;
            }
            base.split_pk = split_pk_;
            auto range = conn.value()->SplitRange(base);
            if (!range.ok()) {
                return range.status().WithContext("splitPk " + split_pk_ + " of table " + table);
            }
            if (!range.value()) {
                sdk::ReadSpec whole = base;
                whole.split_pk.clear();
                tasks.push_back(std::make_unique<RdbmsReaderTask>(source.target, whole, session_, "table " + table));
                continue;
            }
            auto [lo, hi] = *range.value();
            auto ranges = SplitIntegerRange(lo, hi, per_table);
            for (std::size_t i = 0; i < ranges.size(); ++i) {
                sdk::ReadSpec spec = base;
                spec.has_range = true;
                spec.range_lower = ranges[i].first;
                spec.range_upper = ranges[i].second;
                spec.upper_inclusive = i + 1 == ranges.size();
                std::string desc = "table " + table + " " + split_pk_ + " in [" + std::to_string(ranges[i].first) +
                                   ", " + std::to_string(ranges[i].second) + (spec.upper_inclusive ? "]" : ")");
                tasks.push_back(std::make_unique<RdbmsReaderTask>(source.target, spec, session_, desc));
            }
            sdk::ReadSpec nulls = base;
            nulls.null_range = true;
            tasks.push_back(std::make_unique<RdbmsReaderTask>(source.target, nulls, session_,
                                                              "table " + table + " " + split_pk_ + " IS NULL"));
        }
    }
    env_.log->Info("RdbmsReader", name_ + " split into " + std::to_string(tasks.size()) + " tasks");
    return tasks;
}

}  // namespace dbbridge::core::engine
