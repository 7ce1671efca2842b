#include "core/engine/stream_reader.h"

#include <cstdio>
#include <ctime>
#include <random>

#include "core/engine/datax_bytes.h"
#include "core/engine/value_convert.h"

namespace dbbridge::core::engine {

using sdk::DataxType;
using sdk::Result;
using sdk::Status;
using sdk::Value;

namespace {

Result<double> ParseRandomBound(DataxType type, const std::string& text, const std::string& path) {
    if (type == DataxType::kDate) {
        auto v = ConvertText(DataxType::kDate, text, "");
        if (!v.ok() || v.value().kind != sdk::ValueKind::kTimestamp) {
            return Status::InvalidArgument(path + ": random bound \"" + text +
                                           "\" is not a yyyy-MM-dd HH:mm:ss date time");
        }
        std::tm tm{};
        std::sscanf(v.value().s.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec);
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        return static_cast<double>(timegm(&tm));
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') {
        return Status::InvalidArgument(path + ": random bound \"" + text + "\" is not a number");
    }
    return d;
}

// StringUtils.isBlank on the JSON value's text.
bool IsBlank(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) {
        return true;
    }
    if (!v.isString()) {
        return false;
    }
    std::string s = v.convert<std::string>();
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

class StreamReaderTask : public ReaderTask {
public:
    StreamReaderTask(const std::vector<StreamReaderPlugin::Column>& columns, std::int64_t count, int index)
        : columns_(columns), remaining_(count), index_(index), rng_(0x9E3779B97F4A7C15ULL + index) {
        for (const auto& c : columns_) {
            constant_.push_back(c.constant);
            has_random_ = has_random_ || c.random;
            constant_bytes_ += DataxByteSize(c.constant);
        }
    }

    sdk::Status Open() override { return Status::Ok(); }

    Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows, std::vector<DirtyRow>&) override {
        std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(remaining_, static_cast<std::int64_t>(max_rows)));
        // Rows are overwritten in place: a recycled batch keeps its records' capacity.
        batch.rows.resize(n);
        for (auto& row : batch.rows) {
            row = constant_;
        }
        if (has_random_) {
            for (auto& row : batch.rows) {
                FillRandom(row);
            }
        }
        remaining_ -= static_cast<std::int64_t>(n);
        return remaining_ > 0;
    }

    std::int64_t BatchBytes(const sdk::RecordBatch& batch) const override {
        if (has_random_) {
            return ReaderTask::BatchBytes(batch);
        }
        return constant_bytes_ * static_cast<std::int64_t>(batch.size());
    }

    std::string Describe() const override { return "streamreader task " + std::to_string(index_); }

private:
    void FillRandom(sdk::Record& row) {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const auto& c = columns_[i];
            if (!c.random) {
                continue;
            }
            switch (c.type) {
                case DataxType::kLong: {
                    std::uniform_int_distribution<std::int64_t> d(static_cast<std::int64_t>(c.lo),
                                                                  static_cast<std::int64_t>(c.hi));
                    row[i] = Value::Int(d(rng_));
                    break;
                }
                case DataxType::kDouble: {
                    std::uniform_real_distribution<double> d(c.lo, c.hi);
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "%.2f", d(rng_));
                    row[i] = Value::Decimal(buf);
                    break;
                }
                case DataxType::kBool: {
                    std::uniform_real_distribution<double> d(0, c.lo + c.hi);
                    row[i] = Value::Bool(d(rng_) < c.lo);
                    break;
                }
                case DataxType::kDate: {
                    std::uniform_int_distribution<std::int64_t> d(static_cast<std::int64_t>(c.lo),
                                                                  static_cast<std::int64_t>(c.hi));
                    std::time_t t = static_cast<std::time_t>(d(rng_));
                    std::tm tm{};
                    gmtime_r(&t, &tm);
                    char buf[32];
                    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
                    row[i] = Value::Timestamp(buf);
                    break;
                }
                case DataxType::kString:
                case DataxType::kBytes: {
                    std::uniform_int_distribution<std::int64_t> len(static_cast<std::int64_t>(c.lo),
                                                                    static_cast<std::int64_t>(c.hi));
                    std::uniform_int_distribution<int> ch(0, 25);
                    std::string s(static_cast<std::size_t>(len(rng_)), 'a');
                    for (auto& x : s) {
                        x = static_cast<char>('a' + ch(rng_));
                    }
                    row[i] = c.type == DataxType::kString ? Value::Text(std::move(s)) : Value::Bytes(std::move(s));
                    break;
                }
            }
        }
    }

    const std::vector<StreamReaderPlugin::Column>& columns_;
    sdk::Record constant_;
    std::int64_t remaining_;
    int index_;
    bool has_random_ = false;
    std::int64_t constant_bytes_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace

Result<std::unique_ptr<ReaderPlugin>> StreamReaderPlugin::Create(const JsonParams& p, const EngineEnv&) {
    auto plugin = std::make_unique<StreamReaderPlugin>();
    DBB_ASSIGN_OR_RETURN(auto count, p.RequiredInt("sliceRecordCount"));
    if (count < 1) {
        return Status::InvalidArgument(p.PathOf("sliceRecordCount") + ": must be 1 or more, got " +
                                       std::to_string(count));
    }
    plugin->slice_record_count_ = count;
    DBB_ASSIGN_OR_RETURN(auto columns, p.Array("column"));
    if (!columns || columns->size() == 0) {
        return Status::InvalidArgument(p.PathOf("column") + ": is required (a list of {\"type\", \"value\"})");
    }
    for (std::size_t i = 0; i < columns->size(); ++i) {
        std::string path = p.PathOf("column") + "[" + std::to_string(i) + "]";
        Poco::Dynamic::Var item = columns->get(static_cast<unsigned>(i));
        if (!IsJsonObject(item)) {
            return Status::InvalidArgument(path + ": expected an object like {\"type\":\"long\",\"value\":\"1\"}, got " +
                                           DescribeJson(item));
        }
        JsonParams col(item.extract<Poco::JSON::Object::Ptr>(), path);
        DBB_ASSIGN_OR_RETURN(auto typed, ParseTypedColumn(col, "dateFormat"));
        Column c;
        c.type = typed.type;
        const bool has_random = col.Has("random") && !IsBlank(col.Get("random"));
        if (typed.constant && !(has_random && IsBlank(col.Get("value")))) {
            if (IsBlank(col.Get("value"))) {
                // StreamReader.Job#parseMixupFunctions: getNecessaryValue("value") refuses null and blank.
                return Status::InvalidArgument(col.PathOf("value") +
                                               ": must not be empty or blank without \"random\" "
                                               "(DataX: [value]是必填参数，不允许为空或者留白)");
            }
            c.constant = c.type == DataxType::kDate ? AsDateTime(*typed.constant) : *typed.constant;
        } else if (has_random) {
            DBB_ASSIGN_OR_RETURN(auto text, col.String("random", ""));
            auto comma = text.find(',');
            if (comma == std::string::npos) {
                return Status::InvalidArgument(col.PathOf("random") + ": expected \"low,high\", got \"" +
                                               text + "\"");
            }
            auto lo = ParseRandomBound(c.type, text.substr(0, comma), col.PathOf("random"));
            auto hi = ParseRandomBound(c.type, text.substr(comma + 1), col.PathOf("random"));
            if (!lo.ok()) {
                return lo.status();
            }
            if (!hi.ok()) {
                return hi.status();
            }
            if (lo.value() > hi.value() || (c.type != DataxType::kBool && lo.value() < 0 &&
                                            (c.type == DataxType::kString || c.type == DataxType::kBytes))) {
                return Status::InvalidArgument(col.PathOf("random") + ": low must not exceed high");
            }
            // Integer kinds become int64 distributions; a bound beyond int64 would not convert.
            bool integral = c.type != DataxType::kDouble && c.type != DataxType::kBool;
            if (integral && (!(lo.value() >= -9223372036854775808.0) || !(hi.value() < 9223372036854775808.0))) {
                return Status::InvalidArgument(col.PathOf("random") + ": \"" + text +
                                               "\" is out of range (bounds must fit a 64-bit integer)");
            }
            c.random = true;
            c.lo = lo.value();
            c.hi = hi.value();
        } else {
            return Status::InvalidArgument(path + ": needs \"value\" or \"random\" (DataX refuses a column without "
                                           "either: [value]是必填参数)");
        }
        plugin->columns_.push_back(std::move(c));
    }
    return std::unique_ptr<ReaderPlugin>(std::move(plugin));
}

Result<std::vector<std::unique_ptr<ReaderTask>>> StreamReaderPlugin::Split(int advice_channels) {
    std::vector<std::unique_ptr<ReaderTask>> tasks;
    for (int i = 0; i < std::max(advice_channels, 1); ++i) {
        tasks.push_back(std::make_unique<StreamReaderTask>(columns_, slice_record_count_, i));
    }
    return tasks;
}

}  // namespace dbbridge::core::engine
