#pragma once
// The POST /multiplex/multiplex request (seed 004 §10.5.1.5) and its validation.
// Validation follows the seed's code order: 10000 body, 10001 targetDialectInfos, 10002 empty
// targetDialect, 10003 unsupported target (checked only once the source dialect is known to be
// valid, otherwise 10004 is the real problem), 10004 sourceDialect, 10005 SQL, 10006 bind name,
// 10007 bind type, then the needTransform / bulkMode / traceId / targetDialects rules (40004 for
// a missing traceId, 10000 with a message naming the rule for the others).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/multiplex/json_value.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/sql_lexicon.h"

namespace dbbridge::core::multiplex {

// What one request may hold (a request's rows and report grow with each): code 10000 past them.
// The HTTP body limit (server.max_body_kib) applies first.
inline constexpr std::size_t kMaxRequestBytes = 1024 * 1024;
inline constexpr std::size_t kMaxEntries = 16;             // targetDialectInfos items
inline constexpr std::size_t kMaxSnapshotSqls = 16;        // beforeSqls + afterSqls of one entry
inline constexpr std::size_t kMaxBindsPerStatement = 1000;  // sqlParameters of one entry

struct TargetEntry {
    std::string dialect;          // upper case, e.g. "LIGHTDB_ORACLE"
    std::string schema_name;      // empty: the datasource's db_name
    std::string datasource_name;  // extension: overrides multiplex.targets for this entry
    std::string db_version;       // targetDbVersion (reserved by the seed, kept for the report)
    std::string sql;              // empty for a target when needTransform=true
    std::vector<sdk::BindValue> binds;   // converted sqlParameters, in request order
    std::vector<std::string> before_sqls;  // extension: snapshot SELECTs run before the statement
    std::vector<std::string> after_sqls;   // ... and after it
    bool is_source = false;
};

// Comparison rules a user can add (UniSQL's ignore column, SubPrecision, ignore case).
struct CompareRules {
    std::vector<std::string> ignore_columns;  // labels, case-insensitive
    int round_decimals = -1;                  // >= 0: round numbers half-up to this many places
    bool ignore_case = false;                 // text compared case-insensitively (ASCII)
    bool pair_rules = true;                   // the default pair rules ('' = NULL, CHAR trim, ...)
    int max_diff_rows = 50;                   // differing rows kept in the report
};

struct MultiplexRequest {
    std::string source_dialect;  // "ORACLE" or "MYSQL"
    bool need_transform = false;
    int bulk_mode = 1;
    std::string trace_id;
    bool trace_id_generated = false;
    std::vector<std::string> target_dialects;  // upper case; bulkMode 2 completion set
    std::vector<TargetEntry> entries;          // request order
    bool dry_run = false;                      // extension: run inside a transaction and roll back
    CompareRules rules;
    bool has_rules = false;  // the request carried compareRules
    std::string raw_body;
    std::string uid;  // the caller (X-Uid), set by the service, never from the body

    const TargetEntry* SourceEntry() const;
};

struct RequestCheck {
    int code = 0;  // 0: valid
    std::string message;
    MultiplexRequest request;
};

// Dialects a source may multiplex to (the source itself included), from the seed.
const std::vector<std::string>& AllowedTargets(const std::string& source_dialect);

// The SQL lexicon of a request dialect (its plugin's declaration).
using LexiconLookup = std::function<sdk::SqlLexicon(const std::string& dialect)>;

// Parses and validates a request body; each entry's "@name" binds are found with lexicon_of(its
// dialect) (no lookup: standard SQL quoting). Never throws.
RequestCheck ParseMultiplexRequest(const std::string& body, const LexiconLookup& lexicon_of = {});

// 32 lowercase hex characters from a random 128-bit value.
std::string NewTraceId();

}  // namespace dbbridge::core::multiplex
