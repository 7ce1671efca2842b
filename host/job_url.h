#pragma once
// `dbbridge run http(s)://host/job.json`: datax.py takes a URL as the job (datax.py#isUrl) and
// DataX's ConfigParser#getJobContent GETs it; dbbridge fetches it once and runs the text as it
// would a local file. Limits: a 16 MiB body, 10 s for connecting and for each read, 5 redirects
// (to http or https only); https checks the certificate and the name against the system's CAs.

#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

// datax.py#isUrl: starts with http:// or https://, in any case.
bool IsJobUrl(const std::string& path);

// The body of a 200 answer, or an error that names the URL (never its user info or query, which
// may carry credentials): kInvalidArgument for a URL that is not http(s)://host/... or that the
// server answers with 4xx, kUnavailable for a network, TLS or 5xx failure (tried once more after
// a second, as DataX does), kResourceExhausted above the size limit.
sdk::Result<std::string> FetchJobText(const std::string& url);

}  // namespace dbbridge::host
