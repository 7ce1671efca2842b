#pragma once
// Row-by-row judgement of fetched segments with the multiplex comparator's typed value rules.
// Rows pair by key (the key columns' canonical encodings); a row whose key the other side's
// segment lacks waits in an unmatched pool, because engines that order string keys differently
// put it in another segment there. Whatever is still unmatched at the end is only in one side.
// Thread-safe: segments are judged concurrently.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/compare/table_compare.h"
#include "core/multiplex/value_normalizer.h"

namespace dbbridge::core::compare {

struct MatchShape {
    std::vector<std::string> columns;        // compared columns, key columns first
    std::vector<sdk::JdbcType> source_types;
    std::vector<sdk::JdbcType> target_types;
    std::size_t key_count = 0;
};

class RowMatcher {
public:
    RowMatcher(MatchShape shape, multiplex::NormalizerOptions options, const CompareLimits& limits);

    // Judges the rows both sides hold in one segment.
    void CompareSegment(const std::vector<sdk::Record>& source, const std::vector<sdk::Record>& target);
    // Moves what is still unmatched into the report's only-in lists and fills in the findings.
    void Finish(TableCompareReport& report);

private:
    struct Pool {
        std::unordered_map<std::string, sdk::Record> rows;
        std::int64_t overflow = 0;  // unmatched rows not held (the pool was full)
        std::vector<std::string> overflow_keys;
    };

    std::string KeyOf(const sdk::Record& row, const std::vector<sdk::JdbcType>& types) const;
    std::string KeyText(const sdk::Record& row) const;
    void Judge(const sdk::Record& s, const sdk::Record& t);
    // The other side's unmatched row of that key (taken from its pool), or nullopt after parking
    // row in its own side's pool (under mu_).
    std::optional<sdk::Record> ParkLocked(const std::string& key, const sdk::Record& row, bool from_source);
    void NoteDuplicate(const char* side, const sdk::Record& row, std::int64_t count);

    MatchShape shape_;
    multiplex::ValueNormalizer normalizer_;
    multiplex::ValueNormalizer strict_;  // no rules: tells whether a cell matched only through one
    CompareLimits limits_;

    std::mutex mu_;
    Pool source_pool_;
    Pool target_pool_;
    std::int64_t differing_ = 0;
    std::int64_t duplicates_ = 0;
    std::vector<RowDifference> differences_;
    std::vector<std::string> duplicate_notes_;
    std::vector<std::uint16_t> rule_masks_;
    std::vector<std::int64_t> rule_cells_;
};

// "NULL" or the value as text.
std::string ValueText(const sdk::Value& v);

}  // namespace dbbridge::core::compare
