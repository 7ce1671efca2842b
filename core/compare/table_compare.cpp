#include "core/compare/table_compare.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "core/compare/row_matcher.h"
#include "core/compare/segment.h"
#include "core/compare/table_plan.h"
#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::compare {

namespace {

using Clock = std::chrono::steady_clock;

// Keeps the first row of a one-row result (the checksum query).
class FirstRowSink : public sdk::RowSink {
public:
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& row) noexcept override {
        return sdk::util::NoThrowValue([&] {
            if (!has_row) row_ = row;
            has_row = true;
            return true;
        }, false);
    }
    bool has_row = false;
    const sdk::Record& row() const { return row_; }

private:
    sdk::Record row_;
};

// Keeps every row (a segment small enough to fetch), up to a hard cap.
class RowsSink : public sdk::RowSink {
public:
    explicit RowsSink(std::size_t cap) : cap_(cap) {}
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& row) noexcept override {
        if (rows.size() >= cap_) {
            // Keep reading to the end without holding the rows: a result left unread on a
            // connection (MariaDB streams it) blocks that connection's next statement.
            overflow = true;
            return true;
        }
        return sdk::util::NoThrowValue([&] {
            rows.push_back(row);
            return true;
        }, false);
    }
    std::vector<sdk::Record> rows;
    bool overflow = false;

private:
    std::size_t cap_;
};

// Keeps every step-th key of an ordered key scan: the boundaries that split a segment.
class BoundarySink : public sdk::RowSink {
public:
    explicit BoundarySink(std::int64_t step) : step_(std::max<std::int64_t>(1, step)) {}
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& row) noexcept override {
        return sdk::util::NoThrowValue([&] {
            if (seen_ > 0 && seen_ % step_ == 0 && (bounds.empty() || bounds.back() != row)) bounds.push_back(row);
            ++seen_;
            return true;
        }, false);
    }
    std::vector<KeyTuple> bounds;

private:
    std::int64_t step_;
    std::int64_t seen_ = 0;
};

struct SegmentSum {
    std::int64_t count = 0;
    std::string checksum;  // empty: the dialect has no checksum SQL

    bool operator==(const SegmentSum& o) const { return count == o.count && checksum == o.checksum; }
};

// A segment whose rows were fetched and judged, with both sides' sums when it was checked: checked
// again at the end, a changed sum means the rows reported there moved while they were compared.
struct FetchedSegment {
    Segment segment;
    SegmentSum source;
    SegmentSum target;
};

constexpr std::size_t kMaxRechecked = 10000;  // fetched segments checked again at the end

struct Connections {
    std::unique_ptr<sdk::Connection> source;
    std::unique_ptr<sdk::Connection> target;
};

std::string DecimalText(const sdk::Value& v) {
    std::string text = v.kind == sdk::ValueKind::kInt ? std::to_string(v.i) : v.s;
    std::string canonical;
    return multiplex::CanonicalDecimal(text, true, canonical) ? canonical : text;
}

// Rows of side whose key has a NULL (possible with --key on a nullable column): they fall in no key
// range, so the report counts them instead of comparing them. 0 when the key is NOT NULL.
sdk::Result<std::int64_t> NullKeyRowsOf(const SidePlan& side, const std::string& where) {
    std::string any_null;
    for (std::size_t i = 0; i < side.key.quoted.size(); ++i) {
        if (side.columns[i].nullable) any_null += (any_null.empty() ? "" : " OR ") + side.key.quoted[i] + " IS NULL";
    }
    if (any_null.empty()) return std::int64_t{0};
    DBB_ASSIGN_OR_RETURN(auto conn, side.side->dialect->Connect(side.side->connection));
    FirstRowSink sink;
    Filter none;
    const std::string sql = "SELECT COUNT(*) FROM " + side.quoted_table + " WHERE " +
                            (where.empty() ? "" : "(" + where + ") AND ") + "(" + any_null + ")";
    auto result = ExecuteFiltered(*side.side->dialect, *conn, sql, none, &sink);
    if (!result.ok()) return result.status().WithContext(side.Where() + ": rows with a NULL key");
    return sink.has_row && !sink.row().empty() ? std::strtoll(DecimalText(sink.row()[0]).c_str(), nullptr, 10) : 0;
}

// Everything the workers share while one comparison runs.
class Comparison {
public:
    Comparison(const TableCompareRequest& request, TablePlan plan, const std::atomic<bool>* cancel,
               const ProgressFn& progress)
        : request_(request),
          plan_(std::move(plan)),
          cancel_(cancel),
          progress_(progress),
          matcher_(plan_.shape, plan_.normalizer, request.limits),
          deadline_(Clock::now() + std::chrono::seconds(request.limits.timeout_seconds)) {}

    sdk::Status Run(std::vector<Segment> initial, TableCompareReport& report);

private:
    void Worker(Connections conns);
    sdk::Status Process(const Segment& segment, Connections& conns);
    std::int64_t SegmentBudgetLocked() const;  // caller holds mu_
    sdk::Status NotConverging() const;
    sdk::Result<SegmentSum> Checksum(const SidePlan& side, sdk::Connection& conn, const Segment& segment);
    sdk::Result<std::vector<sdk::Record>> Fetch(const SidePlan& side, sdk::Connection& conn, const Segment& segment,
                                                std::int64_t expected);
    sdk::Result<std::vector<Segment>> Split(const Segment& segment, Connections& conns, std::int64_t rows_source,
                                            std::int64_t rows_target);
    void Push(std::vector<Segment> segments);
    void Fail(sdk::Status status);
    bool Stopped();
    void AddSeconds(bool source, Clock::time_point start);
    sdk::Status Recheck(Connections& conns);

    const TableCompareRequest& request_;
    TablePlan plan_;
    const std::atomic<bool>* cancel_;
    const ProgressFn& progress_;
    RowMatcher matcher_;
    Clock::time_point deadline_;

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Segment> queue_;
    int busy_ = 0;
    sdk::Status error_;
    std::int64_t done_ = 0;
    std::int64_t total_ = 0;
    std::int64_t checked_ = 0;
    std::int64_t fetched_ = 0;
    std::int64_t rows_fetched_ = 0;
    std::int64_t source_rows_ = 0;
    std::int64_t target_rows_ = 0;
    double source_seconds_ = 0;
    double target_seconds_ = 0;
    std::vector<std::string> notes_;
    std::vector<FetchedSegment> rechecks_;
    std::int64_t unrechecked_ = 0;  // fetched segments past kMaxRechecked
};

bool Comparison::Stopped() {
    if (cancel_ != nullptr && cancel_->load()) {
        Fail(sdk::Status::Cancelled("table compare cancelled"));
    } else if (Clock::now() > deadline_) {
        Fail(sdk::Status::DeadlineExceeded("table compare took longer than " +
                                           std::to_string(request_.limits.timeout_seconds) + " s"));
    }
    std::lock_guard<std::mutex> lock(mu_);
    return !error_.ok();
}

void Comparison::Fail(sdk::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = std::move(status);
    cv_.notify_all();
}

void Comparison::AddSeconds(bool source, Clock::time_point start) {
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::lock_guard<std::mutex> lock(mu_);
    (source ? source_seconds_ : target_seconds_) += s;
}

void Comparison::Push(std::vector<Segment> segments) {
    std::lock_guard<std::mutex> lock(mu_);
    total_ += static_cast<std::int64_t>(segments.size());
    for (auto& s : segments) queue_.push_back(std::move(s));
    cv_.notify_all();
}

sdk::Result<SegmentSum> Comparison::Checksum(const SidePlan& side, sdk::Connection& conn, const Segment& segment) {
    const auto start = Clock::now();
    Filter filter = SegmentFilter(segment, side.key, request_.where);
    sdk::SegmentChecksumSpec spec;
    spec.table = side.side->table;
    spec.columns = side.columns;
    spec.filter = filter.sql;
    spec.empty_string_is_null = plan_.normalizer.oracle_family;
    spec.timestamp_precision = request_.timestamp_precision;
    auto sql = request_.use_checksums ? side.side->dialect->SegmentChecksumSql(spec)
                                      : sdk::Result<std::string>(sdk::Status::Unimplemented("row path asked for"));
    const bool has_checksum = sql.ok();
    if (!has_checksum) {
        if (sql.status().code() != sdk::StatusCode::kUnimplemented) return sql.status();
        sql = "SELECT COUNT(*) FROM " + side.quoted_table + (filter.sql.empty() ? "" : " WHERE " + filter.sql);
    }
    FirstRowSink sink;
    auto result = ExecuteFiltered(*side.side->dialect, conn, sql.value(), filter, &sink);
    AddSeconds(&side == &plan_.source, start);
    if (!result.ok()) return result.status().WithContext(side.Where() + ": segment checksum");
    SegmentSum sum;
    if (sink.has_row && !sink.row().empty()) {
        const std::string count = DecimalText(sink.row()[0]);
        char* end = nullptr;
        sum.count = std::strtoll(count.c_str(), &end, 10);
        if (count.empty() || *end != '\0') {
            return sdk::Status::Internal(side.Where() + ": segment checksum returned the row count '" + count + "'");
        }
        if (has_checksum && sink.row().size() > 1) sum.checksum = DecimalText(sink.row()[1]);
    }
    return sum;
}

sdk::Result<std::vector<sdk::Record>> Comparison::Fetch(const SidePlan& side, sdk::Connection& conn,
                                                        const Segment& segment, std::int64_t expected) {
    const auto start = Clock::now();
    Filter filter = SegmentFilter(segment, side.key, request_.where);
    const std::string sql =
        "SELECT " + side.select_list + " FROM " + side.quoted_table + (filter.sql.empty() ? "" : " WHERE " + filter.sql);
    // The segment was checked to hold at most fetch_threshold rows; a few more means the table
    // changed since, and far more is refused rather than held.
    RowsSink sink(static_cast<std::size_t>(request_.limits.fetch_threshold) * 2 + 16);
    auto result = ExecuteFiltered(*side.side->dialect, conn, sql, filter, &sink);
    AddSeconds(&side == &plan_.source, start);
    if (!result.ok()) return result.status().WithContext(side.Where() + ": fetching rows");
    if (sink.overflow) {
        return sdk::Status::ResourceExhausted(side.Where() + ": a segment grew past twice the fetch threshold (" +
                                              std::to_string(request_.limits.fetch_threshold) +
                                              " rows) while it was compared; the table is changing");
    }
    if (static_cast<std::int64_t>(sink.rows.size()) != expected) {
        std::lock_guard<std::mutex> lock(mu_);
        notes_.push_back(side.Where() + " changed while it was compared: a segment counted " +
                         std::to_string(expected) + " rows and then returned " + std::to_string(sink.rows.size()));
    }
    return std::move(sink.rows);
}

sdk::Result<std::vector<Segment>> Comparison::Split(const Segment& segment, Connections& conns,
                                                    std::int64_t rows_source, std::int64_t rows_target) {
    const int parts = segment.depth == 0 && !segment.has_int_span ? request_.limits.segments
                                                                  : request_.limits.bisection_factor;
    if (segment.has_int_span) {
        if (segment.int_lo >= segment.int_hi) return std::vector<Segment>{};  // one key value: nothing to split
        return SplitIntSpan(segment, parts);
    }
    // Sample boundaries from the side holding more rows of the segment, in its key order.
    const bool from_source = rows_source >= rows_target;
    const SidePlan& side = from_source ? plan_.source : plan_.target;
    sdk::Connection& conn = from_source ? *conns.source : *conns.target;
    const std::int64_t rows = std::max(rows_source, rows_target);
    Filter filter = SegmentFilter(segment, side.key, request_.where);
    const std::string sql = "SELECT " + side.key_list + " FROM " + side.quoted_table +
                            (filter.sql.empty() ? "" : " WHERE " + filter.sql) + " ORDER BY " + side.order_list;
    BoundarySink sink((rows + parts - 1) / parts);
    const auto start = Clock::now();
    auto result = ExecuteFiltered(*side.side->dialect, conn, sql, filter, &sink);
    AddSeconds(from_source, start);
    if (!result.ok()) return result.status().WithContext(side.Where() + ": reading keys to split a segment");
    if (sink.bounds.empty()) return std::vector<Segment>{};
    return SplitAt(segment, sink.bounds);
}

// Bisection checks about bisection_factor segments per level for each fetched segment; far more
// than the rows could need means the splits do not converge.
std::int64_t Comparison::SegmentBudgetLocked() const {
    const std::int64_t rows = std::max(source_rows_, target_rows_);
    return 1000 + 16 * request_.limits.bisection_factor * (rows / std::max<std::int64_t>(1, request_.limits.fetch_threshold) + 1);
}

// Splitting converges when both databases order the key alike; it never does when they do not (a
// case-insensitive collation against a binary one): the bounds one side's order gives select other
// rows on the other side.
sdk::Status Comparison::NotConverging() const {
    return sdk::Status::ResourceExhausted(
        plan_.source.Where() + " and " + plan_.target.Where() +
        ": the segments do not converge; the two databases order the key's values differently (e.g. a "
        "case-insensitive collation on one side). Compare on a key both order alike, such as an integer key, or give "
        "both the same (binary) collation");
}

sdk::Status Comparison::Process(const Segment& segment, Connections& conns) {
    auto target_future = std::async(std::launch::async, [&] { return Checksum(plan_.target, *conns.target, segment); });
    auto source_sum = Checksum(plan_.source, *conns.source, segment);
    auto target_sum = target_future.get();
    if (!source_sum.ok()) return source_sum.status();
    if (!target_sum.ok()) return target_sum.status();
    {
        std::lock_guard<std::mutex> lock(mu_);
        ++checked_;
        if (segment.depth == 0) {  // the initial segments cover the table: their counts are its rows
            source_rows_ += source_sum->count;
            target_rows_ += target_sum->count;
        }
        if (checked_ > SegmentBudgetLocked()) return NotConverging();
    }
    const bool comparable = !source_sum->checksum.empty() && !target_sum->checksum.empty();
    if (comparable && source_sum->count == target_sum->count && source_sum->checksum == target_sum->checksum) {
        return sdk::Status::Ok();
    }
    const std::int64_t biggest = std::max(source_sum->count, target_sum->count);
    if (biggest > request_.limits.fetch_threshold) {
        auto parts = Split(segment, conns, source_sum->count, target_sum->count);
        if (!parts.ok()) return parts.status();
        if (!parts->empty()) {
            Push(std::move(parts.value()));
            return sdk::Status::Ok();
        }
        if (biggest > request_.limits.fetch_threshold * 2) {
            return sdk::Status::ResourceExhausted(plan_.source.Where() + ": " + std::to_string(biggest) +
                                                  " rows share one key value; raise the fetch threshold or choose a "
                                                  "more selective key");
        }
    }
    auto source_rows = Fetch(plan_.source, *conns.source, segment, source_sum->count);
    if (!source_rows.ok()) return source_rows.status();
    auto target_rows = Fetch(plan_.target, *conns.target, segment, target_sum->count);
    if (!target_rows.ok()) return target_rows.status();
    matcher_.CompareSegment(source_rows.value(), target_rows.value());
    std::lock_guard<std::mutex> lock(mu_);
    if (rechecks_.size() < kMaxRechecked) {
        rechecks_.push_back({segment, source_sum.value(), target_sum.value()});
    } else {
        ++unrechecked_;
    }
    ++fetched_;
    rows_fetched_ += static_cast<std::int64_t>(source_rows->size() + target_rows->size());
    return sdk::Status::Ok();
}

// The segments whose rows were reported are checksummed again: a side whose sum moved was written
// to while it was compared, and the report says so rather than present the change as a difference.
// Segments found identical are not re-read (that would double the cost of every compare).
sdk::Status Comparison::Recheck(Connections& conns) {
    std::int64_t changed_source = 0, changed_target = 0;
    for (const auto& f : rechecks_) {
        if (Stopped()) return error_;
        DBB_ASSIGN_OR_RETURN(auto source, Checksum(plan_.source, *conns.source, f.segment));
        DBB_ASSIGN_OR_RETURN(auto target, Checksum(plan_.target, *conns.target, f.segment));
        changed_source += source == f.source ? 0 : 1;
        changed_target += target == f.target ? 0 : 1;
    }
    for (const auto& [side, changed] : {std::pair<const SidePlan*, std::int64_t>{&plan_.source, changed_source},
                                        {&plan_.target, changed_target}}) {
        if (changed == 0) continue;
        notes_.push_back(side->Where() + " changed while it was compared: " + std::to_string(changed) + " of the " +
                         std::to_string(rechecks_.size()) +
                         " key ranges whose rows were compared no longer hold the same rows; differences reported "
                         "there may be those changes (compare again when the table is quiet)");
    }
    if (unrechecked_ > 0) {
        notes_.push_back(std::to_string(unrechecked_) + " compared key ranges past the first " +
                         std::to_string(kMaxRechecked) + " were not checked again for changes");
    }
    return sdk::Status::Ok();
}

void Comparison::Worker(Connections conns) {
    for (;;) {
        Segment segment;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return !error_.ok() || !queue_.empty() || busy_ == 0; });
            if (!error_.ok() || queue_.empty()) return;
            segment = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        sdk::Status st = Stopped() ? sdk::Status::Ok()
                                   : sdk::util::NoThrow([&] { return Process(segment, conns); }, "table compare: ");
        if (!st.ok()) Fail(st);
        std::int64_t done = 0, total = 0;
        {
            std::lock_guard<std::mutex> lock(mu_);
            --busy_;
            done = ++done_;
            total = total_;
            cv_.notify_all();
        }
        if (progress_) progress_(done, total);
    }
}

sdk::Status Comparison::Run(std::vector<Segment> initial, TableCompareReport& report) {
    Push(std::move(initial));
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < request_.limits.threads; ++i) {
        auto conns = ConnectBoth(plan_);
        if (!conns.ok()) {
            Fail(conns.status());
            break;
        }
        threads.emplace_back([this, c = std::move(conns.value())]() mutable {
            Worker(Connections{std::move(c.first), std::move(c.second)});
        });
    }
    for (auto& t : threads) t.join();
    if (!error_.ok()) return error_;
    if (!rechecks_.empty()) {
        auto conns = ConnectBoth(plan_);
        if (!conns.ok()) return conns.status();
        Connections c{std::move(conns->first), std::move(conns->second)};
        DBB_RETURN_IF_ERROR(Recheck(c));
    }
    matcher_.Finish(report);
    report.source_rows = source_rows_;
    report.target_rows = target_rows_;
    report.segments_checked = checked_;
    report.segments_fetched = fetched_;
    report.rows_fetched = rows_fetched_;
    report.source_seconds = source_seconds_;
    report.target_seconds = target_seconds_;
    report.total_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& n : notes_) report.notes.push_back(n);
    return sdk::Status::Ok();
}

}  // namespace

sdk::Result<TableCompareReport> CompareTables(const TableCompareRequest& request, const std::atomic<bool>* cancel,
                                              const ProgressFn& progress) {
    if (auto st = ValidateRequest(request); !st.ok()) return st;
    auto plan = PlanComparison(request);
    if (!plan.ok()) return plan.status();
    TableCompareReport report = plan->EmptyReport();
    report.rules = RulesText(request.rules);
    DBB_ASSIGN_OR_RETURN(auto initial, InitialSegments(plan.value(), request));
    DBB_ASSIGN_OR_RETURN(report.null_key_source, NullKeyRowsOf(plan->source, request.where));
    DBB_ASSIGN_OR_RETURN(report.null_key_target, NullKeyRowsOf(plan->target, request.where));
    for (const auto& [side, n] : {std::pair<const SidePlan*, std::int64_t>{&plan->source, report.null_key_source},
                                  {&plan->target, report.null_key_target}}) {
        if (n == 0) continue;
        report.notes.push_back(side->Where() + " has " + std::to_string(n) +
                               " rows whose key is NULL: they are in no key range and were not compared (choose a "
                               "key without NULLs)");
    }
    Comparison comparison(request, std::move(plan.value()), cancel, progress);
    if (auto st = comparison.Run(std::move(initial), report); !st.ok()) return st;
    return report;
}

}  // namespace dbbridge::core::compare
