#include "core/engine/transformer.h"

#include <Poco/MD5Engine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "dbbridge/sdk/util/civil_date.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;
using sdk::Value;
using sdk::ValueKind;

namespace {

// core.json common.column.timeZone: DateColumn.asLong() is epoch milliseconds of the wall time in GMT+8.
constexpr std::int64_t kDataxZoneOffsetMs = 8LL * 3600 * 1000;

const char* const kIllegalParameter = "Code:[TransformerErrorCode-05], Description:[Transformer parameter illegal].";

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string JoinParas(const TransformerChain::Step& s) {
    std::string out = "[" + std::to_string(s.column);
    for (const auto& p : s.paras) {
        out += ", " + p;
    }
    return out + "]";
}

Status Illegal(const std::string& path, const TransformerChain::Step& s, const std::string& why) {
    return Status::InvalidArgument(path + ": " + kIllegalParameter + "  - paras:" + JoinParas(s) + " => " + why);
}

// Integer.valueOf: an optional sign and decimal digits, within 32 bits.
bool ParseJavaInt(const std::string& text, std::int64_t& out) {
    const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
    std::int32_t v = 0;
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return false;
    }
    out = v;
    return true;
}

// Offsets of each character's first byte in UTF-8 text, plus text.size() at the end.
std::vector<std::size_t> CharStarts(const std::string& s) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            out.push_back(i);
        }
    }
    out.push_back(s.size());
    return out;
}

// Column.asString(): dates print with core.json's formats, which carry no fraction.
std::string AsString(const Value& v) {
    switch (v.kind) {
        case ValueKind::kTimestamp:
            return v.s.substr(0, 19);
        case ValueKind::kTime:
            return v.s.substr(0, 8);
        default:
            return sdk::ValueToText(v);
    }
}

bool IsDouble(const Value& v) {
    return v.kind == ValueKind::kDecimal || v.kind == ValueKind::kFloat;
}

bool IsLongOrDate(const Value& v) {
    return v.kind == ValueKind::kInt || v.kind == ValueKind::kDate || v.kind == ValueKind::kTime ||
           v.kind == ValueKind::kTimestamp;
}

// DateColumn.asLong(): epoch milliseconds in GMT+8; LongColumn: the value.
std::int64_t AsLong(const Value& v) {
    if (v.kind == ValueKind::kInt) {
        return v.i;
    }
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    if (v.kind == ValueKind::kTime) {
        std::sscanf(v.s.c_str(), "%d:%d:%d", &h, &mi, &s);
    } else {
        std::sscanf(v.s.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    }
    std::int64_t days = sdk::util::DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return ((days * 24 + h) * 60 + mi) * 60000LL + s * 1000LL - kDataxZoneOffsetMs;
}

class RunError {
public:
    explicit RunError(std::string m) : message(std::move(m)) {}
    std::string message;
};

// Returns the comparison result of the column against the para (negative, zero, positive), as
// FilterTransformer does per column type. Throws RunError for an unparsable para.
int CompareForFilter(const Value& v, const std::string& para) {
    if (IsDouble(v)) {
        char* end = nullptr;
        double want = std::strtod(para.c_str(), &end);
        if (para.empty() || *end != '\0') {
            throw RunError("For input string: \"" + para + "\"");
        }
        double have = v.kind == ValueKind::kFloat ? v.f : std::strtod(v.s.c_str(), nullptr);
        return have < want ? -1 : (have > want ? 1 : 0);
    }
    if (IsLongOrDate(v)) {
        std::int64_t want = 0;
        auto [end, ec] = std::from_chars(para.data(), para.data() + para.size(), want);
        if (para.empty() || ec != std::errc() || end != para.data() + para.size()) {
            throw RunError("For input string: \"" + para + "\"");
        }
        std::int64_t have = AsLong(v);
        return have < want ? -1 : (have > want ? 1 : 0);
    }
    int c = AsString(v).compare(para);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// true: drop the record.
bool Filter(const TransformerChain::Step& step, const Value& v) {
    const std::string& op = step.paras[0];
    const std::string& para = step.paras[1];
    if (EqualsIgnoreCase(op, "like") || EqualsIgnoreCase(op, "not like")) {
        bool match = !v.is_null() && std::regex_match(AsString(v), *step.pattern);
        return EqualsIgnoreCase(op, "like") ? match : !match;
    }
    if (v.is_null()) {
        // null never compares; "= null" drops it, "!= <anything but null>" drops it too.
        if (op == "=" || op == "==") {
            return EqualsIgnoreCase(para, "null");
        }
        if (op == "!=") {
            return !EqualsIgnoreCase(para, "null");
        }
        return false;
    }
    int c = CompareForFilter(v, para);
    if (op == ">") {
        return c > 0;
    }
    if (op == "<") {
        return c < 0;
    }
    if (op == ">=") {
        return c >= 0;
    }
    if (op == "<=") {
        return c <= 0;
    }
    if (op == "!=") {
        return c != 0;
    }
    return c == 0;
}

std::string Digest(const TransformerChain::Step& step, const std::string& text) {
    // DigestTransformer compares the algorithm with equals("md5") after an equalsIgnoreCase check,
    // so "MD5" computes SHA-1 there; kept so files match what DataX wrote.
    std::string hex;
    if (step.paras[0] == "md5") {
        Poco::MD5Engine md5;
        md5.update(text);
        hex = Poco::DigestEngine::digestToHex(md5.digest());
    } else {
        Poco::SHA1Engine sha1;
        sha1.update(text);
        hex = Poco::DigestEngine::digestToHex(sha1.digest());
    }
    bool upper = step.paras[1] == "toUpperCase";
    for (auto& c : hex) {
        c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    }
    return hex;
}

// Applies one step; false when the record is filtered. Throws RunError on a per-record failure.
bool ApplyStep(const TransformerChain::Step& step, sdk::Record& record) {
    Value& v = record[step.column];
    if (step.name == "dx_filter") {
        return !Filter(step, v);
    }
    if ((step.name == "dx_substr" || step.name == "dx_replace") && v.is_null()) {
        return true;  // "如果字段为空值，直接返回"
    }
    std::string text = v.is_null() ? std::string() : AsString(v);
    if (step.name == "dx_digest") {
        v = Value::Text(Digest(step, text));
        return true;
    }
    auto starts = CharStarts(text);
    const std::int64_t length = static_cast<std::int64_t>(starts.size()) - 1;
    auto cut = [&](std::int64_t from, std::int64_t to) {
        return text.substr(starts[static_cast<std::size_t>(from)],
                           starts[static_cast<std::size_t>(to)] - starts[static_cast<std::size_t>(from)]);
    };
    if (step.name == "dx_pad") {
        const std::int64_t want = step.n1;
        if (want <= length) {
            v = Value::Text(cut(0, want));
            return true;
        }
        const std::string& pad = step.paras[2];
        auto pad_starts = CharStarts(pad);
        const std::int64_t pad_len = static_cast<std::int64_t>(pad_starts.size()) - 1;
        std::string fill;
        for (std::int64_t need = want - length; need > 0;) {
            std::int64_t take = std::min(need, pad_len);
            fill += pad.substr(0, pad_starts[static_cast<std::size_t>(take)]);
            need -= take;
        }
        v = Value::Text(EqualsIgnoreCase(step.paras[0], "l") ? fill + text : text + fill);
        return true;
    }
    const std::int64_t start = step.n1;
    if (start > length) {
        throw RunError(step.name + " startIndex(" + std::to_string(start) + ") out of range(" + std::to_string(length) +
                       ")");
    }
    const std::int64_t end = std::min(length, start + step.n2);
    if (step.name == "dx_substr") {
        v = Value::Text(cut(start, end));
    } else {  // dx_replace
        v = Value::Text(cut(0, start) + step.paras[2] + cut(end, length));
    }
    return true;
}

// The paras rules of each transformer, checked once before the job runs.
Status ValidateStep(TransformerChain::Step& step, const std::string& path) {
    auto count = [&](std::size_t n) -> Status {
        if (step.paras.size() == n) {
            return Status::Ok();
        }
        std::string what = step.name == "dx_digest" ? " paras length must be " : " paras must be ";
        return Illegal(path, step, step.name + what + std::to_string(n + 1));
    };
    auto number = [&](std::size_t i, std::int64_t& out) -> Status {
        if (!ParseJavaInt(step.paras[i], out)) {
            return Illegal(path, step, "For input string: \"" + step.paras[i] + "\"");
        }
        if (out < 0) {
            // Java's substring throws for every record; refusing once says the same thing earlier.
            return Illegal(path, step, step.name + " para " + std::to_string(i + 1) + " must be 0 or more");
        }
        return Status::Ok();
    };
    if (step.name == "dx_substr" || step.name == "dx_replace") {
        DBB_RETURN_IF_ERROR(count(step.name == "dx_substr" ? 2 : 3));
        DBB_RETURN_IF_ERROR(number(0, step.n1));
        return number(1, step.n2);
    }
    if (step.name == "dx_pad") {
        DBB_RETURN_IF_ERROR(count(3));
        if (!EqualsIgnoreCase(step.paras[0], "l") && !EqualsIgnoreCase(step.paras[0], "r")) {
            return Illegal(path, step, "dx_pad first para(" + step.paras[0] + ") support l or r");
        }
        DBB_RETURN_IF_ERROR(number(1, step.n1));
        if (step.paras[2].empty()) {
            // DataX loops forever on an empty pad string; refuse it.
            return Illegal(path, step, "dx_pad pad string must not be empty");
        }
        return Status::Ok();
    }
    if (step.name == "dx_filter") {
        DBB_RETURN_IF_ERROR(count(2));
        const std::string& op = step.paras[0];
        if (step.paras[1].empty()) {
            return Illegal(path, step, "dx_filter para 2 can't be null");
        }
        static const char* const kOps[] = {"like", "not like", ">", "<", "=", "==", "!=", ">=", "<="};
        if (std::none_of(std::begin(kOps), std::end(kOps), [&](const char* k) { return EqualsIgnoreCase(op, k); })) {
            return Illegal(path, step, "dx_filter can't support code:" + op);
        }
        if (EqualsIgnoreCase(op, "like") || EqualsIgnoreCase(op, "not like")) {
            try {
                step.pattern = std::make_shared<std::regex>(step.paras[1], std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                return Illegal(path, step, "dx_filter regular expression \"" + step.paras[1] + "\": " + e.what());
            }
        }
        return Status::Ok();
    }
    if (step.name == "dx_digest") {
        DBB_RETURN_IF_ERROR(count(2));
        if (!EqualsIgnoreCase(step.paras[0], "md5") && !EqualsIgnoreCase(step.paras[0], "sha1")) {
            return Illegal(path, step, "dx_digest paras index 1 must be md5 or sha1");
        }
        if (!EqualsIgnoreCase(step.paras[1], "toUpperCase") && !EqualsIgnoreCase(step.paras[1], "toLowerCase")) {
            return Illegal(path, step, "dx_digest paras index 2 must be toUpperCase or toLowerCase");
        }
        return Status::Ok();
    }
    return Status::Ok();
}

Result<TransformerChain::Step> ParseStep(const JsonParams& item) {
    auto name = item.String("name", "");
    if (!name.ok()) {
        return name.status();
    }
    if (name.value().empty()) {
        return Status::InvalidArgument(item.PathOf("name") +
                                       ": Code:[TransformerErrorCode-04], Description:[Transformer configuration "
                                       "error]. - the transformer needs a name");
    }
    TransformerChain::Step step;
    step.name = name.value();
    if (step.name == "dx_groovy") {
        return Status::Unimplemented(item.PathOf("name") +
                                     ": dx_groovy runs Groovy code on the JVM, which dbbridge does not have; "
                                     "use dx_substr, dx_pad, dx_replace, dx_filter or dx_digest, or do the "
                                     "transformation in the reader's querySql");
    }
    static const char* const kKnown[] = {"dx_substr", "dx_pad", "dx_replace", "dx_filter", "dx_digest"};
    if (std::find(std::begin(kKnown), std::end(kKnown), step.name) == std::end(kKnown)) {
        return Status::InvalidArgument(item.PathOf("name") +
                                       ": Code:[TransformerErrorCode-03], Description:[Transformer name not found]. "
                                       " - name=" + step.name +
                                       " (built-ins: dx_substr, dx_pad, dx_replace, dx_filter, dx_digest)");
    }
    auto parameter = item.Object("parameter");
    if (!parameter.ok()) {
        return parameter.status();
    }
    JsonParams p = parameter.value() ? *parameter.value() : JsonParams(nullptr, item.PathOf("parameter"));
    if (!p.Has("columnIndex")) {
        return Status::InvalidArgument(p.PathOf("columnIndex") + ": " + kIllegalParameter +
                                       "  - columnIndex must be set by UDF:name=" + step.name);
    }
    DBB_ASSIGN_OR_RETURN(auto column, p.Int("columnIndex", 0));
    if (column < 0 || column > INT32_MAX) {
        return Status::InvalidArgument(p.PathOf("columnIndex") + ": must be 0 or more, got " +
                                       std::to_string(column));
    }
    step.column = static_cast<std::size_t>(column);
    auto paras = p.Array("paras");
    if (!paras.ok()) {
        return paras.status();
    }
    if (paras.value()) {
        for (std::size_t i = 0; i < paras.value()->size(); ++i) {
            DBB_ASSIGN_OR_RETURN(auto s, JsonParams::AsString(paras.value()->get(static_cast<unsigned>(i)),
                                          p.PathOf("paras") + "[" + std::to_string(i) + "]"));
            step.paras.push_back(s);
        }
    }
    DBB_RETURN_IF_ERROR(ValidateStep(step, p.PathOf("paras")));
    return step;
}

}  // namespace

Result<TransformerChain> TransformerChain::Parse(const Poco::Dynamic::Var& transformer, const std::string& path) {
    TransformerChain chain;
    if (transformer.isEmpty()) {
        return chain;
    }
    if (!IsJsonArray(transformer)) {
        return Status::InvalidArgument(path + ": expected an array of {\"name\", \"parameter\"}, got " +
                                       DescribeJson(transformer));
    }
    auto arr = transformer.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < arr->size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        Poco::Dynamic::Var item = arr->get(static_cast<unsigned>(i));
        if (!IsJsonObject(item)) {
            return Status::InvalidArgument(item_path + ": expected an object, got " + DescribeJson(item));
        }
        DBB_ASSIGN_OR_RETURN(auto step, ParseStep(JsonParams(item.extract<Poco::JSON::Object::Ptr>(), item_path)));
        chain.steps_.push_back(std::move(step));
    }
    return chain;
}

Status TransformerChain::CheckColumnCount(std::size_t columns) const {
    for (const auto& s : steps_) {
        if (s.column >= columns) {
            return Status::InvalidArgument(std::string(kIllegalParameter) + "  - columnIndex[" +
                                           std::to_string(s.column) + "] out of bound[" + std::to_string(columns) +
                                           "]. name=" + s.name);
        }
    }
    return Status::Ok();
}

TransformerChain::Outcome TransformerChain::Apply(sdk::Record& record, std::string& reason) const {
    for (const auto& step : steps_) {
        try {
            if (!ApplyStep(step, record)) {
                return Outcome::kFiltered;
            }
        } catch (const RunError& e) {
            reason = "transformer(" + step.name + ") has Exception(" + e.message + ")";
            return Outcome::kFailed;
        } catch (const std::exception& e) {  // std::regex may throw on pathological input
            reason = "transformer(" + step.name + ") has Exception(" + e.what() + ")";
            return Outcome::kFailed;
        }
    }
    return Outcome::kKeep;
}

}  // namespace dbbridge::core::engine
