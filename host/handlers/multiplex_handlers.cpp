#include "host/handlers/multiplex_handlers.h"

#include "core/multiplex/sql_report_store.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

ApiReply FromResponse(const core::multiplex::MultiplexResponse& r) {
    ApiReply reply;
    reply.code = r.code;
    reply.message = r.message;
    reply.data_json = r.data_json;
    return reply;
}

// ?name (a date or UTC time, see TimeParam) as epoch milliseconds; 0 when absent.
sdk::Result<std::int64_t> EpochParam(const Request& req, const std::string& name) {
    auto text = TimeParam(req, name);
    DBB_RETURN_IF_ERROR(text.status());
    if (text->empty()) {
        return std::int64_t{0};
    }
    return core::multiplex::EpochMsFromIso(*text);
}

// GET /multiplex/reports: ?status, ?consistent (true | false | unknown), ?from (inclusive), ?to
// (exclusive) on the time the report was created, ?page, ?pageSize.
sdk::Result<core::multiplex::ReportFilter> ParseReportFilter(const Request& req) {
    core::multiplex::ReportFilter filter;
    auto paging = Paging(req);
    DBB_RETURN_IF_ERROR(paging.status());
    filter.page = paging->first;
    filter.page_size = paging->second;
    auto status = req.QueryString("status", false);
    DBB_RETURN_IF_ERROR(status.status());
    filter.status = *status;
    auto consistent = req.QueryString("consistent", false);
    DBB_RETURN_IF_ERROR(consistent.status());
    if (*consistent == "true") {
        filter.consistent = 1;
    } else if (*consistent == "false") {
        filter.consistent = 0;
    } else if (*consistent == "unknown") {
        filter.consistent = -1;
    } else if (!consistent->empty()) {
        return sdk::Status::InvalidArgument("consistent must be true, false or unknown (got '" + *consistent + "')");
    }
    auto from = EpochParam(req, "from");
    DBB_RETURN_IF_ERROR(from.status());
    auto to = EpochParam(req, "to");
    DBB_RETURN_IF_ERROR(to.status());
    filter.from_ms = *from;
    filter.to_ms = *to;
    return filter;
}

}  // namespace

void AddMultiplexRoutes(Router& router, core::multiplex::MultiplexService& multiplex) {
    // The service validates the body itself: seed 004 fixes the codes for every malformed request.
    // req.uid scopes everything: datasources resolve among the caller's, reports are the caller's.
    router.Add("POST", "/multiplex/multiplex",
               [&multiplex](const Request& req) { return FromResponse(multiplex.Handle(req.body, req.uid)); });
    router.Add("GET", "/multiplex/report", [&multiplex](const Request& req) {
        return FromResponse(multiplex.GetReport(req.QueryString("traceId", false).value(), req.uid));
    });
    router.Add("GET", "/multiplex/reports", [&multiplex](const Request& req) {
        auto filter = ParseReportFilter(req);
        if (!filter.ok()) {
            return ApiReply::FromStatus(filter.status());
        }
        return FromResponse(multiplex.ListReports(*filter, req.uid));
    });
    router.Add("GET", "/multiplex/report.html", [&multiplex](const Request& req) {
        return ApiReply::Raw("text/html; charset=utf-8",
                             multiplex.ReportHtml(req.QueryString("traceId", false).value(), req.uid));
    });
}

}  // namespace dbbridge::host
