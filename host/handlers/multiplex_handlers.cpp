#include "host/handlers/multiplex_handlers.h"

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
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        return FromResponse(multiplex.ListReports(paging->first, paging->second, req.uid));
    });
    router.Add("GET", "/multiplex/report.html", [&multiplex](const Request& req) {
        return ApiReply::Raw("text/html; charset=utf-8",
                             multiplex.ReportHtml(req.QueryString("traceId", false).value(), req.uid));
    });
}

}  // namespace dbbridge::host
