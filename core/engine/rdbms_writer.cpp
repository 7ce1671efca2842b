#include "core/engine/rdbms_writer.h"

#include "core/engine/job_log.h"
#include "core/engine/task_connection.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

// "a, b,c" -> {a, b, c}: each part trimmed, empty parts kept (the caller names them).
std::vector<std::string> SplitTrimmed(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find(separator, start);
        parts.push_back(JavaTrim(text.substr(start, end == std::string::npos ? std::string::npos : end - start)));
        if (end == std::string::npos) {
            return parts;
        }
        start = end + 1;
    }
}

class RdbmsWriterTask : public WriterTask {
public:
    RdbmsWriterTask(RdbmsWriterPlugin& plugin, const DbTarget& target, sdk::WriteSpec spec,
                    const std::vector<std::string>& session)
        : plugin_(plugin), target_(target), spec_(std::move(spec)), session_(session) {}

    Status Open() override {
        DBB_RETURN_IF_ERROR(conn_.Open(target_, session_));
        auto writer = conn_.get().OpenWriter(spec_);
        if (!writer.ok()) {
            return writer.status().WithContext("table " + spec_.table);
        }
        writer_ = std::move(writer.value());
        plugin_.LogMethodOnce(spec_.table, writer_->Method());
        return Status::Ok();
    }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        Status st = writer_->Write(batch, dirty);
        return st.ok() ? st : st.WithContext("writing table " + spec_.table);
    }

    Status Commit() override {
        Status st = writer_ ? writer_->Commit() : Status::Ok();
        return st.ok() ? st : st.WithContext("commit on table " + spec_.table);
    }

    Status Rollback() override { return writer_ ? writer_->Rollback() : Status::Ok(); }

    bool DeferDirty() override { return writer_ && writer_->DeferDirty(); }

    Status Flush(std::vector<sdk::LateDirtyRecord>& dirty) override {
        Status st = writer_ ? writer_->Flush(dirty) : Status::Ok();
        return st.ok() ? st : st.WithContext("writing table " + spec_.table);
    }

    void Cancel() override { conn_.Cancel(); }

    Status Close() override {
        writer_.reset();
        conn_.Close();
        return Status::Ok();
    }

private:
    RdbmsWriterPlugin& plugin_;
    const DbTarget& target_;
    sdk::WriteSpec spec_;
    const std::vector<std::string>& session_;
    TaskConnection conn_;
    std::unique_ptr<sdk::RecordWriter> writer_;
};

}  // namespace

Result<std::unique_ptr<WriterPlugin>> RdbmsWriterPlugin::Create(const std::string& name, const JsonParams& p,
                                                                const EngineEnv& env) {
    auto plugin = std::make_unique<RdbmsWriterPlugin>();
    plugin->name_ = name;
    plugin->env_ = env;
    auto columns = p.StringList("column");
    if (!columns.ok()) {
        return columns.status();
    }
    if (columns.value().empty()) {
        return Status::InvalidArgument(p.PathOf("column") + ": is required (use [\"*\"] for all columns)");
    }
    if (!(columns.value().size() == 1 && columns.value()[0] == "*")) {
        for (std::size_t i = 0; i < columns.value().size(); ++i) {
            if (columns.value()[i] == "*") {
                return Status::InvalidArgument(p.PathOf("column") + ": \"*\" must be the only element");
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (columns.value()[j] == columns.value()[i]) {
                    return Status::InvalidArgument(p.PathOf("column") + "[" + std::to_string(i) + "]: column \"" +
                                                   columns.value()[i] + "\" is listed twice");
                }
            }
        }
        plugin->columns_ = columns.value();
    }
    auto pre = p.StringList("preSql");
    auto post = p.StringList("postSql");
    auto session = p.StringList("session");
    auto batch = p.Int("batchSize", 2048);
    for (auto* r : {&pre, &post, &session}) {
        if (!r->ok()) {
            return r->status();
        }
    }
    if (!batch.ok()) {
        return batch.status();
    }
    plugin->pre_sql_ = pre.value();
    plugin->post_sql_ = post.value();
    plugin->session_ = session.value();
    if (batch.value() < 1 || batch.value() > 1000000) {
        return Status::InvalidArgument(p.PathOf("batchSize") + ": must be between 1 and 1000000, got " +
                                       std::to_string(batch.value()));
    }
    plugin->batch_size_ = static_cast<int>(batch.value());
    const bool ob = name == "oceanbasev10writer";
    DBB_RETURN_IF_ERROR(ob ? plugin->ParseObOptions(p) : plugin->ParseWriteMode(p, "writeMode", "insert"));

    DBB_ASSIGN_OR_RETURN(auto connections, p.Array("connection"));
    if (!connections || connections->size() == 0) {
        return Status::InvalidArgument(p.PathOf("connection") + ": is required (a list of {jdbcUrl, table})");
    }
    if (connections->size() > 1) {
        return Status::InvalidArgument(p.PathOf("connection") + ": a writer takes one connection entry, got " +
                                       std::to_string(connections->size()));
    }
    std::string path = p.PathOf("connection") + "[0]";
    Poco::Dynamic::Var item = connections->get(0);
    if (!IsJsonObject(item)) {
        return Status::InvalidArgument(path + ": expected an object, got " + DescribeJson(item));
    }
    JsonParams entry(item.extract<Poco::JSON::Object::Ptr>(), path);
    DBB_ASSIGN_OR_RETURN(auto target, DbTarget::Resolve(name, p, entry, false, env));
    plugin->target_ = std::make_unique<DbTarget>(std::move(target));
    DBB_ASSIGN_OR_RETURN(auto tables, entry.StringList("table"));
    if (tables.empty()) {
        return Status::InvalidArgument(entry.PathOf("table") + ": is required");
    }
    DBB_ASSIGN_OR_RETURN(auto expanded, ExpandTableNames(tables, entry.PathOf("table")));
    plugin->tables_ = expanded;
    if (ob && plugin->write_mode_ == "update" && plugin->target_->dialect() &&
        plugin->target_->dialect()->Name() == "OCEAN_BASE_ORACLE") {
        if (!p.Has("obWriteMode")) {
            // ConcurrentTableWriterTask#rewriteSql: "change obWriteMode to insert" in Oracle mode,
            // so a job that does not ask for update writes as it does under DataX.
            plugin->write_mode_ = "insert";
            env.log->Info("OceanBaseV10Writer$Job",
                          "Oracle mode without obWriteMode writes plain INSERT, as DataX; set obWriteMode "
                          "\"update\" to MERGE on the table's key");
        } else {
            env.log->Info("OceanBaseV10Writer$Job",
                          "obWriteMode update in Oracle mode: MERGE on the table's primary or unique key "
                          "(DataX would write plain INSERT)");
        }
    }
    return std::unique_ptr<WriterPlugin>(std::move(plugin));
}

// oceanbasev10writer: obWriteMode (default update, ConcurrentTableWriterTask#init), directPath
// refused, obUpdateColumns ("c1,c2": the ON DUPLICATE KEY UPDATE / MERGE update list).
Status RdbmsWriterPlugin::ParseObOptions(const JsonParams& p) {
    auto direct = p.Bool("directPath", false);
    if (!direct.ok()) {
        return direct.status();
    }
    if (direct.value()) {
        return Status::Unimplemented(p.PathOf("directPath") +
                                     ": OceanBase's direct-path load needs its Java client; remove it to write "
                                     "with INSERT statements");
    }
    DBB_ASSIGN_OR_RETURN(auto mode, p.String("obWriteMode", "update"));
    const std::string lower = sdk::util::ToLower(JavaTrim(mode));
    if (lower != "insert" && lower != "update") {
        return Status::InvalidArgument(p.PathOf("obWriteMode") + ": expected insert or update, got \"" +
                                       JavaTrim(mode) + "\"");
    }
    DBB_RETURN_IF_ERROR(ParseWriteMode(p, "obWriteMode", "update"));
    if (!p.Has("obUpdateColumns")) {
        return Status::Ok();
    }
    // DataX splits the text on ',' (ObWriterUtils#onDuplicateKeyUpdateString); a JSON list is
    // taken too.
    DBB_ASSIGN_OR_RETURN(auto listed, p.StringList("obUpdateColumns"));
    for (const auto& item : listed) {
        for (const auto& part : SplitTrimmed(item, ',')) {
            if (part.empty()) {
                return Status::InvalidArgument(p.PathOf("obUpdateColumns") + ": an empty column name in \"" + item +
                                               "\"");
            }
            update_columns_.push_back(part);
        }
    }
    if (update_columns_.empty()) {
        return Status::InvalidArgument(p.PathOf("obUpdateColumns") + ": names no column");
    }
    return Status::Ok();
}

// writeMode: insert | replace | update | update(col, ...) (Addax's form naming the key columns).
Status RdbmsWriterPlugin::ParseWriteMode(const JsonParams& p, const std::string& key, const std::string& fallback) {
    DBB_ASSIGN_OR_RETURN(auto mode, p.String(key, fallback));
    write_mode_path_ = p.PathOf(key);
    const std::string m = JavaTrim(mode);
    const std::string lower = sdk::util::ToLower(m);
    if (lower == "insert" || lower == "replace" || lower == "update") {
        write_mode_ = lower;
        return Status::Ok();
    }
    const std::string rest = JavaTrim(m.size() > 6 ? m.substr(6) : "");
    if (lower.rfind("update", 0) != 0 || rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
        return Status::InvalidArgument(write_mode_path_ +
                                       ": expected insert, replace, update or update(col, ...), got \"" + m + "\"");
    }
    for (const auto& col : SplitTrimmed(rest.substr(1, rest.size() - 2), ',')) {
        if (col.empty()) {
            return Status::InvalidArgument(write_mode_path_ + ": empty column in \"" + m + "\"");
        }
        conflict_columns_.push_back(col);
    }
    write_mode_ = "update";
    return Status::Ok();
}

Status RdbmsWriterPlugin::RunStatements(const std::vector<std::string>& statements, const char* what) {
    if (statements.empty()) {
        return Status::Ok();
    }
    auto conn = target_->Connect();
    if (!conn.ok()) {
        return conn.status().WithContext(what);
    }
    for (const auto& sql : session_) {
        DBB_RETURN_IF_ERROR(ExecuteStatement(*conn.value(), sql, "session"));
    }
    for (const auto& table : tables_) {
        for (const auto& raw : statements) {
            std::string sql = ReplaceTableMarker(raw, table);
            env_.log->Info("CommonRdbmsWriter$Job", std::string("Begin to execute ") + what + ":[" + sql +
                                                        "]. context info:" + target_->Label() + ".");
            DBB_RETURN_IF_ERROR(ExecuteStatement(*conn.value(), sql, what));
        }
    }
    return Status::Ok();
}

sdk::WriteSpec RdbmsWriterPlugin::SpecFor(const std::string& table) const {
    sdk::WriteSpec spec;
    spec.table = table;
    spec.columns = columns_;
    spec.write_mode = write_mode_;
    spec.conflict_columns = conflict_columns_;
    spec.update_columns = update_columns_;
    spec.batch_size = batch_size_;
    return spec;
}

// Opens (and drops) the plugin's writer for each table: the plugin refuses a mode its database
// cannot do, or an update without a key, before preSql touches anything.
Status RdbmsWriterPlugin::ProbeWriteMode() {
    return write_mode_ == "insert" ? Status::Ok() : ProbeWriters();
}

Status RdbmsWriterPlugin::PreCheck() {
    return ProbeWriters();
}

Status RdbmsWriterPlugin::ProbeWriters() {
    DBB_ASSIGN_OR_RETURN(auto conn, target_->Connect());
    for (const auto& sql : session_) {
        DBB_RETURN_IF_ERROR(ExecuteStatement(*conn, sql, "session"));
    }
    for (const auto& table : tables_) {
        auto writer = conn->OpenWriter(SpecFor(table));
        if (!writer.ok()) {
            return writer.status().WithContext(write_mode_path_ + " \"" + write_mode_ + "\" on table " + table);
        }
        (void)writer.value()->Rollback();  // a probe: it wrote nothing, only the open mattered
    }
    return Status::Ok();
}

void RdbmsWriterPlugin::LogMethodOnce(const std::string& table, const std::string& method) {
    if (method.empty()) {
        return;
    }
    std::lock_guard<std::mutex> lock(method_mu_);
    if (methods_logged_.insert(table + '\x1f' + method).second) {
        env_.log->Info("CommonRdbmsWriter$Task", "table " + table + " is written with " + method);
    }
}

Status RdbmsWriterPlugin::Prepare() {
    DBB_RETURN_IF_ERROR(ProbeWriteMode());
    return RunStatements(pre_sql_, "preSql");
}

Status RdbmsWriterPlugin::Post() {
    return RunStatements(post_sql_, "postSql");
}

std::size_t RdbmsWriterPlugin::ExpectedColumns() const {
    return columns_.size();
}

Result<std::vector<std::unique_ptr<WriterTask>>> RdbmsWriterPlugin::Split(std::size_t task_count) {
    if (tables_.size() > 1 && tables_.size() != task_count) {
        return Status::InvalidArgument(name_ + ": the writer lists " + std::to_string(tables_.size()) +
                                       " tables but the reader produced " + std::to_string(task_count) +
                                       " tasks; DataX requires one writer table per reader task");
    }
    std::vector<std::unique_ptr<WriterTask>> tasks;
    for (std::size_t i = 0; i < task_count; ++i) {
        tasks.push_back(
            std::make_unique<RdbmsWriterTask>(*this, *target_, SpecFor(tables_.size() == 1 ? tables_[0] : tables_[i]), session_));
    }
    return tasks;
}

}  // namespace dbbridge::core::engine
