#pragma once
// Routing and translation of multiplex entries: which saved datasource (of the acting user) and
// which plugin serve an entry's dialect, and the SQL it runs there (the source's SQL translated
// into the target dialect when the request asks for it). Failures are the participant's, naming
// the dialect; nothing runs here.

#include <memory>
#include <string>
#include <vector>

#include "core/datasource/connection_resolver.h"
#include "core/multiplex/multiplex_options.h"
#include "core/multiplex/multiplex_request.h"
#include "core/multiplex/participant.h"
#include "dbbridge/sdk/sql_lexicon.h"

namespace dbbridge::core::multiplex {

class TargetRouter {
public:
    // options: targets (dialect -> datasource) and statement_timeout_ms (caps the connect timeout).
    TargetRouter(const MultiplexServiceOptions& options, DialectLookup dialects, ConnectionResolver& resolver)
        : options_(options), dialects_(std::move(dialects)), resolver_(resolver) {}

    // How a dialect's SQL is lexed: its plugin's declaration (standard SQL when no plugin serves
    // it; routing then fails with 30000 anyway).
    sdk::SqlLexicon LexiconOf(const std::string& dialect) const;
    // The datasource an entry names, else its dialect's multiplex.targets entry ("" when none).
    std::string RouteName(const TargetEntry& entry) const;
    // Routes one entry, resolving its datasource among req.uid's; schemaName overrides db_name.
    Participant Prepare(const MultiplexRequest& req, const TargetEntry& entry) const;
    // Prepare for each entry; an exception becomes that participant's failure.
    std::vector<std::unique_ptr<Participant>> PrepareAll(const MultiplexRequest& req,
                                                         const std::vector<const TargetEntry*>& entries) const;
    // The source entry first, then the others in request order.
    static std::vector<const TargetEntry*> Ordered(const MultiplexRequest& req);

private:
    const sdk::Dialect* Find(const std::string& dialect) const { return dialects_ ? dialects_(dialect) : nullptr; }
    // The target's SQL (and snapshot SELECTs it does not bring) translated from the source's;
    // false (with p's failure set) when a translation fails.
    bool Translate(const MultiplexRequest& req, const TargetEntry& source, Participant& p) const;

    const MultiplexServiceOptions& options_;
    DialectLookup dialects_;
    ConnectionResolver& resolver_;
};

}  // namespace dbbridge::core::multiplex
