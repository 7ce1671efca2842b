#include "pg_reader.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "pg_value_codec.h"

namespace dbbridge::postgres {

using sdk::Result;
using sdk::Status;

Result<std::unique_ptr<PgRecordReader>> PgRecordReader::Open(PgSession& session, const std::string& select_sql) {
    PGconn* conn = session.conn();
    session.ClearCancelled();
    PgResult prep(PQprepare(conn, "", select_sql.c_str(), 0, nullptr));
    if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return session.StatusOf(ErrorOf(prep.get(), conn), "preparing '" + select_sql + "'");
    }
    PgResult desc(PQdescribePrepared(conn, ""));
    if (PQresultStatus(desc.get()) != PGRES_COMMAND_OK) {
        return session.StatusOf(ErrorOf(desc.get(), conn), "describing '" + select_sql + "'");
    }
    std::vector<ResultColumn> columns = DescribeResult(session, desc.get());
    if (columns.empty()) {
        return Status::InvalidArgument("query returns no columns: " + select_sql);
    }
    const std::string copy = "COPY (" + select_sql + ") TO STDOUT";
    PgResult start(PQexec(conn, copy.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_OUT) {
        return session.StatusOf(ErrorOf(start.get(), conn), "reading '" + select_sql + "'");
    }
    return std::unique_ptr<PgRecordReader>(new PgRecordReader(session, std::move(columns)));
}

PgRecordReader::PgRecordReader(PgSession& session, std::vector<ResultColumn> columns)
    : session_(session), columns_(std::move(columns)) {
    for (const auto& c : columns_) {
        infos_.push_back(c.info);
    }
}

PgRecordReader::~PgRecordReader() {
    if (done_) {
        return;
    }
    // Abandoned mid-stream: stop the server and drain so the connection is usable again.
    session_.Cancel();
    char* buf = nullptr;
    while (PQgetCopyData(session_.conn(), &buf, 0) > 0) {
        PQfreemem(buf);
    }
    while (PGresult* r = PQgetResult(session_.conn())) {
        PQclear(r);
    }
    session_.ClearCancelled();
}

Status PgRecordReader::Finish() {
    done_ = true;
    Status st;
    while (PGresult* raw = PQgetResult(session_.conn())) {
        PgResult r(raw);
        if (PQresultStatus(raw) != PGRES_COMMAND_OK && st.ok()) {
            st = session_.StatusOf(ErrorOf(raw, session_.conn()), "reading rows");
        }
    }
    return st;
}

Result<bool> PgRecordReader::Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<bool> {
            if (done_) {
                batch.clear();
                return false;
            }
            if (max_rows == 0) {
                batch.clear();
                return true;  // nothing asked for; not exhausted
            }
            const std::size_t ncols = columns_.size();
            std::size_t filled = 0;
            while (filled < max_rows) {
                char* buf = nullptr;
                int len = PQgetCopyData(session_.conn(), &buf, 0);
                if (len == -1) {
                    Status st = Finish();
                    if (!st.ok()) {
                        batch.rows.resize(filled);
                        return st;
                    }
                    break;
                }
                if (len < 0) {
                    done_ = true;
                    return session_.StatusOf(ErrorOf(nullptr, session_.conn()), "reading rows");
                }
                Status st = parser_.Parse(buf, static_cast<std::size_t>(len), ncols);
                if (!st.ok()) {
                    PQfreemem(buf);
                    return st;
                }
                if (batch.rows.size() <= filled) {
                    batch.rows.emplace_back(ncols);
                }
                sdk::Record& row = batch.rows[filled];
                row.resize(ncols);
                const auto& fields = parser_.fields();
                for (std::size_t c = 0; c < ncols; ++c) {
                    if (fields[c].null) {
                        row[c].kind = sdk::ValueKind::kNull;
                        row[c].s.clear();
                        row[c].i = 0;
                        row[c].f = 0;
                        row[c].has_zone = false;
                        row[c].width = 0;
                        row[c].precision = 0;
                    } else {
                        DecodeText(columns_[c].decoder, columns_[c].fraction_digits, fields[c].data, fields[c].size,
                                   row[c]);
                    }
                }
                PQfreemem(buf);
                ++filled;
            }
            batch.rows.resize(filled);
            return filled > 0;
        },
        "postgres reader: ");
}

}  // namespace dbbridge::postgres
