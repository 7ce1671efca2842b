#pragma once
// The one TLS client context of the host's outgoing https requests (alert webhooks, job files
// fetched by `dbbridge run https://...`): the system's CAs, peer verification, an invalid
// certificate rejected.

#include <Poco/Net/Context.h>

namespace dbbridge::host {

Poco::Net::Context::Ptr ClientTlsContext();

}  // namespace dbbridge::host
