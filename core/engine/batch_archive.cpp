#include "core/engine/batch_archive.h"

#include <cstring>

namespace dbbridge::core::engine {

namespace {

template <typename T>
void Put(std::string& out, T v) {
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    out.append(raw, sizeof(T));
}

template <typename T>
T Take(const std::string& in, std::size_t& at) {
    T v;
    std::memcpy(&v, in.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
}

bool HoldsString(sdk::ValueKind kind) {
    return kind != sdk::ValueKind::kNull && kind != sdk::ValueKind::kInt && kind != sdk::ValueKind::kFloat &&
           kind != sdk::ValueKind::kBool;
}

}  // namespace

void BatchArchive::Add(const sdk::RecordBatch& batch) {
    if (data_.capacity() < reserve_bytes_) {
        data_.reserve(reserve_bytes_);
    }
    batch_first_.push_back(row_start_.size());
    for (const auto& rec : batch.rows) {
        row_start_.push_back(data_.size());
        Put<std::uint32_t>(data_, static_cast<std::uint32_t>(rec.size()));
        for (const auto& v : rec) {
            const char head[4] = {static_cast<char>(v.kind), static_cast<char>(v.width),
                                  static_cast<char>(v.precision), static_cast<char>(v.has_zone)};
            data_.append(head, 4);
            if (v.kind == sdk::ValueKind::kInt || v.kind == sdk::ValueKind::kBool) {
                Put<std::int64_t>(data_, v.i);
            } else if (v.kind == sdk::ValueKind::kFloat) {
                Put<double>(data_, v.f);
            } else if (HoldsString(v.kind)) {
                Put<std::uint32_t>(data_, static_cast<std::uint32_t>(v.s.size()));
                data_ += v.s;
            }
        }
    }
}

sdk::Record BatchArchive::Get(std::uint64_t number, std::size_t index) const {
    sdk::Record rec;
    if (number < first_number_ || number - first_number_ >= batch_first_.size()) {
        return rec;
    }
    const std::size_t b = static_cast<std::size_t>(number - first_number_);
    const std::size_t row = batch_first_[b] + index;
    const std::size_t end = b + 1 < batch_first_.size() ? batch_first_[b + 1] : row_start_.size();
    if (row >= end) {
        return rec;
    }
    std::size_t at = row_start_[row];
    const auto count = Take<std::uint32_t>(data_, at);
    rec.resize(count);
    for (auto& v : rec) {
        v.kind = static_cast<sdk::ValueKind>(data_[at]);
        v.width = static_cast<std::uint8_t>(data_[at + 1]);
        v.precision = static_cast<std::uint8_t>(data_[at + 2]);
        v.has_zone = data_[at + 3] != 0;
        at += 4;
        if (v.kind == sdk::ValueKind::kInt || v.kind == sdk::ValueKind::kBool) {
            v.i = Take<std::int64_t>(data_, at);
        } else if (v.kind == sdk::ValueKind::kFloat) {
            v.f = Take<double>(data_, at);
        } else if (HoldsString(v.kind)) {
            const auto len = Take<std::uint32_t>(data_, at);
            v.s.assign(data_, at, len);
            at += len;
        }
    }
    return rec;
}

void BatchArchive::Clear() {
    first_number_ += batch_first_.size();
    data_.clear();
    row_start_.clear();
    batch_first_.clear();
}

}  // namespace dbbridge::core::engine
