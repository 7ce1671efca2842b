#include "core/compare/row_matcher.h"

#include <map>

namespace dbbridge::core::compare {

namespace {

multiplex::NormalizerOptions Strict(multiplex::NormalizerOptions options) {
    options.rules.pair_rules = false;
    options.rules.round_decimals = -1;
    options.rules.ignore_case = false;
    return options;
}

std::optional<std::string> CellText(const sdk::Value& v) {
    if (v.is_null()) return std::nullopt;
    return sdk::ValueToText(v);
}

}  // namespace

std::string ValueText(const sdk::Value& v) { return v.is_null() ? "NULL" : sdk::ValueToText(v); }

RowMatcher::RowMatcher(MatchShape shape, multiplex::NormalizerOptions options, const CompareLimits& limits)
    : shape_(std::move(shape)),
      normalizer_(options),
      strict_(Strict(options)),
      limits_(limits),
      rule_masks_(shape_.columns.size(), 0),
      rule_cells_(shape_.columns.size(), 0) {}

std::string RowMatcher::KeyOf(const sdk::Record& row, const std::vector<sdk::JdbcType>& types) const {
    std::string key;
    for (std::size_t i = 0; i < shape_.key_count && i < row.size(); ++i) {
        normalizer_.Encode(row[i], types[i], key);
    }
    return key;
}

std::string RowMatcher::KeyText(const sdk::Record& row) const {
    std::string text;
    for (std::size_t i = 0; i < shape_.key_count && i < row.size(); ++i) {
        text += (i ? ", " : "") + shape_.columns[i] + "=" + ValueText(row[i]);
    }
    return text;
}

void RowMatcher::Judge(const sdk::Record& s, const sdk::Record& t) {
    RowDifference diff;
    std::vector<std::uint16_t> matched_masks(shape_.columns.size(), 0);
    for (std::size_t c = 0; c < shape_.columns.size() && c < s.size() && c < t.size(); ++c) {
        std::string a, b;
        const std::uint16_t mask =
            normalizer_.Encode(s[c], shape_.source_types[c], a) | normalizer_.Encode(t[c], shape_.target_types[c], b);
        if (a != b) {
            const std::string rules = multiplex::RuleNames(mask);
            diff.cells.push_back({shape_.columns[c], CellText(s[c]), CellText(t[c]), rules == "NA" ? "exact" : rules});
            continue;
        }
        std::string sa, sb;
        strict_.Encode(s[c], shape_.source_types[c], sa);
        strict_.Encode(t[c], shape_.target_types[c], sb);
        if (sa != sb) matched_masks[c] = mask;
    }
    std::lock_guard<std::mutex> lock(mu_);
    for (std::size_t c = 0; c < matched_masks.size(); ++c) {
        if (matched_masks[c]) {
            rule_masks_[c] |= matched_masks[c];
            ++rule_cells_[c];
        }
    }
    if (diff.cells.empty()) return;
    ++differing_;
    if (differences_.size() < limits_.max_reported_rows) {
        diff.key = KeyText(s);
        differences_.push_back(std::move(diff));
    }
}

void RowMatcher::NoteDuplicate(const char* side, const sdk::Record& row, std::int64_t count) {
    std::lock_guard<std::mutex> lock(mu_);
    ++duplicates_;
    if (duplicate_notes_.size() < limits_.max_reported_rows) {
        duplicate_notes_.push_back(std::string(side) + ": " + KeyText(row) + " (" + std::to_string(count) + " rows)");
    }
}

void RowMatcher::CompareSegment(const std::vector<sdk::Record>& source, const std::vector<sdk::Record>& target) {
    // Index the source by key (duplicates noted, the first row kept), then walk the target.
    std::unordered_map<std::string, std::size_t> by_key;
    std::map<std::string, std::int64_t> source_dups, target_dups;
    for (std::size_t i = 0; i < source.size(); ++i) {
        auto [it, fresh] = by_key.emplace(KeyOf(source[i], shape_.source_types), i);
        if (!fresh) ++source_dups[it->first];
    }
    std::vector<bool> paired(source.size(), false);
    std::unordered_map<std::string, std::size_t> target_seen;
    std::vector<std::pair<std::string, const sdk::Record*>> target_only;
    for (const auto& row : target) {
        std::string key = KeyOf(row, shape_.target_types);
        auto [seen, fresh] = target_seen.emplace(key, 0);
        if (!fresh) {
            ++target_dups[key];
            continue;
        }
        auto it = by_key.find(key);
        if (it == by_key.end()) {
            target_only.emplace_back(std::move(key), &row);
            continue;
        }
        paired[it->second] = true;
        Judge(source[it->second], row);
    }
    for (const auto& [key, extra] : source_dups) NoteDuplicate("source", source[by_key[key]], extra + 1);
    for (const auto& [key, extra] : target_dups) {
        for (const auto& row : target) {
            if (KeyOf(row, shape_.target_types) == key) {
                NoteDuplicate("target", row, extra + 1);
                break;
            }
        }
    }
    // Rows without a partner in this segment: pair them across segments, or park them.
    std::vector<std::pair<sdk::Record, sdk::Record>> late;  // (source, target) paired across segments
    {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& [key, index] : by_key) {
            if (paired[index]) continue;
            if (auto partner = ParkLocked(key, source[index], true)) late.emplace_back(source[index], std::move(*partner));
        }
        for (const auto& [key, row] : target_only) {
            if (auto partner = ParkLocked(key, *row, false)) late.emplace_back(std::move(*partner), *row);
        }
    }
    for (const auto& [s, t] : late) Judge(s, t);  // Judge takes the lock itself
}

std::optional<sdk::Record> RowMatcher::ParkLocked(const std::string& key, const sdk::Record& row, bool from_source) {
    Pool& mine = from_source ? source_pool_ : target_pool_;
    Pool& other = from_source ? target_pool_ : source_pool_;
    auto it = other.rows.find(key);
    if (it != other.rows.end()) {
        sdk::Record partner = std::move(it->second);
        other.rows.erase(it);
        return partner;
    }
    if (mine.rows.size() < limits_.max_unmatched_rows) {
        mine.rows.emplace(key, row);
    } else {
        ++mine.overflow;
        if (mine.overflow_keys.size() < limits_.max_reported_rows) mine.overflow_keys.push_back(KeyText(row));
    }
    return std::nullopt;
}

void RowMatcher::Finish(TableCompareReport& report) {
    std::lock_guard<std::mutex> lock(mu_);
    auto drain = [&](Pool& pool, std::int64_t& count, std::vector<std::string>& keys) {
        count = static_cast<std::int64_t>(pool.rows.size()) + pool.overflow;
        keys = pool.overflow_keys;
        for (const auto& [key, row] : pool.rows) {
            if (keys.size() >= limits_.max_reported_rows) break;
            keys.push_back(KeyText(row));
        }
    };
    drain(source_pool_, report.only_in_source, report.only_in_source_keys);
    drain(target_pool_, report.only_in_target, report.only_in_target_keys);
    if (source_pool_.overflow || target_pool_.overflow) {
        report.notes.push_back("more than " + std::to_string(limits_.max_unmatched_rows) +
                               " unmatched rows: rows past that were counted as only in one side without "
                               "looking for their key in other segments");
    }
    report.differing_rows = differing_;
    report.differing = differences_;
    report.duplicate_keys = duplicates_;
    report.duplicates = duplicate_notes_;
    for (std::size_t c = 0; c < shape_.columns.size(); ++c) {
        report.column_rules.push_back({shape_.columns[c], multiplex::RuleNames(rule_masks_[c]), rule_cells_[c]});
    }
}

}  // namespace dbbridge::core::compare
