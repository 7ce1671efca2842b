#include "mysql_reader.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "mysql_connection.h"

namespace dbbridge::mysql {

MysqlReader::MysqlReader(MysqlConnection& conn, MYSQL_RES* result, std::string what)
    : conn_(conn), result_(result), what_(std::move(what)) {
    MY_CHARSET_INFO cs{};
    mysql_get_character_set_info(conn_.handle(), &cs);
    unsigned int n = mysql_num_fields(result_);
    MYSQL_FIELD* fields = mysql_fetch_fields(result_);
    columns_.reserve(n);
    codecs_.reserve(n);
    for (unsigned int i = 0; i < n; ++i) {
        columns_.push_back(ColumnInfoForField(fields[i], cs.mbmaxlen));
        codecs_.push_back(CodecForField(fields[i]));
    }
}

MysqlReader::~MysqlReader() {
    if (!done_) {
        // mysql_free_result would read every remaining row; stop the server instead.
        conn_.Cancel();
    }
    mysql_free_result(result_);
}

sdk::Result<bool> MysqlReader::Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<bool> {
            if (done_) {
                batch.rows.clear();
                return false;
            }
            const std::size_t ncols = codecs_.size();
            std::size_t filled = 0;
            // Keep the records already in the batch: their vectors and strings are reused.
            if (batch.rows.size() < max_rows) {
                batch.rows.resize(max_rows);
            }
            while (filled < max_rows) {
                MYSQL_ROW row = mysql_fetch_row(result_);
                if (row == nullptr) {
                    MysqlError err = ErrorOf(conn_.handle());
                    done_ = true;
                    if (err.code != 0) {
                        batch.rows.resize(filled);
                        return StatusOf(err, "reading " + what_ + " from " + conn_.Where());
                    }
                    break;
                }
                const unsigned long* lengths = mysql_fetch_lengths(result_);
                sdk::Record& rec = batch.rows[filled];
                if (rec.size() != ncols) {
                    rec.resize(ncols);
                }
                for (std::size_t c = 0; c < ncols; ++c) {
                    ConvertTextField(codecs_[c], row[c], lengths[c], rec[c]);
                }
                ++filled;
            }
            batch.rows.resize(filled);
            return filled > 0 || !done_;
        },
        ("reading " + what_ + ": ").c_str());
}

}  // namespace dbbridge::mysql
