#pragma once
// Streaming comparison of the result sets of several participants (participant 0 is the source).
//
// Each row is normalised (ValueNormalizer) and hashed to 128 bits. One shared map holds, per
// distinct row hash not yet seen equally often by every participant, the per-participant
// counts and the first raw row of each participant; an entry leaves the map as soon as all
// counts agree. With participants streaming concurrently the map holds only the rows in flight
// plus the real differences, and a participant running more than `window` rows ahead of the
// slowest started one waits, so memory stays flat however large the result (multiset
// semantics: duplicates count). When the statement has a top-level ORDER BY whose items are
// select-list columns, the sequence of (sort key, tie-group size) is also compared position by
// position; ties compare as multisets. When an item is not a result column ("order by k" with k
// not selected), the rows themselves are compared in sequence. Thread-safe: each participant feeds from its own thread.

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/multiplex/value_normalizer.h"
#include "dbbridge/sdk/connection.h"

namespace dbbridge::core::multiplex {

struct Hash128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    bool operator==(const Hash128& o) const { return hi == o.hi && lo == o.lo; }
    bool operator!=(const Hash128& o) const { return !(*this == o); }
};

// A 128-bit non-cryptographic hash of a byte string.
Hash128 HashBytes(const std::string& bytes);

struct ComparatorOptions {
    CompareRules rules;
    bool oracle_family = false;
    bool ordered = false;                  // statement has a top-level ORDER BY
    std::vector<std::string> order_items;  // its items as written
    std::size_t window = 20000;            // rows a participant may run ahead of the slowest
    std::size_t max_records = 200000;      // raw rows kept for the report at most
    // Distinct unmatched rows held at most. Past it (far more differences than a report can show,
    // e.g. every row differs) values are no longer compared, so memory stays bounded; row counts
    // and checksums still cover every row. Must exceed window x participants (rows in flight).
    std::size_t max_live_entries = 400000;
    int max_stall_ms = 10000;              // back-pressure gives up after this long without progress
};

struct DiffCell {
    std::vector<std::optional<std::string>> values;  // per participant; nullopt = SQL NULL
    std::vector<bool> present;                       // false: the participant has no such row
    bool diff = false;
    std::uint16_t rules = 0;  // rules through which this cell matched
};

// What kind of difference the comparator found, carried as data so the verdict never reads
// message text: a structural difference (columns, outcome or error class) is never excused as
// non-determinism; value and order differences are, for a statement that can vary between runs.
enum class DifferenceKind : std::int32_t { kStructural = 0, kValue = 1, kOrder = 2 };

// "STRUCTURAL", "VALUE", "ORDER" (the report's differences[].kind).
const char* DifferenceKindName(DifferenceKind kind);

struct Difference {
    DifferenceKind kind = DifferenceKind::kValue;
    std::string message;  // human-readable, names the participants
};

struct RowSetDiff {
    bool consistent = true;
    std::vector<Difference> differences;  // the first is the main one
    std::vector<std::string> columns;   // source labels, upper case
    std::vector<std::vector<std::string>> labels;  // per participant
    std::vector<std::string> column_rules;  // per column: rule names or "NA"
    std::vector<std::int64_t> rule_cells;   // per column: cells that matched only through a rule
    std::vector<std::int64_t> row_counts;   // per participant
    std::vector<std::string> checksums;     // per participant: order-independent digest (hex)
    std::int64_t differing_rows = 0;        // unmatched row instances over all targets vs the source
    std::vector<std::vector<DiffCell>> rows;  // the first differing rows
    std::vector<std::string> row_notes;       // one per rows[] entry
    bool ordered = false;
    std::string order_note;
};

class RowSetComparator {
public:
    struct Stats {
        std::size_t live_entries = 0;
        std::size_t peak_live_entries = 0;
        std::size_t records_held = 0;
        std::size_t peak_records_held = 0;
        std::int64_t rows_seen = 0;
        std::int64_t stalls = 0;  // back-pressure waits
    };

    RowSetComparator(std::vector<std::string> participant_names, ComparatorOptions options);
    ~RowSetComparator();
    RowSetComparator(const RowSetComparator&) = delete;
    RowSetComparator& operator=(const RowSetComparator&) = delete;

    void SetColumns(std::size_t p, const std::vector<sdk::ColumnInfo>& columns);
    // Returns false when the rows are no longer needed (e.g. the column counts differ).
    bool AddRow(std::size_t p, const sdk::Record& row);
    // The participant sends no more rows (finished or failed). Wakes waiting participants.
    void Finish(std::size_t p);
    // Call after every participant finished.
    RowSetDiff Result();
    Stats stats() const;

    // A sink feeding participant p (owned by the caller; must not outlive the comparator).
    std::unique_ptr<sdk::RowSink> MakeSink(std::size_t p);

private:
    static constexpr std::size_t kMaxParticipants = 16;
    struct Entry {
        std::array<std::int64_t, kMaxParticipants> counts{};
        std::vector<std::optional<sdk::Record>> samples;  // first raw row per participant
        std::vector<std::uint16_t> masks;                 // participants x columns rule masks
        std::vector<std::uint64_t> strict;                // participants x columns raw-value fingerprints
        std::uint64_t seq = 0;                            // arrival order, for a stable report
    };
    struct Hash128Hasher {
        std::size_t operator()(const Hash128& h) const { return static_cast<std::size_t>(h.lo ^ (h.hi * 0x9E3779B97F4A7C15ULL)); }
    };
    struct Group {
        Hash128 key;
        std::int64_t size = 0;
        std::string key_text;
    };
    struct Part {
        std::string name;
        bool has_columns = false;
        bool started = false;
        bool finished = false;
        std::vector<sdk::ColumnInfo> columns;
        std::vector<bool> ignored;
        std::vector<int> key_columns;  // ORDER BY items resolved to positions
        std::int64_t rows = 0;
        Hash128 sum;  // order-independent digest: sum of row hashes
        bool in_group = false;
        Group current;
        std::deque<Group> groups;  // closed groups not yet aligned with the others
    };

    void ResolveColumnsLocked(Part& part);
    void WaitForOthersLocked(std::unique_lock<std::mutex>& lock, std::size_t p);
    void PushGroupLocked(std::size_t p, Group g);
    void AlignGroupsLocked();
    bool BalancedLocked(const Entry& e) const;
    std::string Render(const sdk::Value& v) const;

    std::vector<std::string> names_;
    ComparatorOptions options_;
    ValueNormalizer normalizer_;
    ValueNormalizer strict_;  // no rules: tells whether cells matched only through one
    std::size_t n_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Part> parts_;
    std::unordered_map<Hash128, Entry, Hash128Hasher> live_;
    std::uint64_t seq_ = 0;
    Stats stats_;
    std::size_t columns_ = 0;
    bool columns_mismatch_ = false;
    bool too_many_differences_ = false;  // max_live_entries reached: values no longer compared
    std::vector<std::uint16_t> column_rule_mask_;
    std::vector<std::int64_t> column_rule_cells_;
    bool order_checked_ = false;  // key columns resolved for every participant
    bool order_failed_ = false;
    std::string order_note_;
    std::string sequence_note_;  // set when ORDER BY items are not result columns: rows compared in sequence
    std::int64_t group_position_ = 0;
};

}  // namespace dbbridge::core::multiplex
