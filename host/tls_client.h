#pragma once
// The one TLS client context of the host's outgoing https requests (alert webhooks, job files
// fetched by `dbbridge run https://...`): the system's CAs, peer verification, an invalid
// certificate rejected. Alert webhooks may add a private CA (schedule.webhook_ca_file).

#include <Poco/Net/Context.h>

#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

Poco::Net::Context::Ptr ClientTlsContext();
// The same trusting the CA certificates in ca_file besides the system's ("" : the one above).
// kInvalidArgument naming key when the file holds no usable certificate.
sdk::Result<Poco::Net::Context::Ptr> ClientTlsContext(const std::string& ca_file, const std::string& key);

}  // namespace dbbridge::host
