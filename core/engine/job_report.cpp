#include "core/engine/job_report.h"

#include <cmath>
#include <cstdio>

#include "core/engine/datax_bytes.h"
#include "core/engine/job_log.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core::engine {

namespace {

constexpr std::int64_t kByteUnit = 1024;

std::string TwoDecimals(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// Java's "%,d"-style grouping of the integer part.
std::string GroupThousands(const std::string& digits) {
    std::string out;
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        out += digits[i];
        int left = n - 1 - i;
        if (left > 0 && left % 3 == 0) {
            out += ',';
        }
    }
    return out;
}

std::string PadRight(const std::string& label, std::size_t width) {
    // Java pads by UTF-16 units; the labels are BMP characters, so count code points.
    std::size_t chars = 0;
    for (unsigned char c : label) {
        if ((c & 0xC0) != 0x80) {
            ++chars;
        }
    }
    std::string out = label;
    if (chars < width) {
        out.append(width - chars, ' ');
    }
    return out;
}

std::string PadLeft(const std::string& value, std::size_t width) {
    if (value.size() >= width) {
        return value;
    }
    return std::string(width - value.size(), ' ') + value;
}

const char* DataxTypeLabel(sdk::ValueKind kind) {
    switch (kind) {
        case sdk::ValueKind::kNull: return "NULL";
        case sdk::ValueKind::kInt: return "LONG";
        case sdk::ValueKind::kDecimal:
        case sdk::ValueKind::kFloat: return "DOUBLE";
        case sdk::ValueKind::kText: return "STRING";
        case sdk::ValueKind::kBytes: return "BYTES";
        case sdk::ValueKind::kDate:
        case sdk::ValueKind::kTime:
        case sdk::ValueKind::kTimestamp: return "DATE";
        case sdk::ValueKind::kBool: return "BOOL";
    }
    return "STRING";
}

std::string Base64(const std::string& in) {
    static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    while (i + 2 < in.size()) {
        unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                     static_cast<unsigned char>(in[i + 2]);
        out += kChars[(v >> 18) & 63];
        out += kChars[(v >> 12) & 63];
        out += kChars[(v >> 6) & 63];
        out += kChars[v & 63];
        i += 3;
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) {
            v |= static_cast<unsigned char>(in[i + 1]) << 8;
        }
        out += kChars[(v >> 18) & 63];
        out += kChars[(v >> 12) & 63];
        out += i + 1 < in.size() ? kChars[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace

std::string StringifyBytes(std::int64_t bytes) {
    static const char* kUnits[] = {"KB", "MB", "GB", "TB"};
    if (bytes / kByteUnit == 0) {
        return std::to_string(bytes) + "B";
    }
    double v = static_cast<double>(bytes);
    std::int64_t whole = bytes;
    for (int u = 0; u < 4; ++u) {
        v /= kByteUnit;
        whole /= kByteUnit;
        if (whole / kByteUnit == 0 || u == 3) {
            return TwoDecimals(v) + kUnits[u];
        }
    }
    return TwoDecimals(v) + "TB";
}

std::string FormatUnitTime(std::int64_t nanos) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(nanos) / 1e9);
    std::string text = buf;
    auto dot = text.find('.');
    bool negative = !text.empty() && text[0] == '-';
    std::string digits = text.substr(negative ? 1 : 0, dot - (negative ? 1 : 0));
    return (negative ? "-" : "") + GroupThousands(digits) + text.substr(dot) + "s";
}

std::string FormatPercentage(double ratio) {
    return TwoDecimals(ratio * 100.0) + "%";
}

std::string FormatProgress(const ProgressFigures& p) {
    std::string s = "Total " + std::to_string(p.records) + " records, " + std::to_string(p.bytes) + " bytes";
    s += " | Speed " + StringifyBytes(p.byte_speed) + "/s, " + std::to_string(p.record_speed) + " records/s";
    s += " | Error " + std::to_string(p.error_records) + " records, " + std::to_string(p.error_bytes) + " bytes";
    s += " |  All Task WaitWriterTime " + FormatUnitTime(p.wait_writer_ns);
    s += " |  All Task WaitReaderTime " + FormatUnitTime(p.wait_reader_ns);
    if (p.transformer.any()) {
        // The misspelt "Transfermor" is DataX's (CommunicationTool.Stringify#getSnapshot).
        s += " | Transfermor Success " + std::to_string(p.transformer.succeeded) + " records";
        s += " | Transformer Error " + std::to_string(p.transformer.failed) + " records";
        s += " | Transformer Filter " + std::to_string(p.transformer.filtered) + " records";
        s += " | Transformer usedTime " + FormatUnitTime(p.transformer.used_ns);
    }
    s += " | Percentage " + FormatPercentage(p.percentage);
    return s;
}

std::string FormatSummary(const SummaryFigures& s) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    std::int64_t total_seconds = duration_cast<milliseconds>(s.end - s.start).count() / 1000;
    std::int64_t transfer_seconds = s.transfer_ms / 1000;
    if (transfer_seconds <= 0) {
        transfer_seconds = 1;
    }
    std::int64_t byte_speed = s.read_succeed_bytes / transfer_seconds;
    std::int64_t record_speed = s.read_succeed_records / transfer_seconds;
    auto line = [](const char* label, const std::string& value, bool left) {
        // Java: "%-26s: %-18s" for the two times, "%-26s: %19s" for the rest.
        std::string v = value;
        if (left) {
            if (v.size() < 18) {
                v.append(18 - v.size(), ' ');
            }
        } else {
            v = PadLeft(v, 19);
        }
        return PadRight(label, 26) + ": " + v + "\n";
    };
    std::string out = "\n";
    out += line("任务启动时刻", FormatSecondTime(s.start), true);
    out += line("任务结束时刻", FormatSecondTime(s.end), true);
    out += line("任务总计耗时", std::to_string(total_seconds) + "s", false);
    out += line("任务平均流量", StringifyBytes(byte_speed) + "/s", false);
    out += line("记录写入速度", std::to_string(record_speed) + "rec/s", false);
    out += line("读出记录总数", std::to_string(s.read_succeed_records + s.read_failed_records), false);
    out += line("读写失败总数", std::to_string(s.read_failed_records + s.write_failed_records), false);
    return out;
}

std::string FormatTransformerSummary(const TransformerFigures& t) {
    // JobContainer#logStatistics: a second block, "%-26s: %19s" each, only when a counter is set.
    auto line = [](const char* label, std::int64_t value) {
        return PadRight(label, 26) + ": " + PadLeft(std::to_string(value), 19) + "\n";
    };
    return "\n" + line("Transformer成功记录总数", t.succeeded) + line("Transformer失败记录总数", t.failed) +
           line("Transformer过滤记录总数", t.filtered);
}

std::string FormatDirtyRecord(const char* side, const std::string& reason, const sdk::Record& record) {
    sdk::util::JsonWriter w;
    w.BeginObject();
    w.Key("exception").String(reason);
    w.Key("message").String(reason);
    w.Key("record").BeginArray();
    for (std::size_t i = 0; i < record.size(); ++i) {
        const sdk::Value& v = record[i];
        w.BeginObject();
        w.Key("byteSize").Int(DataxByteSize(v));
        w.Key("index").Int(static_cast<std::int64_t>(i));
        w.Key("rawData");
        if (v.is_null()) {
            w.Null();
        } else if (v.kind == sdk::ValueKind::kInt) {
            w.Int(v.i);
        } else if (v.kind == sdk::ValueKind::kBool) {
            w.Bool(v.i != 0);
        } else if (v.kind == sdk::ValueKind::kBytes) {
            w.String(Base64(v.s));
        } else {
            w.String(sdk::ValueToText(v));
        }
        w.Key("type").String(DataxTypeLabel(v.kind));
        w.EndObject();
    }
    w.EndArray();
    w.Key("type").String(side);
    w.EndObject();
    return w.str();
}

}  // namespace dbbridge::core::engine
