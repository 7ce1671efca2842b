#include "mysql_statement.h"

#include <errmsg.h>

#include <cstring>
#include <limits>

namespace dbbridge::mysql {

namespace {

constexpr unsigned int kErConnectionKilled = 1927;  // MariaDB: connection was killed
constexpr unsigned long kInitialStringBuffer = 256;

bool IsBinaryJdbc(sdk::JdbcType t) {
    return t == sdk::JdbcType::kBinary || t == sdk::JdbcType::kVarBinary || t == sdk::JdbcType::kLongVarBinary ||
           t == sdk::JdbcType::kBlob;
}

}  // namespace

std::string MysqlError::ToString() const {
    std::string out = "[" + std::to_string(code) + "] " + message;
    if (!sql_state.empty() && sql_state != "00000" && sql_state != "HY000") {
        out += " (SQLSTATE " + sql_state + ")";
    }
    return out;
}

bool MysqlError::ConnectionLost() const {
    switch (code) {
        case CR_CONNECTION_ERROR:
        case CR_CONN_HOST_ERROR:
        case CR_UNKNOWN_HOST:
        case CR_SERVER_GONE_ERROR:
        case CR_SERVER_LOST:
        case CR_SERVER_LOST_EXTENDED:
        case kErConnectionKilled:
            return true;
        default:
            return false;
    }
}

MysqlError ErrorOf(MYSQL* mysql) {
    MysqlError e;
    e.code = mysql_errno(mysql);
    e.sql_state = mysql_sqlstate(mysql);
    e.message = mysql_error(mysql);
    return e;
}

MysqlError ErrorOf(MYSQL_STMT* stmt) {
    MysqlError e;
    e.code = mysql_stmt_errno(stmt);
    e.sql_state = mysql_stmt_sqlstate(stmt);
    e.message = mysql_stmt_error(stmt);
    return e;
}

sdk::Status StatusOf(const MysqlError& error, const std::string& context) {
    std::string msg = context + ": " + error.ToString();
    if (error.ConnectionLost()) {
        return sdk::Status::Unavailable(msg);
    }
    return sdk::Status::Internal(msg);
}

void ParamSet::Reset(std::size_t count) {
    binds_.assign(count, MYSQL_BIND{});
    ints_.assign(count, 0);
    lengths_.assign(count, 0);
    texts_.resize(count);
}

sdk::Status ParamSet::Set(std::size_t index, const sdk::Value& value, sdk::JdbcType hint) {
    MYSQL_BIND& b = binds_[index];
    b = MYSQL_BIND{};
    switch (value.kind) {
        case sdk::ValueKind::kNull:
            b.buffer_type = MYSQL_TYPE_NULL;
            return sdk::Status::Ok();
        case sdk::ValueKind::kInt:
        case sdk::ValueKind::kBool:
            ints_[index] = value.i;
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &ints_[index];
            return sdk::Status::Ok();
        case sdk::ValueKind::kBytes:
            b.buffer_type = MYSQL_TYPE_BLOB;
            break;
        case sdk::ValueKind::kDecimal:
            b.buffer_type = MYSQL_TYPE_NEWDECIMAL;
            break;
        case sdk::ValueKind::kText:
            b.buffer_type = IsBinaryJdbc(hint) ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            break;
        default: {
            // Floats and temporals go as text: exact shortest floats, UTC-converted timestamps.
            std::string& text = texts_[index];
            text.clear();
            DBB_RETURN_IF_ERROR(AppendMysqlText(value, text));
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = text.data();
            lengths_[index] = text.size();
            b.buffer_length = text.size();
            b.length = &lengths_[index];
            return sdk::Status::Ok();
        }
    }
    b.buffer = const_cast<char*>(value.s.data());
    lengths_[index] = value.s.size();
    b.buffer_length = value.s.size();
    b.length = &lengths_[index];
    return sdk::Status::Ok();
}

// One result column's receive buffer.
struct MysqlStatement::Slot {
    enum class Kind { kInt, kFloat, kDouble, kTime, kString } kind = Kind::kString;
    long long iv = 0;
    float fv = 0;
    double dv = 0;
    MYSQL_TIME tv{};
    std::vector<char> buf;
    unsigned long length = 0;
    my_bool is_null = 0;
    my_bool error = 0;
    bool is_unsigned = false;
    enum_field_types type = MYSQL_TYPE_NULL;
    unsigned int decimals = 0;
};

MysqlStatement::MysqlStatement(MYSQL* mysql) : mysql_(mysql) {}

MysqlStatement::~MysqlStatement() {
    FreeResult();
    if (stmt_ != nullptr) {
        mysql_stmt_close(stmt_);
    }
}

bool MysqlStatement::Prepare(const std::string& sql) {
    if (stmt_ == nullptr) {
        stmt_ = mysql_stmt_init(mysql_);
        if (stmt_ == nullptr) {
            error_ = ErrorOf(mysql_);
            return false;
        }
    }
    if (mysql_stmt_prepare(stmt_, sql.data(), sql.size()) != 0) {
        error_ = ErrorOf(stmt_);
        return false;
    }
    return true;
}

unsigned long MysqlStatement::ParamCount() const { return stmt_ == nullptr ? 0 : mysql_stmt_param_count(stmt_); }

bool MysqlStatement::Execute(ParamSet* params) {
    FreeResult();
    if (params != nullptr && params->size() > 0 && mysql_stmt_bind_param(stmt_, params->binds()) != 0) {
        error_ = ErrorOf(stmt_);
        return false;
    }
    if (mysql_stmt_execute(stmt_) != 0) {
        error_ = ErrorOf(stmt_);
        return false;
    }
    if (mysql_stmt_field_count(stmt_) > 0) {
        return SetUpResult();
    }
    return true;
}

bool MysqlStatement::SetUpResult() {
    meta_ = mysql_stmt_result_metadata(stmt_);
    if (meta_ == nullptr) {
        error_ = ErrorOf(stmt_);
        return false;
    }
    MY_CHARSET_INFO cs{};
    mysql_get_character_set_info(mysql_, &cs);
    unsigned int n = mysql_num_fields(meta_);
    MYSQL_FIELD* fields = mysql_fetch_fields(meta_);
    columns_.clear();
    codecs_.clear();
    slots_.clear();
    result_binds_.assign(n, MYSQL_BIND{});
    for (unsigned int i = 0; i < n; ++i) {
        const MYSQL_FIELD& f = fields[i];
        columns_.push_back(ColumnInfoForField(f, cs.mbmaxlen));
        codecs_.push_back(CodecForField(f));
        auto slot = std::make_unique<Slot>();
        slot->type = f.type;
        slot->decimals = f.decimals;
        slot->is_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
        MYSQL_BIND& b = result_binds_[i];
        switch (f.type) {
            case MYSQL_TYPE_TINY:
            case MYSQL_TYPE_SHORT:
            case MYSQL_TYPE_INT24:
            case MYSQL_TYPE_LONG:
            case MYSQL_TYPE_LONGLONG:
            case MYSQL_TYPE_YEAR:
                slot->kind = Slot::Kind::kInt;
                b.buffer_type = MYSQL_TYPE_LONGLONG;
                b.buffer = &slot->iv;
                b.is_unsigned = slot->is_unsigned;
                break;
            case MYSQL_TYPE_FLOAT:
                slot->kind = Slot::Kind::kFloat;
                b.buffer_type = MYSQL_TYPE_FLOAT;
                b.buffer = &slot->fv;
                break;
            case MYSQL_TYPE_DOUBLE:
                slot->kind = Slot::Kind::kDouble;
                b.buffer_type = MYSQL_TYPE_DOUBLE;
                b.buffer = &slot->dv;
                break;
            case MYSQL_TYPE_DATE:
            case MYSQL_TYPE_NEWDATE:
            case MYSQL_TYPE_TIME:
            case MYSQL_TYPE_DATETIME:
            case MYSQL_TYPE_TIMESTAMP:
                slot->kind = Slot::Kind::kTime;
                b.buffer_type = f.type == MYSQL_TYPE_NEWDATE ? MYSQL_TYPE_DATE : f.type;
                b.buffer = &slot->tv;
                b.buffer_length = sizeof(MYSQL_TIME);
                break;
            default:
                slot->kind = Slot::Kind::kString;
                slot->buf.resize(kInitialStringBuffer);
                b.buffer_type = MYSQL_TYPE_STRING;
                if (f.type == MYSQL_TYPE_BLOB || f.type == MYSQL_TYPE_TINY_BLOB || f.type == MYSQL_TYPE_MEDIUM_BLOB ||
                    f.type == MYSQL_TYPE_LONG_BLOB || f.type == MYSQL_TYPE_GEOMETRY || f.type == MYSQL_TYPE_BIT) {
                    b.buffer_type = MYSQL_TYPE_BLOB;
                }
                b.buffer = slot->buf.data();
                b.buffer_length = static_cast<unsigned long>(slot->buf.size());
                break;
        }
        b.length = &slot->length;
        b.is_null = &slot->is_null;
        b.error = &slot->error;
        slots_.push_back(std::move(slot));
    }
    if (mysql_stmt_bind_result(stmt_, result_binds_.data()) != 0) {
        error_ = ErrorOf(stmt_);
        return false;
    }
    return true;
}

int MysqlStatement::Fetch(sdk::Record& row) {
    int rc = mysql_stmt_fetch(stmt_);
    if (rc == MYSQL_NO_DATA) {
        return 0;
    }
    if (rc == 1) {
        error_ = ErrorOf(stmt_);
        return -1;
    }
    bool rebind = false;
    if (rc == MYSQL_DATA_TRUNCATED) {
        // A string longer than its buffer: grow the buffer and fetch the column again.
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            Slot& s = *slots_[i];
            if (s.kind != Slot::Kind::kString || s.is_null || s.length <= s.buf.size()) {
                continue;
            }
            s.buf.resize(s.length);
            MYSQL_BIND& b = result_binds_[i];
            b.buffer = s.buf.data();
            b.buffer_length = static_cast<unsigned long>(s.buf.size());
            if (mysql_stmt_fetch_column(stmt_, &b, static_cast<unsigned int>(i), 0) != 0) {
                error_ = ErrorOf(stmt_);
                return -1;
            }
            rebind = true;
        }
    }
    row.resize(slots_.size());
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        Slot& s = *slots_[i];
        sdk::Value& v = row[i];
        if (s.is_null) {
            ConvertTextField(codecs_[i], nullptr, 0, v);
            continue;
        }
        switch (s.kind) {
            case Slot::Kind::kInt:
                if (s.is_unsigned &&
                    static_cast<unsigned long long>(s.iv) >
                        static_cast<unsigned long long>(std::numeric_limits<long long>::max())) {
                    v = sdk::Value::Decimal(std::to_string(static_cast<unsigned long long>(s.iv)));
                } else {
                    v = sdk::Value::Int(s.iv);
                }
                break;
            case Slot::Kind::kFloat:
                v = sdk::Value::Float(s.fv, 4);
                break;
            case Slot::Kind::kDouble:
                v = sdk::Value::Float(s.dv, 8);
                break;
            case Slot::Kind::kTime: {
                std::string text = FormatMysqlTime(s.tv, s.type, s.decimals);
                ConvertTextField(codecs_[i], text.data(), text.size(), v);
                break;
            }
            case Slot::Kind::kString:
                ConvertTextField(codecs_[i], s.buf.data(), s.length, v);
                break;
        }
    }
    if (rebind && mysql_stmt_bind_result(stmt_, result_binds_.data()) != 0) {
        error_ = ErrorOf(stmt_);
        return -1;
    }
    return 1;
}

void MysqlStatement::FreeResult() {
    if (stmt_ != nullptr && meta_ != nullptr) {
        mysql_stmt_free_result(stmt_);
    }
    if (meta_ != nullptr) {
        mysql_free_result(meta_);
        meta_ = nullptr;
    }
    columns_.clear();
}

unsigned long long MysqlStatement::AffectedRows() const {
    return stmt_ == nullptr ? 0 : mysql_stmt_affected_rows(stmt_);
}

}  // namespace dbbridge::mysql
