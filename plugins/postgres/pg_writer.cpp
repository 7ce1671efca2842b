#include "pg_writer.h"

#include <poll.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "copy_binary.h"
#include "pg_connection.h"
#include "pg_names.h"
#include "pg_value_codec.h"

namespace dbbridge::postgres {

using sdk::Result;
using sdk::Status;

namespace {

constexpr std::size_t kCopyChunkBytes = 1 << 20;
// While streaming a batch, encoded text goes out in pieces this large: small enough that the server
// starts early, large enough to keep the calls few.
constexpr std::size_t kStreamChunkBytes = 64 << 10;
// With deferred dirty records, one COPY stays open across batches until Flush(), or until its text
// (kept for replay) reaches this size.
constexpr std::size_t kMaxWindowBytes = 32 << 20;
// After this many failing bulk attempts in one batch or window, the rest is split in halves (each
// under a savepoint of its own) down to this many rows, which go record by record.
constexpr int kMaxBulkRetries = 8;
constexpr std::size_t kOneByOneRows = 64;
// "ON CONFLICT DO UPDATE command cannot affect row a second time"
constexpr const char* kCardinalityViolation = "21000";

const char* const kPrimaryKeySql =
    "SELECT a.attname FROM pg_catalog.pg_index i"
    " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
    " WHERE i.indisprimary AND i.indrelid = CASE WHEN $1::text IS NULL"
    "   THEN pg_catalog.to_regclass(pg_catalog.quote_ident($2::text))"
    "   ELSE pg_catalog.to_regclass(pg_catalog.quote_ident($1::text) || '.' || pg_catalog.quote_ident($2::text)) END"
    " ORDER BY pg_catalog.array_position(i.indkey::int2[], a.attnum)";

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? sep : "") + items[i];
    }
    return out;
}

}  // namespace

Result<std::unique_ptr<PgRecordWriter>> PgRecordWriter::Open(PgSession& session, const sdk::WriteSpec& spec,
                                                             bool allow_binary) {
    std::unique_ptr<PgRecordWriter> w(new PgRecordWriter(session));
    w->table_label_ = spec.table;
    auto parts = FoldName(spec.table, 2);
    if (!parts.ok()) {
        return parts.status().WithContext("writer table");
    }
    std::optional<std::string> schema;
    if (parts->size() == 2) {
        schema = (*parts)[0];
    }
    const std::string table = parts->back();
    for (const auto& p : *parts) {
        w->table_sql_ += (w->table_sql_.empty() ? "" : ".") + QuoteIdent(p);
    }

    // Write mode: insert | update | replace, also DataX's "update (k1, k2)" form naming the key.
    std::string mode = sdk::util::ToLower(spec.write_mode);
    std::vector<std::string> conflict = spec.conflict_columns;
    std::size_t open = mode.find('(');
    if (open != std::string::npos) {
        std::size_t close = mode.find(')', open);
        std::string keys =
            spec.write_mode.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        std::size_t start = 0;
        while (start <= keys.size()) {
            std::size_t comma = keys.find(',', start);
            std::string k = keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            k.erase(0, k.find_first_not_of(' '));
            k.erase(k.find_last_not_of(' ') + 1);
            if (!k.empty()) {
                conflict.push_back(k);
            }
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
        mode = mode.substr(0, open);
    }
    mode.erase(mode.find_last_not_of(' ') + 1);
    if (mode.empty() || mode == "insert") {
        w->upsert_ = false;
    } else if (mode == "update" || mode == "replace") {
        w->upsert_ = true;
    } else {
        return Status::InvalidArgument("writeMode '" + spec.write_mode +
                                       "' is not supported by the PostgreSQL writer (insert, update, replace)");
    }

    DBB_ASSIGN_OR_RETURN(auto cols,
                         session.Query(kColumnsSql, {schema, table}, "reading columns of '" + spec.table + "'"));
    PGresult* res = cols.get();
    if (PQntuples(res) == 0) {
        return Status::NotFound("table '" + spec.table + "' not found on " + session.where());
    }
    std::vector<Column> all;
    for (int i = 0; i < PQntuples(res); ++i) {
        Column c;
        c.name = PQgetvalue(res, i, 0);
        c.generated = PQgetvalue(res, i, 7)[0] == 't';
        c.type_oid = static_cast<std::uint32_t>(std::strtoul(PQgetvalue(res, i, 4), nullptr, 10));
        c.target = TargetClassOf(c.type_oid);
        all.push_back(std::move(c));
    }
    if (spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*")) {
        // Generated columns cannot be written; "*" means every column that can.
        std::copy_if(all.begin(), all.end(), std::back_inserter(w->columns_),
                     [](const Column& c) { return !c.generated; });
    } else {
        for (const auto& wanted : spec.columns) {
            auto folded = FoldName(wanted, 1);
            if (!folded.ok()) {
                return folded.status().WithContext("writer column");
            }
            const std::string& name = (*folded)[0];
            auto it = std::find_if(all.begin(), all.end(), [&](const Column& c) { return c.name == name; });
            if (it == all.end()) {
                return Status::InvalidArgument("column '" + wanted + "' does not exist in table '" + spec.table + "'");
            }
            if (it->generated) {
                return Status::InvalidArgument("column '" + wanted + "' of table '" + spec.table +
                                               "' is generated and cannot be written");
            }
            for (const auto& have : w->columns_) {
                if (have.name == name) {
                    return Status::InvalidArgument("column '" + wanted + "' is listed twice for table '" + spec.table +
                                                   "'");
                }
            }
            w->columns_.push_back(*it);
        }
    }
    std::vector<std::string> quoted;
    for (const auto& c : w->columns_) {
        quoted.push_back(QuoteIdent(c.name));
    }
    const std::string list = Join(quoted, ", ");
    w->copy_sql_ = "COPY " + w->table_sql_ + " (" + list + ") FROM STDIN";

    if (w->upsert_) {
        std::vector<std::string> keys;
        if (conflict.empty()) {
            DBB_ASSIGN_OR_RETURN(auto pk, session.Query(kPrimaryKeySql, {schema, table},
                                                        "reading the primary key of '" + spec.table + "'"));
            for (int i = 0; i < PQntuples(pk.get()); ++i) {
                keys.emplace_back(PQgetvalue(pk.get(), i, 0));
            }
            if (keys.empty()) {
                return Status::InvalidArgument("writeMode '" + spec.write_mode + "' needs a primary key on table '" +
                                               spec.table + "' or conflict columns");
            }
        } else {
            for (const auto& k : conflict) {
                auto folded = FoldName(k, 1);
                if (!folded.ok()) {
                    return folded.status().WithContext("conflict column");
                }
                keys.push_back((*folded)[0]);
            }
        }
        std::vector<std::string> quoted_keys;
        std::vector<std::string> sets;
        for (const auto& k : keys) {
            if (std::none_of(w->columns_.begin(), w->columns_.end(), [&](const Column& c) { return c.name == k; })) {
                return Status::InvalidArgument("conflict column '" + k + "' of table '" + spec.table +
                                               "' is not among the written columns");
            }
            quoted_keys.push_back(QuoteIdent(k));
        }
        for (const auto& c : w->columns_) {
            if (std::find(keys.begin(), keys.end(), c.name) == keys.end()) {
                sets.push_back(QuoteIdent(c.name) + " = EXCLUDED." + QuoteIdent(c.name));
            }
        }
        w->stage_sql_ = QuoteIdent("dbb_stage_" + std::to_string(reinterpret_cast<std::uintptr_t>(w.get())));
        w->create_stage_sql_ = "CREATE TEMP TABLE " + w->stage_sql_ + " ON COMMIT DROP AS SELECT " + list + " FROM " +
                               w->table_sql_ + " WITH NO DATA";
        w->copy_sql_ = "COPY " + w->stage_sql_ + " (" + list + ") FROM STDIN";
        const std::string on_conflict = " ON CONFLICT (" + Join(quoted_keys, ", ") + ") DO " +
                                        (sets.empty() ? "NOTHING" : "UPDATE SET " + Join(sets, ", ")) +
                                        "; TRUNCATE " + w->stage_sql_;
        w->merge_sql_ = "SAVEPOINT dbb_merge; INSERT INTO " + w->table_sql_ + " (" + list + ") SELECT " + list +
                        " FROM " + w->stage_sql_ + on_conflict;
        // The same key twice in one COPY: DO UPDATE refuses to touch a row twice (SQLSTATE 21000), so
        // only the last row of each key goes in, as row-by-row upserts would leave it. The stage is
        // truncated before each COPY and only appended to, so ctid order is COPY order. Rows with a NULL
        // key never conflict and all go in.
        std::vector<std::string> null_keys;
        for (const auto& k : quoted_keys) {
            null_keys.push_back(k + " IS NULL");
        }
        w->last_of_key_merge_sql_ = "ROLLBACK TO SAVEPOINT dbb_merge; INSERT INTO " + w->table_sql_ + " (" + list +
                                    ") SELECT " + list + " FROM (SELECT " + list + ", row_number() OVER (PARTITION BY " +
                                    Join(quoted_keys, ", ") + " ORDER BY ctid DESC) AS dbb__nth_of_key FROM " +
                                    w->stage_sql_ + ") s WHERE dbb__nth_of_key = 1 OR " + Join(null_keys, " OR ") +
                                    on_conflict;
    }
    w->copy_binary_sql_ = w->copy_sql_ + " (FORMAT binary)";
    for (const auto& c : w->columns_) {
        w->column_oids_.push_back(c.type_oid);
    }
    w->binary_pays_ = allow_binary && BinaryCopyPays(w->column_oids_);
    return w;
}

PgRecordWriter::~PgRecordWriter() {
    AbandonCopy();
    if (in_txn_ && !session_.broken()) {
        PgResult r(PQexec(session_.conn(), "ROLLBACK"));
    }
}

Status PgRecordWriter::Simple(const std::string& sql, const std::string& what) {
    return session_.Exec(sql, what + " on table '" + table_label_ + "'");
}

std::string PgRecordWriter::Reason(const PgError& e) const {
    std::string out;
    if (!e.column.empty()) {
        out = "column " + e.column + ": ";
    }
    out += e.message;
    if (!e.sql_state.empty()) {
        out += " [SQLSTATE " + e.sql_state + "]";
    }
    return out;
}

PgRecordWriter::Attempt PgRecordWriter::Failed(Attempt a, const PGresult* r) {
    a.ok = false;
    a.error = ErrorOf(r, session_.conn());
    if (session_.broken()) {
        a.fatal = session_.StatusOf(a.error, "writing to table '" + table_label_ + "'");
    }
    return a;
}

void PgRecordWriter::EncodeRow(const sdk::Record& rec) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c) {
            buf_ += '\t';
        }
        AppendValueText(rec[c], columns_[c].target, true, buf_);
    }
    buf_ += '\n';
    row_end_.push_back(buf_.size());
}

PgRecordWriter::Attempt PgRecordWriter::FinishCopy() {
    PGconn* conn = session_.conn();
    if (binary_ && PQputCopyData(conn, kBinaryCopyTrailer.data(), static_cast<int>(kBinaryCopyTrailer.size())) != 1) {
        return Failed({}, nullptr);
    }
    if (PQputCopyEnd(conn, nullptr) != 1) {
        return Failed({}, nullptr);
    }
    PgResult done(PQgetResult(conn));
    while (PGresult* extra = PQgetResult(conn)) {
        PQclear(extra);
    }
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) {
        return Failed({}, done.get());
    }
    if (upsert_) {
        PgResult merged(PQexec(conn, merge_sql_.c_str()));
        if (PQresultStatus(merged.get()) != PGRES_COMMAND_OK &&
            ErrorOf(merged.get(), conn).sql_state == kCardinalityViolation) {
            merged = PgResult(PQexec(conn, last_of_key_merge_sql_.c_str()));
        }
        if (PQresultStatus(merged.get()) != PGRES_COMMAND_OK) {
            Attempt m = Failed({}, merged.get());
            m.error.copy_line = 0;  // a merge error is not tied to a COPY line
            return m;
        }
    }
    return {};
}

PgRecordWriter::Attempt PgRecordWriter::StartCopy() {
    PGconn* conn = session_.conn();
    const int savepoint_statements = release_pending_ ? 2 : 1;
    std::string sql = std::string(release_pending_ ? "RELEASE SAVEPOINT dbb_batch; " : "") + "SAVEPOINT dbb_batch; " +
                      (binary_ ? copy_binary_sql_ : copy_sql_);
    release_pending_ = false;
    if (PQsendQuery(conn, sql.c_str()) != 1) {
        Attempt a = Failed({}, nullptr);
        a.fatal = session_.StatusOf(a.error, "SAVEPOINT on table '" + table_label_ + "'");
        return a;
    }
    // One result per statement; after an error the server skips the rest of the string.
    Attempt a;
    bool copying = false;
    for (int i = 0; PGresult* r = PQgetResult(conn); ++i) {
        PgResult res(r);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_IN) {
            copying = true;
            break;
        }
        if (st != PGRES_COMMAND_OK && a.ok) {
            a = Failed({}, r);
            // The COPY itself failing to start is a batch error; the savepoints failing is fatal.
            if (i < savepoint_statements) {
                a.fatal = session_.StatusOf(a.error, "SAVEPOINT on table '" + table_label_ + "'");
            }
        }
    }
    if (!copying && a.ok) {
        a = Failed({}, nullptr);
    }
    if (copying && !SendHeader()) {
        a = Failed({}, nullptr);
        a.fatal = session_.StatusOf(a.error, "writing to table '" + table_label_ + "'");
    }
    return a;
}

bool PgRecordWriter::SendHeader() {
    return !binary_ ||
           PQputCopyData(session_.conn(), kBinaryCopyHeader.data(), static_cast<int>(kBinaryCopyHeader.size())) == 1;
}

bool PgRecordWriter::ChooseFormat(const sdk::RecordBatch& batch) {
    binary_ = binary_pays_ && EncodeBinary(batch);
    return binary_;
}

bool PgRecordWriter::EncodeBinary(const sdk::RecordBatch& batch) {
    const std::size_t bytes = buf_.size();
    const std::size_t rows = row_end_.size();
    for (const auto& rec : batch.rows) {
        if (!AppendBinaryRow(rec, column_oids_, buf_)) {
            buf_.resize(bytes);
            row_end_.resize(rows);
            return false;
        }
        row_end_.push_back(buf_.size());
    }
    return true;
}

PgRecordWriter::Attempt PgRecordWriter::SendRows(const sdk::RecordBatch& batch) {
    // A blocking PQputCopyData fails only when the connection does; buf_ is incomplete then,
    // so this must never fall through to the retries.
    PGconn* conn = session_.conn();
    auto lost = [&] {
        Attempt l = Failed({}, nullptr);
        l.fatal = session_.StatusOf(l.error, "writing to table '" + table_label_ + "'");
        return l;
    };
    // Binary rows were encoded before the COPY was chosen; text rows are encoded while they are sent.
    for (std::size_t r = 0; !binary_ && r < batch.rows.size(); ++r) {
        EncodeRow(batch.rows[r]);
        if (buf_.size() - sent_ >= kStreamChunkBytes) {
            if (PQputCopyData(conn, buf_.data() + sent_, static_cast<int>(buf_.size() - sent_)) != 1) {
                return lost();
            }
            sent_ = buf_.size();
        }
    }
    while (sent_ < buf_.size()) {
        const std::size_t n = std::min(kCopyChunkBytes, buf_.size() - sent_);
        if (PQputCopyData(conn, buf_.data() + sent_, static_cast<int>(n)) != 1) {
            return lost();
        }
        sent_ += n;
    }
    return {};
}

PgRecordWriter::Attempt PgRecordWriter::StreamBatch(const sdk::RecordBatch& batch) {
    ChooseFormat(batch);
    Attempt a = StartCopy();
    if (!a.fatal.ok()) {
        return a;
    }
    if (a.ok) {
        a = SendRows(batch);
        if (a.fatal.ok()) {
            a = FinishCopy();
        }
    } else if (!binary_) {
        for (const auto& rec : batch.rows) {
            EncodeRow(rec);
        }
    }
    if (!a.fatal.ok()) {
        return a;
    }
    if (a.ok) {
        release_pending_ = true;
        return a;
    }
    // Back to the state before this batch, so the retries run under savepoints of their own.
    a.fatal = Simple("ROLLBACK TO SAVEPOINT dbb_batch; RELEASE SAVEPOINT dbb_batch", "ROLLBACK TO SAVEPOINT");
    return a;
}

PgRecordWriter::Attempt PgRecordWriter::WriteRange(std::size_t begin, std::size_t end) {
    PGconn* conn = session_.conn();
    PgResult start(PQexec(conn, (binary_ ? copy_binary_sql_ : copy_sql_).c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
        return Failed({}, start.get());
    }
    if (!SendHeader()) {
        return Failed({}, nullptr);
    }
    std::size_t from = begin == 0 ? 0 : row_end_[begin - 1];
    const std::size_t to = row_end_[end - 1];
    while (from < to) {
        std::size_t n = std::min(kCopyChunkBytes, to - from);
        if (PQputCopyData(conn, buf_.data() + from, static_cast<int>(n)) != 1) {
            return Failed({}, nullptr);
        }
        from += n;
    }
    return FinishCopy();
}

PgRecordWriter::Attempt PgRecordWriter::Guarded(const char* savepoint, std::size_t begin, std::size_t end) {
    Attempt a;
    a.fatal = Simple(std::string("SAVEPOINT ") + savepoint, "SAVEPOINT");
    if (!a.fatal.ok()) {
        a.ok = false;
        return a;
    }
    a = WriteRange(begin, end);
    if (!a.fatal.ok()) {
        return a;
    }
    a.fatal = Simple(std::string(a.ok ? "RELEASE SAVEPOINT " : "ROLLBACK TO SAVEPOINT ") + savepoint,
                     a.ok ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT");
    if (!a.fatal.ok()) {
        a.ok = false;
    }
    return a;
}

Status PgRecordWriter::Bisect(std::size_t begin, std::size_t end, std::vector<sdk::DirtyRecord>& dirty) {
    if (end - begin <= kOneByOneRows) {
        return WriteOneByOne(begin, end, dirty);
    }
    const std::size_t mid = begin + (end - begin) / 2;
    for (auto [from, to] : {std::pair<std::size_t, std::size_t>{begin, mid}, {mid, end}}) {
        Attempt a = Guarded("dbb_part", from, to);
        if (!a.fatal.ok()) {
            return a.fatal;
        }
        if (!a.ok) {
            DBB_RETURN_IF_ERROR(Bisect(from, to, dirty));
        }
    }
    return Status::Ok();
}

Status PgRecordWriter::WriteOneByOne(std::size_t begin, std::size_t end, std::vector<sdk::DirtyRecord>& dirty) {
    for (std::size_t i = begin; i < end; ++i) {
        Attempt a = Guarded("dbb_row", i, i + 1);
        if (!a.fatal.ok()) {
            return a.fatal;
        }
        if (!a.ok) {
            dirty.push_back({i, Reason(a.error)});
        }
    }
    return Status::Ok();
}

Status PgRecordWriter::Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow([&]() -> Status { return WriteImpl(batch, dirty); }, "postgres writer: ");
}

Status PgRecordWriter::WriteImpl(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) {
    dirty.clear();
    const std::uint64_t batch_number = batches_written_++;
    const std::size_t n = batch.size();
    if (n == 0) {
        return Status::Ok();
    }
    const std::size_t ncols = columns_.size();
    for (std::size_t r = 0; r < n; ++r) {
        const sdk::Record& rec = batch.rows[r];
        if (rec.size() != ncols) {
            return Status::InvalidArgument("record " + std::to_string(r) + " has " + std::to_string(rec.size()) +
                                           " values but the writer for table '" + table_label_ + "' has " +
                                           std::to_string(ncols) + " columns");
        }
    }
    if (!in_txn_) {
        DBB_RETURN_IF_ERROR(Simple("BEGIN", "BEGIN"));
        in_txn_ = true;
    }
    if (upsert_ && !stage_ready_) {
        // Outside the batch savepoint, so a rolled-back batch does not take the stage with it.
        DBB_RETURN_IF_ERROR(Simple(create_stage_sql_, "creating the stage table"));
        stage_ready_ = true;
    }
    if (defer_) {
        return Append(batch, batch_number, dirty);
    }
    return WriteNow(batch, dirty);
}

Status PgRecordWriter::WriteNow(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) {
    ResetWindow();
    Attempt first = StreamBatch(batch);
    if (!first.fatal.ok()) {
        return first.fatal;
    }
    if (first.ok) {
        return Status::Ok();
    }
    return Isolate(first, dirty);
}

Status PgRecordWriter::Isolate(Attempt first, std::vector<sdk::DirtyRecord>& dirty) {
    const std::size_t n = row_end_.size();
    std::size_t start = 0;
    int retries = 0;
    Attempt a = first;
    for (bool again = false; start < n; again = true) {
        if (again) {
            a = Guarded("dbb_batch", start, n);
        }
        if (!a.fatal.ok()) {
            return a.fatal;
        }
        if (a.ok) {
            break;
        }
        const std::size_t line = static_cast<std::size_t>(a.error.copy_line);
        if (line == 0 || start + line > n || ++retries > kMaxBulkRetries) {
            return Bisect(start, n, dirty);
        }
        // COPY stops at the first bad line: the rows before it were fine, so write them in bulk again.
        const std::size_t bad = start + line - 1;
        if (bad > start) {
            Attempt before = Guarded("dbb_batch", start, bad);
            if (!before.fatal.ok()) {
                return before.fatal;
            }
            if (!before.ok) {
                DBB_RETURN_IF_ERROR(Bisect(start, bad, dirty));
            }
        }
        dirty.push_back({bad, Reason(a.error)});
        start = bad + 1;
    }
    return Status::Ok();
}

void PgRecordWriter::ResetWindow() {
    buf_.clear();
    row_end_.clear();
    window_batches_.clear();
    sent_ = 0;
}

Status PgRecordWriter::Append(const sdk::RecordBatch& batch, std::uint64_t batch_number,
                              std::vector<sdk::DirtyRecord>& dirty) {
    if (copy_open_ && ServerSpoke()) {
        DBB_RETURN_IF_ERROR(EndWindow(late_));
    }
    std::size_t first_row = row_end_.size();
    if (copy_open_ && binary_ && !EncodeBinary(batch)) {
        DBB_RETURN_IF_ERROR(EndWindow(late_));  // a value needs the text form: this batch opens a text COPY
    }
    if (!copy_open_) {
        ResetWindow();
        first_row = 0;
        ChooseFormat(batch);
        Attempt start = StartCopy();
        if (!start.fatal.ok()) {
            return start.fatal;
        }
        if (!start.ok) {
            // The COPY itself cannot start (e.g. no INSERT privilege): this batch goes the per-batch
            // way, which reports each record with the server's reason.
            DBB_RETURN_IF_ERROR(
                Simple("ROLLBACK TO SAVEPOINT dbb_batch; RELEASE SAVEPOINT dbb_batch", "ROLLBACK TO SAVEPOINT"));
            return WriteNow(batch, dirty);
        }
        copy_open_ = true;
    }
    window_batches_.push_back({batch_number, first_row});
    Attempt sent = SendRows(batch);
    if (!sent.fatal.ok()) {
        copy_open_ = false;
        return sent.fatal;
    }
    if (buf_.size() >= kMaxWindowBytes || ServerSpoke()) {
        return EndWindow(late_);
    }
    return Status::Ok();
}

// During COPY FROM STDIN the server says nothing until the client ends the COPY, unless the COPY
// failed on a row (it then discards everything that follows) or it sends a notice: either way the
// window ends now, so the rows after a bad one are not encoded and sent only to be replayed.
bool PgRecordWriter::ServerSpoke() const {
    pollfd p{};
    p.fd = PQsocket(session_.conn());
    p.events = POLLIN;
    return p.fd >= 0 && ::poll(&p, 1, 0) > 0;
}

Status PgRecordWriter::EndWindow(std::vector<sdk::LateDirtyRecord>& out) {
    if (!copy_open_) {
        return Status::Ok();
    }
    copy_open_ = false;
    Attempt a = FinishCopy();
    if (!a.fatal.ok()) {
        return a.fatal;
    }
    if (a.ok) {
        release_pending_ = true;
        ResetWindow();
        return Status::Ok();
    }
    DBB_RETURN_IF_ERROR(
        Simple("ROLLBACK TO SAVEPOINT dbb_batch; RELEASE SAVEPOINT dbb_batch", "ROLLBACK TO SAVEPOINT"));
    std::vector<sdk::DirtyRecord> dirty;
    DBB_RETURN_IF_ERROR(Isolate(a, dirty));
    for (const auto& d : dirty) {
        // The last window batch starting at or before the row carried it.
        auto it = std::upper_bound(window_batches_.begin(), window_batches_.end(), d.index_in_batch,
                                   [](std::size_t row, const WindowBatch& b) { return row < b.first_row; });
        const WindowBatch& b = *std::prev(it);
        out.push_back({b.number, d.index_in_batch - b.first_row, d.reason});
    }
    ResetWindow();
    return Status::Ok();
}

// A COPY still open when the transaction ends without its records (rollback, destruction): tell the
// server to drop it, so the connection is back to idle.
void PgRecordWriter::AbandonCopy() {
    if (!copy_open_) {
        return;
    }
    copy_open_ = false;
    ResetWindow();
    if (session_.broken()) {
        return;
    }
    PGconn* conn = session_.conn();
    if (PQputCopyEnd(conn, "abandoned by dbbridge") == 1) {
        while (PGresult* r = PQgetResult(conn)) {
            PQclear(r);
        }
    }
}

bool PgRecordWriter::DeferDirty() noexcept {
    if (batches_written_ == 0) {
        defer_ = true;
    }
    return defer_;
}

Status PgRecordWriter::Flush(std::vector<sdk::LateDirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            DBB_RETURN_IF_ERROR(EndWindow(late_));
            dirty.insert(dirty.end(), late_.begin(), late_.end());
            late_.clear();
            return Status::Ok();
        },
        "postgres writer: ");
}

Status PgRecordWriter::Commit() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            if (!in_txn_) {
                return Status::Ok();
            }
            // The caller flushes first; a window still open ends here, its dirty records kept for Flush().
            DBB_RETURN_IF_ERROR(EndWindow(late_));
            in_txn_ = false;
            stage_ready_ = false;
            release_pending_ = false;
            return Simple("COMMIT", "COMMIT");
        },
        "postgres writer: Commit: ");
}

Status PgRecordWriter::Rollback() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            if (!in_txn_) {
                return Status::Ok();
            }
            AbandonCopy();
            late_.clear();
            in_txn_ = false;
            stage_ready_ = false;
            release_pending_ = false;
            return Simple("ROLLBACK", "ROLLBACK");
        },
        "postgres writer: Rollback: ");
}

}  // namespace dbbridge::postgres
