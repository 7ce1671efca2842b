#include "core/multiplex/row_set_comparator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex {

namespace {

constexpr std::uint64_t kP1 = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kP3 = 0x165667B19E3779F9ULL;

inline std::uint64_t Rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline std::uint64_t Fmix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

Hash128 Add(Hash128 a, Hash128 b) {
    Hash128 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo ? 1 : 0);
    return r;
}

std::string Hex(Hash128 h) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.hi),
                  static_cast<unsigned long long>(h.lo));
    return buf;
}

// Label without a table qualifier or quotes, upper case: "t.\"Id\"" -> "ID".
std::string BareLabel(std::string s) {
    std::size_t dot = s.rfind('.');
    if (dot != std::string::npos && s.find('(') == std::string::npos) s = s.substr(dot + 1);
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '"' || c == '`' || c == ' '; }), s.end());
    return sdk::util::ToUpper(s);
}

class ComparatorSink : public sdk::RowSink {
public:
    ComparatorSink(RowSetComparator& c, std::size_t p) : c_(c), p_(p) {}
    // noexcept callbacks the plugin invokes: a failure (allocation) stops the fetch instead of
    // unwinding through the plugin.
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& columns) noexcept override {
        return sdk::util::NoThrow([&] {
            c_.SetColumns(p_, columns);
            return sdk::Status::Ok();
        }, "comparing columns: ");
    }
    bool OnRow(const sdk::Record& row) noexcept override {
        return sdk::util::NoThrowValue([&] { return c_.AddRow(p_, row); }, false);
    }

private:
    RowSetComparator& c_;
    std::size_t p_;
};

}  // namespace

const char* DifferenceKindName(DifferenceKind kind) {
    switch (kind) {
        case DifferenceKind::kStructural: return "STRUCTURAL";
        case DifferenceKind::kValue: return "VALUE";
        case DifferenceKind::kOrder: return "ORDER";
    }
    return "VALUE";
}

Hash128 HashBytes(const std::string& bytes) {
    std::uint64_t a = 0x243F6A8885A308D3ULL ^ bytes.size();
    std::uint64_t b = 0x13198A2E03707344ULL + bytes.size() * kP3;
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    while (n >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        a = Rotl(a ^ (v * kP1), 31) * kP2;
        b = Rotl(b ^ (v * kP2), 27) * kP1 + a;
        p += 8;
        n -= 8;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    a ^= tail * kP3 + n;
    b ^= Rotl(tail, 17) * kP1;
    Hash128 h;
    h.hi = Fmix(a + b);
    h.lo = Fmix(b ^ Rotl(a, 29));
    return h;
}

RowSetComparator::RowSetComparator(std::vector<std::string> participant_names, ComparatorOptions options)
    : names_(std::move(participant_names)),
      options_(std::move(options)),
      normalizer_(NormalizerOptions{options_.rules, options_.oracle_family}),
      strict_(NormalizerOptions{CompareRules{{}, -1, false, false, 0}, false}),
      n_(std::min(names_.size(), kMaxParticipants)) {
    parts_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) parts_[i].name = names_[i];
}

RowSetComparator::~RowSetComparator() = default;

std::unique_ptr<sdk::RowSink> RowSetComparator::MakeSink(std::size_t p) {
    return std::make_unique<ComparatorSink>(*this, p);
}

void RowSetComparator::ResolveColumnsLocked(Part& part) {
    part.ignored.assign(part.columns.size(), false);
    for (std::size_t c = 0; c < part.columns.size(); ++c) {
        std::string label = BareLabel(part.columns[c].name);
        for (const auto& ig : options_.rules.ignore_columns) {
            if (BareLabel(ig) == label) part.ignored[c] = true;
        }
    }
    part.key_columns.clear();
    if (!options_.ordered) return;
    for (const auto& item : options_.order_items) {
        std::string want = BareLabel(item);
        int found = -1;
        if (!want.empty() && std::all_of(want.begin(), want.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
            int pos = std::atoi(want.c_str()) - 1;
            if (pos >= 0 && pos < static_cast<int>(part.columns.size())) found = pos;
        } else {
            for (std::size_t c = 0; c < part.columns.size(); ++c) {
                if (BareLabel(part.columns[c].name) == want) {
                    found = static_cast<int>(c);
                    break;
                }
            }
        }
        if (found < 0) {
            // The sort key is not selected ("select v from t order by k"): the order is still the
            // statement's, so the rows are compared in sequence, each row its own sort key.
            // Rows tied on k may legitimately come in another order; the note says so.
            if (sequence_note_.empty()) {
                sequence_note_ = "ORDER BY item '" + item + "' is not a column of the result on " + part.name +
                                 ": rows compared in sequence (rows tied on it cannot be told apart)";
            }
            part.key_columns.clear();
            for (std::size_t c = 0; c < part.columns.size(); ++c) {
                if (!part.ignored[c]) {
                    part.key_columns.push_back(static_cast<int>(c));
                }
            }
            return;
        }
        part.key_columns.push_back(found);
    }
}

void RowSetComparator::SetColumns(std::size_t p, const std::vector<sdk::ColumnInfo>& columns) {
    std::lock_guard<std::mutex> lock(mu_);
    if (p >= n_) return;
    Part& part = parts_[p];
    part.columns = columns;
    part.has_columns = true;
    part.started = true;
    ResolveColumnsLocked(part);
    for (const auto& other : parts_) {
        if (&other != &part && other.has_columns && other.columns.size() != columns.size()) {
            columns_mismatch_ = true;
        }
    }
    if (columns_ == 0) {
        columns_ = columns.size();
        column_rule_mask_.assign(columns_, 0);
        column_rule_cells_.assign(columns_, 0);
    }
    cv_.notify_all();
}

void RowSetComparator::WaitForOthersLocked(std::unique_lock<std::mutex>& lock, std::size_t p) {
    auto slowest = [&]() {
        std::int64_t min = -1;
        for (std::size_t i = 0; i < n_; ++i) {
            if (i == p || !parts_[i].started || parts_[i].finished) continue;
            if (min < 0 || parts_[i].rows < min) min = parts_[i].rows;
        }
        return min;
    };
    std::int64_t window = static_cast<std::int64_t>(options_.window);
    std::int64_t min = slowest();
    if (min < 0 || parts_[p].rows - min < window) return;
    ++stats_.stalls;
    // Only the participant ahead waits and the slowest never does, so this cannot deadlock;
    // the time limit covers a participant whose server stopped sending.
    auto last_progress = std::chrono::steady_clock::now();
    while (true) {
        std::int64_t before = min;
        cv_.wait_for(lock, std::chrono::milliseconds(50));
        min = slowest();
        if (min < 0 || parts_[p].rows - min < window) return;
        auto now = std::chrono::steady_clock::now();
        if (min != before) last_progress = now;
        if (now - last_progress > std::chrono::milliseconds(options_.max_stall_ms)) return;
    }
}

bool RowSetComparator::BalancedLocked(const Entry& e) const {
    for (std::size_t i = 1; i < n_; ++i) {
        if (e.counts[i] != e.counts[0]) return false;
    }
    return true;
}

bool RowSetComparator::AddRow(std::size_t p, const sdk::Record& row) {
    if (p >= n_) return false;
    // Normalise and hash outside the lock; the participant's columns no longer change.
    const Part& part_ro = parts_[p];
    std::string enc;
    std::string key_enc;
    std::vector<std::uint16_t> masks(row.size(), 0);
    std::vector<std::uint64_t> strict(row.size(), 0);
    enc.reserve(64);
    std::string cell;
    std::string raw;
    for (std::size_t c = 0; c < row.size(); ++c) {
        sdk::JdbcType jt = c < part_ro.columns.size() ? part_ro.columns[c].jdbc_type : sdk::JdbcType::kOther;
        bool ignored = c < part_ro.ignored.size() && part_ro.ignored[c];
        cell.clear();
        masks[c] = normalizer_.Encode(row[c], jt, cell);
        if (masks[c]) {
            raw.clear();
            strict_.Encode(row[c], jt, raw);
            strict[c] = HashBytes(raw).lo;
        } else {
            strict[c] = HashBytes(cell).lo;
        }
        if (!ignored) enc += cell;
    }
    Hash128 h = HashBytes(enc);
    Hash128 key;
    std::string key_text;
    bool keyed = !part_ro.key_columns.empty();
    if (keyed) {
        for (int kc : part_ro.key_columns) {
            if (kc < static_cast<int>(row.size())) {
                normalizer_.Encode(row[static_cast<std::size_t>(kc)], part_ro.columns[static_cast<std::size_t>(kc)].jdbc_type, key_enc);
                if (!key_text.empty()) key_text += ", ";
                key_text += row[static_cast<std::size_t>(kc)].is_null() ? "NULL" : Render(row[static_cast<std::size_t>(kc)]);
            }
        }
        key = HashBytes(key_enc);
    }

    std::unique_lock<std::mutex> lock(mu_);
    Part& part = parts_[p];
    part.started = true;
    WaitForOthersLocked(lock, p);
    ++part.rows;
    ++stats_.rows_seen;
    part.sum = Add(part.sum, h);
    cv_.notify_all();
    if (columns_mismatch_ || too_many_differences_) {
        return true;  // keep counting rows; values are not compared
    }
    if (keyed && !order_failed_) {
        if (!part.in_group) {
            part.in_group = true;
            part.current = Group{key, 1, key_text};
        } else if (part.current.key == key) {
            ++part.current.size;
        } else {
            Group done = part.current;
            part.current = Group{key, 1, key_text};
            PushGroupLocked(p, std::move(done));
        }
    }

    auto it = live_.find(h);
    if (it == live_.end()) {
        Entry e;
        e.seq = seq_++;
        it = live_.emplace(h, std::move(e)).first;
        stats_.peak_live_entries = std::max(stats_.peak_live_entries, live_.size());
        if (live_.size() >= options_.max_live_entries) {
            too_many_differences_ = true;
        }
    }
    Entry& e = it->second;
    ++e.counts[p];
    if (BalancedLocked(e)) {
        // Matched everywhere: note the cells that matched only through a rule, then forget it.
        if (!e.masks.empty()) {
            std::size_t cols = std::min(row.size(), columns_);
            for (std::size_t c = 0; c < cols; ++c) {
                std::uint16_t any = masks[c];
                bool raw_differs = false;
                for (std::size_t i = 0; i < n_; ++i) {
                    if (i == p || e.masks.size() < (i + 1) * cols) continue;
                    any |= e.masks[i * cols + c];
                    raw_differs = raw_differs || e.strict[i * cols + c] != strict[c];
                }
                if (raw_differs && any) {
                    column_rule_mask_[c] |= any;
                    ++column_rule_cells_[c];
                }
            }
        }
        for (const auto& s : e.samples) {
            if (s) --stats_.records_held;
        }
        live_.erase(it);
        return true;
    }
    std::size_t cols = std::min(row.size(), columns_);
    if (e.masks.empty()) {
        e.masks.assign(n_ * cols, 0);
        e.strict.assign(n_ * cols, 0);
    }
    if (e.counts[p] == 1 && e.masks.size() == n_ * cols) {
        std::copy(masks.begin(), masks.begin() + static_cast<std::ptrdiff_t>(cols),
                  e.masks.begin() + static_cast<std::ptrdiff_t>(p * cols));
        std::copy(strict.begin(), strict.begin() + static_cast<std::ptrdiff_t>(cols),
                  e.strict.begin() + static_cast<std::ptrdiff_t>(p * cols));
    }
    if (e.samples.empty()) e.samples.resize(n_);
    if (!e.samples[p] && stats_.records_held < options_.max_records) {
        e.samples[p] = row;
        ++stats_.records_held;
        stats_.peak_records_held = std::max(stats_.peak_records_held, stats_.records_held);
    }
    return true;
}

void RowSetComparator::PushGroupLocked(std::size_t p, Group g) {
    parts_[p].groups.push_back(std::move(g));
    AlignGroupsLocked();
}

void RowSetComparator::AlignGroupsLocked() {
    while (!order_failed_) {
        for (std::size_t i = 0; i < n_; ++i) {
            if (parts_[i].groups.empty()) return;
        }
        const Group& ref = parts_[0].groups.front();
        for (std::size_t i = 1; i < n_; ++i) {
            const Group& g = parts_[i].groups.front();
            if (g.key != ref.key || g.size != ref.size) {
                order_failed_ = true;
                order_note_ = "row order differs at sort group " + std::to_string(group_position_ + 1) + ": " +
                              parts_[0].name + " has key (" + ref.key_text + ") x" + std::to_string(ref.size) +
                              ", " + parts_[i].name + " has key (" + g.key_text + ") x" + std::to_string(g.size);
                break;
            }
        }
        for (auto& part : parts_) part.groups.pop_front();
        ++group_position_;
    }
    for (auto& part : parts_) part.groups.clear();
}

void RowSetComparator::Finish(std::size_t p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (p >= n_) return;
    Part& part = parts_[p];
    if (part.finished) return;
    part.finished = true;
    if (part.in_group && !order_failed_) {
        part.in_group = false;
        part.groups.push_back(part.current);
        AlignGroupsLocked();
    }
    cv_.notify_all();
}

RowSetComparator::Stats RowSetComparator::stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    Stats s = stats_;
    s.live_entries = live_.size();
    return s;
}

std::string RowSetComparator::Render(const sdk::Value& v) const {
    if (v.kind == sdk::ValueKind::kBytes) {
        static const char* kHex = "0123456789ABCDEF";
        std::string out = "0x";
        for (std::size_t i = 0; i < v.s.size() && i < 64; ++i) {
            out += kHex[(static_cast<unsigned char>(v.s[i]) >> 4) & 0xF];
            out += kHex[static_cast<unsigned char>(v.s[i]) & 0xF];
        }
        if (v.s.size() > 64) out += "...(" + std::to_string(v.s.size()) + " bytes)";
        return out;
    }
    std::string s = sdk::ValueToText(v);
    if (s.size() > 4000) s = s.substr(0, 4000) + "...(" + std::to_string(v.s.size()) + " bytes)";
    return s;
}

RowSetDiff RowSetComparator::Result() {
    std::lock_guard<std::mutex> lock(mu_);
    RowSetDiff d;
    d.ordered = options_.ordered;
    d.row_counts.resize(n_);
    d.checksums.resize(n_);
    d.labels.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
        d.row_counts[i] = parts_[i].rows;
        d.checksums[i] = std::to_string(parts_[i].rows) + ":" + Hex(parts_[i].sum);
        for (const auto& c : parts_[i].columns) d.labels[i].push_back(c.name);
    }
    for (const auto& c : parts_[0].columns) d.columns.push_back(sdk::util::ToUpper(c.name));
    auto fail = [&](DifferenceKind kind, const std::string& why) {
        d.consistent = false;
        d.differences.push_back({kind, why});
    };

    // Columns: count, then labels by position (case-insensitive).
    for (std::size_t i = 1; i < n_; ++i) {
        const auto& a = parts_[0].columns;
        const auto& b = parts_[i].columns;
        if (a.size() != b.size()) {
            fail(DifferenceKind::kStructural, "column count differs: " + names_[0] + " has " + std::to_string(a.size()) + ", " + names_[i] +
                 " has " + std::to_string(b.size()));
            continue;
        }
        for (std::size_t c = 0; c < a.size(); ++c) {
            if (sdk::util::ToUpper(a[c].name) != sdk::util::ToUpper(b[c].name)) {
                fail(DifferenceKind::kStructural, "column " + std::to_string(c + 1) + " label differs: " + names_[0] + " '" + a[c].name + "', " +
                     names_[i] + " '" + b[c].name + "'");
            }
        }
    }
    for (std::size_t i = 1; i < n_; ++i) {
        if (d.row_counts[i] != d.row_counts[0]) {
            fail(DifferenceKind::kValue, "row count differs: " + names_[0] + " " + std::to_string(d.row_counts[0]) + ", " + names_[i] + " " +
                 std::to_string(d.row_counts[i]));
        }
    }
    d.column_rules.assign(d.columns.size(), "NA");
    d.rule_cells.assign(d.columns.size(), 0);
    if (columns_mismatch_) {
        return d;
    }

    // Differing rows: what is left in the map.
    std::vector<const Entry*> diffs;
    for (const auto& kv : live_) diffs.push_back(&kv.second);
    std::sort(diffs.begin(), diffs.end(), [](const Entry* a, const Entry* b) { return a->seq < b->seq; });
    for (const Entry* e : diffs) {
        for (std::size_t t = 1; t < n_; ++t) {
            d.differing_rows += std::llabs(e->counts[t] - e->counts[0]);
        }
    }
    if (too_many_differences_) {
        fail(DifferenceKind::kValue, "more than " + std::to_string(options_.max_live_entries) +
                                         " distinct rows differ between " + names_[0] +
                                         " and the targets; values were compared up to there (row counts and "
                                         "checksums cover every row)");
    } else if (!diffs.empty()) {
        fail(DifferenceKind::kValue,
             std::to_string(d.differing_rows) + " row(s) differ between " + names_[0] + " and the targets");
    }
    const std::size_t cols = d.columns.size();
    auto encode = [&](std::size_t p, const sdk::Record& r, std::size_t c, std::string& out) {
        sdk::JdbcType jt = c < parts_[p].columns.size() ? parts_[p].columns[c].jdbc_type : sdk::JdbcType::kOther;
        return c < r.size() ? normalizer_.Encode(r[c], jt, out) : std::uint16_t{0};
    };
    auto make_row = [&](const std::vector<const sdk::Record*>& recs) {
        std::vector<DiffCell> row(cols);
        for (std::size_t c = 0; c < cols; ++c) {
            DiffCell& cell = row[c];
            cell.values.resize(n_);
            cell.present.resize(n_, false);
            std::string ref;
            std::string ref_raw;
            std::uint16_t ref_mask = 0;
            bool have_ref = recs[0] != nullptr;
            auto raw_of = [&](std::size_t p, std::string& out) {
                sdk::JdbcType jt = c < parts_[p].columns.size() ? parts_[p].columns[c].jdbc_type : sdk::JdbcType::kOther;
                if (c < recs[p]->size()) strict_.Encode((*recs[p])[c], jt, out);
            };
            if (have_ref) {
                ref_mask = encode(0, *recs[0], c, ref);
                raw_of(0, ref_raw);
            }
            std::uint16_t any = ref_mask;
            bool raw_differs = false;
            for (std::size_t p = 0; p < n_; ++p) {
                if (!recs[p]) {
                    cell.diff = true;
                    continue;
                }
                cell.present[p] = true;
                const sdk::Value& v = c < recs[p]->size() ? (*recs[p])[c] : sdk::Value();
                if (!v.is_null()) cell.values[p] = Render(v);
                if (p == 0) continue;
                std::string enc;
                std::string raw;
                std::uint16_t m = encode(p, *recs[p], c, enc);
                raw_of(p, raw);
                any |= m;
                raw_differs = raw_differs || (have_ref && raw != ref_raw);
                bool ignored = c < parts_[p].ignored.size() && parts_[p].ignored[c];
                if (have_ref && enc != ref && !ignored) cell.diff = true;
            }
            if (!cell.diff && raw_differs) cell.rules = any;
        }
        return row;
    };

    // Pair each source row that a target lacks with the most similar row that target has in
    // excess, so a changed value shows as one row with the differing cell flagged.
    std::vector<std::vector<bool>> used(diffs.size(), std::vector<bool>(n_, false));
    const std::size_t max_rows = static_cast<std::size_t>(std::max(0, options_.rules.max_diff_rows));
    auto similarity = [&](const sdk::Record& a, std::size_t pa, const sdk::Record& b, std::size_t pb) {
        int same = 0;
        for (std::size_t c = 0; c < cols; ++c) {
            std::string ea;
            std::string eb;
            encode(pa, a, c, ea);
            encode(pb, b, c, eb);
            if (ea == eb) ++same;
        }
        return same;
    };
    for (std::size_t i = 0; i < diffs.size() && d.rows.size() < max_rows; ++i) {
        const Entry* e = diffs[i];
        if (e->counts[0] == 0 || e->samples.empty() || !e->samples[0]) continue;
        std::vector<const sdk::Record*> recs(n_, nullptr);
        recs[0] = &*e->samples[0];
        std::string note;
        for (std::size_t t = 1; t < n_; ++t) {
            if (e->counts[t] >= e->counts[0] && e->samples[t]) {
                recs[t] = &*e->samples[t];
                if (e->counts[t] > e->counts[0]) {
                    note += names_[t] + " has this row " + std::to_string(e->counts[t]) + " times, " + names_[0] + " " +
                            std::to_string(e->counts[0]) + "; ";
                }
                continue;
            }
            if (e->counts[t] > 0 && e->samples[t]) {
                recs[t] = &*e->samples[t];
                note += names_[t] + " has this row " + std::to_string(e->counts[t]) + " times, " + names_[0] + " " +
                        std::to_string(e->counts[0]) + "; ";
                continue;
            }
            int best_score = cols > 1 ? 0 : -1;
            std::size_t best = diffs.size();
            for (std::size_t j = 0; j < diffs.size(); ++j) {
                const Entry* f = diffs[j];
                if (j == i || used[j][t] || f->counts[t] <= f->counts[0] || f->samples.empty() || !f->samples[t]) {
                    continue;
                }
                int score = similarity(*recs[0], 0, *f->samples[t], t);
                if (score > best_score) {
                    best_score = score;
                    best = j;
                }
            }
            if (best < diffs.size()) {
                used[best][t] = true;
                recs[t] = &*diffs[best]->samples[t];
                note += names_[t] + " has a different row; ";
            } else {
                note += names_[t] + " lacks this row; ";
            }
        }
        d.rows.push_back(make_row(recs));
        d.row_notes.push_back(note.empty() ? "differs" : note.substr(0, note.size() - 2));
    }
    for (std::size_t j = 0; j < diffs.size() && d.rows.size() < max_rows; ++j) {
        const Entry* f = diffs[j];
        std::vector<const sdk::Record*> recs(n_, nullptr);
        bool extra = false;
        std::string note;
        for (std::size_t t = 1; t < n_; ++t) {
            if (f->counts[t] > f->counts[0] && !used[j][t] && !f->samples.empty() && f->samples[t]) {
                extra = true;
                recs[t] = &*f->samples[t];
                note += names_[t] + " has a row " + names_[0] + " lacks; ";
            }
        }
        if (!extra || f->counts[0] > 0) continue;  // source rows were shown above
        d.rows.push_back(make_row(recs));
        d.row_notes.push_back(note.substr(0, note.size() - 2));
    }

    for (std::size_t c = 0; c < cols; ++c) {
        std::uint16_t m = c < column_rule_mask_.size() ? column_rule_mask_[c] : 0;
        for (const auto& row : d.rows) m |= row[c].rules;
        d.column_rules[c] = RuleNames(m);
        d.rule_cells[c] = c < column_rule_cells_.size() ? column_rule_cells_[c] : 0;
    }

    if (options_.ordered) {
        bool keyed = true;
        for (const auto& p : parts_) keyed = keyed && !p.key_columns.empty();
        if (!keyed) {
            d.order_note = order_note_.empty() ? "row order not verified" : order_note_;
        } else if (order_failed_ || std::any_of(parts_.begin(), parts_.end(), [](const Part& p) { return !p.groups.empty(); })) {
            d.order_note = order_note_.empty() ? "row order differs (different number of sort groups)" : order_note_;
            if (!sequence_note_.empty()) {
                d.order_note += "; " + sequence_note_;
            }
            if (diffs.empty()) fail(DifferenceKind::kOrder, d.order_note);
        } else if (!sequence_note_.empty()) {
            d.order_note = "row order verified: " + sequence_note_;
        } else {
            d.order_note = "row order verified (" + std::to_string(group_position_) + " sort groups, ties as multisets)";
        }
    }
    return d;
}

}  // namespace dbbridge::core::multiplex
