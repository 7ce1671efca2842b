#pragma once
// The multiplex report as an HTML page for people: summary, per-database outcomes, and the
// differing rows in UniSQL's {s, t0..tn, diff} layout. Every text is HTML-escaped.

#include <string>

namespace dbbridge::core::multiplex {

// code/message/data_json as GetReport returned them (data_json is the report document).
std::string RenderReportHtml(const std::string& trace_id, int code, const std::string& message,
                             const std::string& data_json);

std::string HtmlEscape(const std::string& s);

}  // namespace dbbridge::core::multiplex
