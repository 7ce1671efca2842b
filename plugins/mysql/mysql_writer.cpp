#include "mysql_writer.h"

#include <mysqld_error.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "mysql_connection.h"

namespace dbbridge::mysql {

namespace {

constexpr std::size_t kMaxPlaceholders = 65535;  // protocol limit per prepared statement
constexpr int kDefaultBatchSize = 2048;
// A LOAD DATA range that failed is split in halves until it is this small, then goes row by row.
constexpr std::size_t kRowByRowRows = 64;
// Deferred windows: TSV goes to the LOAD DATA in pieces this large, and a window ends by itself when
// its kept TSV reaches kMaxWindowBytes.
constexpr std::size_t kChunkBytes = 64 << 10;
constexpr std::size_t kMaxWindowBytes = 32 << 20;

bool RefusedLocalInfile(const MysqlError& err) {
    return err.code == ER_LOAD_INFILE_CAPABILITY_DISABLED || err.code == ER_NOT_ALLOWED_COMMAND;
}

void AppendEscaped(std::string& out, const std::string& s) {
    // LOAD DATA ... ESCAPED BY '\\': escape the field and line terminators, the escape and NUL.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        const char* rep = nullptr;
        switch (c) {
            case '\\': rep = "\\\\"; break;
            case '\t': rep = "\\t"; break;
            case '\n': rep = "\\n"; break;
            case '\r': rep = "\\r"; break;
            case '\0': rep = "\\0"; break;
            default: continue;
        }
        out.append(s, run, i - run);
        out.append(rep);
        run = i + 1;
    }
    out.append(s, run, std::string::npos);
}

// Number of bytes of a "bit(n)" column, 0 for other types.
int BitBytes(const std::string& native_type) {
    if (sdk::util::BaseTypeName(native_type) != "bit") {
        return 0;
    }
    std::size_t open = native_type.find('(');
    int bits = open == std::string::npos ? 1 : std::atoi(native_type.c_str() + open + 1);
    return bits <= 0 ? 1 : (bits + 7) / 8;
}

}  // namespace

MysqlWriter::MysqlWriter(MysqlConnection& conn, const sdk::WriteSpec& spec, Mode mode)
    : conn_(conn), spec_(spec), mode_(mode) {
    if (spec_.batch_size <= 0) {
        spec_.batch_size = kDefaultBatchSize;
    }
}

sdk::Result<std::unique_ptr<MysqlWriter>> MysqlWriter::Open(MysqlConnection& conn, const sdk::WriteSpec& spec) {
    std::string mode_text = sdk::util::ToLower(spec.write_mode.empty() ? "insert" : spec.write_mode);
    Mode mode = Mode::kInsert;
    if (mode_text == "replace") {
        mode = Mode::kReplace;
    } else if (mode_text == "update") {
        mode = Mode::kUpdate;
    } else if (mode_text != "insert") {
        return sdk::Status::InvalidArgument("writeMode '" + spec.write_mode +
                                            "' is not one of insert, replace, update");
    }
    DBB_ASSIGN_OR_RETURN(auto table_columns, conn.ListColumns(spec.table));
    std::unique_ptr<MysqlWriter> w(new MysqlWriter(conn, spec, mode));
    // auto: LOAD DATA for insert (REPLACE and ON DUPLICATE KEY keep their statements);
    // load_data: also for replace.
    const std::string bulk = conn.spec().Option("mysql_bulk", "auto");
    w->use_load_data_ = (mode == Mode::kInsert && bulk == "auto") || (mode != Mode::kUpdate && bulk == "load_data");
    DBB_RETURN_IF_ERROR(w->Prepare(table_columns));
    if (w->use_load_data_) {
        DBB_ASSIGN_OR_RETURN(auto allowed, conn.LocalInfileAllowed());
        if (!allowed) {
            w->StopLoadData("the server has local_infile off");
        }
    }
    return w;
}

sdk::Status MysqlWriter::Prepare(const std::vector<sdk::ColumnInfo>& table_columns) {
    auto table = MysqlConnection::QuoteTable(spec_.table);
    if (!table.ok()) {
        return table.status();
    }
    table_sql_ = *table;
    std::vector<const sdk::ColumnInfo*> chosen;
    if (spec_.columns.empty() || (spec_.columns.size() == 1 && spec_.columns[0] == "*")) {
        for (const auto& c : table_columns) {
            chosen.push_back(&c);
        }
    } else {
        for (const auto& name : spec_.columns) {
            auto parts = sdk::util::SplitQualifiedName(name, '`');
            if (!parts.ok() || parts->size() != 1) {
                return sdk::Status::InvalidArgument("writer column '" + name + "' of table '" + spec_.table +
                                                    "' is not a column name");
            }
            const std::string lower = sdk::util::ToLower((*parts)[0]);
            auto it = std::find_if(table_columns.begin(), table_columns.end(),
                                   [&](const sdk::ColumnInfo& c) { return sdk::util::ToLower(c.name) == lower; });
            if (it == table_columns.end()) {
                return sdk::Status::InvalidArgument("column '" + name + "' not found in table '" + spec_.table + "'");
            }
            if (std::find(chosen.begin(), chosen.end(), &*it) != chosen.end()) {
                return sdk::Status::InvalidArgument("column '" + name + "' is listed twice for table '" +
                                                    spec_.table + "'");
            }
            chosen.push_back(&*it);
        }
    }
    std::string cols;
    for (const auto* c : chosen) {
        // Names come from information_schema as they are spelled: one part each, even with a '.'.
        std::string q = sdk::util::QuoteIdentifierPart(c->name, '`');
        column_names_.push_back(q);
        bit_bytes_.push_back(BitBytes(c->native_type));
        if (!cols.empty()) {
            cols += ',';
        }
        cols += q;
    }
    if (mode_ == Mode::kUpdate) {
        DBB_RETURN_IF_ERROR(ChooseUpdateColumns(chosen));
    }
    load_sql_ = "LOAD DATA LOCAL INFILE 'dbbridge-batch'";
    if (mode_ == Mode::kReplace) {
        load_sql_ += " REPLACE";
    }
    load_sql_ += " INTO TABLE " + table_sql_ +
                 " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" +
                 cols + ")";

    // Strict mode for every table type, autocommit off; both restored in the destructor.
    DBB_RETURN_IF_ERROR(conn_.Run("SET @dbb_saved_sql_mode = @@SESSION.sql_mode"));
    DBB_RETURN_IF_ERROR(conn_.Run("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), "
                                  "'STRICT_ALL_TABLES')"));
    session_prepared_ = true;
    if (mysql_autocommit(conn_.handle(), 0) != 0) {
        return StatusOf(ErrorOf(conn_.handle()), "turning autocommit off on " + conn_.Where());
    }
    return sdk::Status::Ok();
}

// The ON DUPLICATE KEY UPDATE list, as DataX's oceanbasev10writer builds it (ObWriterUtils#
// buildWriteSql): the requested columns (obUpdateColumns) or every written one, less the columns
// every unique key shares (they are equal when any key conflicts); the first written column when
// nothing is left, so the statement stays valid.
sdk::Status MysqlWriter::ChooseUpdateColumns(const std::vector<const sdk::ColumnInfo*>& chosen) {
    std::vector<std::string> wanted;
    for (const auto& name : spec_.update_columns) {
        auto parts = sdk::util::SplitQualifiedName(name, '`');
        const std::string lower = parts.ok() && parts->size() == 1 ? sdk::util::ToLower((*parts)[0]) : "";
        auto it = std::find_if(chosen.begin(), chosen.end(),
                               [&](const sdk::ColumnInfo* c) { return sdk::util::ToLower(c->name) == lower; });
        if (it == chosen.end()) {
            return sdk::Status::InvalidArgument("update column '" + name + "' is not one of the columns written to '" +
                                                spec_.table + "'");
        }
        wanted.push_back(sdk::util::ToLower((*it)->name));
    }
    auto keys = conn_.UniqueKeys(spec_.table);
    if (!keys.ok()) {
        return keys.status();
    }
    std::set<std::string> shared;  // lower-case names in every unique key
    for (std::size_t k = 0; k < keys->size(); ++k) {
        std::set<std::string> names;
        for (const auto& c : (*keys)[k]) {
            if (k == 0 || shared.count(sdk::util::ToLower(c)) > 0) {
                names.insert(sdk::util::ToLower(c));
            }
        }
        shared = std::move(names);
    }
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const std::string lower = sdk::util::ToLower(chosen[i]->name);
        bool asked = wanted.empty() || std::find(wanted.begin(), wanted.end(), lower) != wanted.end();
        if (asked && shared.count(lower) == 0) {
            update_names_.push_back(column_names_[i]);
        }
    }
    if (update_names_.empty() && !column_names_.empty()) {
        update_names_.push_back(column_names_.front());
    }
    return sdk::Status::Ok();
}

MysqlWriter::~MysqlWriter() {
    if (!session_prepared_) {
        return;
    }
    AbandonWindow();
    conn_.infile().data = nullptr;
    if (pending_) {
        (void)conn_.Run("ROLLBACK");  // best effort in a destructor
    }
    mysql_autocommit(conn_.handle(), 1);
    (void)conn_.Run("SET SESSION sql_mode = @dbb_saved_sql_mode");  // best effort
}

std::string MysqlWriter::InsertSql(std::size_t rows) const {
    std::string sql = mode_ == Mode::kReplace ? "REPLACE INTO " : "INSERT INTO ";
    sql += table_sql_ + " (";
    std::string group = "(";
    for (std::size_t i = 0; i < column_names_.size(); ++i) {
        if (i > 0) {
            sql += ',';
            group += ',';
        }
        sql += column_names_[i];
        group += '?';
    }
    group += ')';
    sql += ") VALUES ";
    sql.reserve(sql.size() + rows * (group.size() + 1) + 64);
    for (std::size_t r = 0; r < rows; ++r) {
        if (r > 0) {
            sql += ',';
        }
        sql += group;
    }
    if (mode_ == Mode::kUpdate) {
        sql += " ON DUPLICATE KEY UPDATE ";
        for (std::size_t i = 0; i < update_names_.size(); ++i) {
            if (i > 0) {
                sql += ',';
            }
            sql += update_names_[i] + "=VALUES(" + update_names_[i] + ")";
        }
    }
    return sql;
}

sdk::Status MysqlWriter::Fatal(const MysqlError& error, const std::string& what) const {
    if (error.ConnectionLost()) {
        return sdk::Status::Unavailable(what + " on " + conn_.Where() + ": " + error.ToString());
    }
    // A deadlock rolls back the whole transaction: earlier batches are gone, so the write cannot go on.
    if (error.code == ER_LOCK_DEADLOCK) {
        return sdk::Status::Unavailable(what + " on " + conn_.Where() +
                                        ": the server rolled back the transaction: " + error.ToString());
    }
    return sdk::Status::Ok();
}

sdk::Status MysqlWriter::Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Status {
            for (std::size_t i = 0; i < batch.rows.size(); ++i) {
                if (batch.rows[i].size() != column_names_.size()) {
                    return sdk::Status::InvalidArgument("record " + std::to_string(i) + " has " +
                                                        std::to_string(batch.rows[i].size()) + " values but table '" +
                                                        spec_.table + "' is written with " +
                                                        std::to_string(column_names_.size()) + " columns");
                }
            }
            const std::uint64_t number = batches_written_++;
            if (defer_ && use_load_data_) {
                return Append(batch, number, dirty);
            }
            return WriteBatch(batch, dirty);
        },
        ("writing table '" + spec_.table + "': ").c_str());
}

sdk::Status MysqlWriter::WriteBatch(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) {
    // batchSize bounds a statement's placeholders; LOAD DATA streams the whole batch at once.
    const auto step = use_load_data_ ? std::max<std::size_t>(1, batch.rows.size())
                                     : static_cast<std::size_t>(spec_.batch_size);
    for (std::size_t begin = 0; begin < batch.rows.size(); begin += step) {
        DBB_RETURN_IF_ERROR(WriteChunk(batch, begin, std::min(batch.rows.size(), begin + step), dirty));
    }
    return sdk::Status::Ok();
}

sdk::Status MysqlWriter::Append(const sdk::RecordBatch& batch, std::uint64_t number,
                                std::vector<sdk::DirtyRecord>& dirty) {
    if (stream_ != nullptr && stream_->Ended()) {
        DBB_RETURN_IF_ERROR(EndWindow(late_));  // idle for too long, or failed: checked now
    }
    if (stream_ == nullptr) {
        DBB_ASSIGN_OR_RETURN(auto open, OpenWindow());
        if (!open) {
            return WriteBatch(batch, dirty);
        }
    }
    window_batches_.push_back({number, row_end_.size()});
    for (std::size_t i = 0; i < batch.rows.size(); ++i) {
        const std::size_t before = chunk_.size();
        sdk::Status st = AppendTsvRow(batch.rows[i], chunk_);
        if (!st.ok()) {
            chunk_.resize(before);
            dirty.push_back({i, st.message()});
            continue;
        }
        row_end_.push_back(stream_->bytes() + chunk_.size());
        row_index_.push_back(static_cast<std::uint32_t>(i));
        if (chunk_.size() >= kChunkBytes) {
            PushChunk();
        }
    }
    PushChunk();
    if (stream_->bytes() >= kMaxWindowBytes) {
        return EndWindow(late_);
    }
    return sdk::Status::Ok();
}

sdk::Result<bool> MysqlWriter::OpenWindow() {
    pending_ = true;
    DBB_RETURN_IF_ERROR(conn_.Run("SAVEPOINT dbb_batch"));
    ResetWindow();
    auto stream = std::make_unique<LoadDataStream>(conn_.infile());
    if (stream->Start(conn_.handle(), load_sql_)) {
        stream_ = std::move(stream);
        return true;
    }
    const LoadDataStream::Outcome o = stream->Finish();
    if (!o.ran) {
        DBB_RETURN_IF_ERROR(Fatal(o.error, "starting a LOAD DATA into '" + spec_.table + "'"));
        if (RefusedLocalInfile(o.error)) {
            // Refused although @@local_infile said yes (changed since, or a proxy): statements from now on.
            StopLoadData("the server refused LOCAL INFILE: " + o.error.ToString());
        }
    }
    DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT dbb_batch"));
    return false;
}

void MysqlWriter::PushChunk() {
    if (chunk_.empty()) {
        return;
    }
    // A stream that stopped reading keeps the chunk anyway: EndWindow() replays it.
    (void)stream_->Push(std::move(chunk_));
    chunk_ = std::string();
    chunk_.reserve(kChunkBytes + (kChunkBytes >> 2));
}

void MysqlWriter::ResetWindow() {
    chunk_.clear();
    row_end_.clear();
    row_index_.clear();
    window_batches_.clear();
}

sdk::Status MysqlWriter::EndWindow(std::vector<sdk::LateDirtyRecord>& out) {
    if (stream_ == nullptr) {
        return sdk::Status::Ok();
    }
    PushChunk();
    const std::unique_ptr<LoadDataStream> kept = std::move(stream_);
    const LoadDataStream::Outcome o = kept->Finish();
    if (!o.ran) {
        DBB_RETURN_IF_ERROR(Fatal(o.error, "loading into '" + spec_.table + "'"));
    }
    const std::size_t rows = row_end_.size();
    if (o.ran && Stored(o.affected, o.warnings, rows)) {
        ResetWindow();
        return sdk::Status::Ok();
    }
    // Before the rollback clears them: data warnings name their row ("... at row N"), so when every
    // warning does, one replay without those rows settles the window; otherwise halving finds them.
    std::map<std::size_t, std::string> named;
    const bool all_named = o.ran && o.warnings > 0 && NamedRows(o.warnings, rows, named);
    DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT dbb_batch"));
    std::vector<sdk::DirtyRecord> dirty;
    bool replayed = false;
    if (all_named) {
        DBB_ASSIGN_OR_RETURN(replayed, ReplayWithout(*kept, named, dirty));
    }
    if (!replayed) {
        DBB_RETURN_IF_ERROR(SplitKept(*kept, 0, rows, dirty));
    }
    for (const auto& d : dirty) {
        // The last window batch starting at or before the row carried it.
        auto it = std::upper_bound(window_batches_.begin(), window_batches_.end(), d.index_in_batch,
                                   [](std::size_t row, const WindowBatch& b) { return row < b.first_row; });
        out.push_back({std::prev(it)->number, row_index_[d.index_in_batch], d.reason});
    }
    ResetWindow();
    return sdk::Status::Ok();
}

// The transaction ends without the window (rollback, destruction): make the statement fail.
void MysqlWriter::AbandonWindow() {
    if (stream_ != nullptr) {
        stream_->Abort();
        stream_.reset();
    }
    ResetWindow();
}

sdk::Status MysqlWriter::SplitKept(const LoadDataStream& kept, std::size_t begin, std::size_t end,
                                   std::vector<sdk::DirtyRecord>& dirty) {
    if (end - begin <= 1) {
        return begin == end ? sdk::Status::Ok() : IsolateKept(kept, begin, end, dirty);
    }
    const std::size_t mid = begin + (end - begin) / 2;
    DBB_RETURN_IF_ERROR(IsolateKept(kept, begin, mid, dirty));
    return IsolateKept(kept, mid, end, dirty);
}

sdk::Status MysqlWriter::IsolateKept(const LoadDataStream& kept, std::size_t begin, std::size_t end,
                                     std::vector<sdk::DirtyRecord>& dirty) {
    DBB_RETURN_IF_ERROR(conn_.Run("SAVEPOINT dbb_part"));
    tsv_.clear();
    kept.CopyRange(begin == 0 ? 0 : row_end_[begin - 1], row_end_[end - 1], tsv_);
    bool refused = false;
    DBB_ASSIGN_OR_RETURN(auto stored, LoadTsv(end - begin, refused));
    if (refused) {
        return RefusedWhileReplaying();
    }
    if (stored) {
        return sdk::Status::Ok();
    }
    const std::string reason = end - begin == 1 ? RowReason() : std::string();
    DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT dbb_part"));
    if (end - begin == 1) {
        dirty.push_back({begin, reason});
        return sdk::Status::Ok();
    }
    return SplitKept(kept, begin, end, dirty);
}

bool MysqlWriter::ReadWarnings(std::vector<RowWarning>& out) {
    MYSQL* h = conn_.handle();
    static const std::string kShow = "SHOW WARNINGS";
    static const std::string kAtRow = " at row ";
    if (mysql_real_query(h, kShow.data(), kShow.size()) != 0) {
        return false;
    }
    MYSQL_RES* res = mysql_store_result(h);
    if (res == nullptr) {
        return false;
    }
    while (MYSQL_ROW row = mysql_fetch_row(res)) {  // Level, Code, Message
        RowWarning w;
        std::string message = row[2] ? row[2] : "";
        const std::size_t at = message.rfind(kAtRow);
        const std::size_t digits = at == std::string::npos ? 0 : at + kAtRow.size();
        if (at != std::string::npos && digits < message.size() && digits + 18 >= message.size() &&
            message.find_first_not_of("0123456789", digits) == std::string::npos) {
            w.row = std::stoull(message.substr(digits));
            message.resize(at);
        }
        w.text = std::string("[") + (row[1] ? row[1] : "") + "] " + message;
        out.push_back(std::move(w));
    }
    mysql_free_result(res);
    return true;
}

std::string MysqlWriter::RowReason() {
    if (last_error_.code != 0) {
        return last_error_.ToString();
    }
    std::vector<RowWarning> warnings;
    if (!ReadWarnings(warnings)) {
        return "the server warned, and SHOW WARNINGS failed: " + ErrorOf(conn_.handle()).ToString();
    }
    std::string out;
    for (const auto& w : warnings) {
        out += (out.empty() ? "" : "; ") + w.text;
    }
    return out.empty() ? "the server stored no row and gave no warning" : out;
}

bool MysqlWriter::NamedRows(unsigned int expected, std::size_t rows, std::map<std::size_t, std::string>& named) {
    std::vector<RowWarning> warnings;
    // A list cut at max_error_count, or a warning without a row (a duplicate key), cannot be trusted.
    if (!ReadWarnings(warnings) || warnings.size() != expected) {
        return false;
    }
    for (const auto& w : warnings) {
        if (w.row == 0 || w.row > rows) {
            return false;
        }
        std::string& reason = named[w.row - 1];
        reason += (reason.empty() ? "" : "; ") + w.text;
    }
    return true;
}

sdk::Result<bool> MysqlWriter::ReplayWithout(const LoadDataStream& kept, const std::map<std::size_t, std::string>& named,
                                             std::vector<sdk::DirtyRecord>& dirty) {
    DBB_RETURN_IF_ERROR(conn_.Run("SAVEPOINT dbb_part"));
    tsv_.clear();
    auto start_of = [&](std::size_t row) { return row == 0 ? 0 : row_end_[row - 1]; };
    std::size_t from = 0;
    for (const auto& [row, reason] : named) {
        kept.CopyRange(start_of(from), start_of(row), tsv_);
        from = row + 1;
    }
    kept.CopyRange(start_of(from), start_of(row_end_.size()), tsv_);
    bool refused = false;
    DBB_ASSIGN_OR_RETURN(auto stored, LoadTsv(row_end_.size() - named.size(), refused));
    if (refused) {
        return RefusedWhileReplaying();
    }
    if (!stored) {
        DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT dbb_part"));
        return false;
    }
    for (const auto& [row, reason] : named) {
        dirty.push_back({row, reason});
    }
    return true;
}

sdk::Status MysqlWriter::RefusedWhileReplaying() const {
    return sdk::Status::Unavailable("the server refused LOCAL INFILE while dbbridge replayed rows of table '" +
                                    spec_.table + "' to find the bad ones on " + conn_.Where());
}

bool MysqlWriter::Stored(unsigned long long affected, unsigned int warnings, std::size_t rows) const {
    if (warnings > 0) {
        return false;
    }
    // Replace counts a replaced row twice (delete + insert); insert must store every row.
    const auto n = static_cast<unsigned long long>(rows);
    return mode_ == Mode::kReplace ? affected >= n : affected == n;
}

bool MysqlWriter::DeferDirty() noexcept {
    if (batches_written_ == 0 && use_load_data_) {
        defer_ = true;
    }
    return defer_;
}

sdk::Status MysqlWriter::Flush(std::vector<sdk::LateDirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Status {
            DBB_RETURN_IF_ERROR(EndWindow(late_));
            dirty.insert(dirty.end(), late_.begin(), late_.end());
            late_.clear();
            return sdk::Status::Ok();
        },
        ("writing table '" + spec_.table + "': ").c_str());
}

void MysqlWriter::StopLoadData(const std::string& why) {
    use_load_data_ = false;
    method_note_ = " (" + why + ")";
}

std::string MysqlWriter::Method() const noexcept {
    return sdk::util::NoThrowValue(
        [&]() -> std::string {
            return use_load_data_ ? "LOAD DATA LOCAL INFILE streamed from memory" : "multi-row INSERT" + method_note_;
        },
        std::string());
}

sdk::Status MysqlWriter::WriteChunk(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                                    std::vector<sdk::DirtyRecord>& dirty) {
    pending_ = true;
    MysqlError err;
    sdk::Status st = conn_.Run("SAVEPOINT dbb_batch", &err);
    if (!st.ok()) {
        return st;
    }
    DBB_ASSIGN_OR_RETURN(auto stored, use_load_data_ ? LoadData(batch, begin, end) : MultiRowInsert(batch, begin, end));
    if (stored) {
        return sdk::Status::Ok();
    }
    st = conn_.Run("ROLLBACK TO SAVEPOINT dbb_batch", &err);
    if (!st.ok()) {
        return st;
    }
    return use_load_data_ ? Isolate(batch, begin, end, dirty) : RowByRow(batch, begin, end, dirty);
}

// LOAD DATA LOCAL cannot stop the client's stream, so a bad row is a warning, not an error: split the
// failed range in halves, each loaded under its own savepoint, until the bad rows are in small
// ranges, which go row by row with the server's reason for each.
sdk::Status MysqlWriter::Isolate(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                                 std::vector<sdk::DirtyRecord>& dirty) {
    if (end - begin <= kRowByRowRows) {
        return RowByRow(batch, begin, end, dirty);
    }
    const std::size_t mid = begin + (end - begin) / 2;
    for (auto [from, to] : {std::pair<std::size_t, std::size_t>{begin, mid}, {mid, end}}) {
        DBB_RETURN_IF_ERROR(conn_.Run("SAVEPOINT dbb_part"));
        DBB_ASSIGN_OR_RETURN(auto stored, LoadData(batch, from, to));
        if (stored) {
            continue;
        }
        DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK TO SAVEPOINT dbb_part"));
        DBB_RETURN_IF_ERROR(Isolate(batch, from, to, dirty));
    }
    return sdk::Status::Ok();
}

sdk::Status MysqlWriter::AppendTsvRow(const sdk::Record& record, std::string& tsv) const {
    static thread_local std::string text;
    for (std::size_t c = 0; c < record.size(); ++c) {
        if (c > 0) {
            tsv += '\t';
        }
        const sdk::Value& v = record[c];
        if (v.is_null()) {
            tsv += "\\N";
            continue;
        }
        if (bit_bytes_[c] > 0 && (v.kind == sdk::ValueKind::kInt || v.kind == sdk::ValueKind::kBool)) {
            // LOAD DATA stores a BIT field's bytes as they are: send the number big-endian.
            std::string bytes(static_cast<std::size_t>(bit_bytes_[c]), '\0');
            auto u = static_cast<std::uint64_t>(v.i);
            for (int b = bit_bytes_[c] - 1; b >= 0; --b) {
                bytes[static_cast<std::size_t>(b)] = static_cast<char>(u & 0xff);
                u >>= 8;
            }
            AppendEscaped(tsv, bytes);
            continue;
        }
        switch (v.kind) {
            case sdk::ValueKind::kText:
            case sdk::ValueKind::kBytes:
            case sdk::ValueKind::kDecimal:
            case sdk::ValueKind::kDate:
                AppendEscaped(tsv, v.s);
                break;
            default:
                text.clear();
                if (sdk::Status st = AppendMysqlText(v, text); !st.ok()) {
                    return sdk::Status::InvalidArgument("column " + column_names_[c] + ": " + st.message());
                }
                AppendEscaped(tsv, text);
                break;
        }
    }
    tsv += '\n';
    return sdk::Status::Ok();
}

sdk::Result<bool> MysqlWriter::LoadData(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end) {
    tsv_.clear();
    for (std::size_t i = begin; i < end; ++i) {
        if (!AppendTsvRow(batch.rows[i], tsv_).ok()) {
            return false;
        }
    }
    bool refused = false;
    DBB_ASSIGN_OR_RETURN(auto stored, LoadTsv(end - begin, refused));
    return refused ? MultiRowInsert(batch, begin, end) : stored;
}

sdk::Result<bool> MysqlWriter::LoadTsv(std::size_t rows, bool& refused) {
    last_error_ = MysqlError();
    conn_.infile().data = &tsv_;
    int rc = mysql_real_query(conn_.handle(), load_sql_.data(), load_sql_.size());
    conn_.infile().data = nullptr;
    if (rc != 0) {
        last_error_ = ErrorOf(conn_.handle());
        DBB_RETURN_IF_ERROR(Fatal(last_error_, "loading rows into '" + spec_.table + "'"));
        if (RefusedLocalInfile(last_error_)) {
            // Refused although @@local_infile said yes (changed since, or a proxy): statements from now on.
            StopLoadData("the server refused LOCAL INFILE: " + last_error_.ToString());
            refused = true;
        }
        return false;
    }
    return Stored(mysql_affected_rows(conn_.handle()), mysql_warning_count(conn_.handle()), rows);
}

MysqlStatement* MysqlWriter::MultiStatement(std::size_t rows) {
    auto it = multi_.find(rows);
    if (it != multi_.end()) {
        return it->second.get();
    }
    if (multi_.size() > 4) {  // keep the full-size statement and a few tails
        multi_.clear();
    }
    auto stmt = std::make_unique<MysqlStatement>(conn_.handle());
    if (!stmt->Prepare(InsertSql(rows))) {
        MysqlStatement* raw = stmt.get();
        multi_[rows] = std::move(stmt);
        return raw;  // the caller reads the error
    }
    MysqlStatement* raw = stmt.get();
    multi_[rows] = std::move(stmt);
    return raw;
}

sdk::Result<bool> MysqlWriter::MultiRowInsert(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end) {
    const std::size_t ncols = column_names_.size();
    const std::size_t per_stmt = std::max<std::size_t>(1, kMaxPlaceholders / ncols);
    for (std::size_t at = begin; at < end; at += per_stmt) {
        const std::size_t rows = std::min(per_stmt, end - at);
        MysqlStatement* stmt = MultiStatement(rows);
        if (stmt->ParamCount() != rows * ncols) {
            MysqlError err = stmt->error();
            multi_.erase(rows);
            DBB_RETURN_IF_ERROR(Fatal(err, "preparing the insert into '" + spec_.table + "'"));
            return sdk::Status::InvalidArgument("preparing the insert into '" + spec_.table + "' on " + conn_.Where() +
                                                ": " + err.ToString());
        }
        params_.Reset(rows * ncols);
        for (std::size_t r = 0; r < rows; ++r) {
            const sdk::Record& rec = batch.rows[at + r];
            for (std::size_t c = 0; c < ncols; ++c) {
                if (!params_.Set(r * ncols + c, rec[c]).ok()) {
                    return false;
                }
            }
        }
        if (!stmt->Execute(&params_)) {
            DBB_RETURN_IF_ERROR(Fatal(stmt->error(), "writing a batch into '" + spec_.table + "'"));
            return false;
        }
    }
    return true;
}

sdk::Status MysqlWriter::RowByRow(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                                  std::vector<sdk::DirtyRecord>& dirty) {
    const std::size_t ncols = column_names_.size();
    if (single_ == nullptr) {
        single_ = std::make_unique<MysqlStatement>(conn_.handle());
        if (!single_->Prepare(InsertSql(1))) {
            MysqlError err = single_->error();
            single_.reset();
            DBB_RETURN_IF_ERROR(Fatal(err, "preparing the insert into '" + spec_.table + "'"));
            return sdk::Status::InvalidArgument("preparing the insert into '" + spec_.table + "' on " +
                                                conn_.Where() + ": " + err.ToString());
        }
    }
    // A failed single-row statement is undone by the server on its own (statement atomicity), and a
    // MySQL error does not abort the transaction, so no per-row savepoint is needed.
    for (std::size_t i = begin; i < end; ++i) {
        const sdk::Record& rec = batch.rows[i];
        params_.Reset(ncols);
        bool ok = true;
        for (std::size_t c = 0; c < ncols && ok; ++c) {
            sdk::Status st = params_.Set(c, rec[c]);
            if (!st.ok()) {
                dirty.push_back({i, "column " + column_names_[c] + ": " + st.message()});
                ok = false;
            }
        }
        if (!ok) {
            continue;
        }
        if (!single_->Execute(&params_)) {
            const MysqlError& err = single_->error();
            DBB_RETURN_IF_ERROR(Fatal(err, "writing a record into '" + spec_.table + "'"));
            dirty.push_back({i, err.ToString()});
        }
    }
    return sdk::Status::Ok();
}

sdk::Status MysqlWriter::Commit() noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Status {
        // The caller flushes first; a window still open ends here, its dirty records kept for Flush().
        DBB_RETURN_IF_ERROR(EndWindow(late_));
        DBB_RETURN_IF_ERROR(conn_.Run("COMMIT"));
        pending_ = false;
        return sdk::Status::Ok();
    });
}

sdk::Status MysqlWriter::Rollback() noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Status {
        AbandonWindow();
        late_.clear();
        DBB_RETURN_IF_ERROR(conn_.Run("ROLLBACK"));
        pending_ = false;
        return sdk::Status::Ok();
    });
}

}  // namespace dbbridge::mysql
